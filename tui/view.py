"""What the timeline list shows (every event, or the events a search found) and spans of dates.

Plain Python, no Textual, like `navigation.py`, whose row layout a view reuses: the events a search
found are laid out as a timeline of their own, so that year separators, year counts, period bands
and the year and period jumps are those of the events shown. Everything outside the list names an
event by its position in the whole timeline; a view maps those positions to and from its places.
"""

from __future__ import annotations

import datetime
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from .dates import PartialDate, touches
from .model import Event, EventPosition, Timeline
from .navigation import RowLayout


@dataclass(frozen=True)
class Span:
    """A span of dates, either end open. An event is in it when its dates overlap it, each date
    covering every day it could mean: the rule by which `export.select_events` takes a span, so
    that the rows marked are the events exported.

    A span the reader marks with `v` holds rows instead: the events from one to another in the
    list's order, and no other event that shares their dates, so that one event can be
    exported on its own. Its dates then only describe it."""

    start: PartialDate | None = None
    end: PartialDate | None = None
    rows: tuple[EventPosition, EventPosition] | None = None
    """The positions in the timeline of a marked span's first and last events."""

    @classmethod
    def between(cls, timeline: Timeline, one: EventPosition, other: EventPosition) -> Span:
        """The events from position `one` to position `other` (in either order), as marked rows."""
        first, last = sorted((one, other))
        start = min(timeline.events[first].date, timeline.events[last].date)
        end = max(
            (timeline.events[position].end or timeline.events[position].date for position in (first, last)),
            key=lambda date: date.last_day,
        )
        return cls(start, end, (first, last))

    @cached_property
    def first_day(self) -> datetime.date:
        return self.start.first_day if self.start else datetime.date.min

    @cached_property
    def last_day(self) -> datetime.date:
        return self.end.last_day if self.end else datetime.date.max

    @property
    def is_empty(self) -> bool:
        """Whether the span ends before it starts, and so holds no day."""
        return self.rows is None and self.last_day < self.first_day

    def covers(self, event: Event, position: EventPosition) -> bool:
        """Whether the event at `position` in the timeline is in the span."""
        if self.rows is not None:
            return self.rows[0] <= position <= self.rows[1]
        return touches(event.first_day, event.last_day, self.first_day, self.last_day)


class TimelineView:
    """Some or all of a timeline's events, in order, as the list shows them.

    `layout` is the row layout and jump tables of the events shown (for every event, the
    timeline's own `RowLayout`); a place in it is an index into `events`, which holds the
    position in the whole timeline of the event at each place. Building a view of found events
    costs time in proportion to their number: do it in a worker.
    """

    def __init__(self, whole: RowLayout, events: Sequence[EventPosition] | None = None) -> None:
        """`events`: positions in the whole timeline, ascending; None (or all of them) for every event."""
        self.whole = whole
        if events is None or len(events) == whole.event_count:
            self.layout = whole
            self.events: Sequence[EventPosition] = range(whole.event_count)
        else:
            self.layout = whole.subset(events)
            self.events = events

    @property
    def timeline(self) -> Timeline:
        """The whole timeline, which positions refer to."""
        return self.whole.timeline

    @property
    def count(self) -> int:
        return len(self.events)

    def place_of(self, position: EventPosition) -> int | None:
        """The place of the event at `position` in the whole timeline, or None if it is not shown."""
        place = bisect_left(self.events, position)
        return place if place < len(self.events) and self.events[place] == position else None

    def nearest_place(self, position: EventPosition) -> int:
        """The place of the event at `position` if it is shown, else of the shown event nearest to
        it in the timeline (the earlier one of two as near). The view must not be empty."""
        place = bisect_left(self.events, position)
        if place == len(self.events):
            return place - 1
        if place == 0 or self.events[place] == position:
            return place
        return place - 1 if position - self.events[place - 1] <= self.events[place] - position else place

    def count_in(self, span: Span) -> int:
        """How many of the events shown are in `span`, found by bisection (see `_day_tables`)."""
        if span.rows is not None:
            return bisect_right(self.events, span.rows[1]) - bisect_left(self.events, span.rows[0])
        first_days, last_days = self._day_tables
        return bisect_right(first_days, span.last_day.toordinal()) - bisect_left(last_days, span.first_day.toordinal())

    @cached_property
    def _day_tables(self) -> tuple[array[int], array[int]]:
        """The first days and the last days of the events shown, each sorted, as day numbers.

        An event overlaps a span unless it starts after the span's last day or ends before its
        first day, and an event that ends before the first day also starts before the last; so
        the count is the events starting by the last day less those ending before the first.
        Built on the first count: a tenth of a second for 100,000 events.
        """
        events = self.layout.timeline.events
        first_days = array("l", sorted(event.first_day.toordinal() for event in events))
        last_days = array("l", sorted(event.last_day.toordinal() for event in events))
        return first_days, last_days
