"""The Markdown export, checked by parsing it as a reader's renderer would, and by reading it raw.

Every export is parsed with markdown-it-py, as CommonMark and as GitHub-flavoured Markdown (tables
and strikethrough), both with footnotes, and walked into the blocks a reader sees: headings,
paragraphs, block quotes, the items of the lists of facts and the footnotes. Any other token (a
list item within a quote, a rule, code, HTML, a link, an image, emphasis, a table, strikethrough,
a hard line break) fails the walk, and so does a footnote reference or an autolink anywhere but at
the end of a credit or of a citation. The blocks must then be exactly those the data calls for,
each showing the data's text.

What "exactly" allows: CommonMark drops the spaces and tabs at the start and end of every line,
and the whitespace at the start and end of a paragraph or heading, and reads a line of nothing
but spaces and tabs as blank. `shown()` applies the same to the data before comparing. Nothing
else is forgiven: every other character must come out as written.

The raw file is held to its own promise: a quote is in it as written, line by line, unless a
character truly had to be escaped, and no line ends in a backslash.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from timelines import HOSTILE, LOADABLE, big_timeline, hostile_timeline

from tui.dates import PartialDate
from tui.export import ExportRequest, select_events
from tui.export.lines import text_paragraphs
from tui.export.markdown import render_markdown
from tui.loader import bundled_timeline_path, load_timeline
from tui.model import Event, Quote, Source, Timeline
from tui.text import clean_text, is_web_address
from tui.wording import cite_source, quote_credit

COMMONMARK = MarkdownIt("commonmark").use(footnote_plugin)
GFM = MarkdownIt("gfm-like", {"linkify": False}).use(footnote_plugin)
"""GitHub's tables and strikethrough; not its autolinks, which only make a link of a web address."""
PARSERS = (COMMONMARK, GFM)

Block = tuple[str, str, str]
"""(kind, text, end): kind is h1, h2, p, quote, list (a list opening), item, notes (where the
footnotes start) or note; `end` is what closes the block that is not text, a footnote reference
`[^1]` and, in a footnote, the autolink `<href> text`."""

_LINE_ENDING = re.compile(r"\r\n|\r|\n")
_CONTAINERS = {"blockquote_open": "quote", "list_item_open": "item", "footnote_open": "note"}
_CLOSERS = {"blockquote_close", "list_item_close", "footnote_close"}
_PASSED_OVER = {
    "paragraph_open",
    "paragraph_close",
    "bullet_list_close",
    "footnote_block_close",
    "footnote_anchor",  # the back link a renderer adds to a footnote
}


def rendered_blocks(markdown: str, parser: MarkdownIt = COMMONMARK) -> list[Block]:
    """The blocks a reader sees. The paragraphs of a block quote, a list item or a footnote make one
    block, joined by a blank line."""
    blocks: list[Block] = []
    container = ""
    label = ""
    parts: list[tuple[str, str]] = []
    heading = ""
    for token in parser.parse(markdown):
        if token.type == "heading_open":
            heading = token.tag
        elif token.type == "inline":
            text, end = _inline_text(token)
            if heading or not container:
                blocks.append((heading or "p", text, end))
                assert not (heading and end), f"a {end} in a heading: {token.content!r}"
            else:
                parts.append((text, end))
        elif token.type == "heading_close":
            heading = ""
        elif token.type in _CONTAINERS:
            assert not container, f"a {token.type} inside a {container}"
            container, parts = _CONTAINERS[token.type], []
            label = f"[^{token.meta['label']}]" if container == "note" else ""
        elif token.type in _CLOSERS:
            ends = [end for _, end in parts]
            if container == "note":
                assert not any(ends[1:]), f"a reference or link after a footnote's first paragraph: {parts}"
                end = " ".join(filter(None, [label, *ends[:1]]))
            else:
                assert not any(ends), f"a footnote reference or link in a {container}: {parts}"
                end = ""
            blocks.append((container, "\n\n".join(text for text, _ in parts), end))
            container = ""
        elif token.type == "bullet_list_open":
            blocks.append(("list", "", ""))
        elif token.type == "footnote_block_open":
            blocks.append(("notes", "", ""))
        elif token.type not in _PASSED_OVER:
            raise AssertionError(f"unexpected {token.type} at line {token.map}: {token}")
    return blocks


