"""The timeline as frozen data: what the loader builds and everything else reads."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from .dates import Bound, DateRange, PartialDate, first_day_of, format_span, last_day_of, sort_key_of

EventPosition = int
"""Where an event stands in `Timeline.events` (chronological): how everything outside the list
names an event. An `Event` is the event itself."""


@dataclass(frozen=True, slots=True)
class Source:
    """A document that quotes are taken from."""

    id: str
    title: str
    kind: str
    date: PartialDate | None = None
    """None where the document carries no date: a date is never guessed."""
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    note: str | None = None
    file: str | None = None
    """Path of the source's text, relative to the sources folder; `<id>.txt` when not given."""

    @property
    def text_file(self) -> str:
        return self.file or f"{self.id}.txt"

    @property
    def attribution(self) -> str:
        """Who published or wrote it, for one-line citations."""
        return self.publisher or self.author or ""


@dataclass(frozen=True, slots=True)
class Quote:
    """Words taken exactly from a source."""

    source: str
    text: str
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Period:
    """An era of the story; periods may overlap."""

    id: str
    title: str
    start: PartialDate
    end: PartialDate
    summary: str | None = None

    @property
    def display_date(self) -> str:
        return format_span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, when, and what the sources said of it."""

    id: str
    date: PartialDate
    title: str
    summary: str
    quotes: tuple[Quote, ...]
    end: PartialDate | None = None
    approximate: bool = False
    period: str | None = None
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    notes: str | None = None
    uncertain: bool = False
    bound: Bound = Bound.CLOSED
    """Whether the date is `X/..` (at X or later) or `../X` (at X or earlier); see `DateRange`."""

    @property
    def when(self) -> DateRange:
        """Everything the event's date says, as one value."""
        return DateRange(self.date, self.end, self.approximate, self.uncertain, self.bound)

    @property
    def display_date(self) -> str:
        return self.when.display()

    @property
    def first_day(self) -> datetime.date:
        """The earliest day the event's dates could mean."""
        return first_day_of(self.date, self.bound)

    @property
    def last_day(self) -> datetime.date:
        """The latest day the event's dates could mean."""
        return last_day_of(self.date, self.end, self.bound)

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        return sort_key_of(self.date, self.bound)


@dataclass(frozen=True)
class Timeline:
    """A whole timeline, events in chronological order (stable for equal dates)."""

    title: str
    sources: tuple[Source, ...]
    events: tuple[Event, ...]
    periods: tuple[Period, ...] = ()
    description: str | None = None

    @cached_property
    def sources_by_id(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    @cached_property
    def periods_by_id(self) -> dict[str, Period]:
        return {period.id: period for period in self.periods}

    @cached_property
    def positions(self) -> dict[str, EventPosition]:
        """Position of each event in `events`, by id."""
        return {event.id: index for index, event in enumerate(self.events)}

    @property
    def year_span(self) -> tuple[int, int] | None:
        """The first and last year any event touches, or None for an empty timeline."""
        if not self.events:
            return None
        first = self.events[0].date.year
        last = max((event.end or event.date).year for event in self.events)
        return first, last
