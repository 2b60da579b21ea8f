"""The export dialog: which events, in which format, to which file, with a preview of the text.

It goes through the export core as `gmp-timeline export` does (select_events, ExportRequest,
FORMATS, write_atomically), so a span exported here and from the command line gives the same bytes.
In a browser (`gmp-timeline serve`) the same text is a download, and nothing is written where
the explorer runs.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, RadioSet, Static

from ..export import (
    FORMATS,
    ExportError,
    ExportFileExists,
    ExportRequest,
    default_file_name,
    describe_span,
    select_events,
    write_atomically,
)
from ..model import Event, Timeline
from ..notes import Snapshot
from ..rendering import LABEL, bounded
from ..search import MARKED, Query, SearchIndex, parse_query
from ..session import Latest
from ..text import clean_name, clean_text, fold
from ..view import Span
from ..widgets.choices import Choice, Choices
from ..wording import plural
from .closing import ClosesOnlyItself
from .confirm import ConfirmScreen
from .failures import ReportsFailedWork

FORMAT_LABELS = {
    "markdown": "Markdown",
    "html": "HTML",
    "csv": "CSV",
    "csl-json": "CSL-JSON",
    "timelinejs": "TimelineJS",
    "json": "JSON",
}
"""Short, to fit one row at 80 columns: the line under the row says what the chosen one is for."""
PREVIEW_LINES = 40
SHOW_PROGRESS_AFTER = 0.25
"""Seconds of rendering after which the preview says how far it is (100,000 events take about
ten): a quicker one would only flicker."""
PREVIEW_LINE_LENGTH = 300
"""Characters of a line shown at most: a JSON export may be one very long line."""
NOTES_FORMATS = ("markdown", "html", "json")
"""The formats that can carry the reader's notes, each in a block of its own."""
HINT = "Enter write · Escape cancel · Tab next field · arrows choose"
WEB_HINT = "Enter download · Escape cancel · Tab next field · arrows choose"
_NOT_IN_DOWNLOAD_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def download_name(name: str) -> str:
    """`name` made of ASCII letters, digits, dots, hyphens and underscores, or "" if nothing is left:
    folded as the proposed names are (`Été` gives `ete`), and any other run of characters a hyphen.

    textual-serve puts the name as it is in the download's Content-Disposition header: a comma,
    a space or a letter outside ASCII would break the header, and Chromium refuses such a
    download. The names the dialog proposes are made of these characters already. A folder
    means nothing to a browser, which saves where its reader chose.
    """
    return _NOT_IN_DOWNLOAD_NAME.sub("-", fold(Path(name).name)).strip("-.")


def first_lines(text: str) -> list[str]:
    """The preview: the text's first lines, each cut to a length, without splitting the whole
    text (tens of megabytes for a big timeline)."""
    lines: list[str] = []
    start = 0
    while len(lines) < PREVIEW_LINES and start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        lines.append(bounded(text[start : min(end, start + PREVIEW_LINE_LENGTH)]))
        start = end + 1
    return lines


@dataclass(frozen=True)
class Exported:
    """What the export dialog wrote, or, in a browser, sent as a download."""

    path: Path
    event_count: int
    downloaded: bool = False

    def report(self) -> str:
        if self.downloaded:
            return f"Downloading {self.path} ({plural(self.event_count, 'event')})"
        return f"Wrote {self.path} ({plural(self.event_count, 'event')})"


