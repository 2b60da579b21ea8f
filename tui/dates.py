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

from .text import shown

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
        raise ValueError(f"{shown(text)} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
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
        raise DateError(
            f'{name}:{shown(value)} is not a date; write 2017, 2017-07, 2017-07-03 or "July 2017"'
        ) from None
    if low.year != high.year:
        raise DateError(f"{name}:{shown(value)} needs a year")
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


class Bound(IntEnum):
    """Which side of an event's date is open: `X/..` happened at X or later, `../X` at X or
    earlier. The value orders events that share a written date (see `DateRange.sort_key`)."""

    OPEN_START = 0
    CLOSED = 1
    OPEN_END = 2


@dataclass(frozen=True, slots=True)
class DateRange:
    """What an event's date says, as ISO 8601-2 (EDTF) writes it: a date (`2019`), a range
    (`2005/2014`), a date whose other side is open (`2018/..` at 2018 or later, `../2014` at
    2014 or earlier), any of them approximate (`~`: c. 2019), uncertain (`?`) or both (`%`).

    A qualifier is the whole date's: `2004~/2005` and `2004/2005~` are both an approximate range.
    """

    date: PartialDate
    """The date written; for `../2014`, 2014."""
    end: PartialDate | None = None
    approximate: bool = False
    uncertain: bool = False
    bound: Bound = Bound.CLOSED

    @property
    def first_day(self) -> datetime.date:
        return first_day_of(self.date, self.bound)

    @property
    def last_day(self) -> datetime.date:
        return last_day_of(self.date, self.end, self.bound)

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        return sort_key_of(self.date, self.bound)

    def display(self) -> str:
        """`3 July 2017`, `2005–2014`, `c. 2019`, `probably 2019`, `2018 or later`, `by 2014`."""
        if self.bound is Bound.OPEN_END:
            text = f"{self._prefix()}{self.date.display()} or later"
        elif self.bound is Bound.OPEN_START:
            text = f"by {self._prefix()}{self.date.display()}"
        else:
            text = self._prefix() + _span_text(self.date, self.end)
        return f"probably {text}" if self.uncertain else text

    def _prefix(self) -> str:
        return "c. " if self.approximate else ""

    def edtf(self) -> str:
        """The EDTF form: `2019~`, `2005/2014`, `2018/..`, `../2014?`."""
        qualifier = {(True, True): "%", (True, False): "~", (False, True): "?"}.get(
            (self.approximate, self.uncertain), ""
        )
        written = f"{self.date.iso()}{qualifier}"
        if self.bound is Bound.OPEN_END:
            return f"{written}/.."
        if self.bound is Bound.OPEN_START:
            return f"../{written}"
        if self.end is not None:
            return f"{written}/{self.end.iso()}{qualifier}"
        return written


def first_day_of(date: PartialDate, bound: Bound) -> datetime.date:
    """The earliest day a date could mean: the first day there is, for an open start."""
    return datetime.date.min if bound is Bound.OPEN_START else date.first_day


def last_day_of(date: PartialDate, end: PartialDate | None, bound: Bound) -> datetime.date:
    """The latest day a date or range could mean: the last day there is, for an open end."""
    return datetime.date.max if bound is Bound.OPEN_END else (end or date).last_day


def sort_key_of(date: PartialDate, bound: Bound) -> tuple[int, int, int, int]:
    """Events are ordered by the date written (a less precise date before the more precise ones
    it holds, see `PartialDate`), then `../X` before X before `X/..`: what may have come
    earlier first. Equal keys keep file order."""
    return (*date.sort_key, bound)


_EDTF_DATE = r"([0-9]{4}(?:-[0-9]{1,2}){0,2})([?~%]?)"
_EDTF = re.compile(rf"(?:(\.\.)|{_EDTF_DATE})(?:/(?:(\.\.)|{_EDTF_DATE}))?")
_QUALIFIERS = {"": (False, False), "~": (True, False), "?": (False, True), "%": (True, True)}
EDTF_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD, with ~ (approximate), ? (uncertain) or % (both), or a range: 2005/2014, 2018/.. (2018 or later), ../2014 (by 2014)"


def parse_edtf(text: str) -> DateRange:
    """Read an event's date as EDTF writes it (see `DateRange`); raise ValueError saying what is wrong."""
    match = _EDTF.fullmatch(text.strip())
    if match is None or (match[1] and match[4]) or (match[1] and not match[5]) or (not match[1] and not match[2]):
        raise ValueError(f"{shown(text)} is not a date; write {EDTF_FORMS}")
    open_start, start, start_qualifier, open_end, end, end_qualifier = match.groups()
    written = parse_date(end if open_start else start)
    qualifiers = [_QUALIFIERS[start_qualifier or ""], _QUALIFIERS[end_qualifier or ""]]
    approximate = any(approximate for approximate, _ in qualifiers)
    uncertain = any(uncertain for _, uncertain in qualifiers)
    if open_start:
        return DateRange(written, None, approximate, uncertain, Bound.OPEN_START)
    if open_end:
        return DateRange(written, None, approximate, uncertain, Bound.OPEN_END)
    last = parse_date(end) if end else None
    if last is not None and last < written:
        raise ValueError(f"{text}: the range ends ({last}) before it starts ({written})")
    return DateRange(written, last, approximate, uncertain)


def _span_text(start: PartialDate, end: PartialDate | None) -> str:
    """Two years join with a bare en dash (`2005–2014`); anything finer is spaced
    (`July 2017 – April 2020`) so that the dash reads as joining whole dates."""
    if end is None or end == start:
        return start.display()
    if start.precision == end.precision == Precision.YEAR:
        return f"{start.year}{EN_DASH}{end.year}"
    return f"{start.display()} {EN_DASH} {end.display()}"


def format_span(start: PartialDate, end: PartialDate | None = None) -> str:
    """Display a date or a closed range honestly: `3 July 2017`, `2005–2014`."""
    return _span_text(start, end)
