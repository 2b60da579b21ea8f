"""Requests that screens send up to the app, which owns the screen stack.

The event and source screens lead to each other; asking the app to open the other one keeps
them from importing each other.
"""

from __future__ import annotations

from textual.message import Message

from ..model import EventPosition


class OpenEvent(Message):
    """Show an event whole, on its own screen, above the current one."""

    def __init__(self, event: EventPosition) -> None:
        super().__init__()
        self.event = event


class OpenSource(Message):
    """Show a source and every quote taken from it, above the current screen."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source
