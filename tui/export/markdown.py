"""Markdown for reports: each event under its own heading, quotes as block quotes credited with a
footnote, and the sources cited as the footnotes' text.

A report is pasted as often as it is rendered, so the raw file must read as cleanly as the rendered
one and say the same: no escape that the text does not need, no backslash ending a line, each
citation written in full once. Quotes must stay word for word in the raw file too, where a reader
checks them against the source.

So text is escaped only where CommonMark (with footnotes, and the tables and strikethrough that
GitHub adds) would otherwise make structure of it, and only there: a `[` before or after a `^` (a
footnote), a `]` before a `(` (a link or image), a `<` that a `>` could close (an autolink or HTML),
an `&` before what could be an entity, a backslash before punctuation or at the end of a line, a
run of `*`, `_` or `~` that the flanking rules would let open or close emphasis or strikethrough,
a run of backticks that another of the same length could close, and the few things at the start of
a line that would open a block. So `[Tue 14 Jan 2020]`, `child_protection`, `a * b` and `Fire &
Rescue` are written as they are: a `[text]` with no `(` after it is a link only if a link
reference definition names it, and a paragraph that could start one is escaped. The tests parse
the output with markdown-it-py and count the quotes of the bundled timeline that need an escape
(none). Pandoc's own dialect adds more (`^superscript^`, `$math$`, `[text]{.class}`): read the
file there as `-f gfm` or `-f commonmark+footnotes`.

Text is laid out as `lines.text_paragraphs` reads it. A quote stays one block quote across its
paragraphs, and is followed by its credit and a footnote reference. The footnotes are numbered in
the order the sources are first cited; their definitions come last, under a heading that reads as
the list of sources in the raw file and that renderers which gather footnotes at the end (GitHub,
pandoc, markdown-it) leave just above them. Facts (the span exported, an event's tags and people)
are a list, one fact an item, so that each keeps its own line rendered without a hard line break.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Event, Quote, Source, Timeline
from ..text import is_web_address
from ..wording import cite_source, quote_credit
from .lines import one_line, text_paragraphs
from .request import READER_NOTE, ExportRequest

_MAY_BE_SIGNIFICANT = re.compile(r"[\\`*_~\[\]<&^]")
"""The characters `_INLINE` starts with: most text has none, and this test is far faster."""
_INLINE = re.compile(
    r"\\(?=[!-/:-@\[-`{-~]|$)"  # a backslash escapes punctuation, and at the end of a line breaks it
    r"|\[(?=\^)"  # a footnote reference [^1] or definition [^1]:
    r"|\^(?=\[)"  # an inline footnote ^[note]
    r"|\](?=\()"  # the middle of a link or image [text](address); `_escape_inline` checks for a `[` before
    r"|&(?=#?[0-9A-Za-z]+;)"  # what could be read as an entity, such as &amp;
    r"|<(?=[A-Za-z/!?]|[0-9A-Za-z.!#$%&'*+/=?^_`{|}~-]+@)"  # an HTML tag or autolink, if a `>` follows
    r"|\*+|_+|~+|`+",  # runs that emphasise, strike through or make code; `_escape_inline` decides
    re.MULTILINE,
)
_BACKTICKS = re.compile(r"`+")
_WHITESPACE = " \t\n"
"""What every renderer takes for whitespace beside a delimiter run (the ends of the text count too)."""

_LINE_START = re.compile(
    r"#{1,6}(?=[ \t]|$)"  # ATX heading
    r"|>"  # block quote
    r"|[-+*](?=[ \t]|$)"  # bullet list item
    r"|=+$"  # setext underline of equals signs
    r"|<[A-Za-z/!?]"  # HTML block
    r"|(?=[|:-])(?=[^-]*-)[|: \t-]+$"  # dashes: a thematic break, a setext underline, a GFM table's delimiter row
)
_RUN_AT_LINE_START = re.compile(
    r"`{3,}|~{3,}"  # code fence
    r"|(?=([*_])(?:[ \t]*\1){2,}[ \t]*$)[*_]+"  # thematic break of stars or underscores
)
"""Runs escaped whole, so that what is left of the run cannot emphasise or strike through."""
_LINK_REFERENCE_DEFINITION = re.compile(r"\[(?:[^\\\[\]]|\\.)*\]:", re.DOTALL)
"""How a paragraph starts that CommonMark would take for a link reference definition (and drop)."""
_ORDERED_LIST_MARKER = re.compile(r"[0-9]{1,9}(?=[.)](?:[ \t]|$))")
_INTERRUPTING_LIST_MARKER = re.compile(r"0{0,8}1(?=[.)](?:[ \t]|$))")
"""Within a paragraph, only a list that starts at 1 can start: `2014. Then` on a later line is text."""
_GITHUB_ALERT = re.compile(r"\[!(?:note|tip|important|warning|caution)\]", re.IGNORECASE)
"""How a block quote opens that GitHub shows as an alert box, the marker itself hidden."""
_MAY_START_A_BLOCK = frozenset("#>-+*=<|:`~_0123456789")
_CLOSING_HASHES = re.compile(r"(?<![^ \t])#+$")
"""A run of `#` ending a heading after a space (or alone), which CommonMark drops as a closing sequence."""
_NOT_IN_AN_AUTOLINK = re.compile(r"[\x00-\x20<>\x7f]")
_NOTE_INDENT = "    "
"""How far a footnote's later paragraphs are indented to stay in it (pandoc, GitHub, markdown-it)."""


