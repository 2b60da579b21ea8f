"""The timeline: the year ruler, the list of events and the detail of the one under the cursor;
the search bar that filters the list, and the span selected for export."""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from textual import work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from ..navigation import RowLayout
from ..search import Query, QueryError, SearchCancelled, SearchIndex, SearchResult, parse_query
from ..text import clean_text
from ..view import Span, TimelineView
from ..widgets.event_detail import EventDetail
from ..widgets.search_bar import SearchBar
from ..widgets.timeline_list import TimelineList
from ..widgets.title_bar import TitleBar
from ..widgets.year_ruler import YearRuler
from ..wording import describe_span, plural, timeline_facts

if TYPE_CHECKING:
    from .export import Exported

REACHED_END = "Search reached the end of the timeline; continued from the start."
REACHED_START = "Search reached the start of the timeline; continued from the end."


class MainScreen(Screen[None]):
    """The screen the app opens on and returns to.

    Wide terminals show the detail pane beside the list; narrower ones (80 columns) put it
    below, where it still shows the whole event when scrolled.

    A search typed in the bar (`/`) filters the list as it is typed: a worker searches and lays
    out the results, which the list then shows in place of every event. `n` and `N` go to the
    next and previous match of the last search whether it still filters the list or Escape has
    cleared the filter, as in less. A span (`v`, or dates from the palette) marks the events it
    holds, and `e` exports them. Escape takes these off one layer at a time: the selection
    first, then the search.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    BINDINGS = [
        Binding("q", "app.quit", "Quit", show=False),
        # A priority binding runs as the key arrives, before the keys queued behind it are sent
        # on: so `/betrayed` typed in one go (a paste, tmux send-keys) all lands in the bar.
        Binding("slash", "search", "Search", priority=True),
        Binding("n", "next_match", "Next match", show=False),
        Binding("N", "previous_match", "Previous match", show=False),
        Binding("v", "toggle_span", "Select span"),
        Binding("e", "export", "Export"),
        Binding("escape", "clear", "Clear the span, then the search", show=False),
    ]

    class Found(Message):
        """A search worker's results, laid out for the list, for the search numbered `search`."""

        def __init__(self, search: int, result: SearchResult, view: TimelineView) -> None:
            super().__init__()
            self.search = search
            self.result = result
            self.view = view

    def __init__(self, layout: RowLayout, timeline_file: str | None = None) -> None:
        """`timeline_file`: the name of the file the timeline was read from, as exports state it."""
        super().__init__()
        self.row_layout = layout
        self.timeline_file = timeline_file
        self.whole_view = TimelineView(layout)
        self.view = self.whole_view
        """The events the list shows: every event, or those the filter found."""
        self.filter: SearchResult | None = None
        """The search that filters the list, if any."""
        self.last_search: SearchResult | None = None
        """The last search run (not empty): what `n` and `N` look for, kept when the filter is cleared."""
        self.lit: Query | None = None
        """The search whose words are lit up: the filter's, or the last search's once `n` or `N` is used."""
        self.span: Span | None = None
        """The span selected, if any."""
        self.span_anchor: int | None = None
        """The event where a `v` selection started; the span runs from it to the cursor."""
        self._search_index: SearchIndex | None = None
        self._search_index_lock = threading.Lock()
        self._searches = 0
        """Searches started or cleared: results are shown only if no other search came after
        theirs. A finished worker cannot be cancelled, and its results may still be queued."""
        self._summary = " · ".join(timeline_facts(layout.timeline))
        """The timeline's counts, which the title bar shows when there is neither a filter nor a span."""

    def compose(self) -> ComposeResult:
        timeline = self.row_layout.timeline
        yield TitleBar()
        with Container(id="main-body"):
            with Vertical(id="list-pane"):
                yield YearRuler(self.row_layout.year_counts, timeline.year_span)
                yield TimelineList(self.view)
            yield EventDetail(timeline)
        yield SearchBar()
        yield Footer()

    def on_mount(self) -> None:
        self._show_title()
        event = self.timeline_list.event
        if event is not None:
            self._follow(event)

    @property
    def timeline_list(self) -> TimelineList:
        return self.query_one(TimelineList)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def show_event(self, event: int) -> None:
        """Put the list's cursor on `event` (after `[`/`]` on the event screen, or the palette),
        or on the nearest event shown if the search hides it, and say so."""
        if self.view.count and self.view.place_of(event) is None:
            self.notify("That event does not match the search; the cursor is on the nearest one that does.")
        self.timeline_list.show_event(event)

    def show_year(self, year: int) -> None:
        self.timeline_list.go_to_year(year)

    def _follow(self, event: int) -> None:
        self.query_one(EventDetail).show_event(event, self.lit)
        self.query_one(YearRuler).year = self.row_layout.year_of(event)

    def on_timeline_list_highlighted(self, message: TimelineList.Highlighted) -> None:
        self._follow(message.event)
        if self.span_anchor is not None:
            events = self.row_layout.timeline.events
            self._select(Span.between(events[self.span_anchor], events[message.event]), self.span_anchor)

    def on_timeline_list_selected(self, message: TimelineList.Selected) -> None:
        from .event import EventScreen  # imported when first opened, to keep start-up short

        self.app.push_screen(EventScreen(self.view, message.event, self.lit), self._back_from_event)

    def _back_from_event(self, event: int | None) -> None:
        """The event screen closes on the event it last showed; the list follows it there."""
        if event is not None:
            self.show_event(event)

    def on_year_ruler_year_selected(self, message: YearRuler.YearSelected) -> None:
        self.show_year(message.year)

    def _show_title(self) -> None:
        """The title bar's line: how many events the filter shows, and the span; or, with neither,
        the timeline's counts."""
        parts = []
        if self.filter is not None:
            query = clean_text(self.filter.query.text.strip())
            parts.append(f"{self.view.count:,} of {plural(self.row_layout.event_count, 'event')} matching '{query}'")
        elif self.span is None:
            parts.append(self._summary)
        if self.span is not None:
            parts.append(
                f"span: {describe_span(self.span.start, self.span.end)}, {plural(self.view.count_in(self.span), 'event')}"
            )
        self.sub_title = " · ".join(parts)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape only when there is something to clear, and `n` and `N` only once there has been
        a search (they are not in the footer, which has no room to spare at 80 columns).

        Textual asks this as each key arrives. None of these keys is in the footer, so a search
        or a span does not refresh the bindings: that rebuilt the footer on every keystroke,
        which cost more than the search."""
        if action == "clear":
            return self.span is not None or self.filter is not None or self.search_bar.is_open
        if action in ("next_match", "previous_match"):
            return self.last_search is not None
        return True

    def action_clear(self) -> None:
        if self.span is not None:
            self._select(None)
        else:
            self._clear_search()

    # Search

    def search_index(self) -> SearchIndex:
        """The timeline's search index, built on first use. Call it from a worker: it takes half
        a second for 100,000 events. A second worker asking meanwhile waits for the first's."""
        with self._search_index_lock:
            if self._search_index is None:
                self._search_index = SearchIndex(self.row_layout.timeline)
            return self._search_index

    @work(thread=True, group="search-index")
    def _prepare_search_index(self) -> None:
        self.search_index()

    def action_search(self) -> None:
        if self.search_bar.has_focus_within:
            raise SkipAction  # a `/` typed in the bar is part of the query
        if self._search_index is None:
            self._prepare_search_index()
        self.search_bar.open()

    def search_for(self, text: str) -> None:
        """Filter the list by `text` as if it were typed in the search bar (the palette's filters)."""
        self.search_bar.set_text(text)
        self._run_query(text)
        if self.search_bar.has_error:
            self.search_bar.open()

    def on_search_bar_changed(self, message: SearchBar.Changed) -> None:
        # A change can still be queued when Escape has closed the bar; it must not filter again.
        if self.search_bar.is_open:
            self._run_query(message.text)

    def on_search_bar_kept(self) -> None:
        bar = self.search_bar
        # Keys typed just before Enter can still be queued as changes, which a closed bar ignores:
        # search for what the bar holds now, so that '/', a word and Enter typed at once filter.
        self._run_query(bar.text)
        if bar.has_error:
            # The last query that could be read still filters the list: show that one on reopening.
            bar.set_text(self.filter.query.text if self.filter else "")
            bar.show_error(None)
        bar.close()
        self.timeline_list.focus()

    def on_search_bar_cleared(self) -> None:
        self._clear_search()

    def _run_query(self, text: str) -> None:
        """Read `text` and start the search, or show why it cannot be read (the filter stays)."""
        try:
            query = parse_query(text)
        except QueryError as error:
            self.search_bar.show_error(str(error))
            return
        self.search_bar.show_error(None)
        self._searches += 1
        if query.is_empty:
            self.workers.cancel_group(self, "search")
            self._show(None, self.whole_view)
        else:
            self._find(query, self._searches)

    @work(thread=True, exclusive=True, group="search")
    def _find(self, query: Query, search: int) -> None:
        """Find the events matching `query` and lay them out, off the UI thread; a newer search
        cancels this one, which then stops at its next check."""
        worker = get_current_worker()
        try:
            result = self.search_index().search(query, cancelled=lambda: worker.is_cancelled)
        except SearchCancelled:
            return
        view = TimelineView(self.row_layout, result.indices)
        span = self.span
        if span is not None:
            view.count_in(span)  # builds the view's span tables here rather than on the UI thread
        self.post_message(self.Found(search, result, view))

    def on_main_screen_found(self, message: Found) -> None:
        if message.search == self._searches:
            self._show(message.result, message.view)

    def _show(self, result: SearchResult | None, view: TimelineView) -> None:
        """Filter the list by a search's results, or show every event again (None)."""
        self.filter = result
        if result is not None:
            self.last_search = result
        self.lit = result.query if result is not None else None
        self.view = view
        self.timeline_list.show_view(view, self.lit)
        ruler = self.query_one(YearRuler)
        ruler.show_counts(view.layout.year_counts)
        if not view.count:
            self.query_one(EventDetail).clear()
            ruler.year = None
        self._show_title()

    def _clear_search(self) -> None:
        """Show every event again, close the bar and go back to the list; `n` and `N` still know
        the last search."""
        self._searches += 1
        self.workers.cancel_group(self, "search")
        bar = self.search_bar
        bar.close()
        bar.set_text("")
        bar.show_error(None)
        self._show(None, self.whole_view)
        self.timeline_list.focus()

    def action_next_match(self) -> None:
        self._go_to_match(forward=True)

    def action_previous_match(self) -> None:
        self._go_to_match(forward=False)

    def _go_to_match(self, forward: bool) -> None:
        """Move to the next (or previous) event that matches the last search, wrapping at the
        ends with a notice. It does not filter the list: after Escape, every event stays in it."""
        search = self.last_search
        current = self.timeline_list.event
        if search is None:  # check_action keeps the keys away until there has been a search
            return
        matches = search.indices
        if not matches or current is None:
            self.notify(f"No events match '{clean_text(search.query.text.strip())}'.", markup=False)
            return
        if forward:
            place = bisect_right(matches, current)
            wrapped = place == len(matches)
            target = matches[0] if wrapped else matches[place]
        else:
            place = bisect_left(matches, current) - 1
            wrapped = place < 0
            target = matches[-1] if wrapped else matches[place]
        if wrapped:
            self.notify(REACHED_END if forward else REACHED_START)
        if self.lit != search.query:
            self.lit = search.query
            self.timeline_list.show_view(self.view, self.lit)
        self.timeline_list.show_event(target)

    # Span and export

    def _select(self, span: Span | None, anchor: int | None = None) -> None:
        """Select `span` (None for no span); with an anchor, the span follows the cursor."""
        self.span = span
        self.span_anchor = anchor
        self.timeline_list.mark_span(span)
        self._show_title()

    def action_toggle_span(self) -> None:
        event = self.timeline_list.event
        if self.span is not None:
            self._select(None)
        elif event is None:
            self.app.bell()
        else:
            chosen = self.row_layout.timeline.events[event]
            self._select(Span.between(chosen, chosen), event)

    def select_span_by_dates(self) -> None:
        """Ask for the dates of a span and select it (the palette's "Select span by dates…")."""
        from .span import SpanScreen

        self.app.push_screen(SpanScreen(self.span), self._select_dates)

    def _select_dates(self, span: Span | None) -> None:
        if span is None:
            return
        self._select(span)
        # Put the cursor on the first event shown that starts in the span, if there is one.
        events = self.view.layout.timeline.events
        place = bisect_left(events, span.first_day, key=lambda event: event.first_day)
        if place < len(events) and span.covers(events[place]):
            self.timeline_list.cursor = place

    def action_export(self) -> None:
        from .export import ExportScreen  # export code loads on first use, not at start-up

        span = self.span
        shown = self.view.count_in(span) if span else self.view.count
        everything = self.whole_view.count_in(span) if span else self.whole_view.count
        screen = ExportScreen(
            self.row_layout.timeline,
            span,
            self.filter.query if self.filter else None,
            shown,
            everything,
            self.timeline_file,
            self.search_index,
        )
        self.app.push_screen(screen, self._exported)

    def _exported(self, exported: Exported | None) -> None:
        if exported is not None:
            self.notify(exported.report(), markup=False)
