"""Where the explorer's keys go: rows, years, periods and quotes, worked out once per timeline.

The list shows one row per event under a separator row for each year. A keystroke must cost the
same on a 30-event timeline as on a 100,000-event one, so everything a key needs is laid out here
once, in flat arrays, and each key is then a lookup or a bisection.

Plain Python, no Textual: the screens, the list, the year ruler and the command palette share it,
and it can be tested without an app.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from typing import NamedTuple

from .dates import Bound, DateRange, PartialDate, Precision
from .model import Event, EventPosition, Quote, Timeline


class QuoteRef(NamedTuple):
    """A quote's place in the timeline: the event that carries it, and which of its quotes."""

    event: EventPosition
    quote: int


def _widest_date(precision: Precision, year: int) -> PartialDate:
    """The date of this precision whose display is the widest (September, the 30th)."""
    if precision is Precision.YEAR:
        return PartialDate(year)
    if precision is Precision.MONTH:
        return PartialDate(year, 9)
    return PartialDate(year, 9, 30)


class RowLayout:
    """The row layout and the jump tables of one timeline.

    Rows are an array of ints: an event's position in `timeline.events` (0 or more), or a year
    separator stored as minus the year. Events are in chronological order, so each year's events
    are contiguous and every separator is followed by its year's first event.
    """

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        rows: list[int] = []
        event_rows: list[int] = []
        years: list[int] = []
        year_starts: list[int] = []
        shapes: set[tuple[Precision, Precision | None, bool, bool, Bound]] = set()
        """The kinds of date the events have: the widest of each kind sets the date column's width."""
        for position, event in enumerate(timeline.events):
            year = event.date.year
            if not years or years[-1] != year:
                years.append(year)
                year_starts.append(position)
                rows.append(-year)
            event_rows.append(len(rows))
            rows.append(position)
            shapes.add(
                (
                    event.date.precision,
                    event.end.precision if event.end else None,
                    event.approximate,
                    event.uncertain,
                    event.bound,
                )
            )
        self._keep(rows, event_rows, years, year_starts)
        self.date_width = max(
            (
                len(
                    DateRange(
                        _widest_date(start, 2000),
                        None if end is None else _widest_date(end, 2001),
                        approximate,
                        uncertain,
                        bound,
                    ).display()
                )
                for start, end, approximate, uncertain, bound in shapes
            ),
            default=0,
        )
        """Cells that the widest display date of any event needs."""

    def _keep(self, rows: list[int], event_rows: list[int], years: list[int], year_starts: list[int]) -> None:
        self.rows = array("q", rows)
        self.event_rows = array("q", event_rows)
        self.years = years
        """Years that hold at least one event, ascending."""
        self.year_starts = array("q", year_starts)
        """The first event of each year in `years`."""
        ends = [*year_starts[1:], len(event_rows)]
        self.year_counts = {year: end - start for year, start, end in zip(years, year_starts, ends)}

    def subset(self, positions: Sequence[int]) -> RowLayout:
        """The layout of some of the events (positions ascending) as a timeline of their own,
        as `RowLayout` would lay it out, but with this timeline's date width, so that the
        list's columns stay put when a search filters it.

        A search that finds most of 100,000 events lays them out on every keystroke, so this
        finds each year's events by bisection and adds their rows a range at a time."""
        subset = RowLayout.__new__(RowLayout)
        events = self.timeline.events
        subset.timeline = replace(self.timeline, events=tuple(map(events.__getitem__, positions)))
        subset.date_width = self.date_width
        bounds = [bisect_left(positions, start) for start in self.year_starts] + [len(positions)]
        rows: list[int] = []
        event_rows: list[int] = []
        years: list[int] = []
        year_starts: list[int] = []
        for year, first, end in zip(self.years, bounds, bounds[1:]):
            if first < end:
                rows.append(-year)
                event_rows.extend(range(len(rows), len(rows) + end - first))
                rows.extend(range(first, end))
                years.append(year)
                year_starts.append(first)
        subset._keep(rows, event_rows, years, year_starts)
        return subset

    @cached_property
    def period_starts(self) -> array[int]:
        """The first event of each period, in order: one stop for `(` and `)` per period, however
        often events outside it come between its own (a stop at each change of period made five
        stops of two periods). Worked out when first asked: 20 ms at 100,000 events, which a
        search's layout paid on every keystroke."""
        return array("q", _first_of_each_period(self.timeline.events))

    @property
    def event_count(self) -> int:
        return len(self.event_rows)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def quote(self, ref: QuoteRef) -> Quote:
        return self.timeline.events[ref.event].quotes[ref.quote]

    def event_at_row(self, row: int) -> int | None:
        """The event on `row`, or None for a year separator."""
        value = self.rows[row]
        return value if value >= 0 else None

    def year_at_row(self, row: int) -> int:
        """The year that `row` belongs to, whether it is a separator or an event."""
        value = self.rows[row]
        return -value if value < 0 else self.timeline.events[value].date.year

    def event_near_row(self, row: int) -> int:
        """The event on `row`, or the first event under it when `row` is a year separator."""
        row = min(max(row, 0), self.row_count - 1)
        event = self.event_at_row(row)
        return event if event is not None else self.rows[row + 1]

    def year_of(self, position: EventPosition) -> int:
        return self.timeline.events[position].date.year

    def year_start(self, year: int) -> int | None:
        """The first event of `year`; for a year without events, of the next year that has some
        (or of the last year, past the end)."""
        if not self.years:
            return None
        position = min(bisect_left(self.years, year), len(self.years) - 1)
        return self.year_starts[position]

    def next_year(self, position: EventPosition) -> EventPosition | None:
        """The first event of the next year that has events, or None from the last year."""
        year = bisect_right(self.years, self.year_of(position))
        return self.year_starts[year] if year < len(self.years) else None

    def previous_year(self, position: EventPosition) -> EventPosition | None:
        """The first event of the previous year that has events, or None from the first year."""
        year = bisect_left(self.years, self.year_of(position)) - 1
        return self.year_starts[year] if year >= 0 else None

    def next_period(self, position: EventPosition) -> EventPosition | None:
        """The first event of the next period to begin after this event."""
        start = bisect_right(self.period_starts, position)
        return self.period_starts[start] if start < len(self.period_starts) else None

    def previous_period(self, position: EventPosition) -> EventPosition | None:
        """The first event of the period that began last before this event: its own period's
        first event when it is past it, as `(` goes to the start of a sentence in vim."""
        start = bisect_left(self.period_starts, position) - 1
        return self.period_starts[start] if start >= 0 else None

    def period_start(self, period_id: str) -> int | None:
        """The first event that belongs to the period, or None if no event does."""
        return self._first_event_of_period.get(period_id)

    @cached_property
    def _first_event_of_period(self) -> dict[str, int]:
        events = self.timeline.events
        return {events[start].period or "": start for start in self.period_starts}

    @cached_property
    def quotes_by_source(self) -> dict[str, tuple[QuoteRef, ...]]:
        """Every quote taken from each source, in timeline order: what else a document said.

        Worked out on first use (when a source is first opened), not at start-up.
        """
        found: defaultdict[str, list[QuoteRef]] = defaultdict(list)
        for position, event in enumerate(self.timeline.events):
            for number, quote in enumerate(event.quotes):
                found[quote.source].append(QuoteRef(position, number))
        return {source: tuple(refs) for source, refs in found.items()}


def _first_of_each_period(events: Sequence[Event]) -> list[EventPosition]:
    """Where each period's first event stands, ascending."""
    first: dict[str, EventPosition] = {}
    for position, event in enumerate(events):
        if event.period is not None:
            first.setdefault(event.period, position)
    return sorted(first.values())
