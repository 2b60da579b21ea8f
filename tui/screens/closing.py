"""Screens that close only themselves.

Textual's `Screen.dismiss` (8.2.8) pops whatever screen is on top of the stack and calls this
screen's result callback, whether or not this screen is on top. A message that reaches a screen
after it has closed, or while another screen covers it, would then close the wrong screen and
repeat the answer: two Enters on a focused button in one read (a paste, a slow ssh link) give
two `Button.Pressed`, the second of which closed the export dialog under the question and
wrote the file again; at the bottom of the stack it popped the timeline itself
(ScreenStackError). Every screen here that closes itself inherits this class.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete
from textual.screen import Screen


class ClosesOnlyItself:
    """Put first among the bases of a screen class. Not itself a Screen: Textual inherits CSS,
    component classes and bindings along the first base that is a DOMNode, and a Screen here
    would cut the screen off from ModalScreen's and CommandPalette's."""

    def dismiss(self, result: Any = None) -> AwaitComplete:
        assert isinstance(self, Screen)
        if not self.is_active:
            return AwaitComplete.nothing()  # closed already, or covered: the message came too late
        return super().dismiss(result)  # type: ignore[misc]  # the Screen after this class in the bases
