"""Textual's command palette, made safe against keys that arrive faster than it closes.

Two Enters in one read (a paste, a slow ssh link) both reach Textual 8.2.8's CommandPalette:
the first runs the command and closes the palette, the second closed the palette again (which
popped the screen below it: see `closing`) and ran the command twice. This subclass closes
once, and forgets the chosen command as soon as the first Enter has been handled.

PageUp and PageDown that reach the palette before its list of commands has been laid out raise
KeyError inside Textual's OptionList (it looks up lines it has not made yet); such a key is
dropped here. This module is the one place that touches the palette's private parts
(`_selected_command`, `_action_command_list`), because it has no public way to say either.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete
from textual.command import CommandPalette

from .closing import ClosesOnlyItself


class TimelinePalette(ClosesOnlyItself, CommandPalette):
    def dismiss(self, result: Any = None) -> AwaitComplete:
        if self.is_active:
            # After the message being handled (which still reads the command to run), before the next.
            self.call_next(self._forget_the_command)
        return super().dismiss(result)

    def _forget_the_command(self) -> None:
        self._selected_command = None

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except KeyError:
            pass  # the list has not been laid out yet: as if the key came a moment too soon
