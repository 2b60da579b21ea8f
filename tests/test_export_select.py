"""Which events an export takes: those whose dates overlap the span, and match the query if any."""

from __future__ import annotations

import pytest

from tui.dates import PartialDate
from tui.export import FORMATS, ExportRequest, SpanError, describe_span, select_events
from tui.loader import bundled_timeline_path, load_timeline
from tui.model import Event, Quote, Source, Timeline
from tui.navigation import RowLayout
from tui.search import SearchIndex, parse_query
from tui.view import Span, TimelineView


def event(event_id: str, date: PartialDate, end: PartialDate | None = None, tags: tuple[str, ...] = ()) -> Event:
    return Event(event_id, date, event_id, "s", (Quote("s", "Words."),), end=end, tags=tags)


TIMELINE = Timeline(
    "T",
    (Source("s", "S", "letter", author="A"),),
    (
        event("range-into-span", PartialDate(2005), PartialDate(2017, 7), tags=("abuse",)),
        event("year-of-start", PartialDate(2017)),
        event("day-before", PartialDate(2017, 7, 2)),
        event("first-day", PartialDate(2017, 7, 3), tags=("broadcast",)),
        event("month-of-end", PartialDate(2020, 4)),
        event("last-day", PartialDate(2020, 4, 23)),
        event("day-after", PartialDate(2020, 4, 24)),
    ),
)


def ids(events: list[Event]) -> list[str]:
    return [item.id for item in events]


def test_events_whose_dates_overlap_the_span_are_taken_in_order():
    selected = select_events(TIMELINE, PartialDate(2017, 7, 3), PartialDate(2020, 4, 23))
    assert ids(selected) == ["range-into-span", "year-of-start", "first-day", "month-of-end", "last-day"]


def test_a_date_covers_every_day_it_could_mean():
    assert ids(select_events(TIMELINE, PartialDate(2017, 7), PartialDate(2017, 7))) == [
        "range-into-span",
        "year-of-start",
        "day-before",
        "first-day",
    ]
    assert ids(select_events(TIMELINE, PartialDate(2020))) == ["month-of-end", "last-day", "day-after"]
    assert ids(select_events(TIMELINE, end=PartialDate(2016))) == ["range-into-span"]
    assert ids(select_events(TIMELINE)) == [item.id for item in TIMELINE.events]


def test_a_query_keeps_only_its_matches_and_may_reuse_an_index():
    query = parse_query("tag:abuse or tag:broadcast")
    assert ids(select_events(TIMELINE, PartialDate(2017, 7, 3), None, query)) == ["range-into-span", "first-day"]
    assert ids(select_events(TIMELINE, PartialDate(2017, 7, 3), None, query, SearchIndex(TIMELINE))) == [
        "range-into-span",
        "first-day",
    ]
    assert ids(select_events(TIMELINE, None, None, parse_query(""))) == [item.id for item in TIMELINE.events]


def test_a_span_that_ends_before_it_starts_is_refused():
    with pytest.raises(SpanError, match=r"^the span ends \(2016\) before it starts \(July 2017\)$"):
        select_events(TIMELINE, PartialDate(2017, 7), PartialDate(2016))


@pytest.mark.parametrize(
    ("start", "end", "described"),
    [
        (PartialDate(2017, 7, 3), PartialDate(2020, 4, 23), "3 July 2017 – 23 April 2020"),
        (PartialDate(2005), PartialDate(2014), "2005–2014"),
        (PartialDate(2017), PartialDate(2017), "2017"),
        (PartialDate(2017, 7), None, "from July 2017"),
        (None, PartialDate(2020), "up to 2020"),
        (None, None, "the whole timeline"),
    ],
)
def test_the_span_is_described_as_the_app_shows_dates(start, end, described):
    assert describe_span(start, end) == described


def test_the_events_counted_and_marked_are_those_an_export_takes() -> None:
    """For every span between two events of the bundled timeline, with and without a query."""
    timeline = load_timeline(bundled_timeline_path())
    whole = RowLayout(timeline)
    query = parse_query("tag:letter or review")
    search_index = SearchIndex(timeline)
    views = [(TimelineView(whole), None), (TimelineView(whole, search_index.search(query).indices), query)]
    count = len(timeline.events)
    for first in range(count):
        for second in range(count):
            marked = Span.between(timeline, first, second)
            for span in (marked, Span(marked.start, marked.end)):  # marked rows, and their dates
                for view, view_query in views:
                    exported = select_events(timeline, span.start, span.end, view_query, search_index, span.rows)
                    assert view.count_in(span) == len(exported), (first, second)
                    shown = [
                        timeline.events[position]
                        for position in view.events
                        if span.covers(timeline.events[position], position)
                    ]
                    assert shown == exported, (first, second)


def test_a_marked_span_of_one_event_holds_that_event_alone() -> None:
    """A span followed dates, so `v v` on an event of 3 July 2017 took every event of 2017
    known only to the year, and one event could not be exported on its own."""
    timeline = load_timeline(bundled_timeline_path())
    for position, event in enumerate(timeline.events):
        span = Span.between(timeline, position, position)
        assert select_events(timeline, span.start, span.end, rows=span.rows) == [event]
        assert TimelineView(RowLayout(timeline)).count_in(span) == 1
    shared = [
        position
        for position, event in enumerate(timeline.events)
        if len(select_events(timeline, event.date, event.end or event.date)) > 1
    ]
    assert shared, "the bundled timeline has events whose dates others share"


def test_each_event_tells_how_far_the_rendering_is_and_changes_no_byte() -> None:
    timeline = load_timeline(bundled_timeline_path())
    told: list[float] = []
    plain = ExportRequest(timeline, timeline.events)
    watched = ExportRequest(timeline, timeline.events, progress=told.append)
    for export_format in FORMATS.values():
        told.clear()
        assert export_format.render(watched) == export_format.render(plain)
        if export_format.name != "csl-json":  # renders the cited sources, not the events
            assert told[0] == 0.0 and told[-1] == 1.0
            assert told == sorted(told) and len(told) > 10
