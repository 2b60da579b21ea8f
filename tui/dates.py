"""Partial dates: a year, a month or a day, and never more precision than the source gave.

A curator writes `2017`, `2017-07` or `2017-07-03`; the precision is how it was written.
Display is British, as the sources are: `2017`, `July 2017`, `3 July 2017`.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from enum import IntEnum
from typing import TypeVar

T = TypeVar("T", datetime.date, int)

EN_DASH = "\u2013"

_ISO_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    # calendar.monthrange also works out the weekday, which made loading large files slow.
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    """A date known to the year, the month or the day.

    Ordering puts a less precise date before the more precise dates it contains:
    `2017` < `2017-01` < `2017-01-01`. A year-only event therefore opens its year in the
    timeline, and a month-only event opens its month; ties keep file order (sorting is stable).
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")
        if self.month is None:
            if self.day is not None:
                raise ValueError("a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not between 1 and 12")
        if self.day is not None:
            if not 1 <= self.day <= days_in_month(self.year, self.month):
                raise ValueError(f"{calendar.month_name[self.month]} {self.year} has no day {self.day}")

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: PartialDate) -> bool:
        return self.sort_key <= other.sort_key

    def __gt__(self, other: PartialDate) -> bool:
        return self.sort_key > other.sort_key

    def __ge__(self, other: PartialDate) -> bool:
        return self.sort_key >= other.sort_key

    @property
    def first_day(self) -> datetime.date:
        """The earliest day this date could mean."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> datetime.date:
        """The latest day this date could mean."""
        month = self.month or 12
        day = self.day or days_in_month(self.year, month)
        return datetime.date(self.year, month, day)

    def iso(self) -> str:
        """The form a curator writes: `2017`, `2017-07` or `2017-07-03`."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """`2017`, `July 2017` or `3 July 2017`."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{calendar.month_name[self.month]} {self.year}"
        return f"{self.day} {calendar.month_name[self.month]} {self.year}"

    def __str__(self) -> str:
        return self.iso()


def parse_date(text: str) -> PartialDate:
    """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError saying what is wrong."""
    match = _ISO_FORM.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        return PartialDate(int(year), int(month) if month else None, int(day) if day else None)
    except ValueError as error:
        raise ValueError(f"{text} is not a valid date: {error}") from None


class DateError(ValueError):
    """A date typed by a user that cannot be read; the message is short enough to show where it was typed."""


def read_typed_date(value: str, name: str = "date") -> PartialDate:
    """A date as a user types it (a search's `from:`, the span dialog, `export --from`): `2017-07`,
    or a natural form such as `July 2017` or `3 July 2017`; `name` says where, in the message.

    Natural forms are read with python-dateutil, twice with different defaults: a part that
    changes with the default was not written, so the date keeps exactly the precision typed.
    """
    try:
        return parse_date(value)
    except ValueError as error:
        if re.fullmatch(r"\s*\d{4}(-\d{1,2}){0,2}\s*", value):
            raise DateError(f"{name}:{value}: {error}") from None
    from dateutil import parser as date_parser  # only natural forms need it; kept out of start-up

    try:
        low = date_parser.parse(value, default=datetime.datetime(1, 1, 1))
        high = date_parser.parse(value, default=datetime.datetime(2, 2, 2))
    except (ValueError, OverflowError):
        raise DateError(f'{name}:{value!r} is not a date; write 2017, 2017-07, 2017-07-03 or "July 2017"') from None
    if low.year != high.year:
        raise DateError(f"{name}:{value!r} needs a year")
    if low.month != high.month:
        return PartialDate(low.year)
    if low.day != high.day:
        return PartialDate(low.year, low.month)
    return PartialDate(low.year, low.month, low.day)


def touches(first: T, last: T, other_first: T, other_last: T) -> bool:
    """Whether the span from `first` to `last` shares a day with the span from `other_first` to
    `other_last` (days, or their ordinal numbers; each span inclusive at both ends).

    The one rule by which a date range is in a span: the list marks a span's events by it,
    exports select by it, and a search's `year:`, `from:` and `to:` match by it.
    """
    return first <= other_last and other_first <= last


def contains(outer_start: PartialDate, outer_end: PartialDate | None, day: PartialDate) -> bool:
    """Whether `day` falls within the span from `outer_start` to `outer_end` (inclusive)."""
    last = (outer_end or outer_start).last_day
    return outer_start.first_day <= day.first_day and day.last_day <= last


def format_span(start: PartialDate, end: PartialDate | None = None, approximate: bool = False) -> str:
    """Display a date or a range honestly: `3 July 2017`, `2005–2014`, `c. 2019`.

    Two years join with a bare en dash (`2005–2014`); anything finer is spaced
    (`July 2017 – April 2020`) so that the dash reads as joining whole dates.
    """
    if end is None or end == start:
        text = start.display()
    elif start.precision == end.precision == Precision.YEAR:
        text = f"{start.year}{EN_DASH}{end.year}"
    else:
        text = f"{start.display()} {EN_DASH} {end.display()}"
    return f"c. {text}" if approximate else text