class ExportScreen(ClosesOnlyItself, ReportsFailedWork, ModalScreen[Exported | None]):
    """Export the selected span, or every event the list shows, to a file.

    With a search filter, the user chooses between the events that match it and all the events
    of the span; with marks, the marked events among them come first, and are chosen. The
    reader's notes are left out unless the reader chooses to include them: a note may hold what
    is not for sharing. The preview is the start of the very text that is written: a worker selects
    the events and renders them whenever the format or that choice changes, and Enter writes
    that text (once it is ready). An existing file is replaced only when the user says so; a
    failure is shown as a notification, and the dialog stays open to choose another file.
    """

    BINDINGS = [
        Binding("enter", "write", "Write the file", priority=True, id="export.write"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    class Prepared(Message):
        """The text of the export for the choices numbered `choice`."""

        def __init__(self, choice: int, text: str, event_count: int) -> None:
            super().__init__()
            self.choice = choice
            self.text = text
            self.event_count = event_count

    class Rendering(Message):
        """How far the export for the choices numbered `choice` is: a fraction of its events."""

        def __init__(self, choice: int, fraction: float) -> None:
            super().__init__()
            self.choice = choice
            self.fraction = fraction

    class Written(Message):
        """The outcome of writing `text` to `path`: no error, or why it could not be written."""

        def __init__(self, path: Path, text: str, event_count: int, error: ExportError | None) -> None:
            super().__init__()
            self.path = path
            self.text = text
            self.event_count = event_count
            self.error = error

    def __init__(
        self,
        timeline: Timeline,
        span: Span | None,
        query: Query | None,
        matching_count: int,
        total_count: int,
        timeline_file: str | None,
        search_index: Callable[[], SearchIndex],
        reader: Snapshot | None = None,
        marked_count: int = 0,
    ) -> None:
        """`query`: the search filtering the list, if any; `matching_count` and `total_count`:
        how many events of the span (or timeline) match it, and how many there are in all;
        `reader` and `marked_count`: the reader's marks and notes, and how many of the events
        matching are marked."""
        super().__init__()
        self.reader = reader or Snapshot()
        # A filter that reads the marks already says which marked events it takes (`is:marked`).
        self.marked_count = 0 if query is not None and query.reads_marks_and_notes else marked_count
        self.event_choices = self._event_choices(query)
        """The events that can be exported, as the queries that select them (None: all of them)."""
        self.timeline = timeline
        self.has_span = span is not None
        self.span = span or Span()
        self.filter_query = query
        self.matching_count = matching_count
        self.total_count = total_count
        self.timeline_file = timeline_file
        self.search_index = search_index
        self.folder = Path.cwd()
        self._text: str | None = None
        """The export for the current choices, once rendered."""
        self._event_count = 0
        self._default = default_file_name(self._request([], self.event_choices[0]), "markdown")
        """The file name that the current choices give, which the file field holds until edited."""
        self._write_when_ready = False
        self._writing = False
        self._choices = Latest()
        """Changes of format or events: a text rendered for earlier choices, still queued when
        they changed, is not shown or written."""

    def compose(self) -> ComposeResult:
        where = "in the span" if self.has_span else "in the timeline"
        with Vertical(id="export-panel") as panel:
            panel.border_title = "Export"
            panel.border_subtitle = WEB_HINT if self.app.is_web else HINT
            yield Static(Content.assemble(("Span: ", LABEL), describe_span(self.span.start, self.span.end)))
            matching = ""
            if self.filter_query is not None:
                matching = f" matching '{clean_text(self.filter_query.text.strip())}'"
            choices = []
            if self.marked_count:
                choices.append(f"the {plural(self.marked_count, 'marked event')}{matching} {where}")
            if self.filter_query is not None and self.filter_query.text.strip() == MARKED:
                choices.append(f"the {plural(self.matching_count, 'marked event')} {where}")
            elif self.filter_query is not None:
                choices.append(f"the {plural(self.matching_count, 'event')}{matching} {where}")
            if len(choices) == 0:
                yield Static(Content(f"All {plural(self.total_count, 'event')} {where}"), id="export-events")
            else:
                choices.append(f"all {plural(self.total_count, 'event')} {where}")
                yield Choices(
                    *(Choice(Content(label), value=number == 0) for number, label in enumerate(choices)),
                    id="export-events",
                )
            if self.reader.notes:
                yield Choices(
                    Choice(Content("leave your notes out"), value=True),
                    Choice(Content("include your notes, each marked as yours (Markdown, HTML and JSON)")),
                    id="export-notes",
                )
            yield Choices(
                *(Choice(Content(FORMAT_LABELS[name]), value=name == "markdown") for name in FORMATS),
                id="export-format",
            )
            yield Static(id="export-description")
            if self.app.is_web:
                # The folder is the server's, which is no business of the reader's.
                yield Static(Content.assemble(("File name (your browser saves the download)", LABEL)))
            else:
                yield Static(
                    Content.assemble(
                        ("File (a name without a folder is written in ", LABEL), str(self.folder), (")", LABEL)
                    )
                )
            yield Input(self._default, id="export-file", compact=True, select_on_focus=False)
            yield Static(id="export-preview")

    def on_mount(self) -> None:
        # The formats have the focus, so that the arrows choose at once, as the hint says; the
        # file name is a Tab away.
        self.query_one("#export-format", RadioSet).focus()
        field = self.query_one("#export-file", Input)
        # Show the end of a long name, where its extension is, once the field has its width.
        self.call_after_refresh(lambda: field.scroll_to(x=field.max_scroll_x, animate=False))
        # After the dialog is on the screen: rendering a big export in its thread holds the
        # interpreter in stretches, and `e` waited for it to see the dialog at all. The first
        # refresh lays the dialog out; rendering from it still halved the UI thread's share of
        # the interpreter while the dialog was drawn (`e` took 130 ms on ten-thousand-quotes.yaml,
        # 55 ms from the second).
        self.call_after_refresh(self.call_after_refresh, self._prepare_text)

    @property
    def format_name(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_index
        return list(FORMATS)[max(pressed, 0)]

    def _event_choices(self, query: Query | None) -> list[Query | None]:
        """The queries of the choices of events, in the dialog's order: the marked events (the
        filter's query and `is:marked`, as `gmp-timeline export --query` takes it), the events
        matching the filter, all events."""
        selections: list[Query | None] = []
        if self.marked_count:
            selections.append(parse_query(f"{query.text.strip()} {MARKED}" if query else MARKED))
        if query is not None:
            selections.append(query)
        return [*selections, None]

    @property
    def query_used(self) -> Query | None:
        """The query that selects the events chosen; None for all of them."""
        if len(self.event_choices) == 1:
            return None
        return self.event_choices[max(self.query_one("#export-events", RadioSet).pressed_index, 0)]

    @property
    def with_notes(self) -> bool:
        if not self.reader.notes:
            return False
        return self.query_one("#export-notes", RadioSet).pressed_index == 1

    def _request(
        self,
        events: list[Event],
        query: Query | None,
        with_notes: bool = False,
        progress: Callable[[float], None] | None = None,
    ) -> ExportRequest:
        """The request `gmp-timeline export` makes for the same span, query, timeline file and notes."""
        return ExportRequest(
            self.timeline,
            events,
            self.span.start,
            self.span.end,
            query.text if query else "",
            self.timeline_file,
            progress=progress,
            reader_notes=self.reader.notes if with_notes else None,
        )

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        default = default_file_name(self._request([], self.query_used), self.format_name)
        field = self.query_one("#export-file", Input)
        if field.value == self._default:
            field.value = default
        self._default = default
        self._prepare_text()

    def _prepare_text(self) -> None:
        if self not in self.app.screen_stack:
            return  # closed (Escape) before the first preview was asked for
        choice = self._choices.next()
        self._text = None
        self._write_when_ready = False
        description = FORMATS[self.format_name].description
        if self.with_notes and self.format_name not in NOTES_FORMATS:
            description += "; it does not carry notes"
        self.query_one("#export-description", Static).update(Content.assemble((description, LABEL)))
        self.query_one("#export-preview", Static).update(Content.assemble(("Preparing the preview…", LABEL)))
        self._render_export(self.format_name, self.query_used, self.with_notes, choice)

    @work(thread=True, exclusive=True, group="export-render", exit_on_error=False)
    def _render_export(self, format_name: str, query: Query | None, with_notes: bool, choice: int) -> None:
        """Select the events and render them, off the UI thread (seconds for 100,000 events)."""
        index = self.search_index() if query is not None else None
        events = select_events(
            self.timeline, self.span.start, self.span.end, query, index, rows=self.span.rows, reader=self.reader
        )
        started = time.monotonic()

        def report(fraction: float) -> None:
            if time.monotonic() - started > SHOW_PROGRESS_AFTER:
                self.post_message(self.Rendering(choice, fraction))

        text = FORMATS[format_name].render(self._request(events, query, with_notes, report))
        self.post_message(self.Prepared(choice, text, len(events)))

    def on_export_screen_rendering(self, message: Rendering) -> None:
        if self._choices.is_current(message.choice) and self._text is None:
            self.query_one("#export-preview", Static).update(
                Content.assemble((f"Preparing the preview… {message.fraction:.0%}", LABEL))
            )

    def on_export_screen_prepared(self, message: Prepared) -> None:
        if not self._choices.is_current(message.choice):
            return
        self._text = message.text
        self._event_count = message.event_count
        self.query_one("#export-preview", Static).update(Content("\n".join(first_lines(message.text))))
        if self._write_when_ready:
            self.action_write()

    def action_write(self) -> None:
        name = self.query_one("#export-file", Input).value.strip()
        if not name:
            self.notify("Give the name of the file to write.", severity="warning")
        elif self._text is None:
            self._write_when_ready = True
        elif self.app.is_web:
            self._download(name, self._text, self._event_count)
        elif not self._writing:
            self._write_when_ready = False
            self._write(self.folder / Path(name).expanduser(), self._text, self._event_count, overwrite=False)

    def _download(self, name: str, text: str, event_count: int) -> None:
        """Hand the text to the browser as a download; nothing is written where the explorer runs."""
        safe_name = download_name(name)
        if not safe_name:
            self.notify("Give a file name with letters or digits in it.", severity="warning")
            return
        self.app.deliver_text(io.StringIO(text), save_filename=safe_name, open_method="download")
        self.dismiss(Exported(Path(safe_name), event_count, downloaded=True))

    def _write(self, path: Path, text: str, event_count: int, overwrite: bool) -> None:
        self._writing = True
        self._write_file(path, text, event_count, overwrite)

    @work(thread=True, group="export-write", exit_on_error=False)
    def _write_file(self, path: Path, text: str, event_count: int, overwrite: bool) -> None:
        """Write off the UI thread: a big export is tens of megabytes, flushed to disk."""
        try:
            write_atomically(path, text, overwrite=overwrite)
        except ExportError as error:
            self.post_message(self.Written(path, text, event_count, error))
        except Exception as error:  # a bug, told as a failure: the dialog stays to try again
            failure = ExportError(f"cannot write {clean_name(path)}: {type(error).__name__}: {clean_name(error)}")
            self.post_message(self.Written(path, text, event_count, failure))
        else:
            self.post_message(self.Written(path, text, event_count, None))

    def on_export_screen_written(self, message: Written) -> None:
        self._writing = False
        if message.error is None and not self.is_active:
            # Closed or covered while the file was being written: dismissing now would pop
            # whichever screen is on top, so say what happened instead.
            self.app.notify(Exported(message.path, message.event_count).report(), markup=False)
        elif message.error is None:
            self.dismiss(Exported(message.path, message.event_count))
        elif isinstance(message.error, ExportFileExists):

            def replace(answer: bool | None) -> None:
                if answer:
                    self._write(message.path, message.text, message.event_count, overwrite=True)

            self.app.push_screen(ConfirmScreen(f"Replace {message.path}?", "Replace", "Keep it"), replace)
        else:
            self.notify(str(message.error), title="Not written", severity="error", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)
