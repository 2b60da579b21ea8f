"""The HTML export, checked by parsing it with the standard library's `html.parser`.

Every page is walked into its elements, each with its attributes and its text as a reader sees
it (a `<br>` read as a line break, paragraphs apart by a blank line). The walk fails on any
element or attribute the export does not write itself, on an element closed out of order, on a
link anywhere but to a source's web address or to the list of sources. The elements must then
be exactly those the data calls for, each showing the data's text.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from timelines import HOSTILE, LOADABLE, big_timeline, fixture_timeline, hostile_timeline

from tui.dates import PartialDate
from tui.export import ExportRequest
from tui.export.html_format import CONTENT_SECURITY_POLICY, render_html
from tui.export.lines import one_line, text_paragraphs
from tui.loader import bundled_timeline_path, load_timeline
from tui.model import Event, Quote, Source, Timeline
from tui.text import is_web_address
from tui.wording import cite_source, quote_credit

BUNDLED = load_timeline(bundled_timeline_path())

VOID = {"meta", "br"}
OUR_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "h1",
    "h2",
    "p",
    "br",
    "blockquote",
    "sup",
    "a",
    "ol",
    "li",
}
"""The only elements the export writes; everything else that looks like markup came from the data."""
OUR_ATTRIBUTES = {
    "html": {"lang"},
    "meta": {"charset", "http-equiv", "name", "content"},
    "h2": {"id"},
    "p": {"class"},
    "ol": {"class"},
    "li": {"id"},
    "a": {"href", "rel"},
}
CLASSES = {"facts", "labels", "credit", "sources"}
SOURCE_ANCHOR = re.compile(r"source-([1-9][0-9]*)")


@dataclass
class Element:
    tag: str
    attributes: dict[str, str | None]
    parent: Element | None
    text: str = ""
    children: list[Element] = field(default_factory=list)


class Page(HTMLParser):
    """A page walked into its elements; an element or attribute not the export's own fails."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype: str | None = None
        self.elements: list[Element] = []
        self.open: list[tuple[Element, list[str]]] = []
        self.feed(document)
        self.close()
        assert not self.open, f"unclosed: {[element.tag for element, _ in self.open]}"

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in OUR_TAGS, f"<{tag}> is not one of the export's own elements"
        names = [name for name, _ in attrs]
        assert len(set(names)) == len(names), f"<{tag}> repeats an attribute: {names}"
        assert set(names) <= OUR_ATTRIBUTES.get(tag, set()), f"<{tag}> has attributes {names}"
        parent = self.open[-1][0] if self.open else None
        element = Element(tag, dict(attrs), parent)
        self.elements.append(element)
        if parent is not None:
            parent.children.append(element)
        if tag == "br":
            self.handle_data("\n")
        elif tag not in VOID:
            self.open.append((element, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise AssertionError(f"the export writes no self-closing tags: <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        element, text = self.open.pop()
        assert element.tag == tag, f"</{tag}> closes <{element.tag}>"
        element.text = "".join(text)
        if tag == "p":
            self.handle_data("\n\n")

    def handle_data(self, data: str) -> None:
        for _, text in self.open:
            text.append(data)

    def handle_comment(self, data: str) -> None:
        raise AssertionError(f"a comment: {data!r}")

    def handle_pi(self, data: str) -> None:
        raise AssertionError(f"a processing instruction: {data!r}")

    def unknown_decl(self, data: str) -> None:
        raise AssertionError(f"a declaration: {data!r}")

    def all(self, tag: str, class_name: str | None = None) -> list[Element]:
        return [
            element
            for element in self.elements
            if element.tag == tag and (class_name is None or element.attributes.get("class") == class_name)
        ]

    def one(self, tag: str) -> Element:
        (element,) = self.all(tag)
        return element


def export(timeline: Timeline, events: list[Event] | None = None, **options) -> str:
    return render_html(ExportRequest(timeline, list(timeline.events) if events is None else events, **options))


def folded(text: str) -> str:
    return " ".join(text.split())


def paragraphs_of(element: Element) -> list[str]:
    return [child.text for child in element.children if child.tag == "p"]


def assert_safe(document: str, request: ExportRequest) -> Page:
    """The page holds only the export's own elements and attributes, and links only where it may."""
    for closing, tag in re.findall(r"<(/?)([^>\s/]*)", document):
        assert tag in OUR_TAGS or tag == "!DOCTYPE", f"<{closing}{tag} is not one of the export's own elements"
    page = Page(document)
    assert page.doctype == "DOCTYPE html"
    assert [element.tag for element in page.elements[:3]] == ["html", "head", "meta"]
    assert page.elements[0].attributes == {"lang": "en"}
    assert page.elements[2].attributes == {"charset": "utf-8"}
    head, body = (element for element in page.elements if element.parent is page.elements[0])
    assert (head.tag, body.tag) == ("head", "body")
    assert [child.tag for child in head.children] == ["meta", "meta", "meta", "meta", "title", "style"]
    assert [element.parent for element in page.all("style")] == [head]
    policies = [
        element.attributes["content"]
        for element in page.all("meta")
        if element.attributes.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policies == [CONTENT_SECURITY_POLICY]
    assert_policy_allows_only_the_style(CONTENT_SECURITY_POLICY, page.one("style").text)
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in [
        element.attributes for element in page.all("meta")
    ]

    cited = request.cited_sources()
    anchors = {f"source-{number}" for number in range(1, len(cited) + 1)}
    ids = [element.attributes["id"] for element in page.elements if "id" in element.attributes]
    assert ids == ([*(["sources"] if cited else []), *sorted(anchors, key=lambda anchor: int(anchor[7:]))])
    addresses = {source.url for source in cited if source.url and is_web_address(source.url)}
    for element in page.elements:
        if "class" in element.attributes:
            assert element.attributes["class"] in CLASSES
    for link in page.all("a"):
        href = link.attributes["href"]
        assert href is not None
        if href.startswith("#"):
            assert href[1:] in anchors
            assert set(link.attributes) == {"href"}
            assert link.parent is not None and link.parent.tag == "sup"
        else:
            assert is_web_address(href) and href in addresses, href
            assert link.attributes["rel"] == "noreferrer"
            assert link.text == href
    return page


def assert_policy_allows_only_the_style(policy: str, stylesheet: str) -> None:
    directives = dict(directive.strip().split(" ", 1) for directive in policy.split(";"))
    assert directives["default-src"] == "'none'"
    digest = base64.b64encode(hashlib.sha256(stylesheet.encode()).digest()).decode()
    assert directives["style-src"] == f"'sha256-{digest}'"
    assert directives["base-uri"] == "'none'" and directives["form-action"] == "'none'"
    assert "script" not in policy and "unsafe" not in policy and "http" not in policy


def labelled(text: str, label: str = "") -> list[str]:
    """Text as the export's paragraphs show it, each a string of lines; `label` opens the first."""
    paragraphs = [list(lines) for lines in text_paragraphs(text)]
    if paragraphs:
        paragraphs[0][0] = label + paragraphs[0][0]
    return ["\n".join(lines) for lines in paragraphs]


def expected_blocks(request: ExportRequest) -> list[tuple[str, str | None, object]]:
    """What `<main>` holds for the request, in order: each block's element, class and text (a
    block quote's and a source item's as their paragraphs)."""
    timeline = request.timeline
    cited = request.cited_sources()
    numbers = {source.id: number for number, source in enumerate(cited, start=1)}
    blocks: list[tuple[str, str | None, object]] = [
        ("h1", None, one_line(timeline.title)),
        ("p", "facts", "\n".join(one_line(line) for line in request.header_lines())),
    ]
    for event in request.events:
        blocks.append(("h2", None, one_line(f"{event.display_date} — {event.title}")))
        blocks.extend(("p", None, paragraph) for paragraph in labelled(event.summary))
        labels = [
            f"{name}: " + ", ".join(map(one_line, items))
            for name, items in (("Tags", event.tags), ("People", event.people))
            if items
        ]
        if labels:
            blocks.append(("p", "labels", "\n".join(labels)))
        blocks.extend(("p", None, paragraph) for paragraph in labelled(event.notes or "", "Notes: "))
        for quote in event.quotes:
            blocks.append(("blockquote", None, labelled(quote.text)))
            blocks.append(("p", "credit", f"— {one_line(quote_credit(quote, timeline))} [{numbers[quote.source]}]"))
    if cited:
        blocks.append(("h2", None, "Sources"))
        items = [(one_line(cite_source(source)), labelled(source.note or "", "Note: ")) for source in cited]
        blocks.append(("ol", "sources", items))
    return blocks


def shown_blocks(page: Page) -> list[tuple[str, str | None, object]]:
    def shown(element: Element) -> object:
        if element.tag == "blockquote":
            return paragraphs_of(element)
        if element.tag == "ol":
            return [(item.text.partition("\n")[0], paragraphs_of(item)) for item in element.children]
        return element.text

    return [(element.tag, element.attributes.get("class"), shown(element)) for element in page.one("main").children]


def assert_content(page: Page, request: ExportRequest) -> None:
    """The page shows what the Markdown export shows, block by block, and each quote word for word."""
    assert page.one("title").text == one_line(request.timeline.title)
    assert shown_blocks(page) == expected_blocks(request)
    quotes = [quote for event in request.events for quote in event.quotes]
    blockquotes = page.all("blockquote")
    assert [folded(blockquote.text) for blockquote in blockquotes] == [folded(quote.text) for quote in quotes]
    numbers = {source.id: number for number, source in enumerate(request.cited_sources(), start=1)}
    assert [link.attributes["href"] for link in page.all("a") if link.parent and link.parent.tag == "sup"] == [
        f"#source-{numbers[quote.source]}" for quote in quotes
    ]


def check(timeline: Timeline, **options) -> Page:
    request = ExportRequest(timeline, list(timeline.events), **options)
    page = assert_safe(render_html(request), request)
    assert_content(page, request)
    return page


def test_the_bundled_timeline_exports_as_a_page_of_its_own_elements():
    page = check(BUNDLED, timeline_file="timeline.yaml")
    assert len(page.all("h2")) == len(BUNDLED.events) + 1
    assert page.all("a"), "sources with web addresses are links"


def test_the_fixture_and_hostile_timelines_export_safely():
    check(fixture_timeline())
    check(hostile_timeline(), query="[bold]x", timeline_file="[i]t.yaml")


@pytest.mark.parametrize("name", LOADABLE)
def test_every_loadable_hostile_file_exports_safely(name):
    check(load_timeline(HOSTILE / name), timeline_file=name)


def test_the_header_says_what_was_exported():
    page = check(
        BUNDLED,
        start=PartialDate(2017, 7, 3),
        end=PartialDate(2020, 4, 23),
        query="tag:letter",
        timeline_file="timeline.yaml",
        stamp=datetime.datetime(2025, 7, 3, 14, 5, 9, tzinfo=datetime.timezone.utc),
    )
    assert page.all("p", "facts")[0].text == (
        f"Span: 3 July 2017 – 23 April 2020\nEvents: {len(BUNDLED.events)}\nQuery: tag:letter\n"
        "Timeline file: timeline.yaml\nExported on 2025-07-03T14:05:09+00:00"
    )


def test_an_event_shows_its_summary_labels_notes_and_quotes_with_credits():
    timeline = fixture_timeline()
    event = timeline.events[2]
    document = export(timeline, [event])
    assert (
        '<p class="labels">Tags: inspection, report<br>People: Chief Inspector</p>\n'
        "<blockquote><p>The inspection found" in document
    )
    assert (
        '<p class="credit">— Chief Inspector, “Annual inspection report” <sup><a href="#source-1">[1]</a></sup></p>'
        in document
    )
    assert (
        '<li id="source-1">“Annual inspection report”, Example Inspectorate, March 2006, '
        '<a href="https://example.org/inspection-2006" rel="noreferrer">https://example.org/inspection-2006</a></li>'
    ) in document


ATTACK = '<script>alert(1)</script><img src=x onerror="alert(1)"> " onmouseover=\'x\' </style><!-- &amp; ]]>'


def attack_timeline() -> Timeline:
    sources = (
        Source("a", ATTACK, "article", publisher=ATTACK, author=ATTACK, url="javascript:alert(1)", note=ATTACK),
        Source("b", "File", "article", url="file:///etc/passwd"),
        Source("c", "Odd address", "article", url='https://example.org/"onmouseover="alert(1)"<b>&amp;'),
        Source("d", "Data", "article", url="data:text/html,<script>alert(1)</script>"),
    )
    quotes = tuple(Quote(source.id, ATTACK + "\n\n" + ATTACK, speaker=ATTACK) for source in sources)
    event = Event("e", PartialDate(2020), ATTACK, ATTACK, quotes, tags=(ATTACK,), people=(ATTACK,), notes=ATTACK)
    return Timeline(ATTACK, sources, (event,))


def test_markup_in_the_data_is_text_and_only_web_addresses_are_links():
    timeline = attack_timeline()
    page = check(timeline, query=ATTACK, timeline_file=ATTACK)
    links = [link.attributes["href"] for link in page.all("a") if link.parent and link.parent.tag == "li"]
    assert links == ['https://example.org/"onmouseover="alert(1)"<b>&amp;']
    document = export(timeline)
    assert "javascript:alert(1)" in page.all("li")[0].text and 'href="javascript' not in document
    assert 'href="file:' not in document and 'href="data:' not in document


def test_no_sources_section_when_nothing_is_quoted():
    timeline = fixture_timeline()
    page = check(Timeline(timeline.title, timeline.sources, (timeline.events[0],)))
    assert not page.all("ol") and [heading.text for heading in page.all("h2")] == [
        "2004 — Review of case records begins"
    ]
    assert not Page(export(timeline, [])).all("h2")


def test_the_print_stylesheet_is_black_on_white_and_keeps_quotes_whole():
    stylesheet = Page(export(fixture_timeline())).one("style").text
    print_rules = stylesheet[stylesheet.index("@media print") :]
    for rule in ("@page", "color: #000", "background: #fff", "break-inside: avoid", "text-decoration: none"):
        assert rule in print_rules
    assert "max-width" in stylesheet and "system-ui" in stylesheet
    assert "url(" not in stylesheet and "@import" not in stylesheet and "@font-face" not in stylesheet


def test_the_same_request_renders_the_same_bytes():
    assert export(BUNDLED) == export(load_timeline(bundled_timeline_path()))


def test_a_hundred_thousand_events_render_whole():
    """How fast is a benchmark's question (benchmarks/run.py), never a timed test's."""
    timeline = big_timeline()
    document = export(timeline)
    assert document.count("<h2>") == 100_000 and document.count("<blockquote>") == 33_334


hostile = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<",
                ">",
                "&",
                '"',
                "'",
                "=",
                "<script>",
                "</blockquote>",
                "<p>",
                "<a href=x>",
                " onclick=",
                "&lt;",
                "&#60;",
                "<!--",
                "</style>",
                "javascript:",
                "https://",
                "\n",
                "\n\n",
                "\r",
            ]
        ),
        st.text(max_size=3),
    ),
    max_size=6,
).map("".join)


@settings(max_examples=100, deadline=None)
@given(hostile, hostile, hostile, hostile, hostile, st.lists(hostile, max_size=2))
def test_no_text_from_the_data_becomes_markup(title, summary, quote, speaker, url, tags):
    sources = (
        Source("s", title, "article", publisher=speaker, author=summary, url=url, note=quote),
        Source("t", quote, "article", url="https://example.org/" + "".join(url.split())),
    )
    event = Event(
        "e",
        PartialDate(2000),
        title,
        summary,
        (Quote("s", quote, speaker), Quote("t", summary, title)),
        tags=tuple(tags),
        people=tuple(tags),
        notes=quote,
    )
    timeline = Timeline(title, sources, (event,), description=summary)
    request = ExportRequest(timeline, [event], query=quote, timeline_file=title)
    assert_content(assert_safe(render_html(request), request), request)
