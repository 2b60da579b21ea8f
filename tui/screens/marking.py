"""What the timeline and the event screen share to change the reader's marks and notes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.binding import Binding
from textual.screen import Screen

from ..model import EventPosition
from ..notes import MarksAndNotes, ReadOnly
from ..text import clean_text


def mark_bindings(screen: str) -> list[Binding]:
    """`m` for `toggle_mark` (lnav's key), `s` and `u` for `set_mark` (VisiData's), their ids
    under `screen` (`list`, `event`) so that each screen's can be rebound on its own."""
    return [
        Binding("m", "toggle_mark", "Mark or unmark the event", show=False, id=f"{screen}.mark"),
        Binding("s", "set_mark(True)", "Mark (VisiData's s)", show=False, id=f"{screen}.set-mark"),
        Binding("u", "set_mark(False)", "Unmark (VisiData's u)", show=False, id=f"{screen}.unmark"),
    ]


def note_binding(screen: str) -> Binding:
    """`a` for `note`, its id under `screen`."""
    return Binding("a", "note", "Write your note on the event", show=False, id=f"{screen}.note")


class ChangesMarks:
    """Changes the reader's marks and notes on the event `marked_event` gives: each change is
    committed to the store before the screen shows it (`marks_changed`), and one that cannot be
    kept (a read-only store, a failing disk) is told, never shown as made.

    Put first among the bases of a screen (not a DOMNode: see `closing`), whose BINDINGS hold
    `mark_bindings` and `note_binding`.
    """

    marks: MarksAndNotes

    def marked_event(self) -> EventPosition | None:
        """The event the keys act on; None when there is none."""
        raise NotImplementedError

    def marks_changed(self) -> None:
        """Show the marks and notes as they now are."""
        raise NotImplementedError

    @property
    def _screen(self) -> Screen[object]:
        assert isinstance(self, Screen)
        return self

    def change_marks(self, change: Callable[[], object]) -> bool:
        """Make `change` in the store; say whether it was kept."""
        try:
            change()
        except ReadOnly as error:
            self._screen.notify(str(error), severity="warning", markup=False)
            return False
        except sqlite3.Error as error:
            self._screen.notify(
                f"Not saved: {clean_text(str(error))}", title="Marks and notes", severity="error", markup=False
            )
            return False
        self.marks_changed()
        return True

    def action_toggle_mark(self) -> None:
        position = self.marked_event()
        if position is None:
            self._screen.app.bell()
            return
        self.change_marks(lambda: self.marks.toggle_mark(position))

    def action_set_mark(self, marked: bool) -> None:
        position = self.marked_event()
        if position is None:
            self._screen.app.bell()
            return
        self.change_marks(lambda: self.marks.set_marked(position, marked))

    def action_note(self) -> None:
        """Open the editor on the event's note; the note is saved when the editor says so."""
        from .note import NoteScreen

        position = self.marked_event()
        if position is None:
            self._screen.app.bell()
            return
        if self.marks.read_only:
            self._screen.notify(
                f"Marks and notes are read-only: {self.marks.problem}", severity="warning", markup=False
            )
            return
        event = self.marks.timeline.events[position]
        before = self.marks.note(event.id)

        def save(text: str | None) -> None:
            if text is None or text == (before or ""):
                return
            if self.change_marks(lambda: self.marks.set_note(position, text)):
                self._screen.notify("Note saved." if text.strip() else "Note deleted.")

        self._screen.app.push_screen(NoteScreen(event.title, before), save)
