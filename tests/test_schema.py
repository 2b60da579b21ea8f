"""The JSON Schema for editors, docs/timeline.schema.json, against the loader and the format doc.

The schema is advice for editors and the loader is the final word, so these tests hold the two
together: what the loader takes (the bundled timeline, the documented example) the schema takes,
and a few common mistakes are caught by both.
"""

import datetime
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from tui import loader
from tui.dates import Precision
from tui.loader import TimelineError, load_timeline_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "docs" / "timeline.schema.json"
TIMELINE = ROOT / "data" / "timeline.yaml"
FORMAT_DOC = ROOT / "docs" / "timeline-format.md"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def as_json(value):
    """What a YAML language server sees: dates as ISO strings (PyYAML makes them `date` objects)."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def schema_errors(validator, text: str) -> list[str]:
    return [error.message for error in validator.iter_errors(as_json(yaml.safe_load(text)))]


def schema_error_paths(validator, text: str) -> list[str]:
    """Where each schema error is, written as the loader writes paths: `events[2].id`."""
    return [
        "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path).lstrip(".")
        for error in validator.iter_errors(as_json(yaml.safe_load(text)))
    ]


def documented_example() -> str:
    match = re.search(r"^```yaml\n(.*?)^```", FORMAT_DOC.read_text(encoding="utf-8"), re.S | re.M)
    assert match, "docs/timeline-format.md has no ```yaml block"
    return match.group(1)


def test_bundled_timeline_matches_the_schema(validator):
    assert schema_errors(validator, TIMELINE.read_text(encoding="utf-8")) == []


def test_bundled_timeline_names_the_schema():
    first_line = TIMELINE.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../docs/timeline.schema.json"
    assert (TIMELINE.parent / "../docs/timeline.schema.json").resolve() == SCHEMA_PATH


def test_documented_example_loads_and_matches_the_schema(validator):
    text = documented_example()
    timeline = load_timeline_text(text, "example.yaml")
    assert schema_errors(validator, text) == []
    # The example shows what the doc says it shows.
    assert len(timeline.sources) == 2 and len(timeline.periods) == 1 and len(timeline.events) == 3
    assert {event.date.precision for event in timeline.events} == set(Precision)
    assert any(event.end for event in timeline.events)
    assert any(event.approximate for event in timeline.events)
    assert [event.display_date for event in timeline.events] == [
        "c. 1998",
        "March 2004",
        "5 April 2004 – 12 September 2005",
    ]


def test_schema_lists_the_fields_the_loader_knows(validator):
    defs = validator.schema["$defs"]
    assert set(validator.schema["properties"]) == loader._TOP_FIELDS
    assert set(defs["source"]["properties"]) == loader._SOURCE_FIELDS
    assert set(defs["period"]["properties"]) == loader._PERIOD_FIELDS
    assert set(defs["event"]["properties"]) == loader._EVENT_FIELDS
    assert set(defs["quote"]["properties"]) == loader._QUOTE_FIELDS


def test_every_property_is_described(validator):
    def properties(schema):
        for name, value in schema.get("properties", {}).items():
            yield name, value
        for value in schema.get("$defs", {}).values():
            yield from properties(value)

    for name, value in properties(validator.schema):
        assert value.get("title") and value.get("description"), name


@pytest.mark.parametrize(
    ("replace", "with_", "where"),
    [
        pytest.param("    kind: minutes\n", "    kind: minutes\n    colour: red\n", "sources[0]", id="unknown-field"),
        pytest.param("  - id: library-closed", "  - id: Library_Closed", "events[2].id", id="bad-id"),
        pytest.param(
            "    period: corn-exchange\n    title: The council",
            "    period: Corn Exchange\n    title: The council",
            "events[1].period",
            id="bad-period-reference",
        ),
        pytest.param("    author: Ada Pennyworth\n", "", "sources[1]", id="no-publisher-or-author"),
        pytest.param("    date: 2004-03\n    period", "    date: 2017-13\n    period", "events[1].date", id="month-13"),
        pytest.param(
            "    date: 2004-03\n    period", "    date: 3 March 2004\n    period", "events[1].date", id="date-in-words"
        ),
        pytest.param(
            "    date: 2004-03\n    period",
            "    date: 2004-03-01T10:00:00\n    period",
            "events[1].date",
            id="date-with-time",
        ),
        pytest.param(
            "    approximate: true\n",
            "    approximate: perhaps\n",
            "events[0].approximate",
            id="approximate-not-boolean",
        ),
        pytest.param(
            "    quotes:\n      - source: friends-history\n        text: >-\n          In about 1998 the books were carried across the square, crate by crate, to the old\n          corn exchange.\n",
            "    quotes: []\n",
            "events[0].quotes",
            id="quotes-empty",
        ),
        pytest.param("    tags: [building]\n", "    tags: building\n", "events[0].tags", id="tags-not-a-list"),
        pytest.param(
            "    file: council/2004-03-minutes.txt\n",
            "    file: ../2004-03-minutes.txt\n",
            "sources[0].file",
            id="file-outside-folder",
        ),
        pytest.param(
            "    file: council/2004-03-minutes.txt\n",
            "    file: /srv/2004-03-minutes.txt\n",
            "sources[0].file",
            id="file-absolute",
        ),
        pytest.param(
            "    title: The library moves into the old corn exchange\n",
            "    title: '  '\n",
            "events[0].title",
            id="blank-title",
        ),
    ],
)
def test_mistakes_fail_both_schema_and_loader(validator, replace, with_, where):
    """Each mistake gives one schema error and one loader error, both at `where`."""
    text = documented_example()
    assert replace in text
    broken = text.replace(replace, with_, 1)
    assert schema_error_paths(validator, broken) == [where]
    with pytest.raises(TimelineError) as caught:
        load_timeline_text(broken, "example.yaml")
    assert [error.path for error in caught.value.errors] == [where]


@pytest.mark.parametrize("date", ["2017", "'2017'", "2017-07", "2017-07-03", '"2017-07-03"'])
def test_each_date_form_passes_quoted_or_not(validator, date):
    text = documented_example().replace("    date: 2004-03\n    period", f"    date: {date}\n    period", 1)
    assert schema_errors(validator, text) == []
    load_timeline_text(text, "example.yaml")


@pytest.mark.parametrize("date", ["2019~", '"2019?"', "2019-07%", "2005/2014", "2018/..", "../2014", "2017-07-03/.."])
def test_edtf_event_dates_pass_the_schema_and_the_loader(validator, date):
    text = documented_example().replace("    date: 2004-03\n    period", f"    date: {date}\n    period")
    assert schema_errors(validator, text) == []
    load_timeline_text(text, "example.yaml")


@pytest.mark.parametrize("date", ["2018/", "../..", "../2014/2015", "2019??", "2019-13~"])
def test_malformed_edtf_dates_fail_the_schema_and_the_loader(validator, date):
    text = documented_example().replace("    date: 2004-03\n    period", f'    date: "{date}"\n    period')
    assert schema_error_paths(validator, text) == ["events[1].date"]
    with pytest.raises(TimelineError):
        load_timeline_text(text, "example.yaml")
