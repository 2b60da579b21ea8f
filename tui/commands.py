"""The command palette's timeline commands: go to a year, a period or an event, open a source,
filter by a tag, a period or a source, select a span by dates, export, switch between the light
and the dark theme."""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Callable, Iterator
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.style import Style

from .model import Source
from .rendering import bounded
from .search import MARKED
from .wording import plural, source_facts

if TYPE_CHECKING:
    from .app import TimelineApp

TITLE_SHOWN = 200
"""Characters of a title that the palette offers and searches at most: it shows one line."""

MOST_EVENT_HITS = 100
"""Events (and filters) offered at most for one query: the palette slows down with thousands of options."""

YIELD_EVERY = 2000
"""Events matched between pauses that let a keystroke in (a query over 100,000 titles)."""


class PaletteCommand(NamedTuple):
    name: str
    help: str
    callback: Callable[[], object]
    keywords: str = ""
    """Words that find the command too, though its name does not show them: a source's id,
    publisher and author (`hansard`, `oldham`), as `source:` finds them in a search."""


OUTSIDE_THE_NAME = 0.5
"""How much less a command counts when some of the query's words are only in its keywords."""


def match_command(words: list[str], command: PaletteCommand) -> tuple[float, list[tuple[int, int]]] | None:
    """How well the query matches the command (its name first, then its name and keywords), and
    where in the name; None if a word is in neither."""
    if (spans := find_words(words, command.name)) is not None:
        return score(spans, command.name), spans
    if not command.keywords:
        return None
    searched = f"{command.name} {command.keywords}"
    if (spans := find_words(words, searched)) is None:
        return None
    in_name = [(start, end) for start, end in spans if end <= len(command.name)]
    return OUTSIDE_THE_NAME * score(spans, searched), in_name


def find_words(words: list[str], candidate: str) -> list[tuple[int, int]] | None:
    """Where each word of the query first occurs in `candidate`, ignoring case; None if one is
    missing.

    Plain substring search rather than Textual's fuzzy matcher: the fuzzy matcher tries every
    way the letters could line up, which grows without bound on long titles, and it reads the
    candidate as markup.
    """
    lowered = candidate.lower()
    spans = []
    for word in words:
        start = lowered.find(word)
        if start < 0:
            return None
        spans.append((start, start + len(word)))
    return spans


def score(spans: list[tuple[int, int]], candidate: str) -> float:
    """Between 0 and 1: the share of the candidate that the query covers."""
    return min(sum(end - start for start, end in spans) / max(len(candidate), 1), 1.0)


def source_keywords(source: Source) -> str:
    return " ".join(part for part in (source.id, source.publisher, source.author) if part)


def literal_help(text: str) -> str:
    """Help text that the palette shows exactly as written.

    Textual types `Hit.help` as `str`, but hands it to `Content.from_markup`, which would read a
    str as markup (a source's publisher is untrusted text) and returns a Content unchanged. So
    the palette is given a Content, typed here, once, as the str the annotation asks for.
    """
    return cast(str, Content(text))


def field_query(field: str, value: str) -> str:
    """A query for `field:value` that the query parser reads back as one term.

    A value with spaces is written as a phrase. A phrase cannot hold a straight quotation mark,
    so a value with one is searched for by its longest run without one.
    """
    if '"' in value:
        value = max(value.split('"'), key=len)
    words = " ".join(value.split())
    return f'{field}:"{words}"' if " " in words or not words else f"{field}:{words}"


