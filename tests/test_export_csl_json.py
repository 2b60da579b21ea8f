"""The CSL-JSON export: valid against the official CSL-JSON schema, one item per cited source, and
only the fields a source has.

`schemas/csl-data.json` is `schemas/input/csl-data.json` of github.com/citation-style-language/schema
as it stands at commit e3ce254a72c4470a5ed3b9d23b428017d25674e9 (25 January 2023; the file last
changed in 40b3ce0bbbda517ad14b98c93a2c65ab4cde56a9, three commits after tag v1.0.2, which adds
`"type": "object"` to names and dates), copied byte for byte. It declares JSON Schema draft 7.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from timelines import HOSTILE, LOADABLE, big_timeline, fixture_timeline, hostile_timeline

from tui.dates import PartialDate
from tui.export import ExportRequest, select_events
from tui.export.csl_json import CSL_TYPES, csl_type, render_csl_json
from tui.loader import bundled_timeline_path, load_timeline
from tui.model import Event, Quote, Source, Timeline
from tui.search import parse_query

BUNDLED = load_timeline(bundled_timeline_path())
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "csl-data.json").read_text(encoding="utf-8"))
VALIDATOR = Draft7Validator(SCHEMA)


def valid_items(request: ExportRequest) -> list[dict]:
    text = render_csl_json(request)
    items = json.loads(text)
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in VALIDATOR.iter_errors(items)]
    assert not errors, errors
    assert [item["id"] for item in items] == [source.id for source in request.cited_sources()]
    for item in items:
        parts = item.get("issued", {}).get("date-parts", [[1]])
        assert len(parts) == 1 and all(type(part) is int for part in parts[0]), "a date, not a range"
        PartialDate(*parts[0])  # a date that exists
    return items


def export(timeline: Timeline, **options) -> list[dict]:
    return valid_items(ExportRequest(timeline, list(timeline.events), **options))


def test_the_schema_is_the_official_draft_7_one():
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert SCHEMA["$id"] == "https://resource.citationstyles.org/schema/v1.0/input/json/csl-data.json"
    Draft7Validator.check_schema(SCHEMA)
    assert set(SCHEMA["items"]["properties"]["type"]["enum"]) == CSL_TYPES


def test_the_bundled_timeline_exports_every_cited_source_as_a_valid_item():
    items = export(BUNDLED)
    cited = {quote.source for event in BUNDLED.events for quote in event.quotes}
    assert {item["id"] for item in items} == cited
    sources = BUNDLED.sources_by_id
    for item in items:
        source = sources[item["id"]]
        assert item["title"] == source.title
        assert item.get("URL") == source.url and "note" not in item
        assert item.get("author") == ([{"literal": source.author}] if source.author else None)
        assert item.get("publisher", item.get("container-title")) == source.publisher
        assert "publisher" not in item or "container-title" not in item
        if source.date is None:
            assert "issued" not in item
        else:
            assert item["issued"] == {
                "date-parts": [[source.date.year, source.date.month, source.date.day][: source.date.precision]]
            }


def test_every_kind_in_the_bundled_timeline_has_a_type_of_its_own():
    kinds = {source.kind for source in BUNDLED.sources}
    assert {kind: csl_type(kind)[0] for kind in kinds if csl_type(kind)[0] == "document"} == {}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("article", ("article-newspaper", None)),
        ("News  Article", ("article-newspaper", None)),
        ("news release", ("webpage", "news release")),
        ("web page", ("webpage", None)),
        ("blog post", ("post-weblog", None)),
        ("report", ("report", None)),
        ("terms of reference", ("report", "terms of reference")),
        ("government response", ("report", "government response")),
        ("debate pack", ("report", "debate pack")),
        ("letter", ("personal_communication", "letter")),
        ("parliamentary record", ("hearing", "parliamentary record")),
        ("speech", ("speech", None)),
        ("transcript", ("document", "transcript")),
        ("", ("document", "")),
    ],
)
def test_a_kind_is_read_as_a_csl_type_and_what_the_type_does_not_say_is_the_genre(kind, expected):
    assert csl_type(kind) == expected
    assert expected[0] in CSL_TYPES


def test_names_are_literal_and_outlets_are_containers():
    sources = (
        Source("letter", "A letter", "letter", PartialDate(2020, 4, 23), author="Baroness B. Hughes, Deputy Mayor"),
        Source("paper", "A story", "article", PartialDate(2012, 5), publisher="The Paper", author="A. Reporter"),
        Source("record", "A debate", "parliamentary record", PartialDate(2020), publisher="Hansard"),
        Source("undated", "Undated", "minutes", publisher="A council"),
    )
    event = Event("e", PartialDate(2020), "T", "S", tuple(Quote(source.id, "Words.") for source in reversed(sources)))
    items = {item["id"]: item for item in export(Timeline("T", sources, (event,)))}
    assert items["letter"] == {
        "id": "letter",
        "type": "personal_communication",
        "title": "A letter",
        "author": [{"literal": "Baroness B. Hughes, Deputy Mayor"}],
        "genre": "letter",
        "issued": {"date-parts": [[2020, 4, 23]]},
    }
    assert items["paper"] == {
        "id": "paper",
        "type": "article-newspaper",
        "title": "A story",
        "author": [{"literal": "A. Reporter"}],
        "container-title": "The Paper",
        "issued": {"date-parts": [[2012, 5]]},
    }
    assert items["record"]["publisher"] == "Hansard" and items["record"]["issued"] == {"date-parts": [[2020]]}
    assert items["undated"] == {
        "id": "undated",
        "type": "document",
        "title": "Undated",
        "publisher": "A council",
        "genre": "minutes",
    }
    assert list(items) == ["undated", "record", "paper", "letter"], "in the order first cited"


def test_a_span_with_a_query_exports_only_the_sources_its_events_quote():
    start, end = PartialDate(2017, 7, 3), PartialDate(2020, 4, 23)
    events = select_events(BUNDLED, start, end, parse_query("tag:letter or review"))
    assert events and len(events) < len(BUNDLED.events)
    items = valid_items(ExportRequest(BUNDLED, events, start, end, "tag:letter or review"))
    assert {item["id"] for item in items} == {quote.source for event in events for quote in event.quotes}
    assert len(items) < len(export(BUNDLED))


def test_the_fixture_and_hostile_timelines_export_valid_items():
    assert [item["type"] for item in export(fixture_timeline())] == ["report", "document", "article-newspaper"]
    [item] = export(hostile_timeline(), query="[bold]x")
    assert item["title"] == hostile_timeline().sources[0].title


@pytest.mark.parametrize("name", LOADABLE)
def test_every_loadable_hostile_file_exports_valid_items(name):
    export(load_timeline(HOSTILE / name), timeline_file=name)


def test_nothing_quoted_is_an_empty_list():
    assert render_csl_json(ExportRequest(BUNDLED, [])) == "[]\n"


def test_the_same_request_renders_the_same_bytes():
    assert render_csl_json(ExportRequest(BUNDLED, list(BUNDLED.events))) == render_csl_json(
        ExportRequest(load_timeline(bundled_timeline_path()), list(BUNDLED.events))
    )


def test_a_hundred_thousand_events_render_whole():
    """How fast is a benchmark's question (benchmarks/run.py), never a timed test's."""
    timeline = big_timeline()
    items = json.loads(render_csl_json(ExportRequest(timeline, list(timeline.events))))
    assert [item["id"] for item in items] == ["s"]


text = st.text(max_size=10)
dates = st.none() | st.builds(
    lambda year, month, day: PartialDate(year, month, day if month else None),
    st.integers(1, 9999),
    st.none() | st.integers(1, 12),
    st.none() | st.integers(1, 28),
)


@settings(max_examples=100, deadline=None)
@given(text, text, dates, st.none() | text, st.none() | text, st.none() | text, st.none() | text)
def test_any_source_gives_a_valid_item_with_its_text_unchanged(title, kind, date, publisher, author, url, note):
    source = Source("s", title, kind, date, publisher=publisher, author=author, url=url, note=note)
    event = Event("e", PartialDate(2020), "T", "S", (Quote("s", "Words."),))
    [item] = export(Timeline("T", (source,), (event,)))
    assert item["title"] == title and item["type"] in CSL_TYPES
    assert item.get("genre") in (None, kind)
    assert item.get("URL") == (url or None) and "note" not in item
    assert item.get("publisher", item.get("container-title")) == (publisher or None)
    assert [name["literal"] for name in item.get("author", [])] == ([author] if author else [])
    if date is not None:
        assert PartialDate(*item["issued"]["date-parts"][0]) == date
