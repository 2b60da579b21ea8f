import datetime
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.dates import Bound, DateRange, PartialDate, Precision, contains, parse_date, parse_edtf


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
def test_a_date_is_shown_with_no_more_precision_than_written(start, end, approximate, shown):
    assert DateRange(parse_date(start), parse_date(end) if end else None, approximate).display() == shown


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


@pytest.mark.parametrize(
    ("written", "shown", "first_day", "last_day"),
    [
        ("2019", "2019", "2019-01-01", "2019-12-31"),
        ("2019~", "c. 2019", "2019-01-01", "2019-12-31"),
        ("2019?", "probably 2019", "2019-01-01", "2019-12-31"),
        ("2019-07%", "probably c. July 2019", "2019-07-01", "2019-07-31"),
        ("2005/2014", "2005–2014", "2005-01-01", "2014-12-31"),
        ("2004~/2005", "c. 2004–2005", "2004-01-01", "2005-12-31"),
        ("2018/..", "2018 or later", "2018-01-01", "9999-12-31"),
        ("2017-07-03/..", "3 July 2017 or later", "2017-07-03", "9999-12-31"),
        ("../2014", "by 2014", "0001-01-01", "2014-12-31"),
        ("../2012-05-13?", "probably by 13 May 2012", "0001-01-01", "2012-05-13"),
    ],
)
def test_edtf_dates_are_read_and_shown_as_written(written, shown, first_day, last_day):
    when = parse_edtf(written)
    assert when.display() == shown
    assert (when.first_day.isoformat().zfill(10), when.last_day.isoformat()) == (first_day, last_day)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2018/", "is not a date"),
        ("../..", "is not a date"),
        ("2019??", "is not a date"),
        ("2019/2018", "the range ends (2018) before it starts (2019)"),
        ("2017-02-30/..", "February 2017 has no day 30"),
        ("3 July 2017", "is not a date; write YYYY"),
    ],
)
def test_edtf_dates_that_cannot_be_read_say_why(written, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_edtf(written)


@st.composite
def date_ranges(draw):
    date = draw(partial_dates())
    bound = draw(st.sampled_from(Bound))
    end = None
    if bound is Bound.CLOSED and draw(st.booleans()):
        end = draw(partial_dates().filter(lambda other: other >= date))
    return DateRange(date, end, draw(st.booleans()), draw(st.booleans()), bound)


@given(date_ranges())
def test_edtf_round_trip_for_any_date_range(when):
    assert parse_edtf(when.edtf()) == when
    assert when.first_day <= when.last_day


@given(date_ranges(), date_ranges(), date_ranges())
def test_the_order_of_event_dates_is_a_total_order(a, b, c):
    assert (a.sort_key < b.sort_key) + (b.sort_key < a.sort_key) + (a.sort_key == b.sort_key) == 1
    if a.sort_key <= b.sort_key <= c.sort_key:
        assert a.sort_key <= c.sort_key


def test_by_a_date_comes_before_it_and_or_later_after_it():
    written = ["2014/..", "2014-03", "2014", "../2014", "2014~", "2013/..", "../2015"]
    ordered = sorted(written, key=lambda text: parse_edtf(text).sort_key)
    assert ordered == ["2013/..", "../2014", "2014", "2014~", "2014/..", "2014-03", "../2015"]
