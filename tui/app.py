"""The Textual app: the screen stack, the app-wide keys and the command palette."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from .commands import TimelineCommands
from .model import Timeline
from .navigation import TimelineIndex
from .screens.event import EventScreen
from .screens.help import HelpGroup, HelpScreen
from .screens.main import MainScreen
from .screens.messages import OpenEvent, OpenSource
from .screens.source import SourceScreen
from .widgets.quotes import QuoteCard, QuoteScroll
from .widgets.search_bar import SearchBar
from .widgets.timeline_list import TimelineList


class TimelineApp(App[None]):
    """Explore one timeline: the list, then events, then sources, each a screen above the last.

    Escape backs out one screen at a time. The palette's jumps (to a year, a period, an event)
    land on the timeline list from wherever they are made.
    """

    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {TimelineCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]

    def __init__(self, timeline: Timeline, source_path: str | None = None) -> None:
        super().__init__()
        self.index = TimelineIndex(timeline)
        self.source_path = source_path
        self.title = timeline.title

    def get_default_screen(self) -> Screen:
        return MainScreen(self.index, Path(self.source_path).name if self.source_path else None)

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def _back_to_list(self) -> MainScreen:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        return self.main_screen

    def show_in_list(self, event: int) -> None:
        """Close every screen above the list and put its cursor on `event`."""
        self._back_to_list().show_event(event)

    def show_year(self, year: int) -> None:
        """Close every screen above the list and put its cursor on the first event of `year`."""
        self._back_to_list().show_year(year)

    def filter_by(self, query: str) -> None:
        """Close every screen above the list and filter it by `query` (the palette's filters)."""
        self._back_to_list().search_for(query)

    def select_span_by_dates(self) -> None:
        self._back_to_list().select_span_by_dates()

    def open_export(self) -> None:
        self._back_to_list().action_export()

    @cached_property
    def tags(self) -> list[str]:
        """Every tag of the timeline once, in alphabetical order: the palette offers each as a
        filter. Gathered when the palette first asks."""
        return sorted({tag for event in self.index.timeline.events for tag in event.tags}, key=str.casefold)

    def open_source(self, source: str) -> None:
        self.push_screen(SourceScreen(self.index, source))

    def on_open_event(self, message: OpenEvent) -> None:
        """An event opened from a source: it steps through every event, whatever the list's
        filter, and lights up the search's words as the list does."""
        main = self.main_screen
        self.push_screen(EventScreen(main.whole_view, message.event, main.lit))

    def on_open_source(self, message: OpenSource) -> None:
        if message.source in self.index.timeline.sources_by_id:
            self.open_source(message.source)
        else:
            self.notify("This quote's source is not in the timeline's list of sources.", severity="warning")

    def help_groups(self) -> list[HelpGroup]:
        """The help screen's groups, broadest first (see HelpScreen)."""
        return [
            ("Everywhere", [type(self), Screen]),
            ("Timeline", [MainScreen, TimelineList]),
            ("Search bar", [SearchBar]),
            ("Event", [EventScreen]),
            ("Source", [SourceScreen]),
            ("Quotes (event and source screens)", [QuoteScroll, QuoteCard]),
            ("Help", [HelpScreen]),
        ]

    def action_help(self) -> None:
        note = f"Timeline file: {self.source_path}" if self.source_path else None
        self.push_screen(HelpScreen(self.help_groups(), note))


def make_app(timeline: Timeline, source_path: str | None = None) -> TimelineApp:
    """Build the app for a timeline; the CLI and the tests both start here."""
    return TimelineApp(timeline, source_path)
