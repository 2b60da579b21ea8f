"""The JSON export is a timeline file of its own: the loader opens it and finds the same events."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.dates import PartialDate
from tui.export import ExportRequest, select_events
from tui.export.json_format import render_json
from tui.loader import bundled_timeline_path, load_timeline, load_timeline_text
from tui.model import Event, Period, Quote, Source, Timeline
from tui.text import clean_text

BUNDLED = load_timeline(bundled_timeline_path())


def test_the_whole_bundled_timeline_comes_back_the_same(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(render_json(ExportRequest(BUNDLED, list(BUNDLED.events))), encoding="utf-8")
    assert load_timeline(path) == BUNDLED


def test_a_span_keeps_its_events_and_only_the_sources_and_periods_they_use():
    events = select_events(BUNDLED, PartialDate(2017, 7, 3), PartialDate(2020, 4, 23))
    request = ExportRequest(BUNDLED, events, PartialDate(2017, 7, 3), PartialDate(2020, 4, 23))
    loaded = load_timeline_text(render_json(request))
    assert loaded.events == tuple(events)
    cited = {quote.source for event in events for quote in event.quotes}
    assert loaded.sources == tuple(source for source in BUNDLED.sources if source.id in cited)
    assert loaded.periods == tuple(
        period for period in BUNDLED.periods if period.id in {event.period for event in events}
    )
    assert (loaded.title, loaded.description) == (BUNDLED.title, BUNDLED.description)


def test_dates_are_written_in_edtf_at_their_precision_and_absent_fields_are_left_out():
    source = Source("s", "S", "letter", author="A")
    event = Event(
        "e", PartialDate(2019, 7), "T", "Summary", (Quote("s", "Words."),), end=PartialDate(2020), approximate=True
    )
    document = json.loads(render_json(ExportRequest(Timeline("T", (source,), (event,)), [event])))
    assert document == {
        "title": "T",
        "sources": [{"id": "s", "title": "S", "author": "A", "kind": "letter"}],
        "events": [
            {
                "id": "e",
                "date": "2019-07~/2020~",
                "title": "T",
                "summary": "Summary",
                "quotes": [{"source": "s", "text": "Words."}],
            }
        ],
    }


def test_the_same_request_renders_the_same_bytes():
    assert render_json(ExportRequest(BUNDLED, list(BUNDLED.events))) == render_json(
        ExportRequest(BUNDLED, list(BUNDLED.events))
    )


text = st.text(min_size=1, max_size=12).map(clean_text).filter(str.strip)
"""Any text the loader could have given: cleaned as it cleans text, and not blank."""
awkward = st.one_of(
    text,
    st.sampled_from(
        ["a\u2028b", "\u2029b", "\ufeff", "\ufffe", "a\tb\nc", '"\\', "{[,]}: #", "𝔘 é", "---\n...", "*x &y !z"]
    ),
)
"""With what YAML reads differently from JSON: its own line breaks, characters libyaml refuses, flow syntax."""
addresses = st.text(st.characters(blacklist_categories=("Z", "C")), max_size=12).map(
    lambda path: f"https://example.org/{path}"
)
"""Whole web addresses, the only ones the loader takes, with any visible characters in the path."""


@settings(max_examples=100, deadline=None)
@given(awkward, awkward, awkward, st.none() | awkward, st.lists(awkward, max_size=2), st.none() | addresses)
def test_any_text_survives_the_round_trip_through_the_loader(title, summary, quote, speaker, tags, url):
    source = Source("s", title, "article", PartialDate(2020), publisher=quote, url=url, note=speaker)
    period = Period("p", title, PartialDate(2000), PartialDate(2001, 2), summary=speaker)
    event = Event(
        "e",
        PartialDate(2000, 2, 29),
        title,
        summary,
        (Quote("s", quote, speaker),),
        period="p",
        tags=tuple(tags),
        people=tuple(tags),
        notes=speaker,
    )
    timeline = Timeline(title, (source,), (event,), (period,), description=summary)
    assert load_timeline_text(render_json(ExportRequest(timeline, [event]))) == timeline
