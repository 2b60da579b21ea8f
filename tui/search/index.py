"""A timeline's search index: the query's clauses over an engine's answers for each term.

Engines answer one question, which events hold a needle in some fields (`events_with`), each in
its own way; everything else (clauses, `or`, negation, dates, ranking) is here, once.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Protocol

from ..dates import touches
from ..model import Timeline
from ..text import clean_text, fold
from .fields import FIELDS, folded_fields
from .naive import NaiveEngine
from .query import DateTerm, Query, ReaderTerm, Term, parse_query
from .sets import Cancelled, SearchCancelled, event_positions, event_set

NAIVE_UP_TO = 2000
"""Timelines of this many events or fewer are searched by the naive engine: the block engine's
bookkeeping only pays off on larger ones."""


class Engine(Protocol):
    def events_with(self, needle: str, fields: tuple[str, ...] | None, cancelled: Cancelled | None) -> int:
        """The set of events (see `sets`) whose text, in every field or in the fields named, holds
        `needle` (folded, its spaces single); poll `cancelled` and raise SearchCancelled."""
        ...

    def index_words(self, cancelled: Cancelled | None = None) -> None:
        """Build what makes later searches faster, if the engine was made without it; the
        answers are the same before and after. Safe while another thread searches. Polls
        `cancelled`, and leaves the engine as it was when it says so."""
        ...


class ReaderMarks(Protocol):
    """The reader's marks and notes by event id, as `is:`, `has:` and `note:` read them
    (`notes.Snapshot`): given to each search, since they change as the reader works."""

    @property
    def marked(self) -> AbstractSet[str]: ...

    @property
    def notes(self) -> Mapping[str, str]: ...


class EngineFactory(Protocol):
    def __call__(self, timeline: Timeline, /) -> Engine: ...


def default_engine(timeline: Timeline, index_words: bool = True) -> Engine:
    """The engine for a timeline of its size; `index_words=False` leaves the block engine's word
    index to `Engine.index_words`, for a first search sooner (see `quick_engine`)."""
    if len(timeline.events) <= NAIVE_UP_TO:
        return NaiveEngine(timeline)
    from .blocks import BlockEngine

    return BlockEngine(timeline, index_words)


def quick_engine(timeline: Timeline) -> Engine:
    """The engine, ready in a quarter of the time: for one search (the command line), or for the
    explorer's first while `SearchIndex.index_words` runs in the background."""
    return default_engine(timeline, index_words=False)


@dataclass(frozen=True)
class SearchResult:
    """The events (positions in `timeline.events`, in chronological order) that match a query."""

    query: Query
    indices: Sequence[int]
    _index: SearchIndex = field(repr=False, compare=False)

    def ranked(self) -> list[int]:
        """The matches best first (title hits above quote hits), chronological among equals."""
        needles = self.query.highlight_needles

        def score(position: int) -> int:
            fields = self._index.folded_fields(position)
            return sum(
                max((field.weight for field in FIELDS if needle in fields[field.name]), default=0) for needle in needles
            )

        return sorted(self.indices, key=lambda position: -score(position))

    def matched_fields(self, position: int) -> list[str]:
        """Where the event at `position` matched the query's words: `title`, `quotes`, ..."""
        fields = self._index.folded_fields(position)
        needles = self.query.highlight_needles
        return [field.name for field in FIELDS if any(needle in fields[field.name] for needle in needles)]


class SearchIndex:
    """A timeline's text, folded for search by an engine, built once per timeline; and its
    events' first and last days, as day numbers, for the date fields."""

    def __init__(self, timeline: Timeline, engine: EngineFactory = default_engine) -> None:
        self.timeline = timeline
        events = timeline.events
        self._everything = (1 << len(events)) - 1
        self.engine = engine(timeline)
        self._first_days = array("i", [event.first_day.toordinal() for event in events])
        self._last_days = array("i", [event.last_day.toordinal() for event in events])

    def index_words(self, cancelled: Cancelled | None = None) -> None:
        """See `Engine.index_words`; seconds at 100,000 events, so call it from a worker."""
        self.engine.index_words(cancelled)

    def folded_fields(self, position: int) -> dict[str, str]:
        """One event's folded text by field, worked out when asked (for ranking and listing)."""
        return folded_fields(self.timeline.events[position], self.timeline)

    def search(
        self, query: Query | str, cancelled: Cancelled | None = None, reader: ReaderMarks | None = None
    ) -> SearchResult:
        """Find the matching events; `cancelled` is polled so that a superseded search stops early.
        `reader`: the marks and notes that `is:marked`, `has:note` and `note:` look at (none without)."""
        if isinstance(query, str):
            query = parse_query(query)
        if query.is_empty:
            return SearchResult(query, range(len(self._first_days)), self)
        matching = self._everything
        for clause in query.clauses:
            if cancelled is not None and cancelled():
                raise SearchCancelled
            either = 0
            for term in clause:
                hits = (
                    self._reader_matching(term, reader)
                    if isinstance(term, ReaderTerm)
                    else self._matching(term, cancelled)
                )
                either |= self._everything & ~hits if term.negated else hits
            matching &= either
            if not matching:
                break
        return SearchResult(query, event_positions(matching), self)

    def _reader_matching(self, term: ReaderTerm, reader: ReaderMarks | None) -> int:
        """The events that the reader marked, wrote a note on, or whose note holds the needle."""
        if reader is None:
            return 0
        if term.kind == "marked":
            ids: AbstractSet[str] | Sequence[str] = reader.marked
        elif term.kind == "noted":
            ids = list(reader.notes)
        else:
            ids = [
                event_id
                for event_id, note in reader.notes.items()
                if term.needle in " ".join(fold(clean_text(note)).split())
            ]
        positions = self.timeline.positions
        flags = bytearray(len(self._first_days))
        for event_id in ids:
            position = positions.get(event_id)
            if position is not None:
                flags[position] = 1
        return event_set(flags)

    def _matching(self, term: Term, cancelled: Cancelled | None) -> int:
        """The events where `term` occurs (ignoring its negation)."""
        assert not isinstance(term, ReaderTerm)
        if isinstance(term, DateTerm):
            first, last = term.first.toordinal(), term.last.toordinal()
            return event_set(
                bytearray(touches(start, end, first, last) for start, end in zip(self._first_days, self._last_days))
            )
        if not term.needle:
            return self._everything
        return self.engine.events_with(term.needle, term.fields, cancelled)