def _inline_text(token: Token) -> tuple[str, str]:
    """The text of an inline token, and what ends it if that is a footnote reference or an autolink."""
    children = list(token.children or [])
    end = ""
    if children and children[-1].type == "footnote_ref":
        end = f"[^{children.pop().meta.get('label')}]"
    elif [child.type for child in children[-3:]] == ["link_open", "text", "link_close"]:
        link, text, _ = children[-3:]
        assert link.markup == "autolink", f"a link that is not an autolink: {token.content!r}"
        end = f"<{link.attrs['href']}> {text.content}"
        del children[-3:]
    parts = []
    for child in children:
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append("\n")
        else:
            raise AssertionError(f"unexpected {child.type} in {token.content!r}")
    return "".join(parts), end


def shown_paragraphs(text: str) -> list[str]:
    """How CommonMark shows text written as paragraphs: see the module's docstring."""
    paragraphs: list[list[str]] = [[]]
    for line in _LINE_ENDING.split(text):
        line = line.strip(" \t")
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return ["\n".join(lines) for lines in paragraphs if lines]


def shown(text: str) -> str:
    return "\n\n".join(shown_paragraphs(text))


def shown_on_one_line(text: str) -> str:
    return " ".join(line.strip(" \t") for line in _LINE_ENDING.split(text) if line.strip(" \t"))


def stripped(text: str) -> str:
    """A block's text as CommonMark ends each of its paragraphs: without whitespace at either end."""
    return "\n\n".join(paragraph.strip() for paragraph in text.split("\n\n"))


def labelled(label: str, text: str | None) -> list[str]:
    """Paragraphs of text, the first opening with a label."""
    paragraphs = shown_paragraphs(text or "")
    return [f"{label}: {paragraphs[0]}", *paragraphs[1:]] if paragraphs else []


def linked(url: str | None) -> bool:
    """Whether a source's address is written as an autolink: a web address that an autolink can hold."""
    return url is not None and is_web_address(url) and not re.search(r"[\x00-\x20<>\x7f]", url)


def footnote_labels(request: ExportRequest) -> dict[str, str]:
    """Each cited source's footnote label, numbered in the order of first citation."""
    labels: dict[str, str] = {}
    for event in request.events:
        for quote in event.quotes:
            labels.setdefault(quote.source, f"[^{len(labels) + 1}]")
    return labels


def expected_blocks(request: ExportRequest, parser: MarkdownIt = COMMONMARK) -> list[Block]:
    """The blocks the export must show for the request, with the data's text as CommonMark shows it."""
    timeline = request.timeline
    labels = footnote_labels(request)

    def block(kind: str, text: str, end: str = "") -> Block:
        return kind, stripped(text), end

    def facts(lines: list[str]) -> list[Block]:
        return [block("list", ""), *(block("item", shown_on_one_line(line)) for line in lines)] if lines else []

    blocks = [block("h1", shown_on_one_line(timeline.title)), *facts(request.header_lines())]
    for event in request.events:
        blocks.append(block("h2", shown_on_one_line(f"{event.display_date} — {event.title}")))
        blocks.extend(block("p", paragraph) for paragraph in shown_paragraphs(event.summary))
        blocks.extend(
            facts(
                [
                    f"{label}: {', '.join(map(shown_on_one_line, items))}"
                    for label, items in (("Tags", event.tags), ("People", event.people))
                    if items
                ]
            )
        )
        blocks.extend(block("p", paragraph) for paragraph in labelled("Notes", event.notes))
        for quote in event.quotes:
            blocks.append(block("quote", shown(quote.text)))
            blocks.append(block("p", f"— {shown_on_one_line(quote_credit(quote, timeline))}", labels[quote.source]))
    if labels:
        blocks += [block("h2", "Sources"), block("notes", "")]
        for source_id, label in labels.items():
            source = timeline.sources_by_id[source_id]
            citation = shown_on_one_line(cite_source(source))
            notes = stripped("\n\n".join(labelled("Note", source.note)))
            if source.url and linked(source.url):
                link = f"<{parser.normalizeLink(source.url)}> {parser.normalizeLinkText(source.url)}"
                text = "\n\n".join(filter(None, [citation.removesuffix(source.url).lstrip(), notes]))
                blocks.append(("note", text, f"{label} {link}"))
            else:
                blocks.append(("note", stripped("\n\n".join(filter(None, [citation, notes]))), label))
    return blocks


