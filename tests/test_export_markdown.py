"""The Markdown export, checked by parsing it as a reader's renderer would.

Every export is parsed with markdown-it-py, as CommonMark and as GitHub-flavoured Markdown
(tables and strikethrough), and walked into the blocks a reader sees: headings, paragraphs, block
quotes and the items of the list of sources. Any other token (a list that was not meant, a rule,
code, HTML, a link, emphasis, a table, strikethrough) fails the walk. The blocks must then be
exactly those the data calls for, each showing the data's text.

What "exactly" allows: CommonMark drops the spaces and tabs at the start and end of every line,
and the whitespace at the start and end of a paragraph or heading, and reads a line of nothing
but spaces and tabs as blank. `shown()` applies the same to the data before comparing. Nothing
else is forgiven: every other character must come out as written.
"""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui.dates import PartialDate
from tui.export import ExportRequest, select_events
from tui.export.markdown import render_markdown
from tui.loader import bundled_timeline_path, load_timeline
from tui.model import Event, Quote, Source, Timeline
from tui.text import clean_text
from tui.wording import cite_source, quote_credit

COMMONMARK = MarkdownIt("commonmark")
GFM = MarkdownIt("gfm-like", {"linkify": False})
"""GitHub's tables and strikethrough; not its autolinks, which only make a link of a web address."""

_INLINE_TEXT = {"text": None, "softbreak": "\n", "hardbreak": "\n"}
_LINE_ENDING = re.compile(r"\r\n|\r|\n")


def rendered_blocks(markdown: str, parser: MarkdownIt = COMMONMARK) -> list[tuple[str, str]]:
    """The blocks a reader sees, as (kind, text): h1, h2, p, quote, list (the list opening) and item.

    The paragraphs of a block quote or of a list item make one block, joined by a blank line.
    """
    blocks: list[tuple[str, str]] = []
    containers: list[str] = []
    parts: list[str] = []
    heading = ""
    for token in parser.parse(markdown):
        if token.type == "heading_open":
            heading = token.tag
        elif token.type == "inline":
            text = _inline_text(token)
            if heading:
                blocks.append((heading, text))
            elif containers:
                parts.append(text)
            else:
                blocks.append(("p", text))
        elif token.type == "heading_close":
            heading = ""
        elif token.type in ("blockquote_open", "list_item_open"):
            assert not containers, f"a {token.type} inside a {containers[-1]}"
            containers.append("quote" if token.type == "blockquote_open" else "item")
            parts = []
        elif token.type in ("blockquote_close", "list_item_close"):
            blocks.append((containers.pop(), "\n\n".join(parts)))
        elif token.type == "ordered_list_open":
            blocks.append(("list", ""))
        elif token.type not in ("paragraph_open", "paragraph_close", "ordered_list_close"):
            raise AssertionError(f"unexpected {token.type} at line {token.map}: {token}")
    return blocks


def _inline_text(token) -> str:
    parts = []
    for child in token.children:
        if child.type not in _INLINE_TEXT:
            raise AssertionError(f"unexpected {child.type} in {token.content!r}")
        parts.append(_INLINE_TEXT[child.type] or child.content)
    return "".join(parts)


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


def stripped(block: tuple[str, str]) -> tuple[str, str]:
    """A block as CommonMark ends each of its paragraphs: without whitespace at either end."""
    kind, text = block
    return kind, "\n\n".join(paragraph.strip() for paragraph in text.split("\n\n"))


def labelled(label: str, text: str | None) -> list[str]:
    """Paragraphs of text, the first opening with a label."""
    paragraphs = shown_paragraphs(text or "")
    return [f"{label}: {paragraphs[0]}", *paragraphs[1:]] if paragraphs else []


def expected_blocks(request: ExportRequest) -> list[tuple[str, str]]:
    """The blocks the export must show for the request, with the data's text as CommonMark shows it."""
    timeline = request.timeline
    numbers: dict[str, int] = {}
    for event in request.events:
        for quote in event.quotes:
            numbers.setdefault(quote.source, len(numbers) + 1)
    blocks = [
        ("h1", shown_on_one_line(timeline.title)),
        ("p", "\n".join(map(shown_on_one_line, request.header_lines()))),
    ]
    for event in request.events:
        blocks.append(("h2", shown_on_one_line(f"{event.display_date} — {event.title}")))
        blocks.extend(("p", paragraph) for paragraph in shown_paragraphs(event.summary))
        labels = [
            f"{label}: {', '.join(map(shown_on_one_line, items))}"
            for label, items in (("Tags", event.tags), ("People", event.people))
            if items
        ]
        if labels:
            blocks.append(("p", "\n".join(labels)))
        blocks.extend(("p", paragraph) for paragraph in labelled("Notes", event.notes))
        for quote in event.quotes:
            blocks.append(("quote", shown(quote.text)))
            blocks.append(("p", f"— {shown_on_one_line(quote_credit(quote, timeline))} [{numbers[quote.source]}]"))
    if numbers:
        blocks += [("h2", "Sources"), ("list", "")]
        for source_id in numbers:
            source = timeline.sources_by_id[source_id]
            blocks.append(
                ("item", "\n\n".join([shown_on_one_line(cite_source(source)), *labelled("Note", source.note)]))
            )
    return list(map(stripped, blocks))


