"""The query language: one parser for the explorer and the command line.

A query is a list of terms that must all match; `or` between two terms lets either match; `-term`
excludes. A term is a word (`manchester`), an exact phrase (`"significant improvements"`), a
field and its value (`tag:inspection`, `title:"the betrayed girls"`: see `fields.FIELDS`), or a
date field: `year:`, `from:` and `to:` (dates at any precision, `from:2017-07`, `to:2020`, or
natural forms such as `from:"July 2017"`). Words match anywhere in a word, ignoring case and
accents, and a straight apostrophe or quotation mark matches a curly one.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ..dates import DateError, read_typed_date
from ..text import clean_text, fold, fold_with_positions, shown
from .fields import BY_ALIAS

DATE_FIELDS = {"year": "2017", "from": "2017-07", "to": "2020"}
"""The date fields, each with the example its message gives."""
READER_FIELDS = {"is": "marked", "has": "note", "note": "word"}
MARKED = "is:marked"
"""The query of the reader's marked events: the palette's "Marked events", the export's choice."""
"""The fields that look at the reader's own marks and notes (`notes.Snapshot`), not the timeline."""

_TOKEN = re.compile(
    r"""\s*(?P<negate>-)?(?:(?P<field>[A-Za-z]+):)?(?:"(?P<phrase>[^"]*)(?P<closed>")?|(?P<word>[^\s"]+))"""
)


class QueryError(ValueError):
    """A query that cannot be read; the message is short enough to show where the user typed."""


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


@dataclass(frozen=True, slots=True)
class ReaderTerm:
    """`is:marked`, `has:note` or `note:word`: the reader's own marks and notes, which the
    search is given apart from the timeline (they change as the reader works)."""

    kind: str
    """`marked`, `noted` (any note) or `note` (a note holding `needle`)."""
    needle: str = ""
    negated: bool = False


Term = TextTerm | DateTerm | ReaderTerm


@dataclass(frozen=True)
class Query:
    """All clauses must match; a clause matches when any of its terms does (`or`)."""

    text: str
    clauses: tuple[tuple[Term, ...], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @cached_property
    def reads_marks_and_notes(self) -> bool:
        """Whether the results depend on the reader's marks and notes, and so change with them."""
        return any(isinstance(term, ReaderTerm) for clause in self.clauses for term in clause)

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
            raise QueryError(f"cannot read the query at {shown(text[position:])}")
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


def query_fields() -> list[str]:
    """The fields a query can name, as messages and help list them (a synonym such as `person:` left out)."""
    return [*dict.fromkeys(field.aliases[0] for field in BY_ALIAS.values()), *DATE_FIELDS, *READER_FIELDS]


def _example(name: str) -> str:
    if name in DATE_FIELDS:
        return DATE_FIELDS[name]
    if name in READER_FIELDS:
        return READER_FIELDS[name]
    return BY_ALIAS[name].example if name in BY_ALIAS else "word"


def _make_term(match: re.Match[str]) -> Term | None:
    negated = bool(match["negate"])
    value = match["phrase"] if match["phrase"] is not None else match["word"]
    name = (match["field"] or "").lower()
    if not name:
        if value.endswith(":") and value[:-1].lower() in {*BY_ALIAS, *DATE_FIELDS, *READER_FIELDS}:
            raise QueryError(f"{value} needs a value, as in {value}{_example(value[:-1].lower())}")
        needle = _needle(value)
        return TextTerm(needle, negated=negated) if needle else None
    if not value.strip():
        raise QueryError(f"{name}: needs a value, as in {name}:{_example(name)}")
    if name in DATE_FIELDS:
        return _date_term(name, value, negated)
    if name in READER_FIELDS:
        return _reader_term(name, value, negated)
    if name in BY_ALIAS:
        return TextTerm(_needle(value), (BY_ALIAS[name].name,), negated)
    raise QueryError(f"unknown field {name}:; the fields are {', '.join(sorted(query_fields()))}")


def _needle(value: str) -> str:
    """A word or phrase as searched for: cleaned as the timeline's text was when loaded (so a
    control character typed matches its visible sign, and no needle holds the NUL that ends
    each event's text in the index), folded, with its spaces made single."""
    return " ".join(fold(clean_text(value)).split())


def _reader_term(name: str, value: str, negated: bool) -> ReaderTerm:
    if name == "note":
        return ReaderTerm("note", _needle(value), negated)
    wanted = {"is": ("marked",), "has": ("note", "notes")}[name]
    if value.lower() not in wanted:
        raise QueryError(f"{name}: takes {wanted[0]}, as in {name}:{wanted[0]}, not {shown(value)}")
    return ReaderTerm("marked" if name == "is" else "noted", negated=negated)


def _date_term(name: str, value: str, negated: bool) -> DateTerm:
    try:
        date = read_typed_date(value, name)
    except DateError as error:
        raise QueryError(str(error)) from None
    if name == "year":
        if date.month is not None:
            raise QueryError(f"year: takes a year, as in year:2017, not {shown(value)}")
        return DateTerm(name, date.first_day, date.last_day, negated)
    if name == "from":
        return DateTerm(name, date.first_day, datetime.date.max, negated)
    return DateTerm(name, datetime.date.min, date.last_day, negated)


def highlight_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where the query's words and phrases occur in `text`: sorted, non-overlapping (start, end) pairs."""
    needles = query.highlight_needles
    if not needles or not text:
        return []
    folded, positions = fold_with_positions(text)
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