def token_types(markdown: str, parser: MarkdownIt) -> Counter[str]:
    """Every token the parser makes of the Markdown, inline ones included, counted by type."""
    counts: Counter[str] = Counter()
    for token in parser.parse(markdown):
        counts[token.type] += 1
        counts.update(child.type for child in token.children or [])
    return counts


MADE_BY_THE_EXPORT = {
    "heading_open",
    "heading_close",
    "paragraph_open",
    "paragraph_close",
    "inline",
    "text",
    "softbreak",
    "blockquote_open",
    "blockquote_close",
    "bullet_list_open",
    "bullet_list_close",
    "list_item_open",
    "list_item_close",
    "footnote_ref",
    "footnote_block_open",
    "footnote_block_close",
    "footnote_open",
    "footnote_close",
    "footnote_anchor",
    "link_open",
    "link_close",
}
"""The only tokens an export holds. Not among them: image, html_inline, html_block, code_inline,
code_block, fence, em_open, strong_open, s_open, table_open, hr, hardbreak, ordered_list_open."""


def assert_text_makes_no_structure(markdown: str, request: ExportRequest, parser: MarkdownIt) -> None:
    """The token stream holds only what the export makes, as many as it makes: a heading for the
    title, each event and the sources; a list for the header and for each event's tags and people;
    a footnote reference for each quote; a link for each cited web address, as an autolink to it."""
    counts = token_types(markdown, parser)
    assert set(counts) <= MADE_BY_THE_EXPORT, set(counts) - MADE_BY_THE_EXPORT
    cited = [request.timeline.sources_by_id[source_id] for source_id in footnote_labels(request)]
    assert counts["heading_open"] == 1 + len(request.events) + (1 if cited else 0)
    assert counts["bullet_list_open"] == 1 + sum(1 for event in request.events if event.tags or event.people)
    assert counts["footnote_ref"] == sum(len(event.quotes) for event in request.events)
    links = [child for token in parser.parse(markdown) for child in token.children or [] if child.type == "link_open"]
    assert [(link.markup, link.attrs["href"]) for link in links] == [
        ("autolink", parser.normalizeLink(source.url)) for source in cited if source.url and linked(source.url)
    ]


def assert_renders_as_meant(request: ExportRequest) -> str:
    markdown = render_markdown(request)
    for parser in PARSERS:
        assert rendered_blocks(markdown, parser) == expected_blocks(request, parser)
        assert_text_makes_no_structure(markdown, request, parser)
    return markdown


def request_for(timeline: Timeline, **options) -> ExportRequest:
    return ExportRequest(timeline, list(timeline.events), **options)


def timeline_with(text: str, url: str | None = None) -> Timeline:
    """A timeline with `text` in every text field an export shows (and in the address, unless one is given)."""
    source = Source(
        "src",
        title=text,
        kind="article",
        date=PartialDate(2020, 4, 23),
        publisher=text,
        author=text,
        url=text if url is None else url,
        note=text,
    )
    event = Event(
        "e",
        PartialDate(2017, 7, 3),
        title=text,
        summary=text,
        notes=text,
        tags=(text, "plain"),
        people=(text,),
        quotes=(Quote("src", text, speaker=text), Quote("src", "Plain words.")),
    )
    return Timeline(title=text, sources=(source,), events=(event,), description=text)


