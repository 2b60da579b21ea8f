"""Radio buttons whose arrows choose, and whose choice shows without colour.

Textual's RadioSet moves only a highlight with the arrows; Enter (which writes the file in the
export dialog) then used the choice left where it was, and a wrong file was written without a
word. Its buttons differ only in colour, so in plain text (a screen reader, NO_COLOR, a
monochrome terminal) every option looked chosen.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import ContentText
from textual.widgets import RadioButton, RadioSet

CHOSEN, NOT_CHOSEN = "●", " "


class Choice(RadioButton):
    def __init__(self, label: ContentText = "", value: bool = False) -> None:
        super().__init__(label, value, compact=True)
        self.BUTTON_INNER = CHOSEN if value else NOT_CHOSEN

    def watch_value(self) -> None:
        self.BUTTON_INNER = CHOSEN if self.value else NOT_CHOSEN
        super().watch_value()


class Choices(RadioSet):
    # Keys of their own, not RadioSet's actions overridden: RadioSet calls next_button itself
    # when it mounts, where choosing would undo the choice it was given.
    BINDINGS = [
        Binding("down,right", "choose(1)", "Next option", show=False, id="choices.next"),
        Binding("up,left", "choose(-1)", "Previous option", show=False, id="choices.previous"),
    ]

    def __init__(self, *choices: Choice, id: str | None = None) -> None:
        super().__init__(*choices, id=id, compact=True)

    def action_choose(self, step: int) -> None:
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        self.action_toggle_button()
