"""What an event, a quote and a source look like on screen, as Textual `Content` (the words
themselves come from `wording`, which the command line and the exports share).

Every string from the timeline goes into `Content` as a literal (a plain part of
`Content.assemble`), never through markup: a title such as `oops [/] there` must show as written,
not crash the app or style what follows it (STYLE.md, trap 1). The loader has already made
control characters visible (trap 2).

The words of a search are lit up by styling spans of that literal Content (`marked`), never by
building markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual.content import Content
from textual.style import Style

from .model import Event, Quote, Source, Timeline
from .search import Query, highlight_spans
from .text import COMBINING_MARKS, is_web_address
from .wording import date_note, quote_credit, shorten, unlisted

LABEL = "$foreground-muted"
HEADING = "bold $text-accent"
MATCH = "reverse"
"""How the words of a search are lit up; the timeline list's `--match` component looks the same."""

SHORT_QUOTE = 160
"""Characters of a quote shown in the detail pane; the event screen shows it whole."""

TEXT_SHOWN = 4000
"""Characters of one text drawn at most (a title, a summary, a note, a source's details): a
timeline's text is whatever its file holds, and laying out a megabyte takes seconds."""
QUOTE_SHOWN = 20000
"""Characters of a quote that the event screen draws at most: more than any real quote."""
MARKS_KEPT = 3
"""Combining marks drawn at most on one character; real text stacks two or three."""
QUOTES_IN_DETAIL = 10
"""Quotes that the detail pane lists at most; the event screen shows more."""
MOST_CARDS = 100
"""Quote cards that the event and source screens hold at most: each card is a widget, and ten
thousand of them took twenty seconds to open and seconds for each key."""
_MARK_RUN = re.compile(f"([{COMBINING_MARKS}]{{{MARKS_KEPT}}})[{COMBINING_MARKS}]+")


def bounded(text: str, limit: int = TEXT_SHOWN) -> str:
    """`text` as drawn: at most `limit` characters, ending with a marker that says how many more
    there are, and no more than MARKS_KEPT combining marks on a character (ten thousand on one
    letter took seconds to lay out). Every key must answer at once whatever a file holds; the
    exports still carry each text whole."""
    if len(text) > limit:
        text = f"{text[:limit]}… [{len(text) - limit:,} more characters not shown]"
    return few_marks(text)


def few_marks(text: str) -> str:
    """`text` with no more than MARKS_KEPT combining marks on any character."""
    return _MARK_RUN.sub(r"\1", text) if _MARK_RUN.search(text) else text


def match_spans(text: str, query: Query | None) -> list[tuple[int, int]]:
    """Where the words of `query` occur in `text`; none without a query."""
    return highlight_spans(text, query) if query is not None else []


def marked(text: str, query: Query | None, style: str = "", limit: int = TEXT_SHOWN) -> Content:
    """`text`, bounded (see `bounded`), as literal Content in `style`, with the words of `query` lit up."""
    text = bounded(text, limit)
    content = Content.assemble((text, style))
    for start, end in match_spans(text, query):
        content = content.stylize(MATCH, start, end)
    return content


def labelled(label: str, value: str, query: Query | None = None) -> Content:
    """One `Label: value` line, the label muted and the value literal, its search words lit up."""
    return Content.assemble((f"{label}: ", LABEL), marked(value, query))


def web_address(url: str) -> Content:
    """A source's address, a link the terminal can open (where it makes links of OSC 8) when it
    is a whole http or https address; anything else stays plain text. The loader takes no
    other kind of address, but a link is the one thing text from a file must never make by
    itself, so the rule is checked where the link is made."""
    text = bounded(url)
    if not is_web_address(url):
        return Content(text)
    return Content.assemble((text, Style(link=url, underline=True)))


def quoted(text: str, query: Query | None, limit: int = TEXT_SHOWN) -> Content:
    """A quote's words between curly quotation marks, in italics, its search words lit up."""
    return Content.assemble("“", marked(text, query, limit=limit), "”").stylize_before("italic")


def lines(parts: Iterable[Content | None]) -> Content:
    """Join the non-empty parts one per line."""
    return Content("\n").join(part for part in parts if part is not None)