def raw_quote(text: str) -> str:
    """A quote as the export writes it when nothing in it needs escaping: its lines after `> `,
    a `>` alone between its paragraphs."""
    return "\n>\n".join("\n".join(f"> {line}" for line in lines) for lines in text_paragraphs(text))


BUNDLED = load_timeline(bundled_timeline_path())
BUNDLED_QUOTES = [quote for event in BUNDLED.events for quote in event.quotes]

QUOTES_THAT_NEED_AN_ESCAPE: dict[str, str] = {}
"""The quotes of the bundled timeline that cannot stand in the raw file as written, each (its
first words) with the reason. None today: the two with square brackets, `[Tue 14 Jan 2020]` and
`[Sir Christopher Chope in the Chair]`, are not links (nothing defines them, no `(` follows), and
`Fire & Rescue` is no entity. A quote added here must say which character had to be escaped and why."""


def test_the_bundled_timeline_renders_as_meant_with_every_quote_word_for_word():
    markdown = assert_renders_as_meant(request_for(BUNDLED, timeline_file="timeline.yaml"))
    quotes = [text for kind, text, _ in rendered_blocks(markdown) if kind == "quote"]
    assert [" ".join(text.split()) for text in quotes] == [" ".join(quote.text.split()) for quote in BUNDLED_QUOTES]
    assert quotes == [quote.text for quote in BUNDLED_QUOTES]
    headings = [text for kind, text, _ in rendered_blocks(markdown) if kind == "h2"]
    assert headings == [f"{event.display_date} — {event.title}" for event in BUNDLED.events] + ["Sources"]


def test_the_bundled_timeline_reads_cleanly_raw_with_every_quote_as_written():
    markdown = render_markdown(request_for(BUNDLED, timeline_file="timeline.yaml"))
    assert "\\[" not in markdown
    assert [line for line in markdown.splitlines() if line.endswith("\\")] == []
    escaped = {quote.text[:40] for quote in BUNDLED_QUOTES if f"\n{raw_quote(quote.text)}\n" not in markdown}
    assert escaped == set(QUOTES_THAT_NEED_AN_ESCAPE)
    assert markdown.count("\\") == 0, "nothing in the bundled timeline needs an escape"
    assert "> The findings of the first independent review have been published today [Tue 14 Jan 2020] - “" in markdown
    assert "“Operation Augusta — [Sir Christopher Chope in the Chair]”[^" in markdown


def test_each_source_is_cited_in_full_once():
    markdown = render_markdown(request_for(BUNDLED))
    for source in BUNDLED.sources:
        if source.url:
            assert markdown.count(source.url) == 1, source.id
            assert markdown.count(f"<{source.url}>") == 1, source.id


def test_a_span_opens_with_what_was_exported():
    start, end = PartialDate(2017, 7, 3), PartialDate(2020, 4, 23)
    events = select_events(BUNDLED, start, end)
    request = ExportRequest(BUNDLED, events, start, end, query="tag:letter", timeline_file="timeline.yaml")
    markdown = assert_renders_as_meant(request)
    assert markdown.startswith(
        f"# {BUNDLED.title}\n\n"
        "- Span: 3 July 2017 – 23 April 2020\n"
        f"- Events: {len(events)}\n"
        "- Query: tag:letter\n"
        "- Timeline file: timeline.yaml\n\n"
        "## 3 July 2017 — BBC broadcasts The Betrayed Girls\n\n"
        "The BBC documentary The Betrayed Girls, about child sexual exploitation in Greater Manchester, "
        "is broadcast.\n\n"
        "- Tags: broadcast, media\n\n"
        "Notes: The GMCA's releases"
    )
    assert "\n\n— “Child sexual exploitation in Greater Manchester”[^1]\n\n" in markdown