def render_markdown(request: ExportRequest) -> str:
    cited = request.cited_sources()
    labels = {source.id: f"[^{number}]" for number, source in enumerate(cited, start=1)}
    blocks = [f"# {_heading(request.timeline.title)}", _facts(request.header_lines())]
    for event in request.each_event():
        blocks.extend(_event_blocks(event, request.timeline, labels))
        note = request.reader_note(event)
        if note:
            # Last in the event, under a heading of its own: nothing of the timeline's follows it
            # before the next event's heading, so that no quote reads as under the note.
            blocks.extend([f"### {READER_NOTE}", _paragraphs(note)])
    if cited:
        blocks.append("## Sources")
        blocks.extend(_footnote(source, labels[source.id]) for source in cited)
    return "\n\n".join(block for block in blocks if block) + "\n"


def _event_blocks(event: Event, timeline: Timeline, labels: dict[str, str]) -> list[str]:
    facts = [
        f"{label}: {', '.join(map(one_line, items))}"
        for label, items in (("Tags", event.tags), ("People", event.people))
        if items
    ]
    blocks = [
        f"## {_heading(f'{event.display_date} — {event.title}')}",
        _paragraphs(event.summary),
        _facts(facts) if facts else "",
        _paragraphs(event.notes, label="Notes: ") if event.notes else "",
    ]
    for quote in event.quotes:
        blocks.append(_blockquote(quote.text))
        blocks.append(_credit(quote, timeline, labels[quote.source]))
    return blocks


def _facts(facts: list[str]) -> str:
    """Facts as a bullet list, one fact an item."""
    return "\n".join(f"- {_escape_lines([one_line(fact)])[0]}" for fact in facts)


def _credit(quote: Quote, timeline: Timeline, label: str) -> str:
    """The line after a quote: who said it and where, and the reference to the source's footnote."""
    return (
        f"— {_escape_lines([one_line(quote_credit(quote, timeline))], opens_block=False, followed_by=label)[0]}{label}"
    )


def _footnote(source: Source, label: str) -> str:
    """The source's footnote: its citation, with its address as a link if it is a web address, and its note."""
    citation = one_line(cite_source(source))
    url = source.url
    if url and is_web_address(url) and not _NOT_IN_AN_AUTOLINK.search(url) and citation.endswith(url):
        link = f"<{url}>"
        text = _escape_lines([citation.removesuffix(url)], followed_by=link)[0] + link
    else:
        text = _escape_lines([citation])[0]
    footnote = f"{label}: {text}"
    if not source.note:
        return footnote
    note = _paragraphs(source.note, label="Note: ")
    return footnote + "\n\n" + "\n".join(_NOTE_INDENT + line if line else "" for line in note.split("\n"))


def _heading(text: str) -> str:
    """Text for the rest of a heading line: on one line, and with no closing `#` sequence."""
    escaped = _escape_lines([one_line(text)], opens_block=False)[0]
    return _CLOSING_HASHES.sub(r"\\\g<0>", escaped) if escaped.endswith("#") else escaped


