"""Requests that screens send up to the app, which owns the screen stack.

The event and source screens lead to each other; asking the app to open the other one keeps
them from importing each other.
"""

from __future__ import annotations

from textual.message import Message

from ..model import EventPosition
from ..navigation import QuoteRef


class OpenEvent(Message):
    """Show an event whole, on its own screen, above the current one, with the quote the
    reader came by (`quote`, its number in the event) focused."""

    def __init__(self, event: EventPosition, quote: int = 0) -> None:
        super().__init__()
        self.event = event
        self.quote = quote


class OpenSource(Message):
    """Show a source and every quote taken from it, above the current screen, with the quote
    the reader came by focused."""

    def __init__(self, source: str, quote: QuoteRef | None = None) -> None:
        super().__init__()
        self.source = source
        self.quote = quote
