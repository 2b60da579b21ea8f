import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.dates import PartialDate, Precision, contains, format_span, parse_date


@pytest.mark.parametrize(
    ("text", "expected", "precision", "display"),
    [
        ("2017", PartialDate(2017), Precision.YEAR, "2017"),
        ("2017-07", PartialDate(2017, 7), Precision.MONTH, "July 2017"),
        ("2017-07-03", PartialDate(2017, 7, 3), Precision.DAY, "3 July 2017"),
        (" 2020-04-23 ", PartialDate(2020, 4, 23), Precision.DAY, "23 April 2020"),
        ("2024-2-9", PartialDate(2024, 2, 9), Precision.DAY, "9 February 2024"),
    ],
)
def test_parse_keeps_the_precision_it_was_written_with(text, expected, precision, display):
    date = parse_date(text)
    assert date == expected
    assert date.precision is precision
    assert date.display() == display


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2017-02-30", "2017-02-30 is not a valid date: February 2017 has no day 30"),
        ("2017-13", "2017-13 is not a valid date: month 13 is not between 1 and 12"),
        ("2023-02-29", "February 2023 has no day 29"),
        ("July 2017", "is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("17", "is not a date"),
        ("2017-07-03T10:00", "is not a date"),
        ("", "is not a date"),
    ],
)
def test_parse_rejects_impossible_or_malformed_dates(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


def test_leap_day_is_valid():
    assert parse_date("2024-02-29").display() == "29 February 2024"


def test_iso_round_trips():
    for text in ("2017", "2017-07", "2017-07-03"):
        assert parse_date(text).iso() == text


def test_less_precise_dates_sort_first_within_their_span():
    dates = [parse_date(text) for text in ("2017-07-03", "2017-07", "2018", "2017", "2017-01-01", "2016-12-31")]
    assert [date.iso() for date in sorted(dates)] == [
        "2016-12-31",
        "2017",
        "2017-01-01",
        "2017-07",
        "2017-07-03",
        "2018",
    ]


def test_first_and_last_day_cover_the_whole_precision():
    assert PartialDate(2024, 2).first_day == datetime.date(2024, 2, 1)
    assert PartialDate(2024, 2).last_day == datetime.date(2024, 2, 29)
    assert PartialDate(2019).last_day == datetime.date(2019, 12, 31)


def test_contains_respects_precision():
    assert contains(PartialDate(2017), PartialDate(2020), PartialDate(2019, 7))
    assert contains(PartialDate(2017, 7), None, PartialDate(2017, 7, 31))
    assert not contains(PartialDate(2017, 7, 3), PartialDate(2020, 4, 23), PartialDate(2017))


@pytest.mark.parametrize(
    ("start", "end", "approximate", "shown"),
    [
        ("2017-07-03", None, False, "3 July 2017"),
        ("2019-07", None, False, "July 2019"),
        ("2005", "2014", False, "2005–2014"),
        ("2019", None, True, "c. 2019"),
        ("2005", "2014", True, "c. 2005–2014"),
        ("2017-07-03", "2020-04-23", False, "3 July 2017 – 23 April 2020"),
        ("2017-09", "2025", False, "September 2017 – 2025"),
        ("2017", "2017", False, "2017"),
    ],
)
def test_format_span_never_adds_precision(start, end, approximate, shown):
    assert format_span(parse_date(start), parse_date(end) if end else None, approximate) == shown


@st.composite
def partial_dates(draw):
    day = draw(st.dates(min_value=datetime.date(1, 1, 1)))
    precision = draw(st.sampled_from(Precision))
    return PartialDate(
        day.year,
        day.month if precision >= Precision.MONTH else None,
        day.day if precision == Precision.DAY else None,
    )


@given(partial_dates())
def test_iso_parse_round_trip_for_any_date(date):
    assert parse_date(date.iso()) == date


@given(partial_dates(), partial_dates(), partial_dates())
def test_ordering_is_a_total_order(a, b, c):
    assert (a < b) + (b < a) + (a == b) == 1
    if a <= b and b <= c:
        assert a <= c
