"""Check every quote, word for word, against the text of its source.

A source's text is `<sources folder>/<source.file>`, or `<sources folder>/<source id>.txt` when
the source names no file. Matching is exact except that any run of whitespace (spaces, tabs,
line breaks) compares equal to any other, because line wrapping in a source text is layout, not
wording. Curly and straight quotation marks, dashes and spelling must match exactly.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .files import MEBIBYTE, NotReadable, read_bounded
from .model import Event, Quote, Source, Timeline

_WHITESPACE = re.compile(r"\s+")
LARGEST_SOURCE_TEXT = 256 * MEBIBYTE


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
    return _WHITESPACE.sub(" ", text).strip()


def verify_quotes(timeline: Timeline, sources_dir: Path) -> VerifyReport:
    """Check every quote of `timeline` against the texts in `sources_dir`."""
    texts: dict[str, str] = {}
    missing: list[tuple[Source, Path, str]] = []
    for source in timeline.sources:
        path = sources_dir / source.text_file
        try:
            texts[source.id] = fold_whitespace(
                read_bounded(path, LARGEST_SOURCE_TEXT, what="source text").decode("utf-8")
            )
        except NotReadable as error:
            missing.append((source, path, str(error)))
        except UnicodeDecodeError as error:
            missing.append((source, path, f"not UTF-8: byte 0x{error.object[error.start]:02x} at {error.start}"))

    checked = 0
    failures: list[QuoteFailure] = []
    for event in timeline.events:
        for number, quote in enumerate(event.quotes, start=1):
            text = texts.get(quote.source)
            if text is None:
                continue
            checked += 1
            wanted = fold_whitespace(quote.text)
            if wanted not in text:
                closest = closest_passage(text, wanted)
                failures.append(QuoteFailure(event, number, quote, closest, _first_difference(wanted, closest)))
    return VerifyReport(checked, tuple(failures), tuple(missing))


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
