"""The editor of the reader's note on one event: a TextArea in a small dialog."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ..rendering import LABEL, YOUR_NOTE, bounded
from ..text import clean_text
from .closing import ClosesOnlyItself
from .confirm import ConfirmScreen

HINT = "Ctrl+S save · Escape cancel · an empty note is deleted"


class NoteArea(TextArea):
    """A TextArea that cleans what is pasted into it as a timeline's text is cleaned (`text.py`):
    TextArea draws a pasted ESC or C1 control raw, straight into the terminal. Typed keys bring
    none (a control key is a binding, not a character)."""

    def on_paste(self, event: events.Paste) -> None:
        # Runs before TextArea's own handler, which `prevent_default` then skips.
        event.prevent_default()
        if self.read_only:
            return
        result = self.replace(clean_text(event.text), *self.selection)
        self.move_cursor(result.end_location)


class NoteScreen(ClosesOnlyItself, ModalScreen[str | None]):
    """Write the reader's note on an event; dismissed with the text to save, or None to leave the
    note as it was. Escape with changes asks first, so that a note is not lost to a stray key."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save the note", priority=True, id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, event_title: str, note: str | None) -> None:
        super().__init__()
        self.event_title = event_title
        self.original = note or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-panel") as panel:
            panel.border_title = YOUR_NOTE
            panel.border_subtitle = HINT
            yield Static(Content.assemble(("On: ", LABEL), bounded(self.event_title, 200)))
            yield NoteArea(clean_text(self.original), id="note-text", soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        self.dismiss(clean_text(self.text))

    def action_cancel(self) -> None:
        if self.text == self.original:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard the changes to your note?", "Discard", "Keep editing"), answered)
