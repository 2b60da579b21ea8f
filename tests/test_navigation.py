"""The row layout and jump tables behind the list's keys, without an app."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from timelines import fixture_timeline

from tui.dates import PartialDate
from tui.model import Event, Timeline
from tui.navigation import QuoteRef, RowLayout


@pytest.fixture
def timeline() -> Timeline:
    return fixture_timeline()


def event(number: int, year: int, period: str | None = None) -> Event:
    return Event(f"e{number}", PartialDate(year), f"Event {number}", "", (), period=period)


def test_rows_put_a_separator_before_each_year(timeline: Timeline) -> None:
    index = RowLayout(timeline)
    assert list(index.rows[:4]) == [-2004, 0, -2005, 1]
    assert index.row_count == len(timeline.events) + len(index.years)
    assert [index.event_at_row(row) for row in range(3)] == [None, 0, None]
    assert index.event_near_row(2) == 1
    assert all(index.rows[index.event_rows[event]] == event for event in range(len(timeline.events)))


def test_years_jump_to_the_first_event_of_a_year(timeline: Timeline) -> None:
    index = RowLayout(timeline)
    assert index.years == [2004, 2005, 2006, 2007, 2008, 2010, 2011, 2012]
    assert index.next_year(0) == 1
    assert index.next_year(8) is None
    assert index.previous_year(8) == 6
    assert index.previous_year(7) == 6
    assert index.previous_year(0) is None
    assert index.year_start(2009) == 5, "a year without events leads to the next that has some"
    assert index.year_start(2030) == 7, "past the end: the last year"
    assert index.year_counts[2012] == 2


def test_periods_jump_to_each_periods_first_event() -> None:
    """One stop a period: events outside a period, or of another, coming between its own made a
    stop at each change (five stops for two periods in the bundled timeline)."""
    periods = ["a", None, "a", "b", "a", None, "b"]
    events = tuple(event(number, 2000 + number, period) for number, period in enumerate(periods))
    index = RowLayout(Timeline("t", (), events))
    assert list(index.period_starts) == [0, 3]
    assert [index.next_period(position) for position in range(7)] == [3, 3, 3, None, None, None, None]
    assert [index.previous_period(position) for position in range(7)] == [None, 0, 0, 0, 3, 3, 3]
    assert index.period_start("b") == 3
    assert index.period_start("missing") is None


def test_quotes_by_source_follow_the_timeline(timeline: Timeline) -> None:
    index = RowLayout(timeline)
    assert index.quotes_by_source["inspection-2006"] == (
        QuoteRef(1, 0),
        QuoteRef(2, 0),
        QuoteRef(2, 1),
        QuoteRef(8, 0),
    )
    assert index.quote(QuoteRef(6, 1)).speaker == "Witness B"


def test_date_width_fits_the_widest_date(timeline: Timeline) -> None:
    index = RowLayout(timeline)
    assert index.date_width >= max(len(event.display_date) for event in timeline.events)
    assert index.date_width == len("30 September 2000")


def test_an_empty_timeline_has_no_rows() -> None:
    index = RowLayout(Timeline("t", (), ()))
    assert index.row_count == 0
    assert index.year_start(2000) is None
    assert index.date_width == 0


@given(
    st.lists(st.tuples(st.integers(1990, 1996), st.sampled_from([None, "a", "b"])), max_size=40).map(
        lambda pairs: sorted(pairs, key=lambda pair: pair[0])
    ),
    st.data(),
)
def test_a_subset_is_laid_out_as_a_timeline_of_its_own(years_and_periods, data) -> None:
    """What a search's view shows: the layout built from the whole index by bisection must be
    the one a RowLayout of only those events would have (but keep the whole's date width)."""
    events = tuple(event(number, year, period) for number, (year, period) in enumerate(years_and_periods))
    whole = RowLayout(Timeline("t", (), events))
    positions = sorted(
        data.draw(st.sets(st.integers(0, max(len(events) - 1, 0)), max_size=len(events))) if events else []
    )
    subset = whole.subset(positions)
    expected = RowLayout(Timeline("t", (), tuple(events[position] for position in positions)))
    for table in ("rows", "event_rows", "years", "year_starts", "year_counts", "period_starts"):
        assert getattr(subset, table) == getattr(expected, table), table
    assert subset.timeline == expected.timeline
    assert subset.date_width == whole.date_width
