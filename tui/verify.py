"""Check every quote, word for word, against the text of its source.

A source's text is `<sources folder>/<source.file>`, or `<sources folder>/<source id>.txt` when
the source names no file. Matching is exact except that any run of whitespace (spaces, tabs,
line breaks) compares equal to any other, because line wrapping in a source text is layout, not
wording. Curly and straight quotation marks, dashes and spelling must match exactly.

The same rule places each quote in its text for the explorer (`quoted_passages`): a quote stands
where it first occurs in the whitespace-folded text, mapped back to the text as written. A quote
that `verify` would fail is reported as not found, never placed at a guess.

The sources folder is the one given (`--sources DIR`), or else a folder named `sources` beside
the timeline file (`sources_beside`).
"""

from __future__ import annotations

import difflib
import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .files import MEBIBYTE, NotReadable, read_bounded
from .loader import Progress
from .model import Event, Quote, Source, Timeline
from .navigation import QuoteRef

_WORD = re.compile(r"\S+")
"""A run of anything but whitespace: folding keeps these and puts one space between them."""
LARGEST_SOURCE_TEXT = 256 * MEBIBYTE
SOURCES_FOLDER = "sources"
"""The folder beside a timeline file where its source texts are looked for when none is given."""


@dataclass(frozen=True, slots=True)
class QuoteFailure:
    """A quote not found in its source, with the passage of the source that comes closest."""

    event: Event
    quote_number: int
    quote: Quote
    closest: str
    first_difference: int
    """Index in the whitespace-folded quote where it parts from `closest`."""


@dataclass(frozen=True, slots=True)
class VerifyReport:
    checked: int
    failures: tuple[QuoteFailure, ...]
    missing_sources: tuple[tuple[Source, Path, str], ...]
    """Sources whose text could not be read: the source, the path tried, and why."""

    @property
    def passed(self) -> bool:
        return not self.failures and not self.missing_sources


def fold_whitespace(text: str) -> str:
    """`text` with every run of whitespace made one space, and none at either end."""
    return " ".join(_WORD.findall(text))


class FoldedText:
    """A source text, whitespace-folded as quotes are compared with it, and the way back from a
    place in the folded text to the same place in the text as written."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold_whitespace(text)

    def find(self, quote: str) -> int:
        """Where `quote` first stands in the folded text, or -1: the one test of whether a
        source holds a quote."""
        return self.folded.find(fold_whitespace(quote))

    def span_of(self, quote: str) -> tuple[int, int] | None:
        """The characters of the text as written that `quote` first matches, from its first
        character to its last (the whitespace around it left out); None if it is not there."""
        wanted = fold_whitespace(quote)
        start = self.folded.find(wanted)
        if start < 0:
            return None
        if not wanted:
            return (0, 0)
        return self._written(start), self._written(start + len(wanted) - 1) + 1

    def _written(self, folded: int) -> int:
        """Where in the written text the folded character at `folded` stands. Folding keeps
        every character of a word, so within a word the offset carries over; a folded space
        (which a quote neither starts nor ends with) maps to the first whitespace after its word."""
        folded_starts, written_starts = self._word_starts
        word = bisect_right(folded_starts, folded) - 1
        return written_starts[word] + folded - folded_starts[word]

    @cached_property
    def _word_starts(self) -> tuple[array[int], array[int]]:
        """For each word, where it starts in the folded text and in the written one. Built only
        when a place is asked for: `verify` needs none, and a long text has millions of words."""
        folded_starts: array[int] = array("q")
        written_starts: array[int] = array("q")
        position = 0
        for match in _WORD.finditer(self.text):
            folded_starts.append(position)
            written_starts.append(match.start())
            position += match.end() - match.start() + 1
        return folded_starts, written_starts


class SourceTextError(Exception):
    """Why a source's text cannot be read: a short phrase, fit to follow the path tried."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def read_source_text(sources_dir: Path, source: Source, limit: int = LARGEST_SOURCE_TEXT) -> str:
    """The text of `source`, from `sources_dir/<source.file>` (or `<id>.txt`), read as `verify`
    reads it: a regular file (or pipe) of at most `limit` bytes, in UTF-8.

    Raise SourceTextError, with the path tried, when it cannot be read.
    """
    path = sources_dir / source.text_file
    try:
        return read_bounded(path, limit, what="source text").decode("utf-8")
    except NotReadable as error:
        raise SourceTextError(path, str(error)) from None
    except UnicodeDecodeError as error:
        raise SourceTextError(path, f"not UTF-8: byte 0x{error.object[error.start]:02x} at {error.start}") from None


def sources_beside(timeline_path: Path | None) -> Path | None:
    """The `sources` folder beside the timeline file, if there is one: where the source texts
    are looked for when no folder is given."""
    if timeline_path is None:
        return None
    folder = timeline_path.parent / SOURCES_FOLDER
    return folder if folder.is_dir() else None


