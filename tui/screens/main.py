"""The timeline: the year ruler, the list of events and the detail of the one under the cursor;
the search bar that filters the list, and the span selected for export."""

from __future__ import annotations

from bisect import bisect_left
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

from ..model import EventPosition
from ..navigation import RowLayout
from ..notes import MarksAndNotes, Snapshot
from ..search import Query, QueryError, SearchCancelled, SearchIndex, SearchResult
from ..session import Found, SearchSession, step_among
from ..text import clean_text
from ..view import Span, TimelineView
from ..widgets.event_detail import EventDetail
from ..widgets.search_bar import SearchBar
from ..widgets.timeline_list import TimelineList
from ..widgets.title_bar import TitleBar
from ..widgets.year_ruler import YearRuler
from ..wording import describe_span, plural, timeline_facts
from . import import_opened_later
from .failures import ReportsFailedWork
from .marking import ChangesMarks, mark_bindings, note_binding

if TYPE_CHECKING:
    from .export import Exported

REACHED_END = "Search reached the end of the timeline; continued from the start."
REACHED_START = "Search reached the start of the timeline; continued from the end."
MARKS_REACHED_END = "Marks: reached the end of the timeline; continued from the start."
MARKS_REACHED_START = "Marks: reached the start of the timeline; continued from the end."
LOOK_FOR_CHANGES_EVERY = 2.0
"""Seconds between looks at the store for marks and notes made in another explorer."""


