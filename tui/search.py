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
import itertools
import operator
import re
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial

from .dates import PartialDate, parse_date
from .model import Event, Period, Source, Timeline
from .text import clean_text

TEXT_FIELDS = ("title", "summary", "notes", "tags", "people", "quotes", "speakers", "sources", "period")
"""The parts of an event a plain word is looked for in, in the order results name them."""

_FIELD_WEIGHTS = {
    "title": 16,
    "tags": 8,
    "people": 8,
    "period": 4,
    "summary": 4,
    "speakers": 2,
    "sources": 2,
    "notes": 2,
    "quotes": 1,
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
        needle = _needle(value)
        return TextTerm(needle, negated=negated) if needle else None
    if not value.strip():
        raise QueryError(f"{name}: needs a value, as in {name}:{_EXAMPLES.get(name, 'word')}")
    if name in _DATE_FIELDS:
        return _date_term(name, value, negated)
    if name in _TERM_FIELDS:
        return TextTerm(_needle(value), _TERM_FIELDS[name], negated)
    known = ", ".join(sorted({*_TERM_FIELDS, *_DATE_FIELDS} - {"person"}))
    raise QueryError(f"unknown field {name}:; the fields are {known}")


def _needle(value: str) -> str:
    """A word or phrase as searched for: cleaned as the timeline's text was when loaded (so a
    control character typed matches its visible sign, and no needle holds the NUL that ends
    each event's text in the index), folded, with its spaces made single."""
    return " ".join(fold(clean_text(value)).split())


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
    from dateutil import parser as date_parser  # only natural forms need it; kept out of start-up

    try:
        low = date_parser.parse(value, default=datetime.datetime(1, 1, 1))
        high = date_parser.parse(value, default=datetime.datetime(2, 2, 2))
    except (ValueError, OverflowError):
        raise QueryError(f'{name}:{value!r} is not a date; write 2017, 2017-07, 2017-07-03 or "July 2017"') from None
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
        "sources": _SEPARATOR.join(_source_text(sources[source_id]) for source_id in quoted if source_id in sources),
        "period": _period_text(period) if period else "",
    }


def _source_text(source: Source) -> str:
    """What a word is looked for in when it may name a source, for each event quoting it."""
    return f"{source.id} {source.title} {source.attribution}"


def _period_text(period: Period) -> str:
    return f"{period.id} {period.title}"


_BETWEEN_EVENTS = "\x00"
"""Ends each event's text in a corpus: cleaning turns NUL into a visible sign, so no text or needle holds one."""

_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_FROM_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


def _event_set(flags: bytearray) -> int:
    """A set of events, from one byte per event (1 for those in it): bit i of the int is event i.

    Sets of events are ints so that `and`, `or` and `not` over a hundred thousand events are one
    step each, and turning them into or out of bytes runs in C (translate, int, format, compress).
    """
    return int(flags[::-1].translate(_TO_DIGITS), 2) if flags else 0


def _event_indices(events: int) -> list[int]:
    """The events in a set, in order."""
    flags = format(events, "b").encode("ascii")[::-1].translate(_FROM_DIGITS)
    return list(itertools.compress(range(len(flags)), flags))


_QUOTE_TEXT = operator.attrgetter("text")


def _own_texts(event: Event) -> tuple[str, ...]:
    """The texts that are an event's alone; tags, people, speakers, sources and period are `_SharedTexts`."""
    return (event.title, event.summary, event.notes or "", *map(_QUOTE_TEXT, event.quotes))


