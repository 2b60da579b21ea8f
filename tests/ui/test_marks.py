"""The reader's marks and notes in the explorer: the keys, the signs, the note editor, search,
export, the palette, a store that cannot be used, and another explorer's changes.

What the store promises is tested in tests/test_notes.py; here, that the explorer shows a change
only once it is in the store, read back by a connection of the test's own.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import TextArea

from tui.app import TimelineApp, make_app
from tui.model import Timeline
from tui.notes import MarksAndNotes
from tui.rendering import MARKED, YOUR_NOTE
from tui.screens.confirm import ConfirmScreen
from tui.screens.event import EventScreen
from tui.screens.export import ExportScreen
from tui.screens.main import MARKS_REACHED_END, MainScreen
from tui.screens.note import NoteScreen
from tui.widgets.event_detail import EventDetail
from tui.widgets.timeline_list import MARKED_SIGN, NOTED_SIGN, TimelineList

from .explorer import ScreenReader, list_lines, notifications, run_command, search, settle, wait_for


def in_store(app: TimelineApp) -> tuple[set[str], dict[str, str]]:
    """The marks and notes as another connection reads them from the file."""
    path = app.marks.path
    assert path is not None
    with sqlite3.connect(path) as other:
        marked = {row[0] for row in other.execute("SELECT event_id FROM marks")}
        notes = dict(other.execute("SELECT event_id, text FROM notes"))
    other.close()
    return marked, notes


def row_of(reader: ScreenReader, app: TimelineApp, title: str) -> str:
    return next(line for line in list_lines(reader, app) if title in line)


def cursor_event(app: TimelineApp) -> int:
    event = app.screen.query_one(TimelineList).event
    assert event is not None
    return event


async def write_note(pilot: Pilot, text: str) -> None:
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, NoteScreen), "the note editor")
    pilot.app.screen.query_one(TextArea).text = text
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen | EventScreen), "the editor to close")


async def test_m_marks_the_event_in_the_store_and_the_list_shows_its_sign(
    pilot: Pilot, app: TimelineApp, timeline: Timeline, reader: ScreenReader
) -> None:
    first, second = timeline.events[0], timeline.events[1]
    await pilot.press("m")
    await pilot.pause()
    assert in_store(app)[0] == {first.id}
    assert f"▸{MARKED_SIGN}" in row_of(reader, app, first.title)
    assert MARKED in reader.text(app, app.screen.query_one(EventDetail))
    assert "1 marked" in reader.text(app)
    await pilot.press("j", "s", "s", "k", "u")
    await pilot.pause()
    assert in_store(app)[0] == {second.id}
    assert MARKED_SIGN not in row_of(reader, app, first.title)
    assert MARKED_SIGN in row_of(reader, app, second.title)
    await pilot.press("j", "m")
    await pilot.pause()
    assert in_store(app)[0] == set()


@pytest.mark.explorer(notifications=True)
async def test_quote_marks_go_from_mark_to_mark_and_round_the_end(pilot: Pilot, app: TimelineApp) -> None:
    await pilot.press("m", "G", "k", "k", "m", "g")
    await pilot.pause()
    marked = app.marks.marked_positions()
    assert marked == [0, 6]
    await pilot.press("apostrophe")
    assert cursor_event(app) == 6
    await pilot.press("apostrophe")
    await pilot.pause()
    assert cursor_event(app) == 0 and MARKS_REACHED_END in notifications(app)
    await pilot.press("quotation_mark")
    assert cursor_event(app) == 6


@pytest.mark.explorer(notifications=True)
async def test_a_note_is_in_the_store_when_the_app_says_saved_and_shows_as_the_readers_own(
    pilot: Pilot, app: TimelineApp, timeline: Timeline, reader: ScreenReader
) -> None:
    event = timeline.events[1]
    await pilot.press("j")
    hostile = "Ask [bold]them[/] [@click=app.quit]x[/] oops [/] \x1b[2J\x1b]0;title\x07 again"
    await write_note(pilot, hostile)
    await wait_for(pilot, lambda: "Note saved." in notifications(app), "the note to be saved")
    shown = "Ask [bold]them[/] [@click=app.quit]x[/] oops [/] ␛[2J␛]0;title␇ again"
    assert in_store(app)[1] == {event.id: shown}
    detail = reader.text(app, app.screen.query_one(EventDetail))
    assert YOUR_NOTE in detail and shown in detail
    for text, style, _ in reader.segments(app):
        assert "\x1b" not in text and "\x07" not in text
        assert style is None or not style.link
    assert f"▸{NOTED_SIGN}" in row_of(reader, app, event.title)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, EventScreen), "the event screen")
    await pilot.pause()
    assert YOUR_NOTE in reader.text(app)
    await pilot.press("m")
    await wait_for(pilot, lambda: MARKED in reader.text(app), "the mark on the event screen")
    assert in_store(app)[0] == {event.id}
    await write_note(pilot, "")
    await wait_for(pilot, lambda: "Note deleted." in notifications(app), "the note to be deleted")
    assert in_store(app)[1] == {}


async def test_escape_in_the_editor_with_changes_asks_before_they_are_lost(pilot: Pilot, app: TimelineApp) -> None:
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, NoteScreen), "the note editor")
    await pilot.press("h", "i", "escape")
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, NoteScreen), "the editor again")
    assert app.screen.query_one(TextArea).text == "hi"
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
    await pilot.press("y")
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the list")
    assert in_store(app)[1] == {}


async def test_is_marked_filters_and_follows_the_marks(
    pilot: Pilot, app: TimelineApp, timeline: Timeline, reader: ScreenReader
) -> None:
    await pilot.press("m", "G", "m")
    await pilot.pause()
    await search(pilot, "is:marked")
    await pilot.press("enter")
    await settle(pilot)
    assert len(list_lines(reader, app)) == 4  # two years, two events
    await pilot.press("m")  # unmark the last: the filter that reads the marks is searched again
    await settle(pilot)
    lines = list_lines(reader, app)
    assert len(lines) == 2 and timeline.events[0].title in lines[1]


async def test_the_palette_shows_the_marked_events(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    await pilot.press("j", "m")
    await pilot.pause()
    await run_command(pilot, "marked", "Marked events")
    await settle(pilot)
    assert "1 of 9 events matching 'is:marked'" in reader.text(app)


async def test_export_takes_the_marked_events_and_the_notes_when_chosen(
    pilot: Pilot, app: TimelineApp, timeline: Timeline, reader: ScreenReader
) -> None:
    await pilot.press("m", "j", "j", "m")
    await write_note(pilot, "Why this matters")
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    assert "the 2 marked events in the timeline" in reader.text(app)
    assert screen._text is not None and "- Events: 2" in screen._text and "Why this matters" not in screen._text
    screen.query_one("#export-notes").focus()
    await pilot.press("down")
    await settle(pilot)
    assert screen._text is not None and "### Reader's note, not from the sources\n\nWhy this matters" in screen._text
    assert f"## {timeline.events[0].display_date} — {timeline.events[0].title}" in screen._text


def damage(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is no database\n" * 50)
    return path.read_bytes()


async def test_a_damaged_store_opens_the_timeline_read_only_for_marks_and_says_so(
    tmp_path: Path, timeline: Timeline, reader: ScreenReader
) -> None:
    path = tmp_path / "damaged.sqlite"
    before = damage(path)
    app = make_app(timeline, "fixture.yaml", notes_path=path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any(
            "Marks and notes are read-only" in message and "damaged" in message for message in notifications(app)
        )
        await pilot.press("m", "a")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert MARKED_SIGN not in reader.text(app)
    assert path.read_bytes() == before


async def test_marks_from_another_explorer_on_the_same_store_appear(
    tmp_path: Path, timeline: Timeline, reader: ScreenReader
) -> None:
    path = tmp_path / "shared.sqlite"
    app = make_app(timeline, "fixture.yaml", notes_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        other = MarksAndNotes.open(timeline, path)
        other.set_marked(2, True)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen._look_for_changes()  # what the screen's timer does every LOOK_FOR_CHANGES_EVERY seconds
        await pilot.pause()
        assert MARKED_SIGN in row_of(reader, app, timeline.events[2].title)


async def test_what_is_pasted_into_the_editor_reaches_the_terminal_and_the_store_cleaned(
    pilot: Pilot, app: TimelineApp, timeline: Timeline, reader: ScreenReader
) -> None:
    """TextArea draws a pasted ESC raw; the editor cleans a paste as the loader cleans text."""
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, NoteScreen), "the note editor")
    app.post_message(events.Paste("x \x1b]0;evil\x07 \x1b[31mred \x9b y"))  # as a terminal's paste arrives
    await wait_for(pilot, lambda: "evil" in app.screen.query_one(TextArea).text, "the paste")
    assert app.screen.query_one(TextArea).text == "x ␛]0;evil␇ ␛[31mred \ufffd y"
    assert not [text for text, _, _ in reader.segments(app) if any(c in text for c in "\x1b\x07\x9b")]
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the list")
    assert in_store(app)[1] == {timeline.events[0].id: "x ␛]0;evil␇ ␛[31mred \ufffd y"}


async def test_the_export_of_is_marked_says_marked_events(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    await pilot.press("m", "j", "m", "j", "m")
    await search(pilot, "is:marked")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
    await settle(pilot)
    text = reader.text(app)
    assert "the 3 marked events in the timeline" in text and "all 9 events in the timeline" in text


async def test_marks_and_notes_on_events_no_longer_in_the_timeline_are_kept_and_said(
    tmp_path: Path, timeline: Timeline
) -> None:
    path = tmp_path / "old.sqlite"
    older = MarksAndNotes.open(timeline, path)
    assert older.store is not None
    older.store.set_note("an-event-since-removed", "Still mine")
    older.close()
    app = make_app(timeline, "fixture.yaml", notes_path=path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert any("1 mark or note on events this timeline no longer holds" in text for text in notifications(app))
        await pilot.press("m")
        await pilot.pause()
    assert in_store(app) == ({timeline.events[0].id}, {"an-event-since-removed": "Still mine"})
