"""The TimelineJS export: the format's field rules (timeline.knightlab.com/docs/json-format.html),
dates no more precise than the data, and no markup from the data anywhere."""

from __future__ import annotations

import calendar
import datetime
import html
import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from timelines import HOSTILE, LOADABLE

from tui.dates import PartialDate
from tui.export import ExportRequest
from tui.export.lines import text_paragraphs
from tui.export.timelinejs import render_timelinejs
from tui.loader import bundled_timeline_path, load_timeline
from tui.model import Event, Period, Quote, Source, Timeline
from tui.wording import full_credit

BUNDLED = load_timeline(bundled_timeline_path())
OUR_TAGS = {"p", "br", "blockquote"}
"""The only elements the export writes; everything else that looks like markup came from the data."""
DATE_FIELDS = ("year", "month", "day")


def export(timeline: Timeline, **options) -> dict:
    return json.loads(render_timelinejs(ExportRequest(timeline, list(timeline.events), **options)))


def slides(document: dict) -> dict[str, dict]:
    return {slide["unique_id"]: slide for slide in document["events"]}


def assert_valid_date(date: dict) -> None:
    assert set(date) <= set(DATE_FIELDS)
    assert all(type(date[name]) is int for name in date), date  # numbers, as the format documents
    assert "day" not in date or "month" in date
    if "month" in date:
        assert 1 <= date["month"] <= 12
    if "day" in date:
        assert 1 <= date["day"] <= calendar.monthrange(date["year"], date["month"])[1]
        datetime.date(date["year"], date["month"], date["day"])


def expected_date(date: PartialDate) -> dict:
    return {name: value for name, value in zip(DATE_FIELDS, (date.year, date.month, date.day)) if value is not None}


def html_text(fragment: str) -> str:
    """What a browser shows of a fragment made of the export's own elements: paragraphs apart by a blank line."""
    text = fragment.replace("</p><p>", "\n\n").replace("<br>", "\n")
    return html.unescape(re.sub(r"</?(?:p|blockquote)>", "", text))


def shown(text: str) -> str:
    return "\n\n".join("\n".join(lines) for lines in text_paragraphs(text))


def assert_no_markup_from_data(output: str) -> None:
    for tag in re.findall(r"<(/?)([^>\s/]*)", output):
        assert tag[1] in OUR_TAGS, f"<{''.join(tag)} is not one of the export's own elements"


def test_every_event_of_the_bundled_timeline_becomes_a_slide_with_the_dates_it_has():
    document = export(BUNDLED)
    by_id = slides(document)
    assert list(by_id) == [event.id for event in BUNDLED.events]
    assert len(by_id) == len(document["events"]), "unique_id must be unique"
    for event in BUNDLED.events:
        slide = by_id[event.id]
        assert_valid_date(slide["start_date"])
        assert slide["start_date"] == expected_date(event.date)
        if event.end is None:
            assert "end_date" not in slide
        else:
            assert_valid_date(slide["end_date"])
            assert slide["end_date"] == expected_date(event.end)
        assert slide["display_date"] == event.display_date


def test_a_year_is_only_a_year_and_a_month_only_a_month():
    by_id = slides(export(BUNDLED))
    assert by_id["north-west-inspections-2018"]["start_date"] == {"year": 2018}
    assert by_id["assurance-review-commissioned"]["start_date"] == {"year": 2017, "month": 9}
    assert by_id["betrayed-girls-broadcast"]["start_date"] == {"year": 2017, "month": 7, "day": 3}
    assert by_id["abuse-2005-2014"]["end_date"] == {"year": 2014}


def test_the_title_slide_says_what_was_exported_and_has_no_date():
    title = export(
        BUNDLED,
        start=PartialDate(2017, 7, 3),
        end=PartialDate(2020, 4, 23),
        query="tag:letter",
        timeline_file="timeline.yaml",
    )["title"]
    assert "start_date" not in title
    assert title["text"]["headline"] == BUNDLED.title
    assert "<p>Span: 3 July 2017 – 23 April 2020</p>" in title["text"]["text"]
    assert "<p>Query: tag:letter</p><p>Timeline file: timeline.yaml</p>" in title["text"]["text"]


