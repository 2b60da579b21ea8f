"""The query language, and matching events against it.

One parser for the TUI and the CLI. A query is a list of terms that must all match; `or` between
two terms lets either match; `-term` excludes. A term is a word (`manchester`), an exact phrase
(`"significant improvements"`), or a field: `tag:`, `source:`, `speaker:`, `people:`, `period:`,
`year:`, `from:` and `to:` (dates at any precision, `from:2017-07`, `to:2020`, or natural forms
such as `from:"July 2017"`). Words match anywhere in a word, ignoring case and accents, and a
straight apostrophe or quotation mark matches a curly one.
"""

from __future__ import annotations

import bisect
import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from dateutil import parser as date_parser

from .dates import PartialDate, parse_date
from .model import Event, Timeline

TEXT_FIELDS = ("title", "summary", "notes", "tags", "people", "quotes", "speakers", "sources", "period")
"""The parts of an event a plain word is looked for in, in the order results name them."""

_FIELD_WEIGHTS = {
    "title": 16, "tags": 8, "people": 8, "period": 4, "summary": 4,
    "speakers": 2, "sources": 2, "notes": 2, "quotes": 1,
}
"""How much a hit in each field counts when results are ranked: title hits come first."""

_TERM_FIELDS = {
    "tag": ("tags",),
    "source": ("sources",),
    "speaker": ("speakers",),
    "people": ("people",),
    "person": ("people",),
    "period": ("period",),
}
_DATE_FIELDS = ("year", "from", "to")
_SEPARATOR = "\n"

_COMBINING_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_TOKEN = re.compile(
    r"""\s*(?P<negate>-)?(?:(?P<field>[A-Za-z]+):)?(?:"(?P<phrase>[^"]*)(?P<closed>")?|(?P<word>[^\s"]+))"""
)


class QueryError(ValueError):
    """A query that cannot be read; the message is short enough to show where the user typed."""


def fold(text: str) -> str:
    """Text as compared by search: no case, no accents, plain apostrophes, quotes and dashes."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_TYPOGRAPHY))
    return _COMBINING_MARKS.sub("", decomposed).casefold()


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """`fold(text)` built character by character, with the index in `text` of each folded character."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    pieces: list[str] = []
    positions: list[int] = []
    for index, character in enumerate(text):
        folded = fold(character)
        pieces.append(folded)
        positions.extend([index] * len(folded))
    return "".join(pieces), positions


@dataclass(frozen=True, slots=True)
class TextTerm:
    """A word or phrase, looked for in every text field or in the fields named."""

    needle: str
    fields: tuple[str, ...] | None = None
    """None for every text field."""
    negated: bool = False


@dataclass(frozen=True, slots=True)
class DateTerm:
    """`year:`, `from:` or `to:`: whether an event's dates overlap a span of days."""

    name: str
    first: datetime.date
    last: datetime.date
    negated: bool = False


Term = TextTerm | DateTerm