class _Corpus:
    """The folded text of every event, in blocks of consecutive events, scanned with `str.find`.

    One `str.find` over a block runs at C speed, where a test per event would pay Python's
    overhead a hundred thousand times; each hit is mapped to its event by bisection, and the
    scan resumes at the next event, so each matching event costs one step. An event's texts are
    joined with "\\n", which no needle holds, so a match never spans two of them.

    Blocks are built one at a time from the model's own strings: a block of ASCII text is joined
    and lowered in one go (lowering keeps every offset), and no per-event string outlives its
    block, so building does not leave the heap riddled with holes.

    Scanning everything costs about 0.4 ms per thousand events, so the corpus rules text out
    first. Each block keeps its vocabulary, its distinct whitespace-separated words joined by
    "\\n". A needle holds no whitespace but single spaces, so it can only occur in a block whose
    vocabulary holds each of its words; the vocabularies are a fraction of the text (an eighth at
    100,000 synthetic events), and a rare word occurs in few blocks. A sample of the events tells
    when a needle is so common that every block will hold it, and the vocabularies are not worth
    reading.

    A common needle occurs in every block, and a scan pays a step per matching event. So the most
    frequent words keep the set of events that have them as a word: a needle found inside such a
    word occurs in all those events, and the middle words of a phrase are whole words, so the
    phrase can only occur where each of them does. When that leaves few events unsure, they are
    checked one by one instead of scanning.
    """

    _SAMPLED_EVENTS = 1000
    _FREQUENT_WORDS = 16

    def __init__(self, texts: Iterable[Iterable[str]], count: int) -> None:
        self.count = count
        self.events_per_block = min(256, max(4, count // 64))
        """Small enough that a rare word's blocks are a small share of the text."""
        self.blocks: list[str] = []
        self.starts: list[array[int]] = []
        """Per block, where each event's text starts, then one past the block's end; an event's
        text ends where the next one starts, less one for the NUL between them."""
        events = iter(texts)
        for _ in range(0, count, self.events_per_block):
            self._add_block(itertools.islice(events, self.events_per_block))
        sampled = range(0, count, max(1, count // self._SAMPLED_EVENTS))
        self.sample = f"\n{_BETWEEN_EVENTS}\n".join(map(self._event_text, sampled))
        self.sampled_events = len(sampled)
        self.vocabularies: list[str] = []
        self.frequent: dict[str, int] = {}
        """The events that have each frequent word as a whole word."""
        self._index_words(self._frequent_words())

    def _add_block(self, texts: Iterable[Iterable[str]]) -> None:
        pieces: list[str] = []
        for event_texts in texts:
            pieces.extend(event_texts)
            pieces.append(_BETWEEN_EVENTS)
        joined = "\n".join(pieces)
        block = joined.lower() if joined.isascii() else "\n".join([fold(piece) for piece in pieces])
        del joined
        starts = array("I", [0])
        end = block.find(_BETWEEN_EVENTS)
        while end != -1:
            starts.append(end + 1)
            end = block.find(_BETWEEN_EVENTS, end + 1)
        self.blocks.append(block)
        self.starts.append(starts)

    def _index_words(self, frequent: set[str]) -> None:
        """Each block's vocabulary, and the events having each of the `frequent` words, in one pass."""
        flags = {word: bytearray(self.count) for word in frequent}
        for number, block in enumerate(self.blocks):
            words: set[str] = set()
            for event, text in enumerate(block.split(_BETWEEN_EVENTS)[:-1], number * self.events_per_block):
                tokens = text.split()
                words.update(tokens)
                for word in frequent.intersection(tokens):
                    flags[word][event] = 1
            self.vocabularies.append("\n".join(words))
        self.frequent = {word: _event_set(events) for word, events in flags.items()}

    def _event_text(self, event: int) -> str:
        block, local = divmod(event, self.events_per_block)
        starts = self.starts[block]
        return self.blocks[block][starts[local] : starts[local + 1] - 1]

    def _frequent_words(self) -> set[str]:
        """The sample's most frequent words, if in so many events that every block will hold them."""
        seen: Counter[str] = Counter()
        for text in self.sample.split(_BETWEEN_EVENTS):
            seen.update(set(text.split()))
        return {word for word, events in seen.most_common(self._FREQUENT_WORDS) if self._in_every_block(events)}

    def _in_every_block(self, sampled_events: int) -> bool:
        """Whether a needle in this many sampled events is likely in every block (three times a block)."""
        return sampled_events * self.events_per_block >= 3 * self.sampled_events

    def _sampled_events_containing(self, needle: str) -> int:
        found = 0
        position = self.sample.find(needle)
        while position != -1:
            found += 1
            end = self.sample.find(_BETWEEN_EVENTS, position)
            if end == -1:
                break
            position = self.sample.find(needle, end)
        return found

    def events_containing(self, needle: str, cancelled: Callable[[], bool] | None) -> int:
        blocks = self._blocks_worth_scanning(needle)
        in_blocks = self._events_in(blocks)
        known, possible = 0, in_blocks
        middle_words = needle.split(" ")[1:-1]
        for word, events in self.frequent.items():
            if needle in word:
                known |= events
            elif word in middle_words:
                possible &= events
        unsure = possible & ~known
        # Checking an event alone costs about what a scan pays for each event it reads plus each
        # event it finds, and a scan would find every known event again.
        if 2 * unsure.bit_count() < in_blocks.bit_count() + known.bit_count():
            return known | self._check_each(needle, unsure, cancelled)
        return self._scan(needle, blocks, cancelled)

    def _blocks_worth_scanning(self, needle: str) -> Sequence[int]:
        """The blocks whose vocabulary holds every word of `needle`, unless all will (going by the sample)."""
        if self._in_every_block(self._sampled_events_containing(needle)):
            return range(len(self.blocks))
        words = sorted(set(needle.split(" ")), key=len, reverse=True)
        return [
            block for block, vocabulary in enumerate(self.vocabularies) if all(word in vocabulary for word in words)
        ]

    def _events_in(self, blocks: Iterable[int]) -> int:
        flags = bytearray(self.count)
        for block in blocks:
            first = block * self.events_per_block
            last = min(first + self.events_per_block, self.count)
            flags[first:last] = b"\x01" * (last - first)
        return _event_set(flags)

    def _scan(self, needle: str, blocks: Iterable[int], cancelled: Callable[[], bool] | None) -> int:
        """The events of `blocks` whose text holds `needle`."""
        flags = bytearray(self.count)
        for block in blocks:
            if cancelled is not None and cancelled():
                raise SearchCancelled
            text, starts = self.blocks[block], self.starts[block].tolist()  # a list bisects faster
            first = block * self.events_per_block
            last = len(starts) - 2
            local = 0
            position = text.find(needle)
            while position != -1:
                local = bisect.bisect_right(starts, position, local) - 1
                flags[first + local] = 1
                if local == last:
                    break
                local += 1
                position = text.find(needle, starts[local])
        return _event_set(flags)

    def _check_each(self, needle: str, events: int, cancelled: Callable[[], bool] | None) -> int:
        """The events of the set `events` whose text holds `needle`, looked at one by one."""
        flags = bytearray(self.count)
        for number, event in enumerate(_event_indices(events)):
            if cancelled is not None and number % 4096 == 0 and cancelled():
                raise SearchCancelled
            block, local = divmod(event, self.events_per_block)
            starts = self.starts[block]
            if self.blocks[block].find(needle, starts[local], starts[local + 1] - 1) != -1:
                flags[event] = 1
        return _event_set(flags)


class _SharedTexts:
    """Texts that many events hold (a tag, a speaker, a source's title and publisher), each folded once.

    In the events' own text they would be scanned once per event that holds them; here a needle
    is looked for once per distinct text, and the events holding each text are known.
    """

    def __init__(self, holders: dict[str, array[int]], count: int) -> None:
        """`holders` gives the events that hold each text (an event may be there twice)."""
        self.count = count
        self.texts = [fold(text) for text in holders]
        self.holders = [self._compact(events) for events in holders.values()]

    def _compact(self, events: array[int]) -> array[int] | int:
        """The smaller of the list of events (four bytes an event) and their set (`count` bits)."""
        if 32 * len(events) < self.count:
            return events
        flags = bytearray(self.count)
        for event in events:
            flags[event] = 1
        return _event_set(flags)

    def events_containing(self, needle: str) -> int:
        found = 0
        flags = None
        for text, events in zip(self.texts, self.holders):
            if needle not in text:
                continue
            if isinstance(events, int):
                found |= events
                continue
            if flags is None:
                flags = bytearray(self.count)
            for event in events:
                flags[event] = 1
        return found if flags is None else found | _event_set(flags)


_SHARED_FIELDS = ("tags", "people", "speakers", "sources", "period")


def _shared_texts(timeline: Timeline) -> dict[str, _SharedTexts]:
    """The `_SharedTexts` of each field that `tag:`, `people:`, ... look in, by field."""
    holders: dict[str, dict[str, array[int]]] = {name: defaultdict(partial(array, "I")) for name in _SHARED_FIELDS}
    tags, people, speakers, sources, periods = holders.values()
    for index, event in enumerate(timeline.events):
        for tag in event.tags:
            tags[tag].append(index)
        for person in event.people:
            people[person].append(index)
        for quote in event.quotes:
            sources[quote.source].append(index)
            if quote.speaker:
                speakers[quote.speaker].append(index)
        if event.period:
            periods[event.period].append(index)
    by_id = timeline.sources_by_id
    holders["sources"] = {
        _source_text(by_id[source_id]): events for source_id, events in sources.items() if source_id in by_id
    }
    holders["period"] = {
        _period_text(period): events
        for period_id, events in periods.items()
        if (period := timeline.periods_by_id.get(period_id))
    }
    count = len(timeline.events)
    return {name: _SharedTexts(texts, count) for name, texts in holders.items()}


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
            return sum(
                max((_FIELD_WEIGHTS[name] for name in TEXT_FIELDS if needle in fields[name]), default=0)
                for needle in needles
            )

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

    Words without a field are looked for in the events' own text (a `_Corpus`: titles,
    summaries, notes and quotes) and in the texts they share with others (tags, people,
    speakers, sources and period, each a `_SharedTexts`), where `tag:`, `speaker:` and the other
    fields look. Dates are kept as two arrays of day numbers. Sets of events are ints (see
    `_event_set`).
    """

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        events = timeline.events
        self._everything = (1 << len(events)) - 1
        self._text = _Corpus(map(_own_texts, events), len(events))
        self._shared = _shared_texts(timeline)
        self._first_days = array("i", [event.date.first_day.toordinal() for event in events])
        self._last_days = array("i", [(event.end or event.date).last_day.toordinal() for event in events])

    def folded_fields(self, index: int) -> dict[str, str]:
        """One event's folded text by field, worked out when asked (for ranking and listing)."""
        return {name: fold(text) for name, text in _event_fields(self.timeline.events[index], self.timeline).items()}

    def search(self, query: Query | str, cancelled: Callable[[], bool] | None = None) -> SearchResult:
        """Find the matching events; `cancelled` is polled so that a superseded search stops early."""
        if isinstance(query, str):
            query = parse_query(query)
        if query.is_empty:
            return SearchResult(query, range(len(self._first_days)), self)
        matching = self._everything
        for clause in query.clauses:
            if cancelled is not None and cancelled():
                raise SearchCancelled
            either = 0
            for term in clause:
                hits = self._matching(term, cancelled)
                either |= self._everything & ~hits if term.negated else hits
            matching &= either
            if not matching:
                break
        return SearchResult(query, _event_indices(matching), self)

    def _matching(self, term: Term, cancelled: Callable[[], bool] | None) -> int:
        """The events where `term` occurs (ignoring its negation)."""
        if isinstance(term, DateTerm):
            first, last = term.first.toordinal(), term.last.toordinal()
            return _event_set(
                bytearray(
                    first_day <= last and first <= last_day
                    for first_day, last_day in zip(self._first_days, self._last_days)
                )
            )
        if not term.needle:
            return self._everything
        if term.fields is None:
            found = self._text.events_containing(term.needle, cancelled)
            fields: Iterable[str] = _SHARED_FIELDS
        else:
            found, fields = 0, term.fields
        for name in fields:
            found |= self._shared[name].events_containing(term.needle)
        return found


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