def test_eras_are_the_periods_of_the_exported_events():
    document = export(BUNDLED)
    assert [era["text"]["headline"] for era in document["eras"]] == [
        html.escape(period.title) for period in BUNDLED.periods
    ]
    for era, period in zip(document["eras"], BUNDLED.periods):
        assert era["start_date"] == expected_date(period.start) and era["end_date"] == expected_date(period.end)
        assert_valid_date(era["start_date"])
    by_id = slides(document)
    for event in BUNDLED.events:
        group = by_id[event.id].get("group")
        assert group == (html.escape(BUNDLED.periods_by_id[event.period].title) if event.period else None)


def test_no_eras_when_no_exported_event_has_a_period():
    timeline = Timeline(
        "T", (SOURCE,), (event_with("e", PartialDate(2019)),), (Period("p", "P", PartialDate(2000), PartialDate(2001)),)
    )
    assert "eras" not in export(timeline)


SOURCE = Source(
    "src", "A <b>title</b>", "article", PartialDate(2020, 4), publisher="P & Co", url="https://example.org/a?b=<c>"
)


def event_with(event_id: str, date: PartialDate, **fields) -> Event:
    values = {"title": "T", "summary": "S", "quotes": (Quote("src", "Words."),), **fields}
    return Event(event_id, date, **values)


def test_an_approximate_date_is_shown_as_approximate():
    slide = export(Timeline("T", (SOURCE,), (event_with("c", PartialDate(2019), approximate=True),)))["events"][0]
    assert slide["display_date"] == "c. 2019"
    assert slide["start_date"] == {"year": 2019}


def test_the_first_quote_is_the_media_and_the_others_follow_the_text():
    quotes = (
        Quote("src", "First <i>words</i>\n\nacross two paragraphs", speaker="A <speaker>"),
        Quote("src", "Second & last."),
    )
    slide = export(
        Timeline("T", (SOURCE,), (event_with("e", PartialDate(2019), quotes=quotes, tags=("a<b",), notes="n"),))
    )["events"][0]
    timeline = Timeline("T", (SOURCE,), ())
    assert (
        slide["media"]["url"]
        == "<blockquote><p>First &lt;i&gt;words&lt;/i&gt;</p><p>across two paragraphs</p></blockquote>"
    )
    assert html_text(slide["media"]["url"]) == shown(quotes[0].text)
    assert html.unescape(slide["media"]["credit"]) == full_credit(quotes[0], timeline)
    assert (
        slide["media"]["credit"]
        == "A &lt;speaker&gt;, “A &lt;b&gt;title&lt;/b&gt;”, P &amp; Co, April 2020, https://example.org/a?b=&lt;c&gt;"
    )
    assert slide["text"]["text"] == (
        "<p>S</p><p>Tags: a&lt;b</p><p>Notes: n</p>"
        "<blockquote><p>Second &amp; last.</p></blockquote>"
        "<p>— “A &lt;b&gt;title&lt;/b&gt;”, P &amp; Co, April 2020, https://example.org/a?b=&lt;c&gt;</p>"
    )


# TimelineJS picks a media type by testing the `url` against these patterns (MediaType.js) before
# it comes to "blockquote"; these are the ones not anchored at the start, which text can match.
TIMELINEJS_PATTERNS_BEFORE_BLOCKQUOTE = [
    r"youtu\.be",
    r"google.+?\/maps\/@([-\d.]+),([-\d.]+)",
    r"documentcloud.org\/",
    r"(?i)^.*imgur.com\/.+$",
    r"^.*\.pdf(\?.*)?(\#.*)?",
    r"spotify",
    r"iframe",
    r"(?i)(jpg|jpeg|png|gif|svg|webp)(\?.*)?$",
]


