"""How the app words things, the same in the explorer, the command line and every export:
counts, a timeline's summary line, spans, how well a date is known, and citations.

Plain text only; `rendering` turns it into what the screen shows.
"""

from __future__ import annotations

from .dates import Bound, PartialDate, Precision, format_span
from .model import Event, Quote, Source, Timeline

_KNOWN_TO = {Precision.YEAR: "the year", Precision.MONTH: "the month", Precision.DAY: "the day"}


def plural(count: int, noun: str) -> str:
    """`1 event`, `2 events`, `100,000 events`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def timeline_facts(timeline: Timeline) -> list[str]:
    """What a timeline holds, in parts: `29 events`, `15 sources`, `2 periods`, `2004–2025`."""
    years = timeline.year_span
    return [
        plural(len(timeline.events), "event"),
        plural(len(timeline.sources), "source"),
        plural(len(timeline.periods), "period"),
        *([format_span(PartialDate(years[0]), PartialDate(years[1]))] if years else []),
    ]


def describe_span(start: PartialDate | None, end: PartialDate | None) -> str:
    """`3 July 2017 – 23 April 2020`, `from July 2017`, `up to 2020` or `the whole timeline`."""
    if start and end:
        return format_span(start, end)
    if start:
        return f"from {start.display()}"
    if end:
        return f"up to {end.display()}"
    return "the whole timeline"


def date_note(event: Event) -> str:
    """How exactly the event's date is known, in words: what `c. 2019` or `July 2019` implies."""
    start = event.date.precision
    end = event.end.precision if event.end else start
    if start == end:
        known = f"known to {_KNOWN_TO[start]}"
    else:
        known = f"start known to {_KNOWN_TO[start]}, end to {_KNOWN_TO[end]}"
    if event.approximate:
        known = f"approximately; {known}"
    if event.uncertain:
        known = f"uncertain; {known}"
    if event.bound is Bound.OPEN_END:
        known = f"at that date or later; {known}"
    elif event.bound is Bound.OPEN_START:
        known = f"at that date or earlier; {known}"
    if event.end is not None and event.end != event.date:
        known = f"a span; {known}"
    return known


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary before `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return f"{cut.rpartition(' ')[0] or cut}…"


TRAIL_START = "Timeline"


def event_crumb(event: Event) -> str:
    """The event's step in the trail of screens: its date and its title."""
    return f"{event.display_date}: {event.title}"


def source_crumb(source: Source) -> str:
    return f"Source: {source.title}"


def trail(crumbs: list[str], limit: int | None = None) -> str:
    """Where the reader is: `Timeline › 3 July 2017: The Betrayed Girls › Source: …`, each step
    cut to `limit` characters if given."""
    if limit is not None:
        crumbs = [shorten(crumb, limit) for crumb in crumbs]
    return " › ".join([TRAIL_START, *crumbs])


def unlisted(source_id: str) -> str:
    """What stands for a source that a quote names but the timeline does not list."""
    return f"{source_id} (not in the sources list)"


def source_facts(source: Source) -> list[str]:
    """Who published or wrote a source, and when, where the timeline knows."""
    return [part for part in (source.attribution, source.date.display() if source.date else None) if part]


def same_person(speaker: str | None, author: str | None) -> bool:
    """Whether a source's author is the quote's speaker: the same name, or the name followed by
    a role (`Baroness Beverley Hughes, Deputy Mayor of …`), so that a credit names them once."""
    if not speaker or not author:
        return False
    speaker, author = " ".join(speaker.casefold().split()), " ".join(author.casefold().split())
    return author == speaker or author.startswith(f"{speaker},")


def _reference(source: Source, speaker: str | None) -> str:
    """“Title”, author (unless the speaker is the author), publisher, date, address: the parts
    the source has."""
    author = None if same_person(speaker, source.author) else source.author
    parts = [f"\u201c{source.title}\u201d", author, source.publisher]
    parts.append(source.date.display() if source.date else None)
    parts.append(source.url)
    return ", ".join(part for part in parts if part)


def cite_source(source: Source) -> str:
    """A one-line citation of a source, for a list of sources: “title”, author, publisher,
    date, address; only the parts the source has."""
    return _reference(source, None)


def quote_credit(quote: Quote, timeline: Timeline) -> str:
    """Who said it and where, short, for a credit under a quote whose source is cited in full
    elsewhere (a footnote, a list of sources): `Speaker, “Source title”`."""
    source = timeline.sources_by_id.get(quote.source)
    where = f"\u201c{source.title}\u201d" if source else unlisted(quote.source)
    return f"{quote.speaker}, {where}" if quote.speaker else where


def full_credit(quote: Quote, timeline: Timeline) -> str:
    """Who said it and the whole citation of where, each name once: `Speaker, “Source title”,
    Publisher, date, address`, for a credit that stands alone (TimelineJS, the clipboard)."""
    source = timeline.sources_by_id.get(quote.source)
    where = _reference(source, quote.speaker) if source else unlisted(quote.source)
    return f"{quote.speaker}, {where}" if quote.speaker else where


def full_citation(timeline: Timeline, quote: Quote) -> str:
    """The quote with who said it and where, as plain text for the clipboard:
    `“quote” — Speaker, “Source title”, Publisher, date, address`."""
    return f"\u201c{quote.text}\u201d \u2014 {full_credit(quote, timeline)}"