ESCAPING_CASES = {
    "atx heading": "# not a heading",
    "atx heading alone": "#",
    "deep heading": "###### six",
    "bullet star": "* not a list",
    "bullet dash": "- not a list",
    "bullet plus": "+ not a list",
    "bullet dash alone": "-",
    "ordered dot": "1. not a list",
    "ordered paren": "2) not a list",
    "ordered long number": "123456789. not a list",
    "ordered within a paragraph": "a paragraph\n1. not a list\n01) nor this",
    "link": "[not](a link)",
    "link across lines": "[not\na](link)",
    "image": "![not](an image.png)",
    "reference definition": "[1]: http://example.com\n[1]",
    "reference definition across lines": "[a\nb]: /u\n[a b]",
    "footnote reference": "see[^1] and [^src]",
    "footnote definition": "[^1]: defined\n[^1]",
    "footnote definition within a paragraph": "first\n[^1]: defined",
    "inline footnote": "a^[not a note] b",
    "autolink": "<http://example.com>",
    "email autolink": "<me@example.com>",
    "html": "<script>alert(1)</script>",
    "html across lines": "a <b\nc='d'> e",
    "html block": "<div>\nx",
    "html block without a close": "<!DOCTYPE",
    "processing instruction": "<?php x",
    "html comment": "<!-- hidden -->",
    "entity": "&amp; &#35; &#x23; &copy;",
    "thematic dashes": "---",
    "thematic spaced": "- - -",
    "thematic stars": "***",
    "thematic stars spaced": "* * *",
    "thematic underscores": "___",
    "thematic underscores spaced": "_ _ _",
    "setext equals": "a title\n===",
    "setext dashes": "a title\n--",
    "code span": "`code` and ``more``",
    "code span across lines": "`a\nb`",
    "backtick fence": "```\nnot code\n```",
    "tilde fence": "~~~\nnot code\n~~~",
    "strikethrough": "~~not struck~~ ~nor this~",
    "subscript": "H~2~O",
    "table": "| a | b |\n| --- | --- |\n| 1 | 2 |",
    "table without outer pipes": "a | b\n--- | ---",
    "table of one column": "a\\|b\n|---",
    "table with alignment": "a|b\n:-|-",
    "pipe": "a | b",
    "block quote": "> x",
    "nested block quote marker": "> > x",
    "leading spaces": "    four spaces are not code",
    "leading tab": "\tnor is a tab",
    "trailing double space": "no hard  \nbreak",
    "trailing backslash": "no hard\\\nbreak",
    "backslash escapes": "\\* \\_ \\\\ \\[",
    "backslash before a link": "\\[x](y)",
    "escaped bracket in a link": "[a\\](b)",
    "emphasis": "*em* _em_ **strong** __strong__",
    "emphasis across lines": "*a\nb*",
    "intraword star": "a*b*c",
    "star after punctuation": "(*a*)",
    "underscore after punctuation": "(_a_)",
    "blank line": "first paragraph\n\nsecond paragraph",
    "blank lines and spaces": "first\n   \n\t\n\nsecond",
    "closing hashes": "Issue #",
    "carriage return": "first\r# not a heading\r\n- not a list",
    "unicode": "Café “quoted” — 2005–2014 ’ ✓ 𝔘",
    "non-breaking space": "\u00a0# still text",
    "a web address": "https://example.org/a_b*c*",
}


@pytest.mark.parametrize("text", ESCAPING_CASES.values(), ids=ESCAPING_CASES.keys())
def test_text_comes_out_as_written_and_creates_nothing(text):
    markdown = assert_renders_as_meant(request_for(timeline_with(text)))
    quote = next(block for kind, block, _ in rendered_blocks(markdown) if kind == "quote")
    assert quote == stripped(shown(text))


def test_a_quote_with_a_blank_line_stays_one_block_quote():
    markdown = render_markdown(request_for(timeline_with("first line\nsecond line\n\nnew paragraph")))
    assert "> first line\n> second line\n>\n> new paragraph\n" in markdown
    tokens = COMMONMARK.parse(markdown)
    assert sum(token.type == "blockquote_open" for token in tokens) == 2  # this quote and "Plain words."


