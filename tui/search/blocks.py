"""The block engine, for large timelines: each field's text folded once, and scanned at C speed.

An event's own text (`fields.OWN_FIELDS`: title, summary, notes, quotes) is in a `_Corpus`; the
texts that many events share (`fields.SHARED_FIELDS`: tags, people, speakers, sources, period)
are each a `_SharedTexts`. The property tests hold it to the naive engine.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import partial
from typing import NamedTuple

from ..model import Event, Timeline
from ..text import fold
from .fields import OWN_FIELDS, SHARED_FIELDS, Field
from .sets import Cancelled, SearchCancelled, event_positions, event_set

_BETWEEN_EVENTS = "\x00"
"""Ends each event's text in a corpus: cleaning turns NUL into a visible sign, so no text or needle holds one."""


def _own_reader() -> Callable[[Event], Iterable[str | None]]:
    """A function giving an event's own texts, every own field's (`fields.Own`), in one call.

    Read attribute by attribute, the texts of 100,000 events took three times as long: here the
    attributes of single texts are read by one `attrgetter`, in C, and the rest mapped in C.
    A text may be None (an event without notes): the corpus leaves such texts out.
    """
    owns = [field.own for field in OWN_FIELDS if field.own is not None]
    singles = [own.attribute for own in owns if own.item is None]
    read_singles = operator.attrgetter(*singles) if len(singles) > 1 else None
    many = [(operator.attrgetter(own.attribute), operator.attrgetter(own.item)) for own in owns if own.item is not None]
    if read_singles is None or len(many) != 1:
        return lambda event: itertools.chain.from_iterable(own.texts(event) for own in owns)
    ((elements, text),) = many
    return lambda event: (*read_singles(event), *map(text, elements(event)))


_own_texts = _own_reader()


class _Words(NamedTuple):
    vocabularies: list[str]
    """Per block, its distinct words joined by "\\n"."""
    frequent: dict[str, int]
    """The events that have each frequent word as a whole word."""


_NO_WORDS = _Words([], {})


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

    def __init__(self, texts: Iterable[Iterable[str | None]], count: int, index_words: bool = True) -> None:
        """`texts`: each event's own texts (None and empty texts are left out); `index_words`:
        build the vocabularies and the frequent words' events now (see `index_words`)."""
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
        self.words = _NO_WORDS
        if index_words:
            self.index_words()

    def _add_block(self, texts: Iterable[Iterable[str | None]]) -> None:
        pieces: list[str] = []
        for event_texts in texts:
            pieces.extend(filter(None, event_texts))
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

    def index_words(self, cancelled: Cancelled | None = None) -> None:
        """Each block's vocabulary, and the events having each frequent word, in one pass;
        stopped, and nothing put in place, as soon as `cancelled` says so.

        Three quarters of the corpus's building time (1.6 of 2.2 s at 100,000 events), and only
        a shortcut: until they are there, every block is scanned, with the same answers. They
        are put in place at once, so that a search in another thread sees all or none of them.
        """
        if self.words is not _NO_WORDS:
            return
        frequent = self._frequent_words()
        flags = {word: bytearray(self.count) for word in frequent}
        vocabularies = []
        for number, block in enumerate(self.blocks):
            if cancelled is not None and cancelled():
                return
            words: set[str] = set()
            for event, text in enumerate(block.split(_BETWEEN_EVENTS)[:-1], number * self.events_per_block):
                tokens = text.split()
                words.update(tokens)
                for word in frequent.intersection(tokens):
                    flags[word][event] = 1
            vocabularies.append("\n".join(words))
        self.words = _Words(vocabularies, {word: event_set(events) for word, events in flags.items()})

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

    def events_containing(self, needle: str, cancelled: Cancelled | None) -> int:
        words = self.words  # once: `index_words` may put them in place meanwhile
        blocks = self._blocks_worth_scanning(needle, words.vocabularies)
        in_blocks = self._events_in(blocks)
        known, possible = 0, in_blocks
        middle_words = needle.split(" ")[1:-1]
        for word, events in words.frequent.items():
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

    def _blocks_worth_scanning(self, needle: str, vocabularies: list[str]) -> Sequence[int]:
        """The blocks whose vocabulary holds every word of `needle`, unless all will (going by the
        sample), or the vocabularies are not built yet."""
        if not vocabularies or self._in_every_block(self._sampled_events_containing(needle)):
            return range(len(self.blocks))
        words = sorted(set(needle.split(" ")), key=len, reverse=True)
        return [block for block, vocabulary in enumerate(vocabularies) if all(word in vocabulary for word in words)]

    def _events_in(self, blocks: Iterable[int]) -> int:
        flags = bytearray(self.count)
        for block in blocks:
            first = block * self.events_per_block
            last = min(first + self.events_per_block, self.count)
            flags[first:last] = b"\x01" * (last - first)
        return event_set(flags)

    def _scan(self, needle: str, blocks: Iterable[int], cancelled: Cancelled | None) -> int:
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
        return event_set(flags)

    def _check_each(self, needle: str, events: int, cancelled: Cancelled | None) -> int:
        """The events of the set `events` whose text holds `needle`, looked at one by one."""
        flags = bytearray(self.count)
        for number, event in enumerate(event_positions(events)):
            if cancelled is not None and number % 4096 == 0 and cancelled():
                raise SearchCancelled
            block, local = divmod(event, self.events_per_block)
            starts = self.starts[block]
            if self.blocks[block].find(needle, starts[local], starts[local + 1] - 1) != -1:
                flags[event] = 1
        return event_set(flags)


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
        return event_set(flags)

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
        return found if flags is None else found | event_set(flags)


