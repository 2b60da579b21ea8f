"""The searchable fields of an event, in one table: every other part of search derives from it.

A row says what a field is called in results, what a query calls it (`tag:`), how much a hit in
it counts when results are ranked, and how to read its text from an event. A field is either the
event's own text (its title, its quotes), or texts that many events share (a tag, a source),
which an engine can look at once per distinct text instead of once per event. Adding a field is
adding a row.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from ..model import Event, Timeline
from ..text import fold

SEPARATOR = "\n"
"""Between the texts of one field (two quotes, two tags): no needle holds one, so no match spans two."""


@dataclass(frozen=True)
class Own:
    """Where an event keeps a field of its own: an attribute holding its text (or None), or,
    with `item`, holding elements whose `item` attribute is a text each (the quotes)."""

    attribute: str
    item: str | None = None

    def texts(self, event: Event) -> list[str]:
        value = getattr(event, self.attribute)
        if self.item is None:
            return [value] if value else []
        return [getattr(element, self.item) for element in value]


@dataclass(frozen=True)
class Shared:
    """How a field's texts are shared: an event (or each of its quotes) holds keys (a tag, a
    source's id), and each key stands for one text, or for none (a source the timeline does not
    list). Keys are read from events or quotes with `read`, so that an engine can read every
    field in one pass over the events and one over their quotes."""

    read: Callable[[Any], Any]
    """The key of an event or a quote (none when false), or with `many` a tuple of keys."""
    describe: Callable[[Hashable, Timeline], str | None]
    of_quotes: bool = False
    many: bool = False

    def keys(self, event: Event) -> list[Hashable]:
        """The keys that one event holds, in order, each as often as it is held."""
        found: list[Hashable] = []
        for item in event.quotes if self.of_quotes else (event,):
            value = self.read(item)
            if self.many:
                found.extend(value)
            elif value:
                found.append(value)
        return found


@dataclass(frozen=True)
class Field:
    name: str
    """What results call it: `matched_fields` names `title`, `quotes`, ..."""
    aliases: tuple[str, ...]
    """What a query calls it (`tag:`); the first is the one messages list. None: only plain words look in it."""
    weight: int
    """How much a hit in it counts when results are ranked."""
    example: str = "word"
    """A value shown in the message for a field typed with none (`tag:` alone)."""
    own: Own | None = None
    """Where an event keeps its own text in this field."""
    shared: Shared | None = None
    """Or: the texts it shares with other events."""

    def text(self, event: Event, timeline: Timeline) -> str:
        """The field's text for one event, before folding."""
        if self.own is not None:
            return SEPARATOR.join(self.own.texts(event))
        assert self.shared is not None
        texts = (self.shared.describe(key, timeline) for key in dict.fromkeys(self.shared.keys(event)))
        return SEPARATOR.join(text for text in texts if text is not None)


def _source_text(source_id: Hashable, timeline: Timeline) -> str | None:
    """What a word is looked for in when it may name a source, for each event quoting it."""
    source = timeline.sources_by_id.get(str(source_id))
    return f"{source.id} {source.title} {source.attribution}" if source else None


def _period_text(period_id: Hashable, timeline: Timeline) -> str | None:
    period = timeline.periods_by_id.get(str(period_id))
    return f"{period.id} {period.title}" if period else None


def _as_written(key: Hashable, timeline: Timeline) -> str:
    return str(key)


FIELDS: tuple[Field, ...] = (
    Field("title", ("title",), 16, own=Own("title")),
    Field("summary", ("summary",), 4, own=Own("summary")),
    Field("notes", (), 2, own=Own("notes")),
    Field("tags", ("tag",), 8, "inspection", shared=Shared(operator.attrgetter("tags"), _as_written, many=True)),
    Field("people", ("people", "person"), 8, shared=Shared(operator.attrgetter("people"), _as_written, many=True)),
    Field("quotes", (), 1, own=Own("quotes", item="text")),
    Field("speakers", ("speaker",), 2, shared=Shared(operator.attrgetter("speaker"), _as_written, of_quotes=True)),
    Field(
        "sources", ("source",), 2, "hansard", shared=Shared(operator.attrgetter("source"), _source_text, of_quotes=True)
    ),
    Field("period", ("period",), 4, shared=Shared(operator.attrgetter("period"), _period_text)),
)
"""In the order results name the fields they matched in."""

FIELDS_BY_NAME = {field.name: field for field in FIELDS}
OWN_FIELDS = tuple(field for field in FIELDS if field.own is not None)
SHARED_FIELDS = tuple(field for field in FIELDS if field.shared is not None)
BY_ALIAS = {alias: field for field in FIELDS for alias in field.aliases}


def folded_fields(event: Event, timeline: Timeline) -> dict[str, str]:
    """One event's text by field, folded as search compares it."""
    return {field.name: fold(field.text(event, timeline)) for field in FIELDS}
