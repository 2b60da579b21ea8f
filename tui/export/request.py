"""What is exported, and the facts every format states about it.

A span and an optional query select events; an `ExportRequest` carries them with what the
header of an export says (the span, the query as typed, the timeline file, an optional time
stamp). Citations are worded in `wording`, as the app words them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..dates import PartialDate
from ..model import Event, Period, Source, Timeline
from ..search import Query, ReaderMarks, SearchIndex, quick_engine
from ..text import clean_name
from ..view import Span
from ..wording import describe_span

READER_NOTE = "Reader's note, not from the sources"
"""The heading of a reader's note in an export: the reader's own words, never the timeline's."""
READER_NOTES = "Reader's notes"


class SpanError(ValueError):
    """A span that ends before it starts; the message is short enough to show where it was typed."""


@dataclass(frozen=True)
class ExportRequest:
    """The events to export, with what the header of the export says about them."""

    timeline: Timeline
    events: Sequence[Event]
    """Chronological, as `select_events` returns them."""
    start: PartialDate | None = None
    end: PartialDate | None = None
    query: str = ""
    """The query as the user typed it; empty for none."""
    timeline_file: str | None = None
    """The name of the file the timeline was read from, as the header shows it."""
    stamp: datetime.datetime | None = None
    """When the export was made; None leaves the time out, so that the same input gives the same bytes."""
    progress: Callable[[float], None] | None = field(default=None, compare=False)
    """Told the fraction of the events rendered, as they are (the export dialog shows it)."""

    reader_notes: Mapping[str, str] | None = None
    """The reader's own notes, by event id, when the export includes them (Markdown, HTML and
    JSON give each its own block, labelled as the reader's; `READER_NOTE`); None leaves them out."""

    def each_event(self) -> Iterator[Event]:
        """The events, in order, telling `progress` how far the rendering is every 1% or so: each
        format renders its events through this."""
        if self.progress is None:
            yield from self.events
            return
        total = len(self.events)
        step = max(total // 100, 1)
        for number, event in enumerate(self.events):
            if number % step == 0:
                self.progress(number / total)
            yield event
        self.progress(1.0)

    def reader_note(self, event: Event) -> str | None:
        """The reader's note on `event`, if the export includes notes and it has one."""
        note = self.reader_notes.get(event.id) if self.reader_notes is not None else None
        return note if note and note.strip() else None

    def header_lines(self) -> list[str]:
        """The facts an export opens with, as plain text, one per line."""
        lines = [f"Span: {describe_span(self.start, self.end)}", f"Events: {len(self.events)}"]
        if self.query.strip():
            lines.append(f"Query: {self.query.strip()}")
        if self.timeline_file:
            lines.append(f"Timeline file: {clean_name(self.timeline_file)}")
        if self.reader_notes is not None:
            noted = sum(1 for event in self.events if self.reader_note(event))
            lines.append(f"{READER_NOTES}: {noted} (each under “{READER_NOTE}”)")
        if self.stamp is not None:
            lines.append(f"Exported on {self.stamp.isoformat(timespec='seconds')}")
        return lines

    def cited_sources(self) -> list[Source]:
        """The sources quoted by the exported events, in the order they are first cited."""
        sources = self.timeline.sources_by_id
        cited = dict.fromkeys(quote.source for event in self.events for quote in event.quotes)
        return [sources[source_id] for source_id in cited]

    def used_periods(self) -> list[Period]:
        """The periods the exported events belong to, in the timeline's order."""
        used = {event.period for event in self.events}
        return [period for period in self.timeline.periods if period.id in used]


def select_events(
    timeline: Timeline,
    start: PartialDate | None = None,
    end: PartialDate | None = None,
    query: Query | None = None,
    index: SearchIndex | None = None,
    rows: tuple[int, int] | None = None,
    reader: ReaderMarks | None = None,
) -> list[Event]:
    """The events whose dates overlap the span from `start` to `end`, in chronological order.

    A date covers every day it could mean: a span from `2017-07` starts on 1 July 2017 and one to
    `2020` ends on 31 December 2020, so an event known only to the year 2017 overlaps a span that
    starts in July 2017. With a query, only the events that match it are kept; pass the `index` the
    caller already holds to avoid folding the timeline's text again, and the `reader`'s marks and
    notes that `is:marked`, `has:note` and `note:` look at. With `rows` (the positions of a span
    the reader marked), the events between them are taken instead, whatever the dates.
    """
    span = Span(start, end, rows)
    if span.is_empty:
        assert start is not None and end is not None
        raise SpanError(f"the span ends ({end.display()}) before it starts ({start.display()})")
    matching: set[int] | None = None
    if query is not None and not query.is_empty:
        matching = set((index or SearchIndex(timeline, quick_engine)).search(query, reader=reader).indices)
    return [
        event
        for position, event in enumerate(timeline.events)
        if span.covers(event, position) and (matching is None or position in matching)
    ]