class MainScreen(ChangesMarks, ReportsFailedWork, Screen[None]):
    """The screen the app opens on and returns to.

    Wide terminals show the detail pane beside the list; narrower ones (80 columns) put it
    below, where it still shows the whole event when scrolled.

    A search typed in the bar (`/`) filters the list as it is typed: a worker searches and lays
    out the results, which the list then shows in place of every event. `n` and `N` go to the
    next and previous match of the last search whether it still filters the list or Escape has
    cleared the filter, as in less. A span (`v`, or dates from the palette) marks the events it
    holds, and `e` exports them. Escape takes these off one layer at a time: the selection
    first, then the search.

    The reader's marks (`m`) and notes (`a`) are kept in their store (`notes`); `'` and `"` go
    to the next and previous marked event the list shows, and an export takes the marked events
    when there are any.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    BINDINGS = [
        Binding("q", "app.quit", "Quit", show=False, id="list.quit"),
        # A priority binding runs as the key arrives, before the keys queued behind it are sent
        # on: so `/betrayed` typed in one go (a paste, tmux send-keys) all lands in the bar.
        Binding("slash", "search", "Search", priority=True, id="list.search"),
        Binding("n", "next_match", "Next match", show=False, id="list.next-match"),
        Binding("N", "previous_match", "Previous match", show=False, id="list.previous-match"),
        Binding("v", "toggle_span", "Select span", id="list.span"),
        Binding("e", "export", "Export", id="list.export"),
        Binding("escape", "clear", "Clear the span, then the search", show=False, id="list.clear"),
        *mark_bindings("list"),
        Binding("apostrophe", "next_mark", "Next marked event", show=False, id="list.next-mark"),
        Binding("quotation_mark", "previous_mark", "Previous marked event", show=False, id="list.previous-mark"),
        note_binding("list"),
    ]

    class Found(Message):
        """A search worker's results, laid out for the list."""

        def __init__(self, found: Found) -> None:
            super().__init__()
            self.found = found

    def __init__(self, layout: RowLayout, marks: MarksAndNotes, timeline_file: str | None = None) -> None:
        """`timeline_file`: the name of the file the timeline was read from, as exports state it."""
        super().__init__()
        self.row_layout = layout
        self.marks = marks
        self.timeline_file = timeline_file
        self.session = SearchSession(layout)
        self.span: Span | None = None
        """The span selected, if any."""
        self.span_anchor: int | None = None
        """The event where a `v` selection started; the span runs from it to the cursor."""
        self._summary = " · ".join(timeline_facts(layout.timeline))
        """The timeline's counts, which the title bar shows when there is neither a filter nor a span."""

    def compose(self) -> ComposeResult:
        timeline = self.row_layout.timeline
        yield TitleBar()
        with Container(id="main-body"):
            with Vertical(id="list-pane"):
                yield YearRuler(self.row_layout.year_counts, timeline.year_span)
                yield TimelineList(self.view, self.marks)
            yield EventDetail(timeline)
        yield SearchBar()
        yield Footer()

    def on_mount(self) -> None:
        self._show_title()
        event = self.timeline_list.event
        if event is not None:
            self._follow(event)
        # Built once the list is on the screen, so that the first search need not wait for it
        # (seconds at 100,000 events); until it is ready the search bar says so.
        self.call_after_refresh(self._prepare_search_index)
        self.call_after_refresh(self._import_opened_later)
        if self.marks.problem:
            self.notify(
                f"Marks and notes are read-only: {self.marks.problem}",
                title="Marks and notes",
                severity="warning",
                timeout=15,
                markup=False,
            )
        elif orphans := self.marks.orphans():
            self.notify(
                f"{plural(len(orphans), 'mark or note')} on events this timeline no longer holds: kept, and "
                "listed by gmp-timeline notes.",
                markup=False,
            )
        self.set_interval(LOOK_FOR_CHANGES_EVERY, self._look_for_changes)

    @property
    def view(self) -> TimelineView:
        """The events the list shows (see `SearchSession.view`)."""
        return self.session.view

    @property
    def whole_view(self) -> TimelineView:
        return self.session.whole_view

    @property
    def filter(self) -> SearchResult | None:
        return self.session.filter

    @property
    def lit(self) -> Query | None:
        return self.session.lit

    @property
    def timeline_list(self) -> TimelineList:
        return self.query_one(TimelineList)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def show_event(self, position: EventPosition) -> None:
        """Put the list's cursor on the event at `position` (after `[`/`]` on the event screen,
        or the palette), or on the nearest event shown if the search hides it, and say so."""
        if self.view.count and self.view.place_of(position) is None:
            self.notify("That event does not match the search; the cursor is on the nearest one that does.")
        self.timeline_list.show_event(position)

    def show_year(self, year: int) -> None:
        self.timeline_list.go_to_year(year)

    def _follow(self, position: EventPosition) -> None:
        event_id = self.row_layout.timeline.events[position].id
        self.query_one(EventDetail).show_event(
            position, self.lit, self.marks.note(event_id), self.marks.is_marked(event_id)
        )
        self.query_one(YearRuler).year = self.row_layout.year_of(position)

    def on_timeline_list_highlighted(self, message: TimelineList.Highlighted) -> None:
        self._follow(message.event)
        if self.span_anchor is not None:
            self._select(Span.between(self.row_layout.timeline, self.span_anchor, message.event), self.span_anchor)

    def on_timeline_list_selected(self, message: TimelineList.Selected) -> None:
        from .event import EventScreen  # imported when first opened, to keep start-up short

        self.app.push_screen(EventScreen(self.view, message.event, self.marks, self.lit), self._back_from_event)

    def _back_from_event(self, position: EventPosition | None) -> None:
        """The event screen closes on the event it last showed; the list follows it there,
        with the marks and notes made there."""
        self.marks_changed()
        if position is not None:
            self.show_event(position)

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
        if marked := len(self.marks.marked_positions()):
            parts.append(f"{marked:,} marked")
        self.sub_title = " · ".join(parts)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape only when there is something to clear.

        Textual asks this as each key arrives. Escape is not in the footer, so a search or a
        span does not refresh the bindings: that rebuilt the footer on every keystroke, which
        cost more than the search."""
        if action == "clear":
            return self.span is not None or self.filter is not None or self.search_bar.is_open
        return True

    def action_clear(self) -> None:
        if self.span is not None:
            self._select(None)
        else:
            self._clear_search()

    # Search

    def search_index(self) -> SearchIndex:
        """The timeline's search index, built on first use; call it from a worker."""
        return self.session.index()

    class IndexReady(Message):
        """The search index is built: a search no longer waits for it."""

    @work(thread=True, group="import-opened-later", exit_on_error=False)
    def _import_opened_later(self) -> None:
        import_opened_later()
        self.post_message(self.OpenedLaterImported())

    class OpenedLaterImported(Message):
        """Every screen's module is imported: the app can read the reader's keys, which name
        those screens' actions."""

    @work(thread=True, group="search-index", exit_on_error=False)
    def _prepare_search_index(self) -> None:
        worker = get_current_worker()
        self.session.index()
        self.post_message(self.IndexReady())
        self.session.index_words(lambda: worker.is_cancelled)

    def on_main_screen_index_ready(self) -> None:
        self.search_bar.show_waiting(False)

    def action_search(self) -> None:
        if self.search_bar.has_focus_within:
            raise SkipAction  # a `/` typed in the bar is part of the query
        self.search_bar.open()
        self.search_bar.show_waiting(not self.session.has_index)

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
            # There is no filter to keep: the bar stays open, with its message, to be mended.
            self.app.bell()
            return
        bar.history.add(bar.text)
        bar.close()
        self.timeline_list.focus()

    def on_search_bar_cleared(self) -> None:
        self._clear_search()

    def _run_query(self, text: str) -> None:
        """Start the search for `text`, or show why it cannot be read and filter nothing: the
        results of an earlier keystroke (`from` on the way to `from:banana`) are not what the
        bar says, and Enter kept them as the filter."""
        try:
            search = self.session.start(text)
        except QueryError as error:
            self.search_bar.show_error(str(error))
            self.session.clear()
            self.workers.cancel_group(self, "search")
            self._show_view()
            return
        self.search_bar.show_error(None)
        if search is None:
            self.workers.cancel_group(self, "search")
            self._show_view()
        else:
            self._find(*search, self.marks.snapshot)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _find(self, query: Query, number: int, reader: Snapshot) -> None:
        """Search and lay out the results off the UI thread; a newer search cancels this one,
        which then stops at its next check. `reader`: the marks and notes when it started."""
        worker = get_current_worker()
        try:
            found = self.session.find(query, number, lambda: worker.is_cancelled, self.span, reader)
        except SearchCancelled:
            return
        self.post_message(self.Found(found))

    def on_main_screen_found(self, message: Found) -> None:
        if self.session.accept(message.found):
            self._show_view()

    def _show_view(self) -> None:
        """Show the session's view: a search's results, or every event again."""
        view = self.view
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
        self.session.clear()
        self.workers.cancel_group(self, "search")
        bar = self.search_bar
        bar.close()
        bar.set_text("")
        bar.show_error(None)
        self._show_view()
        self.timeline_list.focus()

    def action_next_match(self) -> None:
        self._go_to_match(forward=True)

    def action_previous_match(self) -> None:
        self._go_to_match(forward=False)

    def _go_to_match(self, forward: bool) -> None:
        """Move to the next (or previous) event that matches the last search, wrapping at the
        ends with a notice. It does not filter the list: after Escape, every event stays in it."""
        search = self.session.last_search
        if search is None:
            self.notify("No search yet: / searches, and then n and N go from match to match.")
            return
        lit = self.lit
        step = self.session.step(self.timeline_list.event, forward)
        if step is None:
            self.notify(f"No events match '{clean_text(search.query.text.strip())}'.", markup=False)
            return
        if step.wrapped:
            self.notify(REACHED_END if forward else REACHED_START)
        if self.lit != lit:
            self.timeline_list.show_view(self.view, self.lit)
        self.timeline_list.show_event(step.target)

    # Marks and notes

    def marked_event(self) -> EventPosition | None:
        return self.timeline_list.event

    def marks_changed(self) -> None:
        """Draw the signs, the detail and the count again; a filter that reads the marks
        (`is:marked`) is searched again, so that it shows what it says."""
        self.timeline_list.refresh_marks()
        event = self.timeline_list.event
        if event is not None:
            self._follow(event)
        self._show_title()
        if self.filter is not None and self.filter.query.reads_marks_and_notes:
            self._run_query(self.filter.query.text)

    def _look_for_changes(self) -> None:
        """Show the marks and notes another explorer made in the same store."""
        if self.marks.reload():
            self.marks_changed()

    def action_next_mark(self) -> None:
        self._go_to_mark(forward=True)

    def action_previous_mark(self) -> None:
        self._go_to_mark(forward=False)

    def _go_to_mark(self, forward: bool) -> None:
        """Move to the next (or previous) marked event that the list shows, wrapping at the ends."""
        current = self.timeline_list.event
        shown = [position for position in self.marks.marked_positions() if self.view.place_of(position) is not None]
        step = step_among(shown, current, forward) if current is not None else None
        if step is None:
            self.notify("No marked events shown: m marks the event under the cursor.")
            return
        if step.wrapped:
            self.notify(MARKS_REACHED_END if forward else MARKS_REACHED_START)
        self.timeline_list.show_event(step.target)

    def marked_in_view(self) -> int:
        """How many marked events the list shows, in the span if there is one: what an export takes."""
        events = self.row_layout.timeline.events
        return sum(
            1
            for position in self.marks.marked_positions()
            if self.view.place_of(position) is not None
            and (self.span is None or self.span.covers(events[position], position))
        )

    # Span and export

    def _select(self, span: Span | None, anchor: int | None = None) -> None:
        """Select `span` (None for no span); with an anchor, the span follows the cursor."""
        self.span = span
        self.span_anchor = anchor
        self.timeline_list.mark_span(span)
        self._show_title()

    def action_toggle_span(self) -> None:
        """`v` starts a span at the cursor, which then follows the cursor; `v` again fixes it
        where it is (it threw the span away, where a reader expects it to end there); a `v` on
        a fixed span starts a new one. Escape clears it."""
        event = self.timeline_list.event
        if self.span is not None and self.span_anchor is not None:
            self._select(self.span)
        elif event is None:
            self.app.bell()
        else:
            self._select(Span.between(self.row_layout.timeline, event, event), event)

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
        # By the date written, which the events are in order of (an open start's first day is not).
        place = bisect_left(events, span.first_day, key=lambda event: event.date.first_day)
        if place < len(events) and span.covers(events[place], self.view.events[place]):
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
            self.marks.snapshot,
            self.marked_in_view(),
        )
        self.app.push_screen(screen, self._exported)

    def _exported(self, exported: Exported | None) -> None:
        if exported is not None:
            self.notify(exported.report(), markup=False)