def event_heading(timeline: Timeline, event: Event, query: Query | None = None) -> Content:
    """Date (with how well it is known), title and period: the top of the detail pane and event screen."""
    period = timeline.periods_by_id.get(event.period) if event.period else None
    return lines(
        [
            Content.assemble((event.display_date, "bold"), (f"  ({date_note(event)})", LABEL)),
            marked(event.title, query, "bold"),
            labelled("Period", f"{period.title} ({period.display_date})", query) if period else None,
            labelled("Period", event.period, query) if event.period and period is None else None,
        ]
    )


def event_body(event: Event, query: Query | None = None) -> Content:
    """Summary, tags, people and notes, each only when the event has them."""
    return lines(
        [
            marked(event.summary, query) if event.summary else None,
            Content("") if event.tags or event.people or event.notes else None,
            labelled("Tags", ", ".join(event.tags), query) if event.tags else None,
            labelled("People", ", ".join(event.people), query) if event.people else None,
            labelled("Notes", event.notes, query) if event.notes else None,
        ]
    )


YOUR_NOTE = "Your note (your own words, not the sources')"
"""The heading of the reader's note wherever it is shown, so that it is never taken for the timeline's."""
MARKED = "● Marked by you"


def readers_layer(note: str | None, is_marked: bool) -> Content | None:
    """The reader's mark and note on an event, under a heading of their own; None for neither.
    A note is untrusted text like a timeline's (it may come from a colleague's store): literal
    Content, bounded, cleaned when read."""
    if not note and not is_marked:
        return None
    return lines(
        [
            Content.assemble((MARKED, "bold $text-success")) if is_marked else None,
            Content.assemble((YOUR_NOTE, "bold $text-success")) if note else None,
            marked(note, None) if note else None,
        ]
    )


def event_summary(
    timeline: Timeline, event: Event, query: Query | None = None, note: str | None = None, is_marked: bool = False
) -> Content:
    """Everything the detail pane shows for the event under the cursor, with the reader's mark
    and note; quotes in short."""
    layer = readers_layer(note, is_marked)
    quotes = [
        Content.assemble(
            quoted(shorten(quote.text, SHORT_QUOTE), query),
            "\n",
            ("  — ", LABEL),
            marked(quote_credit(quote, timeline), query, LABEL),
        )
        for quote in event.quotes[:QUOTES_IN_DETAIL]
    ]
    more = len(event.quotes) - len(quotes)
    return lines(
        [
            event_heading(timeline, event, query),
            Content(""),
            event_body(event, query),
            Content("") if layer is not None else None,
            layer,
            Content("") if quotes else None,
            Content.assemble((f"Quotes ({len(event.quotes):,})", HEADING)) if quotes else None,
            *quotes,
            Content.assemble((f"… and {more:,} more on the event's screen (Enter)", LABEL)) if more > 0 else None,
        ]
    )


def source_lines(source: Source, query: Query | None = None) -> list[Content | None]:
    """The facts about a source that are known, one line each (absent ones are None)."""
    return [
        labelled("Kind", source.kind),
        labelled("Date", source.date.display() if source.date else "not given in the document"),
        labelled("Publisher", source.publisher, query) if source.publisher else None,
        labelled("Author", source.author, query) if source.author else None,
        Content.assemble(("URL: ", LABEL), web_address(source.url)) if source.url else None,
        labelled("Note", source.note) if source.note else None,
    ]


def quote_in_full(timeline: Timeline, quote: Quote, query: Query | None = None) -> Content:
    """A quote whole, with its speaker and everything known about its source (event screen)."""
    source = timeline.sources_by_id.get(quote.source)
    where = (
        [Content.assemble(("Source: ", LABEL), marked(source.title, query, "bold")), *source_lines(source, query)]
        if source
        else [labelled("Source", unlisted(quote.source))]
    )
    return lines(
        [
            quoted(quote.text, query, QUOTE_SHOWN),
            labelled("Speaker", quote.speaker, query) if quote.speaker else None,
            *where,
        ]
    )


def quote_in_source(event: Event, quote: Quote) -> Content:
    """A quote whole under the event it belongs to (source screen): the way back to the event."""
    return lines(
        [
            Content.assemble((event.display_date, "bold"), "  ", marked(event.title, None, "bold")),
            quoted(quote.text, None, QUOTE_SHOWN),
            labelled("Speaker", quote.speaker) if quote.speaker else None,
        ]
    )


def source_details(source: Source) -> Content:
    """The head of the source screen: title and every known fact about the document."""
    return lines([marked(source.title, None, "bold"), *source_lines(source)])