def assert_renders_as_meant(request: ExportRequest) -> str:
    markdown = render_markdown(request)
    expected = expected_blocks(request)
    assert rendered_blocks(markdown, COMMONMARK) == expected
    assert rendered_blocks(markdown, GFM) == expected
    return markdown


def request_for(timeline: Timeline, **options) -> ExportRequest:
    return ExportRequest(timeline, list(timeline.events), **options)


def timeline_with(text: str) -> Timeline:
    """A timeline with `text` in every text field an export shows."""
    source = Source(
        "src",
        title=text,
        kind="article",
        date=PartialDate(2020, 4, 23),
        publisher=text,
        author=text,
        url=text,
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


BUNDLED = load_timeline(bundled_timeline_path())


def test_the_bundled_timeline_renders_as_meant_with_every_quote_exact():
    markdown = assert_renders_as_meant(request_for(BUNDLED, timeline_file="timeline.yaml"))
    quotes = [text for kind, text in rendered_blocks(markdown) if kind == "quote"]
    assert quotes == [quote.text for event in BUNDLED.events for quote in event.quotes]
    headings = [text for kind, text in rendered_blocks(markdown) if kind == "h2"]
    assert headings == [f"{event.display_date} — {event.title}" for event in BUNDLED.events] + ["Sources"]


def test_a_span_opens_with_what_was_exported():
    start, end = PartialDate(2017, 7, 3), PartialDate(2020, 4, 23)
    events = select_events(BUNDLED, start, end)
    request = ExportRequest(BUNDLED, events, start, end, query="tag:letter", timeline_file="timeline.yaml")
    markdown = assert_renders_as_meant(request)
    assert markdown.startswith(
        f"# {BUNDLED.title}\n\n"
        "Span: 3 July 2017 – 23 April 2020\\\n"
        f"Events: {len(events)}\\\n"
        "Query: tag:letter\\\n"
        "Timeline file: timeline.yaml\n\n"
        "## 3 July 2017 — BBC broadcasts The Betrayed Girls\n\n"
    )


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
    "link": "[not](a link)",
    "image": "![not](an image.png)",
    "reference definition": "[1]: http://example.com\n[1]",
    "autolink": "<http://example.com>",
    "html": "<script>alert(1)</script>",
    "html comment": "<!-- hidden -->",
    "entity": "&amp; &#35; &#x23; &copy;",
    "thematic dashes": "---",
    "thematic spaced": "- - -",
    "thematic stars": "***",
    "thematic underscores": "___",
    "setext equals": "a title\n===",
    "setext dashes": "a title\n--",
    "code span": "`code` and ``more``",
    "backtick fence": "```\nnot code\n```",
    "tilde fence": "~~~\nnot code\n~~~",
    "strikethrough": "~~not struck~~ ~nor this~",
    "table": "| a | b |\n| --- | --- |\n| 1 | 2 |",
    "pipe": "a | b",
    "block quote": "> x",
    "nested block quote marker": "> > x",
    "leading spaces": "    four spaces are not code",
    "leading tab": "\tnor is a tab",
    "trailing double space": "no hard  \nbreak",
    "trailing backslash": "no hard\\\nbreak",
    "backslash escapes": "\\* \\_ \\\\ \\[",
    "emphasis": "*em* _em_ **strong** __strong__",
    "intraword star": "a*b*c",
    "blank line": "first paragraph\n\nsecond paragraph",
    "blank lines and spaces": "first\n   \n\t\n\nsecond",
    "closing hashes": "Issue #",
    "carriage return": "first\r# not a heading\r\n- not a list",
    "unicode": "Café “quoted” — 2005–2014 ’ ✓ 𝔘",
    "non-breaking space": "\u00a0# still text",
}


@pytest.mark.parametrize("text", ESCAPING_CASES.values(), ids=ESCAPING_CASES.keys())
def test_text_comes_out_as_written_and_creates_nothing(text):
    markdown = assert_renders_as_meant(request_for(timeline_with(text)))
    quote = next(block for kind, block in rendered_blocks(markdown) if kind == "quote")
    assert quote == stripped(("quote", shown(text)))[1]