def verify_quotes(timeline: Timeline, sources_dir: Path, progress: Progress | None = None) -> VerifyReport:
    """Check every quote of `timeline` against the texts in `sources_dir`; `progress` hears how
    far it has got (a stage, and the fraction done or None), as the loader's does."""
    texts: dict[str, FoldedText] = {}
    missing: list[tuple[Source, Path, str]] = []
    # A hundred reports at most in each stage: a line redrawn for each of 100,000 sources would
    # take longer than the reading.
    sources_per_report = max(len(timeline.sources) // 100, 1)
    for number, source in enumerate(timeline.sources):
        if progress and number % sources_per_report == 0:
            progress("reading the source texts", number / len(timeline.sources))
        try:
            texts[source.id] = FoldedText(read_source_text(sources_dir, source))
        except SourceTextError as error:
            missing.append((source, error.path, error.reason))

    checked = 0
    failures: list[QuoteFailure] = []
    events_per_report = max(len(timeline.events) // 100, 1)
    for position, event in enumerate(timeline.events):
        if progress and position % events_per_report == 0:
            progress("checking the quotes", position / len(timeline.events))
        for number, quote in enumerate(event.quotes, start=1):
            text = texts.get(quote.source)
            if text is None:
                continue
            checked += 1
            if text.find(quote.text) < 0:
                wanted = fold_whitespace(quote.text)
                closest = closest_passage(text.folded, wanted)
                failures.append(QuoteFailure(event, number, quote, closest, _first_difference(wanted, closest)))
    return VerifyReport(checked, tuple(failures), tuple(missing))


@dataclass(frozen=True, slots=True)
class Passage:
    """Where one quote stands in its source's text: characters `start` to `end` (exclusive) of
    the text as written."""

    ref: QuoteRef
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class QuotedPassages:
    """A source's text with the place of every quote taken from it."""

    text: str
    passages: tuple[Passage, ...]
    """In the order they stand in the text (quotes at the same place in timeline order)."""
    not_found: tuple[QuoteRef, ...]
    """The quotes the text does not hold, as `verify` would report them: they are not placed."""


def quoted_passages(text: str, quotes: Iterable[tuple[QuoteRef, Quote]]) -> QuotedPassages:
    """Place each of `quotes` in `text` by the rule `verify` checks them by (see FoldedText)."""
    folded = FoldedText(text)
    passages: list[Passage] = []
    not_found: list[QuoteRef] = []
    for ref, quote in quotes:
        span = folded.span_of(quote.text)
        if span is None:
            not_found.append(ref)
        else:
            passages.append(Passage(ref, *span))
    passages.sort(key=lambda passage: (passage.start, passage.end, passage.ref))
    return QuotedPassages(text, tuple(passages), tuple(not_found))


def closest_passage(text: str, wanted: str) -> str:
    """The stretch of `text`, as long as `wanted`, that resembles it most.

    A few places are tried: where the longest beginning of `wanted` that the text holds stands,
    where its longest end stands, and where the longest run from its middle does, each found by
    halving the run's length (`str.find` a dozen times, not a comparison of every pair of
    characters, which took half a minute for a long quote against a long report). The one whose
    stretch resembles `wanted` most is the passage.
    """
    if not text or not wanted:
        return text[: len(wanted)]
    middle = wanted.find(" ", len(wanted) // 2) + 1 or len(wanted) // 2
    # In this order, so that of passages that resemble it as much, the one that starts as it does wins.
    candidates = [
        _start_of_longest(text, wanted, 0, from_start=True),
        _start_of_longest(text, wanted, middle, from_start=True),
        _start_of_longest(text, wanted, len(wanted), from_start=False),
    ]
    starts = list(dict.fromkeys(start for start in candidates if start is not None)) or [0]
    scorer = difflib.SequenceMatcher(None, wanted, "", autojunk=False)

    def score(start: int) -> float:
        scorer.set_seq2(text[start : start + len(wanted)])
        return scorer.ratio()

    best = max(starts, key=score)
    return text[best : best + len(wanted)]


def _start_of_longest(text: str, wanted: str, at: int, from_start: bool) -> int | None:
    """Where in `text` the passage would start whose longest run shared with `wanted` begins (or,
    `from_start` False, ends) at `at` in `wanted`; None if the text holds not even its first character."""
    longest = len(wanted) - at if from_start else at
    low, high = 0, longest
    while low < high:
        length = (low + high + 1) // 2
        run = wanted[at : at + length] if from_start else wanted[at - length : at]
        if run in text:
            low = length
        else:
            high = length - 1
    if low == 0:
        return None
    if from_start:
        return max(text.find(wanted[at : at + low]) - at, 0)
    return max(text.find(wanted[at - low : at]) + low - at, 0)


def _first_difference(wanted: str, found: str) -> int:
    for index, (a, b) in enumerate(zip(wanted, found)):
        if a != b:
            return index
    return min(len(wanted), len(found))
