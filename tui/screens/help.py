"""The key help: every binding of the app, grouped, read from the bindings themselves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from ..rendering import HEADING, LABEL, lines
from ..widgets.paging import PAGE_DOWN, PAGE_UP
from .closing import ClosesOnlyItself

HelpGroup = tuple[str, Sequence[type[DOMNode]]]
"""A heading, and the classes (screens, widgets, the app) whose bindings it lists."""

LEGEND = (
    "The list's signs: ▸ the cursor; ▌ the event belongs to a period (its colour is the period's); "
    "┃ the event is in the span; ● you marked the event; ✎ you wrote a note on it (and did not mark it); "
    "“3 the event carries three quotes; before it, ~ the date is "
    "approximate, ? uncertain, > that date or later, < that date or earlier; a row — 2017 — "
    "opens each year, with its count of events."
)
SOURCE_TEXT = (
    "Source text: given the source texts (gmp-timeline --sources DIR, or a folder named sources "
    "beside the timeline file), t on a source shows its whole text with every quoted passage lit "
    "up, the current one brightest; n and N (or ] and [) go from passage to passage, Enter opens "
    "the event on that quote, and t or Escape goes back to the quotes."
)
MARKS = (
    "Marks and notes: m marks or unmarks the event (as in lnav; VisiData's s marks and u unmarks), "
    "' and \" go to the next and previous marked event, and a writes your note on it (Ctrl+S saves). "
    "They are yours, kept apart from the timeline, whose file is never written: is:marked, has:note "
    "and note:word search them, e exports the marked events (with your notes if you choose), and "
    "Marked events in the commands (^p) shows them. gmp-timeline notes lists them."
)
MOUSE = (
    "Mouse: click an event to move to it and click it again to open it; click a year on the "
    "ruler to go to it; double-click a quote, or a passage of a source's text, to follow it; "
    "the wheel scrolls."
)
SEARCH = (
    "Search: / filters the list as you type; Enter keeps the filter, Escape clears it. n and N go "
    "to the next and previous match of the last search, also once Escape has cleared the filter. "
    'A query is words, "a phrase", -word, a or b, and the fields tag: source: speaker: people: '
    "period: year: from: to: (as in from:2017-07 to:2020), and is:marked has:note note: for your own."
)
SPAN = (
    "Span: v marks the events from the cursor's as it moves, v again fixes it there (v v marks "
    "one event alone), Escape clears it; or choose dates with Select span by dates in the "
    "commands (^p), which takes every event those dates overlap. e exports the span, or every "
    "event the list shows."
)


class HelpScreen(ClosesOnlyItself, ModalScreen[None]):
    """Every key, made from the BINDINGS of the classes that hold them, so that the help cannot
    fall out of step with what the keys do.

    The bindings are read as Textual merges them for each class (`_merged_bindings`, the map it
    dispatches keys from), so inherited keys such as Tab appear too. The first group holds the
    keys that work everywhere: they are not repeated in the other groups, and are shown last.
    """

    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close help", id="help.close"),
        Binding("j", "scroll(1)", "Scroll down", show=False, id="help.down"),
        Binding("k", "scroll(-1)", "Scroll up", show=False, id="help.up"),
        Binding(PAGE_DOWN, "page(1)", "Page down", show=False, id="help.page-down"),
        Binding(PAGE_UP, "page(-1)", "Page up", show=False, id="help.page-up"),
        Binding("g", "edge(-1)", "Top", show=False, id="help.top"),
        Binding("G", "edge(1)", "Bottom", show=False, id="help.bottom"),
    ]

    def __init__(
        self, groups: Sequence[HelpGroup], note: str | None = None, keymap: Mapping[str, str] | None = None
    ) -> None:
        """`keymap`: the keys the reader gave actions (by binding id), which the help shows
        in place of the explorer's own."""
        super().__init__()
        self.groups = groups
        self.note = note
        self.keymap = dict(keymap or {})

    def compose(self) -> ComposeResult:
        tables = self._tables()
        width = max((cell_len(keys) for _, rows in tables for keys, _ in rows), default=0)
        sections = [
            lines(
                [
                    Content.assemble((title, HEADING)),
                    *(Content.assemble((keys.ljust(width), "bold"), "  ", description) for keys, description in rows),
                ]
            )
            for title, rows in [*tables[1:], tables[0]]
            if rows
        ]
        footnotes = [Content.assemble((text, LABEL)) for text in (LEGEND, SEARCH, SPAN, MARKS, SOURCE_TEXT, MOUSE)]
        if self.note:
            footnotes.append(Content.assemble((self.note, LABEL)))
        with VerticalScroll(id="help-panel") as panel:
            panel.border_title = "Keys"
            panel.border_subtitle = "Escape to close · ↑ ↓ PgUp PgDn scroll"
            yield Static(Content("\n\n").join([*sections, *footnotes]))

    def _tables(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """For each group, one row per action: its keys together, and what it does."""
        everywhere: set[tuple[str, str]] = set()
        tables = []
        for title, classes in self.groups:
            seen = set(everywhere)
            rows: dict[tuple[str, str], list[str]] = {}
            for node_class in classes:
                assert node_class._merged_bindings is not None
                merged = node_class._merged_bindings.copy()
                merged.apply_keymap(self.keymap)
                for key, bindings in merged.key_to_bindings.items():
                    for binding in bindings:
                        if not binding.description or (key, binding.action) in seen:
                            continue
                        seen.add((key, binding.action))
                        keys = rows.setdefault((binding.action, binding.description), [])
                        keys.append(self.app.get_key_display(binding))
            everywhere = everywhere or seen
            tables.append((title, [(" ".join(keys), description) for (_, description), keys in rows.items()]))
        return tables

    def action_close(self) -> None:
        self.dismiss()

    @property
    def _panel(self) -> VerticalScroll:
        return self.query_one("#help-panel", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        self._panel.scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        (self._panel.scroll_page_down if direction > 0 else self._panel.scroll_page_up)(animate=False)

    def action_edge(self, direction: int) -> None:
        (self._panel.scroll_end if direction > 0 else self._panel.scroll_home)(animate=False)
