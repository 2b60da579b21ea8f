"""Dates that the sources leave vague (open ends, uncertain), through search, the list and every export."""

from __future__ import annotations

import json

import pytest

from tui.dates import Bound, PartialDate
from tui.export import FORMATS, ExportRequest, select_events
from tui.loader import load_timeline_text
from tui.model import Event, Quote, Source, Timeline
from tui.navigation import RowLayout
from tui.search import SearchIndex
from tui.search.blocks import BlockEngine
from tui.search.naive import NaiveEngine

SOURCE = Source("s", "Source", "report", publisher="P")


def event(event_id: str, date: PartialDate, **fields) -> Event:
    return Event(event_id, date, f"Title {event_id}", "Summary.", (Quote("s", "Words."),), **fields)


TIMELINE = Timeline(
    "Vague dates",
    (SOURCE,),
    (
        event("by-2014", PartialDate(2014), bound=Bound.OPEN_START),
        event("in-2016", PartialDate(2016)),
        event("after-2018", PartialDate(2018), bound=Bound.OPEN_END),
        event("probably-2019", PartialDate(2019), uncertain=True),
    ),
)


@pytest.mark.parametrize("engine", [NaiveEngine, BlockEngine])
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("year:2010", ["by-2014"]),
        ("year:2014", ["by-2014"]),
        ("year:2015", []),
        ("year:2018", ["after-2018"]),
        ("year:2030", ["after-2018"]),
        ("year:2019", ["after-2018", "probably-2019"]),
        ("from:2015", ["in-2016", "after-2018", "probably-2019"]),
        ("to:2017", ["by-2014", "in-2016"]),
        ("from:2015 to:2017", ["in-2016"]),
    ],
)
def test_date_fields_find_what_an_open_date_could_mean(engine, query, found):
    result = SearchIndex(TIMELINE, engine=engine).search(query)
    assert [TIMELINE.events[position].id for position in result.indices] == found


def test_a_span_takes_an_open_date_it_could_hold():
    assert [e.id for e in select_events(TIMELINE, PartialDate(2020), PartialDate(2021))] == ["after-2018"]
    assert [e.id for e in select_events(TIMELINE, PartialDate(2000), PartialDate(2001))] == ["by-2014"]


def test_the_list_gives_the_column_room_for_the_widest_vague_date():
    assert RowLayout(TIMELINE).date_width == len("probably 2019")


def test_json_writes_edtf_and_reads_back_the_same_events():
    text = FORMATS["json"].render(ExportRequest(TIMELINE, list(TIMELINE.events)))
    assert [item["date"] for item in json.loads(text)["events"]] == ["../2014", "2016", "2018/..", "2019?"]
    assert load_timeline_text(text, "export.json").events == TIMELINE.events


def test_timelinejs_shows_the_vague_date_in_words():
    slides = json.loads(FORMATS["timelinejs"].render(ExportRequest(TIMELINE, list(TIMELINE.events))))["events"]
    assert [slide["display_date"] for slide in slides] == ["by 2014", "2016", "2018 or later", "probably 2019"]
    assert [slide["start_date"] for slide in slides] == [{"year": 2014}, {"year": 2016}, {"year": 2018}, {"year": 2019}]
    assert not any("end_date" in slide for slide in slides), "an open end is not made up"


def test_markdown_shows_the_vague_date_in_words():
    text = FORMATS["markdown"].render(ExportRequest(TIMELINE, list(TIMELINE.events)))
    for shown in ("by 2014", "2018 or later", "probably 2019"):
        assert shown in text
