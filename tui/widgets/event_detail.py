"""The detail pane: the event under the list's cursor, with its quotes in short."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..model import Timeline
from ..rendering import event_summary
from ..search import Query


class EventDetail(VerticalScroll, can_focus=False):
    """Everything about one event that fits a glance; Enter on the list shows the rest.

    It does not take focus, so the list keeps the keys; the mouse wheel scrolls it.
    """

    DEFAULT_CSS = """
    EventDetail {
        padding: 0 1;
        & > Static { width: 1fr; }
    }
    """

    def __init__(self, timeline: Timeline, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline = timeline

    def compose(self) -> ComposeResult:
        yield Static()

    def show_event(self, position: int, query: Query | None = None) -> None:
        """Show the event at `position` in the timeline, with the words of `query` lit up."""
        self.query_one(Static).update(event_summary(self.timeline, self.timeline.events[position], query))
        self.scroll_home(animate=False)

    def clear(self) -> None:
        """Show nothing: no event is under the cursor (a search found none)."""
        self.query_one(Static).update("")
