"""`gmp-timeline export`: the span chosen is the span exported, and every failure has its exit status."""

from __future__ import annotations

import datetime
import errno
import json

import pytest
from markdown_it import MarkdownIt

from tui import cli
from tui.export import write as write_module
from tui.loader import bundled_timeline_path, load_timeline

BUNDLED = load_timeline(bundled_timeline_path())
SPAN = ("--from", "2017-07-03", "--to", "2020-04-23")


def run(capsys, *arguments):
    status = cli.main(["export", *arguments])
    out, err = capsys.readouterr()
    return status, out, err


def ids_dated_within(first: datetime.date, last: datetime.date) -> list[str]:
    """The events that could have happened in the span: some day they could mean is in it (an
    open date, `by 2024`, could mean any day up to its end)."""
    return [event.id for event in BUNDLED.events if event.first_day <= last and first <= event.last_day]


def test_the_span_exports_exactly_the_events_dated_in_it(capsys):
    status, out, err = run(capsys, *SPAN, "--format", "json")
    assert (status, err) == (0, "")
    exported = [event["id"] for event in json.loads(out)["events"]]
    assert exported == ids_dated_within(datetime.date(2017, 7, 3), datetime.date(2020, 4, 23))
    assert exported[0] == "betrayed-girls-broadcast"
    assert "inspection-findings-reported-2014" not in exported and "part-two-oldham" not in exported
    assert "gmp-works-with-north-west-forces" in exported, "2018 or later: it could be in the span"


def test_the_markdown_of_the_span_has_a_section_for_each_of_those_events(capsys):
    status, out, _ = run(capsys, *SPAN)
    assert status == 0
    tokens = MarkdownIt("commonmark").parse(out)
    headings = [
        tokens[index + 1].content
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == "h2"
    ]
    titles = {event.id: f"{event.display_date} — {event.title}" for event in BUNDLED.events}
    assert headings == [
        titles[event_id] for event_id in ids_dated_within(datetime.date(2017, 7, 3), datetime.date(2020, 4, 23))
    ] + ["Sources"]


def test_dates_may_be_typed_as_words(capsys):
    assert run(capsys, "--from", "July 2017", "--to", "23 April 2020") == run(
        capsys, "--from", "2017-07", "--to", "2020-04-23"
    )
    _, out, _ = run(capsys, "--from", "July 2017", "--to", "2017", "--format", "json")
    assert [event["id"] for event in json.loads(out)["events"]] == ids_dated_within(
        datetime.date(2017, 7, 1), datetime.date(2017, 12, 31)
    )


def test_a_query_narrows_the_span(capsys):
    status, out, _ = run(capsys, *SPAN, "--query", "tag:letter", "--format", "json")
    assert status == 0
    events = json.loads(out)["events"]
    assert events and all("letter" in event["tags"] for event in events)


def test_standard_output_gets_the_export_and_nothing_else(capsys, tmp_path):
    status, out, err = run(capsys, *SPAN)
    assert (status, err) == (0, "")
    assert out.startswith(f"# {BUNDLED.title}\n")
    path = tmp_path / "span.md"
    status, written_out, err = run(capsys, *SPAN, "-o", str(path))
    assert (status, written_out) == (0, "")
    count = len(ids_dated_within(datetime.date(2017, 7, 3), datetime.date(2020, 4, 23)))
    assert err == f"wrote {path} ({count} events)\n"
    assert path.read_text(encoding="utf-8") == out


def test_the_timelinejs_and_json_formats_are_json(capsys, tmp_path):
    for format_name in ("timelinejs", "json"):
        status, out, _ = run(capsys, "--format", format_name)
        assert status == 0
        assert len(json.loads(out)["events"]) == len(BUNDLED.events)


def test_a_json_export_opens_again(capsys, tmp_path):
    path = tmp_path / "span.json"
    assert run(capsys, *SPAN, "--format", "json", "-o", str(path))[0] == 0
    assert cli.main(["validate", "--timeline", str(path)]) == 0
    count = len(ids_dated_within(datetime.date(2017, 7, 3), datetime.date(2020, 4, 23)))
    assert f"{count} events" in capsys.readouterr().out


def test_stamp_adds_the_time_of_the_export(capsys):
    _, out, _ = run(capsys, "--stamp")
    assert "\n- Exported on 20" in out
    assert "Exported on" not in run(capsys)[1]


def test_an_existing_file_needs_force(capsys, tmp_path):
    path = tmp_path / "span.md"
    path.write_text("old")
    status, out, err = run(capsys, "-o", str(path))
    assert (status, out) == (1, "")
    assert err == f"gmp-timeline export: {path} already exists; use --force to replace it\n"
    assert path.read_text() == "old"
    assert run(capsys, "-o", str(path), "--force")[0] == 0
    assert path.read_text(encoding="utf-8").startswith(f"# {BUNDLED.title}\n")


def test_a_missing_folder_fails_with_one_line(capsys, tmp_path):
    status, _, err = run(capsys, "-o", str(tmp_path / "nowhere" / "span.md"))
    assert status == 1
    assert err.count("\n") == 1 and "does not exist" in err


def test_permission_denied_fails_with_one_line(capsys, tmp_path, monkeypatch):
    def refuse(source, destination):
        raise PermissionError(errno.EACCES, "Permission denied", str(destination))

    monkeypatch.setattr(write_module.os, "replace", refuse)
    status, _, err = run(capsys, "-o", str(tmp_path / "span.md"))
    assert (status, err) == (1, f"gmp-timeline export: cannot write {tmp_path / 'span.md'}: permission denied\n")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--from", "2017-13"), "is not a valid date"),
        (("--to", "Julember 2017"), "is not a date"),
        (("--from", "2021", "--to", "2020"), "the span ends (2020) before it starts (2021)"),
        (("--query", '"unclosed'), "a quotation mark is not closed"),
        (("--query", "nofield:x"), "unknown field"),
    ],
)
def test_a_bad_date_span_or_query_exits_2(capsys, tmp_path, arguments, message):
    status, out, err = run(capsys, *arguments, "-o", str(tmp_path / "span.md"))
    assert (status, out) == (2, "")
    assert err.startswith("gmp-timeline export: ") and message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_an_empty_span_still_exports_and_says_so(capsys):
    # No span of the bundled timeline is empty (an event dated "by 2014" could be in any year
    # before): a query that matches nothing empties it.
    status, out, err = run(capsys, "--from", "1990", "--to", "1991", "--query", "nosuchwordanywhere")
    assert status == 0
    assert "Events: 0" in out
    assert err == "gmp-timeline export: no events match; the export lists none\n"