class TimelineCommands(Provider):
    """The timeline's places as palette commands; every name is shown as literal text."""

    @property
    def timeline_app(self) -> TimelineApp:
        return cast("TimelineApp", self.app)

    def highlight(self, candidate: str, spans: list[tuple[int, int]]) -> Content:
        content = Content(candidate)
        if len(candidate.lower()) != len(candidate):
            return content
        style = self.match_style or Style(reverse=True)
        for start, end in spans:
            content = content.stylize(style, start, end)
        return content

    def commands(self) -> Iterator[PaletteCommand]:
        """Everything but the events and the filters, which are searched apart (there may be very many)."""
        app = self.timeline_app
        index = app.row_layout
        timeline = index.timeline
        yield PaletteCommand(
            "Toggle light/dark theme", "Switch between the light and the dark theme", app.action_toggle_dark
        )
        yield PaletteCommand(
            "Select span by dates…", "Mark the events between two dates, for export", app.select_span_by_dates
        )
        yield PaletteCommand("Export…", "Write the span, or every event shown, to a file", app.open_export)
        marked = app.marks.marked_positions()
        yield PaletteCommand(
            "Marked events",
            f"Show only the {plural(len(marked), 'event')} you marked (is:marked); m marks, ' and \" go from one to the next",
            partial(app.filter_by, MARKED),
            "marks",
        )
        for position in marked:
            event = timeline.events[position]
            yield PaletteCommand(
                f"Go to marked event: {bounded(event.title, TITLE_SHOWN)}",
                event.display_date,
                partial(app.show_in_list, position),
            )
        for year in index.years:
            yield PaletteCommand(
                f"Go to year {year}", plural(index.year_counts[year], "event"), partial(app.show_year, year)
            )
        for period in timeline.periods:
            start = index.period_start(period.id)
            if start is not None:
                yield PaletteCommand(
                    f"Go to period: {period.title}", period.display_date, partial(app.show_in_list, start)
                )
        for source in timeline.sources:
            details = ", ".join(source_facts(source))
            yield PaletteCommand(
                f"Open source: {source.title}", details, partial(app.open_source, source.id), source_keywords(source)
            )

    def filters(self) -> Iterator[PaletteCommand]:
        """A filter for each tag, period and source: it sets the search to `tag:…` and so on."""
        app = self.timeline_app
        timeline = app.row_layout.timeline
        for tag in app.tags:
            query = field_query("tag", tag)
            yield PaletteCommand(f"Filter: tag {tag}", f"Search for {query}", partial(app.filter_by, query))
        for period in timeline.periods:
            query = field_query("period", period.id)
            yield PaletteCommand(f"Filter: period {period.title}", f"Search for {query}", partial(app.filter_by, query))
        for source in timeline.sources:
            query = field_query("source", source.id)
            yield PaletteCommand(
                f"Filter: source {source.title}",
                f"Search for {query}",
                partial(app.filter_by, query),
                source_keywords(source),
            )

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(Content(command.name), command.callback, command.name, literal_help(command.help))

    async def search(self, query: str) -> Hits:
        words = query.lower().split()
        if not words:
            return
        for command in self.commands():
            if (matched := match_command(words, command)) is not None:
                yield Hit(
                    matched[0],
                    self.highlight(command.name, matched[1]),
                    command.callback,
                    command.name,
                    literal_help(command.help),
                )
        filters: list[tuple[float, int, PaletteCommand, list[tuple[int, int]]]] = []
        for position, command in enumerate(self.filters()):
            if (matched := match_command(words, command)) is not None:
                filters.append((matched[0], position, command, matched[1]))
        for match, _, command, spans in heapq.nlargest(MOST_EVENT_HITS, filters, key=itemgetter(0)):
            yield Hit(
                match, self.highlight(command.name, spans), command.callback, command.name, literal_help(command.help)
            )
        app = self.timeline_app
        events = app.row_layout.timeline.events
        found: list[tuple[float, int, list[tuple[int, int]]]] = []
        for position, event in enumerate(events):
            title = bounded(event.title, TITLE_SHOWN)
            if (title_spans := find_words(words, title)) is not None:
                found.append((score(title_spans, title), position, title_spans))
            if position % YIELD_EVERY == YIELD_EVERY - 1:
                await asyncio.sleep(0)
        prefix = "Go to event: "
        for match, position, spans in heapq.nlargest(MOST_EVENT_HITS, found, key=itemgetter(0)):
            event = events[position]
            name = f"{prefix}{bounded(event.title, TITLE_SHOWN)}"
            yield Hit(
                match,
                self.highlight(name, [(start + len(prefix), end + len(prefix)) for start, end in spans]),
                partial(app.show_in_list, position),
                name,
                literal_help(event.display_date),
            )