def _paragraphs(text: str, label: str = "") -> str:
    """Text as paragraphs, its line breaks kept; `label` opens the first line."""
    paragraphs = [
        _escape_lines(lines, opens_block=not (label and index == 0))
        for index, lines in enumerate(text_paragraphs(text))
    ]
    if label and paragraphs:
        paragraphs[0][0] = label + paragraphs[0][0]
    return "\n\n".join("\n".join(lines) for lines in paragraphs)


def _blockquote(text: str) -> str:
    """One block quote, even across paragraphs: the blank line between two is written as `>` alone.
    Never a GitHub alert: a quote that opens with `[!NOTE]` keeps the words."""
    paragraphs = [_escape_lines(lines) for lines in text_paragraphs(text)]
    if paragraphs and _GITHUB_ALERT.match(paragraphs[0][0]):
        paragraphs[0][0] = "\\" + paragraphs[0][0]
    return "\n>\n".join("\n".join(f"> {line}" for line in lines) for lines in paragraphs) or ">"


def _escape_lines(lines: list[str], opens_block: bool = True, followed_by: str = "") -> list[str]:
    """The lines of one paragraph, escaped to render exactly as written where they stand.

    Every line but the first starts a line of the output, where a block could start; the first
    does too, and could start a link reference definition, if the paragraph `opens_block` (it is
    not preceded by a label, a list marker or a heading's `#`). `followed_by` is the Markdown the
    export writes right after the text, in the same paragraph.
    """
    if len(lines) == 1:
        escaped = [_escape_inline(lines[0], followed_by)]
    else:
        escaped = _escape_inline("\n".join(lines), followed_by).split("\n")
    for index in range(0 if opens_block else 1, len(escaped)):
        line = escaped[index]
        if line and line[0] in _MAY_START_A_BLOCK:
            escaped[index] = _escape_line_start(line, continues_a_paragraph=index > 0)
    if opens_block and escaped[0].startswith("[") and _LINK_REFERENCE_DEFINITION.match("\n".join(escaped)):
        escaped[0] = "\\" + escaped[0]
    return escaped


def _escape_line_start(line: str, continues_a_paragraph: bool) -> str:
    """A line that starts a line of the output, with what would open a block there escaped."""
    if _LINE_START.match(line):
        return "\\" + line
    run = _RUN_AT_LINE_START.match(line)
    if run:
        return _escaped_run(run.group()) + line[run.end() :]
    marker = _INTERRUPTING_LIST_MARKER if continues_a_paragraph else _ORDERED_LIST_MARKER
    return marker.sub(r"\g<0>\\", line, count=1)


def _escape_inline(text: str, followed_by: str = "") -> str:
    """Text within a paragraph, with what CommonMark would read as inline structure escaped.

    Whether a run of `*`, `_`, `~` or backticks, a `]` or a `<` means anything depends on what
    stands around it, `followed_by` included (it is not escaped).
    """
    if not _MAY_BE_SIGNIFICANT.search(text):
        return text
    whole = text + followed_by
    end = len(text)
    last_closing = whole.rfind(">")
    first_opening = whole.find("[")
    runs = Counter(map(len, _BACKTICKS.findall(whole))) if "`" in whole else Counter()

    def escape(match: re.Match[str]) -> str:
        found, start = match.group(), match.start()
        first = found[0]
        if start >= end:
            return found
        if first == "<":
            return "\\<" if start < last_closing else found
        if first == "]":
            return "\\]" if 0 <= first_opening < start else found
        if first == "`":
            return _escaped_run(found) if runs[len(found)] > 1 else found
        if first in "*_~":
            before = whole[start - 1] if start else " "
            after = whole[match.end()] if match.end() < len(whole) else " "
            return found if _inert(first, before, after) else _escaped_run(found)
        return "\\" + found

    escaped = _INLINE.sub(escape, whole)
    return escaped[: len(escaped) - len(followed_by)]


def _inert(delimiter: str, before: str, after: str) -> bool:
    """Whether a run of `delimiter` can neither open nor close emphasis (or strikethrough) whatever
    else the paragraph holds: with whitespace on both sides, or `_` within a word."""
    if before in _WHITESPACE and after in _WHITESPACE:
        return True
    return delimiter == "_" and before.isalnum() and after.isalnum()


def _escaped_run(run: str) -> str:
    return "".join(f"\\{character}" for character in run)
