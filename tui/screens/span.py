"""Select a span by its dates: from … to …, each a date at any precision."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..dates import DateError, PartialDate, read_typed_date
from ..rendering import LABEL
from ..view import Span
from .closing import ClosesOnlyItself

EXAMPLES = '2017, 2017-07, 2017-07-03 or "July 2017"; empty for an open end'


class SpanScreen(ClosesOnlyItself, ModalScreen[Span | None]):
    """Two dates, read as a search reads `from:` and `to:`; an error is shown under them and the
    dialog stays open. Dismissed with the span, or None when cancelled."""

    BINDINGS = [
        Binding("enter", "select", "Select the span", priority=True, id="span.select"),
        Binding("escape", "cancel", "Cancel", id="span.cancel"),
    ]

    def __init__(self, span: Span | None = None) -> None:
        super().__init__()
        self.span = span

    def compose(self) -> ComposeResult:
        start = self.span.start if self.span else None
        end = self.span.end if self.span else None
        with Vertical(id="span-panel") as panel:
            panel.border_title = "Select a span by dates"
            panel.border_subtitle = "Enter select · Escape cancel · Tab next field"
            yield Label("From")
            yield Input(start.iso() if start else "", id="span-from", compact=True, select_on_focus=False)
            yield Label("To")
            yield Input(end.iso() if end else "", id="span-to", compact=True, select_on_focus=False)
            yield Static(Content.assemble((EXAMPLES, LABEL)), id="span-message")

    def _read(self, field: str, name: str) -> PartialDate | None:
        text = self.query_one(field, Input).value
        return read_typed_date(text, name) if text.strip() else None

    def action_select(self) -> None:
        try:
            span = Span(self._read("#span-from", "from"), self._read("#span-to", "to"))
        except DateError as error:
            self._show_error(str(error))
            return
        if span.start is None and span.end is None:
            self._show_error("Give a date in From, To or both.")
        elif span.is_empty:
            assert span.start is not None and span.end is not None
            self._show_error(f"The span ends ({span.end.display()}) before it starts ({span.start.display()}).")
        else:
            self.dismiss(span)

    def _show_error(self, message: str) -> None:
        note = self.query_one("#span-message", Static)
        note.update(Content(message))
        note.add_class("-error")

    def action_cancel(self) -> None:
        self.dismiss(None)
