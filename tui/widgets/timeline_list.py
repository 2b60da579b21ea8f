"""The timeline as a list: one row per event under a separator for each year, drawn line by line."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..dates import Bound
from ..model import Event, EventPosition
from ..navigation import RowLayout
from ..notes import MarksAndNotes
from ..rendering import bounded, match_spans
from ..search import Query
from ..view import Span, TimelineView
from ..wording import plural
from .paging import PAGE_DOWN, PAGE_UP

PERIOD_COLOURS = 6
"""Periods take these colour slots in turn (`timeline-list--period-0` to `-5`)."""

_ONE_LINE = str.maketrans({"\n": " ", "\t": " "})

YEAR = Binding.Group("Year")
PERIOD = Binding.Group("Period")


def fit(text: str, width: int) -> str:
    """`text` on one line, padded or cut to exactly `width` cells, with an ellipsis where cut."""
    text = text.translate(_ONE_LINE)
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def fit_marked(text: str, width: int, style: Style, spans: list[tuple[int, int]], marked: Style) -> list[Segment]:
    """`text` fitted to `width` cells as `fit` fits it, with the characters in `spans` in `marked`.

    `fit` keeps every character it does not cut at its place, so the spans, which are positions
    in `text`, are positions in the fitted text too, up to the cut.
    """
    fitted = fit(text, width)
    is_cut = cell_len(text.translate(_ONE_LINE)) > width
    kept = max(len(fitted) - 1, 0) if is_cut else len(fitted)
    segments = []
    position = 0
    for start, end in spans:
        start, end = min(start, kept), min(end, kept)
        if start >= end:
            break
        segments.append(Segment(fitted[position:start], style))
        segments.append(Segment(fitted[start:end], marked))
        position = end
    segments.append(Segment(fitted[position:], style))
    return segments


def date_marker(event: Event) -> str:
    """A sign for a date that is not plain: `~` approximate, `?` uncertain, `>` or later, `<` or earlier."""
    if event.approximate:
        return "~"
    if event.uncertain:
        return "?"
    return {Bound.OPEN_END: ">", Bound.OPEN_START: "<"}.get(event.bound, " ")


MARKED_SIGN = "●"
NOTED_SIGN = "✎"


def reader_sign(marks: MarksAndNotes | None, event_id: str) -> str:
    """The reader's sign on an event's row: `●` marked, `✎` not marked but with a note, blank otherwise."""
    if marks is None:
        return " "
    if marks.is_marked(event_id):
        return MARKED_SIGN
    return NOTED_SIGN if marks.note(event_id) else " "


def quote_marker(count: int) -> str:
    """How many quotes an event carries, for the list's marker column (blank when none)."""
    return f"“{count}" if count else ""