@pytest.mark.parametrize(
    "text",
    [
        "See report.pdf, youtu.be/x, imgur.com/y, documentcloud.org/z, google.com/maps/@1,2,3z, Spotify, spotify and an iframe",
        *(f"Was it a {kind}? No." for kind in ("gif", "png", "jpg", "JPEG", "svg", "webp")),
    ],
)
def test_a_quote_that_names_another_kind_of_media_stays_a_blockquote(text):
    """The image pattern's cases are hardening class 12: each became a broken image slide."""
    slide = export(Timeline("T", (SOURCE,), (event_with("e", PartialDate(2019), quotes=(Quote("src", text),)),)))[
        "events"
    ][0]
    url = slide["media"]["url"]
    assert not [pattern for pattern in TIMELINEJS_PATTERNS_BEFORE_BLOCKQUOTE if re.search(pattern, url)]
    assert "blockquote" in url
    assert html_text(url) == text


def test_unique_ids_and_dates_of_every_precision_follow_the_rules():
    events = tuple(
        event_with(f"e{index}", date, end=end)
        for index, (date, end) in enumerate(
            [
                (PartialDate(2016, 2, 29), None),
                (PartialDate(2017), PartialDate(2017, 12)),
                (PartialDate(1, 1, 1), PartialDate(9999, 12, 31)),
            ]
        )
    )
    document = export(Timeline("T", (SOURCE,), events))
    assert len({slide["unique_id"] for slide in document["events"]}) == 3
    for slide in document["events"]:
        assert_valid_date(slide["start_date"])
        assert_valid_date(slide.get("end_date", {"year": 1}))


def test_the_same_request_renders_the_same_bytes():
    request = ExportRequest(BUNDLED, list(BUNDLED.events))
    assert render_timelinejs(request) == render_timelinejs(ExportRequest(BUNDLED, list(BUNDLED.events)))


hostile = st.lists(
    st.one_of(
        st.sampled_from(["<", ">", "&", '"', "'", "<script>", "</blockquote>", "<p>", "&lt;", "\n", "\n\n"]),
        st.text(max_size=3),
    ),
    max_size=6,
).map("".join)


@settings(max_examples=100, deadline=None)
@given(hostile, hostile, hostile, hostile, hostile, st.lists(hostile, max_size=2))
def test_no_text_from_the_data_becomes_markup(title, summary, quote, speaker, period_title, tags):
    source = Source("s", title, "article", publisher=speaker, url=quote)
    period = Period("p", period_title, PartialDate(2000), PartialDate(2001))
    event = Event(
        "e",
        PartialDate(2000),
        title,
        summary,
        (Quote("s", quote, speaker), Quote("s", summary)),
        period="p",
        tags=tuple(tags),
        notes=quote,
    )
    output = render_timelinejs(
        ExportRequest(
            Timeline(title, (source,), (event,), (period,), description=summary),
            [event],
            query=quote,
            timeline_file=title,
        )
    )
    assert_no_markup_from_data(output)
    slide = json.loads(output)["events"][0]
    assert html_text(slide["media"]["url"]) == shown(quote)
    assert html.unescape(slide["text"]["headline"]) == " ".join(
        line for lines in text_paragraphs(title) for line in lines
    )


class TagCollector(HTMLParser):
    """The elements and attributes an HTML parser finds in a TimelineJS text field."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def html_fields(value: object) -> list[str]:
    """Every string of the TimelineJS document, which TimelineJS puts into the page as HTML."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in html_fields(item)]
    if isinstance(value, list):
        return [text for item in value for text in html_fields(item)]
    return []


@pytest.mark.parametrize("name", ["bundled", *LOADABLE])
def test_an_html_parser_finds_only_the_exports_own_elements(name):
    timeline = BUNDLED if name == "bundled" else load_timeline(HOSTILE / name)
    document = json.loads(render_timelinejs(ExportRequest(timeline, list(timeline.events), timeline_file=name)))
    for field in html_fields(document):
        parser = TagCollector()
        parser.feed(field)
        parser.close()
        assert set(parser.tags) <= OUR_TAGS, field[:200]
        assert parser.attributes == [], field[:200]
