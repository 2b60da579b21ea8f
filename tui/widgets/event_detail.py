"""The detail pane: the event under the list's cursor, with its quotes in short."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..model import Timeline
from ..rendering import event_summary
from ..search import Query
from .paging import PAGE_DOWN, PAGE_UP


class EventDetail(VerticalScroll, inherit_bindings=False):
    """Everything about one event that fits a glance; Enter on the list shows the rest.

    Tab focuses it (the list keeps the keys until then), and its keys scroll what does not fit:
    at 80x24 the pane is nine rows high. The mouse wheel scrolls it too.
    """

    DEFAULT_CSS = """
    EventDetail {
        padding: 0 1;
        & > Static { width: 1fr; }
        &:focus { background-tint: $foreground 5%; }
    }
    """

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="detail.up"),
        Binding(f"pagedown,{PAGE_DOWN}", "page_down", "Page down", show=False, id="detail.page-down"),
        Binding(f"pageup,{PAGE_UP}", "page_up", "Page up", show=False, id="detail.page-up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="detail.bottom"),
    ]

    def __init__(self, timeline: Timeline, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline = timeline

    def compose(self) -> ComposeResult:
        yield Static()

    def show_event(
        self, position: int, query: Query | None = None, note: str | None = None, is_marked: bool = False
    ) -> None:
        """Show the event at `position` in the timeline, with the words of `query` lit up, and
        the reader's `note` and mark."""
        content = event_summary(self.timeline, self.timeline.events[position], query, note, is_marked)
        self.query_one(Static).update(content)
        self.scroll_home(animate=False)

    def clear(self) -> None:
        """Show nothing: no event is under the cursor (a search found none)."""
        self.query_one(Static).update("")
