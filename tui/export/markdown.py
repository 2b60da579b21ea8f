"""Markdown for reports: each event under its own heading, quotes as block quotes, numbered sources.

Text from the timeline is escaped so that it reads exactly as written once rendered, and never
turns into a heading, list, link, HTML, code, rule, table or emphasis (CommonMark, and the GFM
tables and strikethrough that GitHub adds). Only characters that could be significant are
escaped, so that the raw Markdown stays readable: a `_` inside a word and a `#` inside a line are
left alone. The tests check the output by parsing it with markdown-it-py.

Text is laid out as `lines.text_paragraphs` reads it. A quote stays one block quote across its
paragraphs, and is followed by its credit and its number in the list of sources at the end.
"""

from __future__ import annotations

import re

from ..model import Event, Quote, Source
from ..wording import cite_source, quote_credit
from .lines import one_line, text_paragraphs
from .request import ExportRequest

_INLINE_SIGNIFICANT = re.compile(
    r"[\\`*\[<|~]"  # escapes, code, emphasis, links, HTML and autolinks, GFM tables and strikethrough
    r"|(?<![^\W_])_|_(?![^\W_])"  # `_` emphasises unless a letter or digit stands on both sides
    r"|&(?=#?[0-9A-Za-z]+;)"  # what could be read as an entity, such as &amp;
)
_MAY_BE_SIGNIFICANT = re.compile(r"[\\`*\[<|~_&]")
"""The characters `_INLINE_SIGNIFICANT` starts with: most lines have none, and this test is far faster."""
_BLOCK_MARKER = re.compile(
    r"#{1,6}(?=[ \t]|$)"  # ATX heading
    r"|>"  # block quote
    r"|[-+](?=[ \t]|$)"  # bullet list item
    r"|-(?=[- \t]*$)"  # thematic break or setext underline of dashes
    r"|=(?==*$)"  # setext underline of equals signs
)
_ORDERED_LIST_MARKER = re.compile(r"^([0-9]{1,9})(?=[.)](?:[ \t]|$))")
_CLOSING_HASHES = re.compile(r"(?<![^ \t])#+$")
"""A run of `#` ending a heading after a space (or alone), which CommonMark drops as a closing sequence."""


def render_markdown(request: ExportRequest) -> str:
    cited = request.cited_sources()
    numbers = {source.id: number for number, source in enumerate(cited, start=1)}
    header = _hard_lines([_escape(one_line(line)) for line in request.header_lines()])
    blocks = [f"# {_heading(request.timeline.title)}", header]
    for event in request.events:
        blocks.extend(_event_blocks(event, request, numbers))
    if cited:
        blocks.append("## Sources")
        # Items are apart, so that a note indented under one item cannot run into the next.
        blocks.append("\n\n".join(_source_item(source, numbers[source.id]) for source in cited))
    return "\n\n".join(block for block in blocks if block) + "\n"


def _event_blocks(event: Event, request: ExportRequest, numbers: dict[str, int]) -> list[str]:
    labels = []
    if event.tags:
        labels.append(f"Tags: {_list(event.tags)}")
    if event.people:
        labels.append(f"People: {_list(event.people)}")
    blocks = [
        f"## {_heading(f'{event.display_date} — {event.title}')}",
        _paragraphs(event.summary),
        _hard_lines(labels),
        _paragraphs(event.notes or "", label="Notes: "),
    ]
    for quote in event.quotes:
        blocks.append(_blockquote(quote.text))
        blocks.append(_attribution(quote, request, numbers[quote.source]))
    return blocks


def _list(items: tuple[str, ...]) -> str:
    return ", ".join(_escape(one_line(item)) for item in items)


def _attribution(quote: Quote, request: ExportRequest, number: int) -> str:
    """The credit after a quote, and its number in the list of sources, written `[1]`."""
    return f"— {_escape(one_line(quote_credit(quote, request.timeline)))} \\[{number}\\]"


def _source_item(source: Source, number: int) -> str:
    marker = f"{number}. "
    item = marker + _escape(one_line(cite_source(source)), at_line_start=True)
    if not source.note:
        return item
    # The note is a second paragraph of the item: its lines are indented to the item's content.
    indent = " " * len(marker)
    note = _paragraphs(source.note, label="Note: ")
    return item + "\n\n" + "\n".join(indent + line if line else "" for line in note.split("\n"))


def _hard_lines(lines: list[str]) -> str:
    """Escaped lines as one paragraph, each ending in a hard line break (a backslash) but the last."""
    return "\\\n".join(lines)


def _heading(text: str) -> str:
    """Text for the rest of a heading line: on one line, and with no closing `#` sequence."""
    return _CLOSING_HASHES.sub(r"\\\g<0>", _escape(one_line(text)))


def _paragraphs(text: str, label: str = "") -> str:
    """Text as paragraphs, its line breaks kept; `label` opens the first line."""
    paragraphs = text_paragraphs(text)
    escaped = [[_escape(line, at_line_start=True) for line in lines] for lines in paragraphs]
    if label and escaped:
        escaped[0][0] = label + _escape(paragraphs[0][0])
    return "\n\n".join("\n".join(lines) for lines in escaped)


def _blockquote(text: str) -> str:
    """One block quote, even across paragraphs: the blank line between two is written as `>` alone."""
    paragraphs = [
        "\n".join(f"> {_escape(line, at_line_start=True)}" for line in lines) for lines in text_paragraphs(text)
    ]
    return "\n>\n".join(paragraphs) or ">"


def _escape(line: str, at_line_start: bool = False) -> str:
    """One line of text, escaped to render exactly as written where it stands.

    `at_line_start` is for a line that begins a block or continues a paragraph: there a `#`, a
    `>`, a `-`, a `+`, a `=` or a number followed by `.` or `)` could start something new.
    """
    escaped = _INLINE_SIGNIFICANT.sub(r"\\\g<0>", line) if _MAY_BE_SIGNIFICANT.search(line) else line
    if not at_line_start:
        return escaped
    if _BLOCK_MARKER.match(escaped):
        return "\\" + escaped
    return _ORDERED_LIST_MARKER.sub(r"\1\\", escaped)