ORDINARY = [
    "oldham.gov.uk/info/child_protection/2366",
    "C# and issue #5",
    "AT&T, Fire & Rescue, 3.5 per cent, 1.5 million, 50% &c",
    "(brackets), {braces}, !bang, \"straight\" and 'single'",
    "In 2014. Then 1. and 2) within a line",
    "The girls - all of them",
    "published today [Tue 14 Jan 2020] - “An assurance review of Operation Augusta.”",
    "Operation Augusta — [Sir Christopher Chope in the Chair]",
    "[sic] and [a] [b] and [c][d] and [e]: f",
    "a * b, a _ b, a ~ b, snake_case_name",
    "x < y and y > z, a <= b",
    "it`s, caret ^ and 2^10",
    "C:\\path\\file and a \\ alone",
    "smile :-) and (a) [b]",
    "a list ends](here) and 1<2, a<b",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_punctuation_is_not_escaped(text):
    markdown = assert_renders_as_meant(request_for(timeline_with(text)))
    assert f"\n> {text}\n" in markdown
    assert f"## 3 July 2017 — {text}\n" in markdown
    assert f"\n- Tags: {text}, plain\n" in markdown
    assert f"\nNotes: {text}\n" in markdown


def test_a_line_that_could_start_a_block_is_escaped_and_nothing_else():
    text = "# x\n1. y\n- z\n> w\n===\n* v\n_ u\n[^1]: t\n<div>\n```\n~~~\n|-|\n* * *\n___"
    markdown = assert_renders_as_meant(request_for(timeline_with(text)))
    assert (
        "> \\# x\n> 1\\. y\n> \\- z\n> \\> w\n> \\===\n> \\* v\n> _ u\n> \\[^1]: t\n> \\<div>\n"
        "> \\`\\`\\`\n> \\~\\~\\~\n> \\|-|\n> \\* * *\n> \\_\\_\\_\n"
    ) in markdown


def test_a_number_within_a_paragraph_is_escaped_only_if_it_could_start_a_list():
    markdown = assert_renders_as_meant(request_for(timeline_with("2014. At first\n2015. Then\n1. Last")))
    assert "> 2014\\. At first\n> 2015. Then\n> 1\\. Last\n" in markdown


def test_a_quote_is_never_a_github_alert():
    markdown = assert_renders_as_meant(request_for(timeline_with("[!Note]\nnot an alert")))
    assert "> \\[!Note]\n> not an alert\n" in markdown


def test_only_what_would_make_inline_structure_is_escaped():
    text = "[a](b) ![c](d) <e> <f@g.h> &amp; *i* _j_ a*b ~~k~~ `l` x\\*"
    markdown = assert_renders_as_meant(request_for(timeline_with(text)))
    assert (
        "\n> [a\\](b) ![c\\](d) \\<e> \\<f@g.h> \\&amp; \\*i\\* \\_j\\_ a\\*b \\~\\~k\\~\\~ \\`l\\` x\\\\\\*\n"
        in markdown
    )


def test_sources_are_footnotes_numbered_in_order_of_first_citation():
    sources = (
        Source("late", "Cited second", "article", publisher="P"),
        Source("early", "Cited first", "article", publisher="P"),
        Source("unused", "Never cited", "article", publisher="P"),
    )
    events = (
        Event("a", PartialDate(2001), "A", "s", (Quote("early", "one"), Quote("late", "two"))),
        Event("b", PartialDate(2002), "B", "s", (Quote("early", "three"),)),
    )
    markdown = assert_renders_as_meant(request_for(Timeline("T", sources, events)))
    assert re.findall(r"— .*\[\^(\d)\]\n", markdown) == ["1", "2", "1"]
    assert markdown.endswith("## Sources\n\n[^1]: “Cited first”, P\n\n[^2]: “Cited second”, P\n")
    assert "Never cited" not in markdown


def test_a_credit_names_the_speaker_and_the_footnote_cites_what_the_source_has():
    source = Source(
        "hansard",
        "Child Protection",
        "parliamentary record",
        PartialDate(2020, 2),
        publisher="Hansard",
        url="https://hansard.parliament.uk/Commons/2020-02-27",
    )
    undated = Source("page", "A page", "web page", author="Someone")
    event = Event(
        "a", PartialDate(2020), "A", "s", (Quote("hansard", "Words.", speaker="A minister"), Quote("page", "More."))
    )
    markdown = assert_renders_as_meant(request_for(Timeline("T", (source, undated), (event,))))
    assert "\n\n— A minister, “Child Protection”[^1]\n\n" in markdown
    assert "\n\n— “A page”[^2]\n\n" in markdown
    assert markdown.endswith(
        "## Sources\n\n"
        "[^1]: “Child Protection”, Hansard, February 2020, <https://hansard.parliament.uk/Commons/2020-02-27>\n\n"
        "[^2]: “A page”, Someone\n"
    )


def test_a_sources_note_is_a_second_paragraph_of_its_footnote():
    source = Source(
        "s", "T", "report", publisher="P", url="https://example.org/t", note="First line\nsecond.\n\n# Then"
    )
    event = Event("a", PartialDate(2020), "A", "s", (Quote("s", "Words."),))
    markdown = assert_renders_as_meant(request_for(Timeline("T", (source,), (event,))))
    assert markdown.endswith(
        "[^1]: “T”, P, <https://example.org/t>\n\n    Note: First line\n    second.\n\n    \\# Then\n"
    )
    [note] = [block for block in rendered_blocks(markdown) if block[0] == "note"]
    assert note == (
        "note",
        "“T”, P, \n\nNote: First line\nsecond.\n\n# Then",
        "[^1] <https://example.org/t> https://example.org/t",
    )


@pytest.mark.parametrize(
    "url",
    [
        "example.org/no-scheme",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://example.org/<script>",
        "https://example.org/a>b",
        "[x](https://example.org)",
    ],
)
def test_an_address_is_a_link_only_if_it_is_a_web_address_an_autolink_can_hold(url):
    timeline = Timeline(
        "T",
        (Source("s", "T", "report", url=url),),
        (Event("a", PartialDate(2020), "A", "s", (Quote("s", "`Words."),)),),
    )
    markdown = assert_renders_as_meant(request_for(timeline))
    links = [
        child for token in COMMONMARK.parse(markdown) for child in token.children or [] if child.type == "link_open"
    ]
    assert links == []
    assert f"“T”, {url}\n" in markdown.replace("\\", "")


def test_a_web_address_is_an_autolink_even_among_hostile_text():
    url = "https://example.org/a_b*c`d"
    timeline = Timeline(
        "T",
        (Source("s", "<b `x", "report", publisher="a* <i", url=url),),
        (Event("a", PartialDate(2020), "A", "s", (Quote("s", "Words."),)),),
    )
    markdown = assert_renders_as_meant(request_for(timeline))
    assert markdown.endswith(f"[^1]: “\\<b \\`x”, a\\* \\<i, <{url}>\n")


def test_an_empty_selection_says_so_and_has_no_sources():
    markdown = assert_renders_as_meant(ExportRequest(BUNDLED, [], PartialDate(1990), PartialDate(1991)))
    assert "- Events: 0\n" in markdown
    assert "## Sources" not in markdown and "[^" not in markdown


def test_the_same_request_renders_the_same_bytes_and_a_stamp_is_the_only_clock():
    request = request_for(BUNDLED, timeline_file="timeline.yaml")
    assert render_markdown(request) == render_markdown(request_for(BUNDLED, timeline_file="timeline.yaml"))
    assert "Exported on" not in render_markdown(request)
    stamp = datetime.datetime(2025, 7, 3, 14, 5, 9, tzinfo=datetime.timezone.utc)
    stamped = assert_renders_as_meant(request_for(BUNDLED, timeline_file="timeline.yaml", stamp=stamp))
    assert "- Timeline file: timeline.yaml\n- Exported on 2025-07-03T14:05:09+00:00\n\n" in stamped


@pytest.mark.parametrize("name", LOADABLE)
def test_a_hostile_file_that_loads_renders_as_meant(name):
    timeline = load_timeline(HOSTILE / name)
    assert_renders_as_meant(request_for(timeline, timeline_file=name))


def test_the_hostile_timeline_renders_as_meant():
    markdown = assert_renders_as_meant(request_for(hostile_timeline(), query="[@click=app.quit]x[/]"))
    assert "# [blink]Title[/blink]\n" in markdown


def test_a_hundred_thousand_events_render_whole():
    """How fast is a benchmark's question (benchmarks/run.py), never a timed test's."""
    request = request_for(big_timeline())
    markdown = render_markdown(request)
    assert markdown.count("\n## ") == 100_001 and markdown.count("\n> ") == 33_334


NASTY = [
    "# ",
    "#",
    "* ",
    "- ",
    "+ ",
    "1. ",
    "2) ",
    "[",
    "]",
    "(",
    ")",
    "[not](a link)",
    "](",
    "[x]: /u",
    "[^1]",
    "[^1]: ",
    "^[",
    "^",
    "![i](x)",
    "<",
    ">",
    "<a",
    "<script>",
    "</p>",
    "<!--",
    "<?",
    "<x@y.z>",
    "&",
    "&amp;",
    "&#35;",
    ";",
    ":",
    "---",
    "===",
    "***",
    "___",
    "_",
    "*",
    "**",
    "`",
    "``",
    "```",
    "~",
    "~~",
    "~~~",
    "|",
    "|-|",
    ":-",
    "| a |\n|---|",
    "> ",
    "\\",
    "!",
    "    ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "\u00a0",
    "\u2028",
    "\u3000",
    "—",
    "“",
    "http://x.org",
    "https://x.org/",
    "www.x.org",
    "a",
    "1",
    "é",
]
texts = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=3).map(clean_text)), max_size=8).map("".join)
"""Text as the loader could give it (random text is cleaned as the loader cleans it), with the
characters and runs that mean something in Markdown mixed in raw, line endings included."""
addresses = st.none() | texts | texts.map(lambda text: f"https://x.org/{text}")


