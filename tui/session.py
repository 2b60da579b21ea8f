"""The state of a reader's search through a timeline, kept apart from the screen that shows it.

Plain Python, no Textual: the main screen binds keys to a `SearchSession` and draws what it holds,
and the tests drive one without an app.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .navigation import RowLayout
from .search import Query, ReaderMarks, SearchIndex, SearchResult, parse_query, quick_engine
from .search.sets import Cancelled
from .view import Span, TimelineView


class Latest:
    """Numbers each request (a search, a choice in the export dialog), so that a result that
    comes back after a newer request was made is known to be stale. A finished worker cannot be
    cancelled, and its result may still be queued when the next request starts."""

    def __init__(self) -> None:
        self._number = 0

    def next(self) -> int:
        """A new request: the number its result must bring back to be used."""
        self._number += 1
        return self._number

    @property
    def newest(self) -> int:
        return self._number

    def is_current(self, number: int) -> bool:
        return number == self._number


class History:
    """The queries kept (with Enter), newest last, as a shell keeps its commands: `back` goes to
    older ones, `forward` to newer ones and, past the newest, to what was being typed."""

    LIMIT = 100

    def __init__(self) -> None:
        self._queries: list[str] = []
        self._place: int | None = None
        """Where `back` and `forward` are in the list; None while the reader types."""
        self._draft = ""

    def add(self, query: str) -> None:
        query = query.strip()
        if query:
            if query in self._queries:
                self._queries.remove(query)
            self._queries = [*self._queries, query][-self.LIMIT :]
        self._place = None

    def back(self, typed: str) -> str | None:
        """The query before the one shown (`typed` is what the bar holds); None at the oldest."""
        if not self._queries or self._place == 0:
            return None
        if self._place is None:
            self._draft, self._place = typed, len(self._queries)
        self._place -= 1
        return self._queries[self._place]

    def forward(self) -> str | None:
        """The query after the one shown, or what was being typed; None when already there."""
        if self._place is None:
            return None
        self._place += 1
        if self._place >= len(self._queries):
            self._place = None
            return self._draft
        return self._queries[self._place]


@dataclass(frozen=True)
class Found:
    """What a search found, laid out for the list: ready to `accept` if no newer search was made."""

    number: int
    result: SearchResult
    view: TimelineView


@dataclass(frozen=True)
class MatchStep:
    """Where `n` or `N` (or a jump to the next mark) goes: the event, and whether it went round
    an end of the timeline."""

    target: int
    wrapped: bool


def step_among(targets: Sequence[int], current: int, forward: bool) -> MatchStep | None:
    """The next (or previous) of `targets` (positions, ascending) from the event at `current`,
    wrapping at the ends; None when there are none."""
    if not targets:
        return None
    if forward:
        place = bisect_right(targets, current)
        wrapped = place == len(targets)
        return MatchStep(targets[0] if wrapped else targets[place], wrapped)
    place = bisect_left(targets, current) - 1
    wrapped = place < 0
    return MatchStep(targets[-1] if wrapped else targets[place], wrapped)


class SearchSession:
    """A timeline's search: the filter that the list shows, the last search (what `n` and `N`
    look for, kept when the filter is cleared, as in less), the words to light up, and the
    index, built on first use.

    A search runs in two steps so that its slow part can run off the UI thread: `start` reads
    the query and numbers the search (or clears the filter for an empty query), `find` searches
    and lays out the results (in a worker), and `accept` takes them unless a newer search began.
    """

    def __init__(self, row_layout: RowLayout) -> None:
        self.row_layout = row_layout
        self.whole_view = TimelineView(row_layout)
        self.view = self.whole_view
        """The events the list shows: every event, or those the filter found."""
        self.filter: SearchResult | None = None
        """The search that filters the list, if any."""
        self.last_search: SearchResult | None = None
        """The last search run (not empty): what `n` and `N` look for."""
        self.lit: Query | None = None
        """The search whose words are lit up: the filter's, or the last search's once `n` or `N` is used."""
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()
        self._latest = Latest()

    @property
    def newest_search(self) -> int:
        """The number of the newest search started (or cleared)."""
        return self._latest.newest

    @property
    def has_index(self) -> bool:
        return self._index is not None

    def index(self) -> SearchIndex:
        """The timeline's search index, built on first use without its word index (see
        `index_words`). Call it from a worker: it takes half a second for 100,000 events. A
        second thread asking meanwhile waits for the first's."""
        with self._index_lock:
            if self._index is None:
                self._index = SearchIndex(self.row_layout.timeline, quick_engine)
            return self._index

    def index_words(self, cancelled: Cancelled | None = None) -> None:
        """Complete the index, in the background (1.6 s at 100,000 events): searches meanwhile
        scan all the text, and find the same. Stops when `cancelled` says so (the explorer is
        quitting, and would wait for it)."""
        self.index().index_words(cancelled)

    def start(self, text: str) -> tuple[Query, int] | None:
        """Read `text` (raising QueryError, which leaves everything as it was) and number a new
        search for it; for an empty query, show every event again and return None."""
        query = parse_query(text)
        number = self._latest.next()
        if query.is_empty:
            self._show(None, self.whole_view)
            return None
        return query, number

    def find(
        self,
        query: Query,
        number: int,
        cancelled: Cancelled | None = None,
        span: Span | None = None,
        reader: ReaderMarks | None = None,
    ) -> Found:
        """Search and lay out the results (raising SearchCancelled when `cancelled` says so).
        With a span, the view's span tables are built here too, rather than when first drawn.
        `reader`: the marks and notes as they were when the search started."""
        result = self.index().search(query, cancelled, reader)
        view = TimelineView(self.row_layout, result.indices)
        if span is not None:
            view.count_in(span)
        return Found(number, result, view)

    def accept(self, found: Found) -> bool:
        """Show what a search found, unless a newer search began; say whether it was shown."""
        if not self._latest.is_current(found.number):
            return False
        self._show(found.result, found.view)
        return True

    def clear(self) -> None:
        """Show every event again; the last search is kept for `n` and `N`. A search still
        running is then stale."""
        self._latest.next()
        self._show(None, self.whole_view)

    def _show(self, result: SearchResult | None, view: TimelineView) -> None:
        self.filter = result
        if result is not None:
            self.last_search = result
        self.lit = result.query if result is not None else None
        self.view = view

    def step(self, current: int | None, forward: bool) -> MatchStep | None:
        """The next (or previous) event matching the last search from the event at `current`,
        wrapping at the ends; None when nothing matches (or no event is under the cursor). The
        words of the last search are lit from then on."""
        search = self.last_search
        if search is None or not search.indices or current is None:
            return None
        self.lit = search.query
        return step_among(search.indices, current, forward)