@dataclass(frozen=True)
class Query:
    """All clauses must match; a clause matches when any of its terms does (`or`)."""

    text: str
    clauses: tuple[tuple[Term, ...], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @cached_property
    def highlight_needles(self) -> tuple[str, ...]:
        """The folded words and phrases worth lighting up where they occur, longest first."""
        needles = {
            term.needle
            for clause in self.clauses
            for term in clause
            if isinstance(term, TextTerm) and not term.negated and term.needle
        }
        return tuple(sorted(needles, key=len, reverse=True))


def parse_query(text: str) -> Query:
    """Read a query; raise QueryError with a short message for one that cannot be read."""
    clauses: list[list[Term]] = []
    join_next = False
    position = 0
    while position < len(text):
        if not text[position:].strip():
            break
        match = _TOKEN.match(text, position)
        if match is None:  # pragma: no cover - the pattern accepts any non-space run
            raise QueryError(f"cannot read the query at {text[position:]!r}")
        position = match.end()
        if match["phrase"] is not None and match["closed"] is None:
            raise QueryError('a quotation mark is not closed: add the closing "')
        if match["word"] is not None and match["word"].lower() == "or" and not match["negate"] and not match["field"]:
            if not clauses or join_next:
                raise QueryError("'or' needs a term on each side")
            join_next = True
            continue
        term = _make_term(match)
        if term is None:
            continue
        if join_next:
            clauses[-1].append(term)
            join_next = False
        else:
            clauses.append([term])
    if join_next:
        raise QueryError("'or' needs a term on each side")
    return Query(text, tuple(tuple(clause) for clause in clauses))


def _make_term(match: re.Match[str]) -> Term | None:
    negated = bool(match["negate"])
    value = match["phrase"] if match["phrase"] is not None else match["word"]
    name = (match["field"] or "").lower()
    if not name:
        if value.endswith(":") and value[:-1].lower() in {*_TERM_FIELDS, *_DATE_FIELDS}:
            raise QueryError(f"{value} needs a value, as in {value}{_EXAMPLES.get(value[:-1].lower(), 'word')}")
        needle = " ".join(fold(value).split())
        return TextTerm(needle, negated=negated) if needle else None
    if not value.strip():
        raise QueryError(f"{name}: needs a value, as in {name}:{_EXAMPLES.get(name, 'word')}")
    if name in _DATE_FIELDS:
        return _date_term(name, value, negated)
    if name in _TERM_FIELDS:
        return TextTerm(" ".join(fold(value).split()), _TERM_FIELDS[name], negated)
    known = ", ".join(sorted({*_TERM_FIELDS, *_DATE_FIELDS} - {"person"}))
    raise QueryError(f"unknown field {name}:; the fields are {known}")


_EXAMPLES = {"year": "2017", "from": "2017-07", "to": "2020", "tag": "inspection", "source": "hansard"}


def _date_term(name: str, value: str, negated: bool) -> DateTerm:
    date = read_query_date(value, name)
    if name == "year":
        if date.month is not None:
            raise QueryError(f"year: takes a year, as in year:2017, not {value!r}")
        return DateTerm(name, date.first_day, date.last_day, negated)
    if name == "from":
        return DateTerm(name, date.first_day, datetime.date.max, negated)
    return DateTerm(name, datetime.date.min, date.last_day, negated)


def read_query_date(value: str, name: str = "date") -> PartialDate:
    """A date as a user types it: `2017-07`, or a natural form such as `July 2017` or `3 July 2017`.

    Natural forms are read with python-dateutil, twice with different defaults: a part that
    changes with the default was not written, so the date keeps exactly the precision typed.
    """
    try:
        return parse_date(value)
    except ValueError as error:
        if re.fullmatch(r"\s*\d{4}(-\d{1,2}){0,2}\s*", value):
            raise QueryError(f"{name}:{value}: {error}") from None
    try:
        low = date_parser.parse(value, default=datetime.datetime(1, 1, 1))
        high = date_parser.parse(value, default=datetime.datetime(2, 2, 2))
    except (ValueError, OverflowError):
        raise QueryError(f"{name}:{value!r} is not a date; write 2017, 2017-07, 2017-07-03 or \"July 2017\"") from None
    if low.year != high.year:
        raise QueryError(f"{name}:{value!r} needs a year")
    if low.month != high.month:
        return PartialDate(low.year)
    if low.day != high.day:
        return PartialDate(low.year, low.month)
    return PartialDate(low.year, low.month, low.day)


def _event_fields(event: Event, timeline: Timeline) -> dict[str, str]:
    """An event's searchable text by field, before folding."""
    sources = timeline.sources_by_id
    period = timeline.periods_by_id.get(event.period) if event.period else None
    quoted = dict.fromkeys(quote.source for quote in event.quotes)
    return {
        "title": event.title,
        "summary": event.summary,
        "notes": event.notes or "",
        "tags": _SEPARATOR.join(event.tags),
        "people": _SEPARATOR.join(event.people),
        "quotes": _SEPARATOR.join(quote.text for quote in event.quotes),
        "speakers": _SEPARATOR.join(quote.speaker for quote in event.quotes if quote.speaker),
        "sources": _SEPARATOR.join(
            f"{source_id} {sources[source_id].title} {sources[source_id].attribution}"
            for source_id in quoted
            if source_id in sources
        ),
        "period": f"{period.id} {period.title}" if period else "",
    }


class _Corpus:
    """The folded text of every event, one after another in a single string.

    One `str.find` over the whole string runs at C speed, where a test per event would pay
    Python's overhead a hundred thousand times; each hit is mapped to its event by bisection,
    and the search resumes at the next event, so each matching event costs one step.
    """

    _BETWEEN = "\x00"  # cleaning turns NUL into a visible sign, so no text or needle holds one

    def __init__(self, texts: Iterable[str]) -> None:
        starts: list[int] = []
        pieces: list[str] = []
        offset = 0
        for text in texts:
            starts.append(offset)
            pieces.append(text)
            offset += len(text) + 1
        self.text = self._BETWEEN.join(pieces)
        self.starts = starts

    def events_containing(self, needle: str, cancelled: Callable[[], bool] | None) -> set[int]:
        found: set[int] = set()
        text, starts, count = self.text, self.starts, len(self.starts)
        position = text.find(needle)
        while position != -1:
            event = bisect.bisect_right(starts, position) - 1
            found.add(event)
            if event + 1 >= count:
                break
            if cancelled is not None and len(found) % 4096 == 0 and cancelled():
                raise SearchCancelled
            position = text.find(needle, starts[event + 1])
        return found


@dataclass(frozen=True)
class SearchResult:
    """The events (indices into `timeline.events`, in chronological order) that match a query."""

    query: Query
    indices: Sequence[int]
    _index: SearchIndex = field(repr=False, compare=False)

    def ranked(self) -> list[int]:
        """The matches best first (title hits above quote hits), chronological among equals."""
        needles = self.query.highlight_needles

        def score(index: int) -> int:
            fields = self._index.folded_fields(index)
            return sum(max((_FIELD_WEIGHTS[name] for name in TEXT_FIELDS if needle in fields[name]), default=0) for needle in needles)

        return sorted(self.indices, key=lambda index: -score(index))

    def matched_fields(self, index: int) -> list[str]:
        """Where event `index` matched the query's words: `title`, `quotes`, ..."""
        fields = self._index.folded_fields(index)
        needles = self.query.highlight_needles
        return [name for name in TEXT_FIELDS if any(needle in fields[name] for needle in needles)]


class SearchCancelled(Exception):
    """Raised inside a search when its caller no longer wants the result."""


class SearchIndex:
    """A timeline's text folded for search, built once per timeline.

    Words without a field are looked for in one corpus of all the text; `tag:`, `speaker:` and
    the other fields each have a corpus of their own. Dates are kept as two lists of days.
    """

    _FIELD_CORPORA = ("tags", "people", "speakers", "sources", "period")

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        events = timeline.events
        every: list[str] = []
        by_field: dict[str, list[str]] = {name: [] for name in self._FIELD_CORPORA}
        for event in events:
            fields = {name: fold(text) for name, text in _event_fields(event, timeline).items()}
            every.append(_SEPARATOR.join(fields.values()))
            for name in self._FIELD_CORPORA:
                by_field[name].append(fields[name])
        self._everything = _Corpus(every)
        self._fields = {name: _Corpus(texts) for name, texts in by_field.items()}
        self._first_days = [event.date.first_day for event in events]
        self._last_days = [(event.end or event.date).last_day for event in events]

    def folded_fields(self, index: int) -> dict[str, str]:
        """One event's folded text by field, worked out when asked (for ranking and listing)."""
        return {name: fold(text) for name, text in _event_fields(self.timeline.events[index], self.timeline).items()}

    def search(self, query: Query | str, cancelled: Callable[[], bool] | None = None) -> SearchResult:
        """Find the matching events; `cancelled` is polled so that a superseded search stops early."""
        if isinstance(query, str):
            query = parse_query(query)
        count = len(self._first_days)
        if query.is_empty:
            return SearchResult(query, range(count), self)
        matching: set[int] | None = None
        excluded: set[int] = set()
        for clause in query.clauses:
            if cancelled is not None and cancelled():
                raise SearchCancelled
            if len(clause) == 1 and clause[0].negated:
                # Subtracted at the end: far cheaper than intersecting with a complement.
                excluded |= self._matching(clause[0], cancelled)
                continue
            either: set[int] = set()
            for term in clause:
                hits = self._matching(term, cancelled)
                either |= set(range(count)) - hits if term.negated else hits
            matching = either if matching is None else matching & either
            if not matching:
                break
        if matching is None:
            matching = set(range(count))
        matching -= excluded
        return SearchResult(query, sorted(matching), self)

    def _matching(self, term: Term, cancelled: Callable[[], bool] | None) -> set[int]:
        """The events where `term` occurs (ignoring its negation)."""
        if isinstance(term, DateTerm):
            return {
                index
                for index, (first, last) in enumerate(zip(self._first_days, self._last_days))
                if first <= term.last and term.first <= last
            }
        if term.fields is None:
            return self._everything.events_containing(term.needle, cancelled)
        return set().union(*(self._fields[name].events_containing(term.needle, cancelled) for name in term.fields))


def highlight_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where the query's words and phrases occur in `text`: sorted, non-overlapping (start, end) pairs."""
    needles = query.highlight_needles
    if not needles or not text:
        return []
    folded, positions = _fold_with_positions(text)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            spans.append((positions[start], positions[end - 1] + 1))
            start = folded.find(needle, end)
    return _merge(spans)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
