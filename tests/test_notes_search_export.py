"""The reader's marks and notes in the query language, the exports and the command line
(`search`, `export --with-notes`, `notes`)."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from test_export_markdown import COMMONMARK, rendered_blocks

from tui import cli
from tui.export import ExportRequest
from tui.export.html_format import render_html
from tui.export.json_format import render_json
from tui.export.markdown import render_markdown
from tui.export.request import READER_NOTE
from tui.loader import bundled_timeline_path, load_timeline, load_timeline_bytes
from tui.notes import MarksAndNotes, Snapshot
from tui.search import QueryError, SearchIndex, parse_query

BUNDLED = load_timeline(bundled_timeline_path())
FIRST, MIDDLE, LAST = 0, len(BUNDLED.events) // 2, len(BUNDLED.events) - 1
HOSTILE_NOTE = "# Not a heading\n<script>alert(1)</script> [x](javascript:alert(1)) &amp; [^1]\n\n> not a quote"


def ids(*positions: int) -> list[str]:
    return [BUNDLED.events[position].id for position in positions]


READER = Snapshot(frozenset(ids(FIRST, LAST)), {ids(MIDDLE)[0]: "Ask the Café owner", ids(LAST)[0]: HOSTILE_NOTE})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is:marked", [FIRST, LAST]),
        ("-is:marked", [p for p in range(len(BUNDLED.events)) if p not in (FIRST, LAST)]),
        ("has:note", [MIDDLE, LAST]),
        ("has:notes", [MIDDLE, LAST]),
        ("note:cafe", [MIDDLE]),
        ('note:"the café"', [MIDDLE]),
        ("is:marked has:note", [LAST]),
        ("is:marked or has:note", [FIRST, MIDDLE, LAST]),
    ],
)
def test_is_marked_has_note_and_note_read_the_readers_layer(query: str, expected: list[int]) -> None:
    assert list(SearchIndex(BUNDLED).search(parse_query(query), reader=READER).indices) == expected


def test_without_marks_and_notes_the_readers_fields_match_nothing() -> None:
    assert not SearchIndex(BUNDLED).search("is:marked").indices
    assert parse_query("is:marked").reads_marks_and_notes
    assert not parse_query("tag:inspection").reads_marks_and_notes


@pytest.mark.parametrize(
    ("query", "message"),
    [("is:starred", "is: takes marked"), ("has:tags", "has: takes note"), ("note:", "note: needs a value")],
)
def test_the_readers_fields_say_what_they_take(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(query)


def request(notes: Snapshot | None = READER) -> ExportRequest:
    events = [BUNDLED.events[position] for position in (FIRST, MIDDLE, LAST)]
    return ExportRequest(BUNDLED, events, query="is:marked", reader_notes=notes.notes if notes else None)


def test_markdown_gives_each_note_its_own_labelled_block_last_in_its_event_and_makes_no_structure_of_it() -> None:
    markdown = render_markdown(request())
    blocks = rendered_blocks(markdown, COMMONMARK)
    headings = [index for index, block in enumerate(blocks) if block == ("h3", READER_NOTE, "")]
    assert len(headings) == 2
    last = headings[-1]
    # The note's words are two paragraphs of plain text, nothing else, and the next event follows.
    assert blocks[last + 1][0] == "p" and blocks[last + 1][1].startswith("# Not a heading\n<script>")
    assert blocks[last + 2] == ("p", "> not a quote", "")
    assert "Reader's notes: 2" in markdown
    assert READER_NOTE not in render_markdown(request(None))


def test_html_escapes_the_note_in_a_section_of_its_own() -> None:
    page = render_html(request())
    assert page.count('<section class="reader-note">') == 2
    assert "<script>" not in page and html.escape("<script>alert(1)</script>") in page
    assert 'href="javascript' not in page


def test_json_keeps_notes_apart_from_the_events_and_the_app_still_opens_it() -> None:
    text = render_json(request())
    document = json.loads(text)
    assert document["reader_notes"] == {ids(MIDDLE)[0]: "Ask the Café owner", ids(LAST)[0]: HOSTILE_NOTE}
    assert all("reader_note" not in event for event in document["events"])
    reopened = load_timeline_bytes(text.encode(), "export.json")
    assert [event.id for event in reopened.events] == ids(FIRST, MIDDLE, LAST)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "shared.sqlite"
    marks = MarksAndNotes.open(BUNDLED, path)
    marks.set_marked(FIRST, True)
    marks.set_marked(LAST, True)
    marks.set_note(LAST, "Line one\nLine \x1b]0;two")
    marks.store.set_note("gone-event", "kept")  # type: ignore[union-attr]
    marks.close()
    return path


def test_cli_search_reads_the_named_store(capsys, store: Path) -> None:
    assert cli.main(["search", "is:marked", "--json", "--notes", str(store)]) == 0
    assert [item["id"] for item in json.loads(capsys.readouterr().out)] == ids(FIRST, LAST)
    assert cli.main(["search", "note:one", "--notes", str(store)]) == 0
    assert ids(LAST)[0] in capsys.readouterr().out


def test_cli_export_takes_the_marked_events_with_their_notes(capsys, store: Path) -> None:
    status = cli.main(["export", "--query", "is:marked", "--with-notes", "--notes", str(store)])
    out = capsys.readouterr().out
    assert status == 0 and "- Events: 2" in out
    assert f"### {READER_NOTE}\n\nLine one\nLine ␛]0;two" in out
    cli.main(["export", "--query", "is:marked", "--notes", str(store)])
    assert READER_NOTE not in capsys.readouterr().out


def test_cli_notes_lists_marks_notes_and_orphans(capsys, store: Path) -> None:
    assert cli.main(["notes", "--json", "--notes", str(store)]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [(item["id"], item["marked"], item["note"]) for item in listing["events"]] == [
        (ids(FIRST)[0], True, None),
        (ids(LAST)[0], True, "Line one\nLine ␛]0;two"),
    ]
    assert listing["orphaned"] == [{"id": "gone-event", "marked": False, "note": "kept"}]
    assert cli.main(["notes", "--notes", str(store)]) == 0
    text = capsys.readouterr().out
    assert "\x1b" not in text and "On events this timeline no longer holds (kept):" in text
    assert text.rstrip().endswith("2 marks, 2 notes, 1 orphaned")


def test_cli_notes_before_any_mark_makes_no_store(capsys, tmp_path: Path) -> None:
    assert cli.main(["notes", "--notes", str(tmp_path / "none.sqlite")]) == 0
    assert "0 marks, 0 notes, 0 orphaned" in capsys.readouterr().out
    assert not (tmp_path / "none.sqlite").exists()


def test_a_store_that_cannot_be_read_is_one_line_and_status_2(capsys, tmp_path: Path) -> None:
    path = tmp_path / "bad.sqlite"
    path.write_bytes(b"garbage" * 100)
    assert cli.main(["notes", "--notes", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is damaged or not a notes store" in err
    assert cli.main(["search", "is:marked", "--notes", str(path)]) == 2
    assert path.read_bytes() == b"garbage" * 100
