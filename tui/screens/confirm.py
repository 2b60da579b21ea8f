"""A yes-or-no question in a small dialog."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from .closing import ClosesOnlyItself


class ConfirmScreen(ClosesOnlyItself, ModalScreen[bool]):
    """Ask `question`; dismissed with True for yes. The safe answer, no, has the focus, and
    Escape gives it too."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]
    AUTO_FOCUS = "#no"

    def __init__(self, question: str, yes: str, no: str) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-panel"):
            yield Static(Content(self.question))
            with Horizontal():
                yield Button(Content(f"{self.yes} (y)"), id="yes", variant="warning", compact=True)
                yield Button(Content(f"{self.no} (n)"), id="no", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