def test_a_quote_with_a_blank_line_stays_one_block_quote():
    markdown = render_markdown(request_for(timeline_with("first line\nsecond line\n\nnew paragraph")))
    assert "> first line\n> second line\n>\n> new paragraph\n" in markdown
    tokens = COMMONMARK.parse(markdown)
    assert sum(token.type == "blockquote_open" for token in tokens) == 2  # this quote and "Plain words."


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("oldham.gov.uk/info/child_protection/2366", "oldham.gov.uk/info/child_protection/2366"),
        ("C# and issue #5", "C# and issue #5"),
        ("AT&T, 3.5 per cent, 1.5 million", "AT&T, 3.5 per cent, 1.5 million"),
        (
            "(brackets), {braces}, !bang, \"straight\" and 'single'",
            "(brackets), {braces}, !bang, \"straight\" and 'single'",
        ),
        ("In 2014. Then 1. and 2) within a line", "In 2014. Then 1. and 2) within a line"),
        ("The girls - all of them", "The girls - all of them"),
    ],
)
def test_ordinary_punctuation_is_not_escaped(text, raw):
    markdown = render_markdown(request_for(timeline_with(text)))
    assert f"\n> {raw}\n" in markdown
    assert f"## 3 July 2017 — {raw}\n" in markdown


def test_a_line_that_could_start_a_block_is_escaped_and_nothing_else():
    markdown = render_markdown(request_for(timeline_with("# x\n1. y\n- z\n> w\n===\n* v\n_ u")))
    assert "> \\# x\n> 1\\. y\n> \\- z\n> \\> w\n> \\===\n> \\* v\n> \\_ u\n" in markdown


def test_sources_are_numbered_in_order_of_first_citation_and_cited_by_number():
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
    assert re.findall(r"— .* \\\[(\d)\\\]", markdown) == ["1", "2", "1"]
    assert markdown.endswith("## Sources\n\n1. “Cited first”, P\n\n2. “Cited second”, P\n")


def test_an_attribution_names_the_speaker_and_only_what_the_source_has():
    source = Source(
        "hansard",
        "Child Protection",
        "parliamentary record",
        PartialDate(2020, 2),
        publisher="Hansard",
        url="hansard.parliament.uk/Commons/2020-02-27",
    )
    undated = Source("page", "A page", "web page", author="Someone")
    event = Event(
        "a", PartialDate(2020), "A", "s", (Quote("hansard", "Words.", speaker="A minister"), Quote("page", "More."))
    )
    markdown = render_markdown(request_for(Timeline("T", (source, undated), (event,))))
    assert (
        "— A minister, in “Child Protection”, Hansard, February 2020, hansard.parliament.uk/Commons/2020-02-27 \\[1\\]\n"
        in markdown
    )
    assert "— “A page”, Someone \\[2\\]\n" in markdown
    assert "https://" not in markdown and "http://" not in markdown


def test_an_empty_selection_says_so_and_has_no_sources():
    markdown = assert_renders_as_meant(ExportRequest(BUNDLED, [], PartialDate(1990), PartialDate(1991)))
    assert "Events: 0" in markdown
    assert "## Sources" not in markdown


def test_the_same_request_renders_the_same_bytes_and_a_stamp_is_the_only_clock():
    request = request_for(BUNDLED, timeline_file="timeline.yaml")
    assert render_markdown(request) == render_markdown(request_for(BUNDLED, timeline_file="timeline.yaml"))
    assert "Exported on" not in render_markdown(request)
    stamp = datetime.datetime(2025, 7, 3, 14, 5, 9, tzinfo=datetime.timezone.utc)
    stamped = assert_renders_as_meant(request_for(BUNDLED, timeline_file="timeline.yaml", stamp=stamp))
    assert "Timeline file: timeline.yaml\\\nExported on 2025-07-03T14:05:09+00:00\n" in stamped


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
    "[x]: /u",
    "![i](x)",
    "<",
    ">",
    "<script>",
    "</p>",
    "<!--",
    "&",
    "&amp;",
    "&#35;",
    ";",
    "---",
    "===",
    "***",
    "___",
    "_",
    "*",
    "`",
    "```",
    "~",
    "~~~",
    "|",
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
    "http://x.org",
    "www.x.org",
    "a",
    "1",
    "é",
]
texts = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=3).map(clean_text)), max_size=8).map("".join)
"""Text as the loader could give it (random text is cleaned as the loader cleans it), with the
characters and runs that mean something in Markdown mixed in raw, line endings included."""


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
            url=draw(st.none() | texts),
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


@settings(max_examples=200, deadline=None)
@given(timelines(), texts)
def test_any_text_renders_exactly_as_written_and_creates_nothing(timeline, query):
    markdown = assert_renders_as_meant(request_for(timeline, query=query, timeline_file="timeline.yaml"))
    quotes = [text for kind, text in rendered_blocks(markdown) if kind == "quote"]
    assert quotes == [stripped(("quote", shown(quote.text)))[1] for event in timeline.events for quote in event.quotes]
