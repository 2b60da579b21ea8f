"""The timeline: the year ruler, the list of events and the detail of the one under the cursor."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from ..dates import PartialDate, format_span
from ..navigation import TimelineIndex
from ..widgets.content import plural
from ..widgets.event_detail import EventDetail
from ..widgets.timeline_list import TimelineList
from ..widgets.title_bar import TitleBar
from ..widgets.year_ruler import YearRuler
from .event import EventScreen


class MainScreen(Screen[None]):
    """The screen the app opens on and returns to.

    Wide terminals show the detail pane beside the list; narrower ones (80 columns) put it
    below, where it still shows the whole event when scrolled.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def __init__(self, index: TimelineIndex) -> None:
        super().__init__()
        self.index = index

    def compose(self) -> ComposeResult:
        timeline = self.index.timeline
        yield TitleBar()
        with Container(id="main-body"):
            with Vertical(id="list-pane"):
                yield YearRuler(self.index.year_counts, timeline.year_span)
                yield TimelineList(self.index)
            yield EventDetail(timeline)
        yield Footer()

    def on_mount(self) -> None:
        timeline = self.index.timeline
        span = timeline.year_span
        self.sub_title = " · ".join(
            [
                plural(len(timeline.events), "event"),
                plural(len(timeline.sources), "source"),
                plural(len(timeline.periods), "period"),
                *([format_span(PartialDate(span[0]), PartialDate(span[1]))] if span else []),
            ]
        )
        if timeline.events:
            self._follow(self.timeline_list.cursor)

    @property
    def timeline_list(self) -> TimelineList:
        return self.query_one(TimelineList)

    def show_event(self, event: int) -> None:
        """Put the list's cursor on `event` (after `[`/`]` on the event screen, or the palette)."""
        self.timeline_list.cursor = event

    def show_year(self, year: int) -> None:
        self.timeline_list.go_to_year(year)

    def _follow(self, event: int) -> None:
        self.query_one(EventDetail).show_event(event)
        self.query_one(YearRuler).year = self.index.year_of(event)

    def on_timeline_list_highlighted(self, message: TimelineList.Highlighted) -> None:
        self._follow(message.event)

    def on_timeline_list_selected(self, message: TimelineList.Selected) -> None:
        self.app.push_screen(EventScreen(self.index, message.event), self.show_event)

    def on_year_ruler_year_selected(self, message: YearRuler.YearSelected) -> None:
        self.show_year(message.year)