class TimelineList(ScrollView, can_focus=True, inherit_bindings=False):
    """The events of a `TimelineView` (every event, or a search's results), with a cursor; only
    the rows on screen are ever drawn.

    Built on the Line API (as toolong's log view is): `render_line` draws one row from the view's
    row layout, rendered rows are kept in an LRU cache, and moving the cursor repaints just the
    two rows involved. Nothing here walks the events, so a keystroke costs the same whatever the
    timeline's length; showing a search's results swaps the view, whose layout a worker built.
    The words of the search are lit up in the titles, and the rows of a selected span marked.
    """

    DEFAULT_CSS = """
    TimelineList {
        overflow-x: hidden;
        & > .timeline-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .timeline-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .timeline-list--year { color: $text-accent; text-style: bold; }
        & > .timeline-list--muted { color: $foreground-muted; }
        & > .timeline-list--marker { color: $text-secondary; }
        & > .timeline-list--empty { color: $foreground-muted; }
        & > .timeline-list--period-0 { color: $primary; }
        & > .timeline-list--period-1 { color: $success; }
        & > .timeline-list--period-2 { color: $warning; }
        & > .timeline-list--period-3 { color: $secondary; }
        & > .timeline-list--period-4 { color: $accent; }
        & > .timeline-list--period-5 { color: $error; }
        & > .timeline-list--match { text-style: reverse; }
        & > .timeline-list--selected { background: $accent 30%; }
        & > .timeline-list--selection-mark { color: $accent; text-style: bold; }
        & > .timeline-list--reader-mark { color: $text-success; text-style: bold; }
    }
    """

    COMPONENT_CLASSES = {
        "timeline-list--cursor",
        "timeline-list--year",
        "timeline-list--muted",
        "timeline-list--marker",
        "timeline-list--empty",
        "timeline-list--match",
        "timeline-list--selected",
        "timeline-list--selection-mark",
        "timeline-list--reader-mark",
        *(f"timeline-list--period-{slot}" for slot in range(PERIOD_COLOURS)),
    }

    BINDINGS = [
        Binding("j,down", "move(1)", "Next event", show=False, id="list.down"),
        Binding("k,up", "move(-1)", "Previous event", show=False, id="list.up"),
        Binding("g,home", "first", "First event", show=False, id="list.first"),
        Binding("G,end", "last", "Last event", show=False, id="list.last"),
        Binding(f"pageup,{PAGE_UP}", "page(-1)", "Page up", show=False, id="list.page-up"),
        Binding(f"pagedown,{PAGE_DOWN}", "page(1)", "Page down", show=False, id="list.page-down"),
        Binding("{", "previous_year", "Previous year", group=YEAR, id="list.previous-year"),
        Binding("}", "next_year", "Next year", group=YEAR, id="list.next-year"),
        Binding("(", "previous_period", "Previous period", group=PERIOD, id="list.previous-period"),
        Binding(")", "next_period", "Next period", group=PERIOD, id="list.next-period"),
        Binding("enter", "select", "Open event", show=False, id="list.open"),
    ]

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    """The place of the event under the cursor among the events shown (see `TimelineView`)."""

    class Highlighted(Message):
        """The cursor moved to another event, or the events shown changed: whatever shows the
        current event should follow. `event` is its position in the whole timeline."""

        def __init__(self, timeline_list: TimelineList, event: EventPosition) -> None:
            super().__init__()
            self.timeline_list = timeline_list
            self.event = event

        @property
        def control(self) -> TimelineList:
            return self.timeline_list

    class Selected(Message):
        """The user asked to open an event (Enter, or a click on the event under the cursor).
        `event` is its position in the whole timeline."""

        def __init__(self, timeline_list: TimelineList, event: EventPosition) -> None:
            super().__init__()
            self.timeline_list = timeline_list
            self.event = event

        @property
        def control(self) -> TimelineList:
            return self.timeline_list

    def __init__(self, view: TimelineView, marks: MarksAndNotes | None = None, *, id: str | None = None) -> None:
        """`marks`: the reader's marks and notes, whose signs the rows show."""
        super().__init__(id=id)
        self.view = view
        self.marks = marks
        self.lit: Query | None = None
        """The search whose words are lit up in the titles."""
        self.span: Span | None = None
        """The selected span, whose rows are marked."""
        self._event = 0
        """The cursor's event, by position in the whole timeline: kept while no event is shown,
        so that the cursor finds its place again when events are."""
        self._period_slots = {period.id: slot % PERIOD_COLOURS for slot, period in enumerate(view.timeline.periods)}
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        """Rendered rows other than the cursor's, by row and width."""

    @property
    def row_layout(self) -> RowLayout:
        """The row layout of the events shown."""
        return self.view.layout

    @property
    def event(self) -> EventPosition | None:
        """The cursor's event, by position in the whole timeline; None when no event is shown."""
        return self.view.events[self.cursor] if self.view.count else None

    def on_mount(self) -> None:
        self.virtual_size = Size(0, self.row_layout.row_count)

    def notify_style_update(self) -> None:
        """Forget rendered rows when the theme changes: their colours came from the old one."""
        super().notify_style_update()
        self._strips.clear()

    def validate_cursor(self, cursor: int) -> int:
        return min(max(cursor, 0), max(self.row_layout.event_count - 1, 0))

    def watch_cursor(self, previous: int, cursor: int) -> None:
        if not self.row_layout.event_count:
            return
        self.refresh_line(self.row_layout.event_rows[previous])
        self.refresh_line(self.row_layout.event_rows[cursor])
        self.scroll_to_cursor()
        self._event = self.view.events[cursor]
        self.post_message(self.Highlighted(self, self._event))

    def show_event(self, position: EventPosition) -> None:
        """Put the cursor on the event at `position` in the whole timeline, or on the nearest
        event shown if the search hides it."""
        if self.view.count:
            self.cursor = self.view.nearest_place(position)

    def show_view(self, view: TimelineView, query: Query | None) -> None:
        """Show other events (a search's results, or every event again) and light up the words
        of `query`. The cursor stays on its event if it is shown, else moves to the nearest one
        shown; a Highlighted message follows either way, since the words to light up changed."""
        self.view = view
        self.lit = query
        self._strips.clear()
        self.virtual_size = Size(0, view.layout.row_count)
        self.refresh()
        if not view.count:
            return
        self.set_reactive(TimelineList.cursor, view.nearest_place(self._event))
        self._event = view.events[self.cursor]
        self.scroll_to_cursor()
        self.post_message(self.Highlighted(self, self._event))

    def mark_span(self, span: Span | None) -> None:
        """Mark the rows of the events in `span` (None for no span)."""
        if span != self.span:
            self.span = span
            self._strips.clear()
            self.refresh()

    def refresh_marks(self) -> None:
        """Draw the reader's signs again: a mark or a note changed (here, or in another explorer)."""
        self._strips.clear()
        self.refresh()

    @property
    def cursor_row(self) -> int:
        return self.row_layout.event_rows[self.cursor]

    def scroll_to_cursor(self) -> None:
        """Scroll just enough to show the cursor with a row of context either side, so that the
        year separator above a year's first event stays in view."""
        if not self.row_layout.event_count:
            return
        height = self.scrollable_content_region.height
        row = self.cursor_row
        top = self.scroll_offset.y
        margin = 1 if height > 2 else 0
        if row - margin < top:
            self.scroll_to(y=row - margin, animate=False)
        elif row + margin >= top + height:
            self.scroll_to(y=row + margin - height + 1, animate=False)

    def on_resize(self) -> None:
        self.scroll_to_cursor()

    def on_focus(self) -> None:
        self._refresh_cursor_row()

    def on_blur(self) -> None:
        self._refresh_cursor_row()

    def _refresh_cursor_row(self) -> None:
        """The cursor is drawn differently with and without focus."""
        if self.row_layout.event_count:
            self.refresh_line(self.cursor_row)

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.row_layout.event_count - 1

    def action_page(self, direction: int) -> None:
        """Scroll a screenful and move the cursor as far, so that it keeps its place on screen."""
        if not self.row_layout.event_count:
            return
        height = max(self.scrollable_content_region.height - 1, 1)
        self.scroll_to(y=self.scroll_offset.y + direction * height, animate=False)
        self.cursor = self.row_layout.event_near_row(self.cursor_row + direction * height)

    def _jump(self, find: Callable[[RowLayout, int], int | None]) -> None:
        """Move to the place `find` gives from the cursor's, or ring the bell when there is none."""
        if not self.row_layout.event_count:
            return
        place = find(self.row_layout, self.cursor)
        if place is None:
            self.app.bell()
        else:
            self.cursor = place

    def action_next_year(self) -> None:
        self._jump(RowLayout.next_year)

    def action_previous_year(self) -> None:
        self._jump(RowLayout.previous_year)

    def action_next_period(self) -> None:
        self._jump(RowLayout.next_period)

    def action_previous_period(self) -> None:
        self._jump(RowLayout.previous_period)

    def action_select(self) -> None:
        if self.row_layout.event_count:
            self.post_message(self.Selected(self, self.view.events[self.cursor]))

    def go_to_year(self, year: int) -> None:
        """Put the cursor on the first event of `year`, or of the next year that has events."""
        event = self.row_layout.year_start(year)
        if event is not None:
            self.cursor = event

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor; a click on the event already under it opens that event."""
        row = event.y + self.scroll_offset.y
        if not 0 <= row < self.row_layout.row_count:
            return
        clicked = self.row_layout.event_near_row(row)
        if clicked == self.cursor and self.row_layout.event_at_row(row) is not None:
            self.action_select()
        else:
            self.cursor = clicked

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        base = self.rich_style
        if not self.row_layout.event_count:
            if y:
                message = ""
            elif self.view.whole.event_count:
                message = "No events match the search."
            else:
                message = "This timeline has no events."
            style = base + self.get_component_rich_style("timeline-list--empty")
            return Strip([Segment(fit(message, width), style)], width)
        if row >= self.row_layout.row_count:
            return Strip.blank(width, base)
        if row == self.cursor_row:
            return self._render_row(row, True, width, base)
        key = (row, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._render_row(row, False, width, base)
        return strip

    def _render_row(self, row: int, is_cursor: bool, width: int, base: Style) -> Strip:
        event_position = self.row_layout.event_at_row(row)
        if event_position is None:
            year = self.row_layout.year_at_row(row)
            label = f"── {year} "
            tally = f" {plural(self.row_layout.year_counts[year], 'event')}"
            rule = "─" * max(width - cell_len(label) - cell_len(tally), 1)
            muted = base + self.get_component_rich_style("timeline-list--muted")
            segments = [
                Segment(label, base + self.get_component_rich_style("timeline-list--year")),
                Segment(rule + tally, muted),
            ]
            return Strip(segments).crop(0, width).adjust_cell_length(width, base)

        event = self.row_layout.timeline.events[event_position]
        title = bounded(event.title, 2 * width + 16)  # only what the row can show is laid out
        selected = self.span is not None and self.span.covers(event, event_position)
        # A selected row's background goes under every part of it, the cursor's row excepted.
        selection = (
            Style(bgcolor=self.get_component_rich_style("timeline-list--selected").bgcolor) if selected else Style()
        )
        slot = self._period_slots.get(event.period) if event.period else None
        gutter_style = base
        if slot is not None:
            gutter_style += self.get_component_rich_style(f"timeline-list--period-{slot}")
        gutter_style += selection
        if is_cursor:
            cursor = base + self.get_component_rich_style("timeline-list--cursor")
            date_style = marker_style = title_style = mark_style = sign_style = cursor
            mark = "▸"
        else:
            date_style = base + self.get_component_rich_style("timeline-list--muted") + selection
            marker_style = base + self.get_component_rich_style("timeline-list--marker") + selection
            title_style = base + selection
            mark_style = base + self.get_component_rich_style("timeline-list--selection-mark") + selection
            sign_style = base + self.get_component_rich_style("timeline-list--reader-mark") + selection
            mark = "┃" if selected else " "
        sign = reader_sign(self.marks, event.id)
        date_width = min(self.row_layout.date_width, max(width // 3, 4))
        marker = f"{date_marker(event)}{quote_marker(len(event.quotes)):>4} "
        title_width = width - 3 - date_width - cell_len(marker) - 1
        match_style = title_style + self.get_component_rich_style("timeline-list--match", partial=True)
        segments = [
            Segment("▌" if event.period else " ", gutter_style),
            Segment(mark, mark_style),
            # A blank sign takes the mark's style, so that a row without one is drawn as before.
            Segment(sign, sign_style if sign.strip() else mark_style),
            Segment(fit(event.display_date, date_width) + " ", date_style),
            Segment(marker, marker_style),
            *fit_marked(title, title_width, title_style, match_spans(title, self.lit), match_style),
        ]
        return Strip(segments).adjust_cell_length(width, base + selection)