@st.composite
def timelines(draw) -> Timeline:
    sources = tuple(
        Source(
            f"s{index}",
            draw(texts),
            "article",
            draw(st.sampled_from([None, PartialDate(2020), PartialDate(2020, 4, 23)])),
            publisher=draw(texts),
            author=draw(st.none() | texts),
            url=draw(addresses),
            note=draw(st.none() | texts),
        )
        for index in range(draw(st.integers(1, 2)))
    )
    quotes = st.builds(Quote, st.sampled_from([source.id for source in sources]), texts, st.none() | texts)
    events = tuple(
        Event(
            f"e{index}",
            draw(st.sampled_from([PartialDate(2017), PartialDate(2017, 7), PartialDate(2017, 7, 3)])),
            draw(texts),
            draw(texts),
            tuple(draw(st.lists(quotes, min_size=1, max_size=3))),
            end=draw(st.none() | st.just(PartialDate(2018))),
            approximate=draw(st.booleans()),
            tags=tuple(draw(st.lists(texts, max_size=2))),
            people=tuple(draw(st.lists(texts, max_size=2))),
            notes=draw(st.none() | texts),
        )
        for index in range(draw(st.integers(0, 2)))
    )
    return Timeline(draw(texts), sources, events)


@settings(max_examples=300, deadline=None)
@given(timelines(), texts)
def test_any_text_renders_exactly_as_written_and_creates_nothing(timeline, query):
    markdown = assert_renders_as_meant(request_for(timeline, query=query, timeline_file="timeline.yaml"))
    quotes = [text for kind, text, _ in rendered_blocks(markdown) if kind == "quote"]
    assert quotes == [stripped(shown(quote.text)) for event in timeline.events for quote in event.quotes]
    for line in markdown.splitlines():
        assert (len(line) - len(line.rstrip("\\"))) % 2 == 0, f"a hard line break: {line!r}"