_SHARED_FIELDS = ("tags", "people", "speakers", "sources", "period")


def _shared_texts(timeline: Timeline) -> dict[str, _SharedTexts]:
    """The `_SharedTexts` of each shared field, by field name: the keys read in one pass over
    the events and their quotes (a pass per field costs twice as long)."""
    holders: dict[str, defaultdict[Hashable, array[int]]] = {
        field.name: defaultdict(partial(array, "I")) for field in SHARED_FIELDS
    }
    readers = [
        (field.shared.read, field.shared.many, holders[field.name], field.shared.of_quotes)
        for field in SHARED_FIELDS
        if field.shared is not None
    ]
    of_events = [(read, many, held) for read, many, held, of_quotes in readers if not of_quotes]
    of_quotes = [(read, many, held) for read, many, held, quotes in readers if quotes]
    for position, event in enumerate(timeline.events):
        for read, many, held in of_events:
            value = read(event)
            if many:
                for key in value:
                    held[key].append(position)
            elif value:
                held[value].append(position)
        for quote in event.quotes:
            for read, _many, held in of_quotes:
                if value := read(quote):
                    held[value].append(position)
    count = len(timeline.events)
    found: dict[str, _SharedTexts] = {}
    for field in SHARED_FIELDS:
        assert field.shared is not None
        texts: dict[str, array[int]] = {}
        for key, events in holders[field.name].items():
            text = field.shared.describe(key, timeline)
            if text is not None:
                texts.setdefault(text, array("I")).extend(events)
        found[field.name] = _SharedTexts(texts, count)
    return found


class BlockEngine:
    """See the module's docstring; sets of events are ints (see `sets`).

    A search in some of the own fields only (`title:`) takes the events whose own text holds the
    needle anywhere, found as any search finds them, and looks in each of those fields one by one.
    """

    def __init__(self, timeline: Timeline, index_words: bool = True) -> None:
        """`index_words`: build the corpus's word index now, or leave it to `index_words`."""
        self.timeline = timeline
        events = timeline.events
        self._text = _Corpus(map(_own_texts, events), len(events), index_words)
        self._shared = _shared_texts(timeline)

    def index_words(self, cancelled: Cancelled | None = None) -> None:
        self._text.index_words(cancelled)

    def events_with(self, needle: str, fields: tuple[str, ...] | None, cancelled: Cancelled | None) -> int:
        own = [field for field in OWN_FIELDS if fields is None or field.name in fields]
        found = 0
        if own:
            found = self._text.events_containing(needle, cancelled)
            if len(own) < len(OWN_FIELDS):
                found = self._only_in(needle, own, found, cancelled)
        for name, shared in self._shared.items():
            if fields is None or name in fields:
                found |= shared.events_containing(needle)
        return found

    def _only_in(self, needle: str, fields: list[Field], candidates: int, cancelled: Cancelled | None) -> int:
        """The events of `candidates` that hold `needle` in one of `fields`."""
        events = self.timeline.events
        flags = bytearray(len(events))
        for number, position in enumerate(event_positions(candidates)):
            if cancelled is not None and number % 4096 == 0 and cancelled():
                raise SearchCancelled
            event = events[position]
            if any(needle in fold(field.text(event, self.timeline)) for field in fields):
                flags[position] = 1
        return event_set(flags)
