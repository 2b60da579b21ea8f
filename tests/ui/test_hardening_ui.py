"""Hardening, round two, in the explorer: the classes of tests/test_hardening.py that need an
app (failures inside it, file names on screen, what is drawn of a huge file, keys that crashed).
Signals are in tests/test_terminal.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.content import Content
from timelines import HOSTILE

from tui import cli
from tui.app import make_app, make_loading_app
from tui.loader import bundled_timeline_path, load_timeline
from tui.navigation import QuoteRef
from tui.rendering import MOST_CARDS, TEXT_SHOWN
from tui.screens.event import EventScreen
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.quotes import QuoteCard, QuoteScroll

from .explorer import ScreenReader, notifications, settle, type_fast, wait_for

HOSTILE_NAME = "a\x1b]52;c;aGk=\x1b\\b\x1b]2;owned\x07\nforged line.yaml"
"""A file name that writes the clipboard, retitles the window and forges a line, if shown raw."""


def assert_no_control_characters(app) -> None:
    for text, _style, _control in ScreenReader().segments(app):
        assert not any(ord(character) < 0x20 or 0x7F <= ord(character) <= 0x9F for character in text), repr(text)


# 1. A failure inside the app is a message on screen ---------------------------------------


async def test_class_1_an_export_that_fails_unexpectedly_is_a_message_and_the_app_goes_on(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def fail(*arguments: object, **keywords: object) -> None:
        raise RuntimeError("something no one expected")

    monkeypatch.setattr("tui.screens.export.write_atomically", fail)
    app = make_app(load_timeline(bundled_timeline_path()), None)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: notifications(app), "a notification")
        assert any("RuntimeError: something no one expected" in shown for shown in notifications(app))
        assert app.is_running
        assert isinstance(app.screen, ExportScreen), "the dialog stays, to try again"
    assert app.return_code is None


async def test_class_1_a_preview_that_fails_unexpectedly_is_a_message_and_the_app_goes_on(monkeypatch):
    def fail(*arguments: object, **keywords: object) -> None:
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr("tui.screens.export.select_events", fail)
    app = make_app(load_timeline(bundled_timeline_path()), None)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: notifications(app), "a notification")
        assert any(shown.startswith("UnicodeEncodeError: ") for shown in notifications(app))
        assert app.is_running
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the timeline")
    assert app.return_code is None


async def test_class_1_a_timeline_from_a_file_whose_name_is_not_utf8_exports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    latin1_name = Path(tmp_path / "caf\udce9.yaml")  # b"caf\xe9.yaml", as a zip archive may name it
    latin1_name.write_bytes(bundled_timeline_path().read_bytes())
    app = make_app(load_timeline(latin1_name), str(latin1_name))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the dialog to close")
    [written] = tmp_path.glob("*.md")
    assert "caf\ufffd.yaml" in written.read_text(encoding="utf-8")


def test_class_1_the_explorer_exits_with_the_apps_return_code(monkeypatch):
    """A crash inside Textual's app sets its return code to 1; the explorer returned 0 whatever."""

    class CrashedApp:
        return_code = 1

        def run(self) -> None:
            pass

    monkeypatch.setattr("tui.app.make_app", lambda timeline, path: CrashedApp())
    assert cli.main([str(bundled_timeline_path())]) == 1


# 2. The file name is untrusted text ----------------------------------------------------------


async def test_class_2_a_hostile_file_name_is_shown_cleaned_in_the_help_and_the_title():
    app = make_app(load_timeline(bundled_timeline_path()), HOSTILE_NAME)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert_no_control_characters(app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await pilot.press("end")  # the note on the file is at the foot of the help
        await pilot.pause()
        assert_no_control_characters(app)
        assert "forged line.yaml" in ScreenReader().text(app)


async def test_class_2_a_hostile_file_name_is_shown_cleaned_while_loading(tmp_path):
    path = tmp_path / HOSTILE_NAME
    path.write_bytes(bundled_timeline_path().read_bytes())
    app = make_loading_app(path)
    async with app.run_test(size=(120, 30)) as pilot:
        assert_no_control_characters(app)
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the timeline")
        assert_no_control_characters(app)


# 3. What is drawn is bounded, whatever the file holds ---------------------------------------


async def test_class_3_an_event_with_ten_thousand_quotes_opens_with_a_bounded_number_of_cards():
    timeline = load_timeline(HOSTILE / "ten-thousand-quotes.yaml")
    assert len(timeline.events[0].quotes) == 10_000
    app = make_app(timeline, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen), "the event")
        await wait_for(pilot, lambda: len(app.screen.query(QuoteCard)) == MOST_CARDS, "every card shown")
        assert f"The first {MOST_CARDS} are shown here" in ScreenReader().text(app)
        await pilot.press("G")
        await wait_for(pilot, lambda: app.focused is app.screen.query(QuoteCard).last(), "the last card")
        assert app.focused.ref.quote == MOST_CARDS - 1


async def test_class_3_the_first_cards_are_drawn_before_the_rest_are_mounted():
    """Mounting a hundred cards held the event screen's first frame for over 100 ms: the first
    ones are drawn at once and the rest follow, and `G` or `j` past them reaches the rest."""
    timeline = load_timeline(HOSTILE / "ten-thousand-quotes.yaml")
    app = make_app(timeline, None)

    def cards() -> list[QuoteCard]:
        return [QuoteCard(Content(f"quote {number}"), QuoteRef(0, number), "") for number in range(MOST_CARDS)]

    def focused_quote() -> int | None:
        return app.focused.ref.quote if isinstance(app.focused, QuoteCard) else None

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(app.screen.query(QuoteCard)) == MOST_CARDS, "the event")
        column = app.screen.query_one(QuoteScroll)
        await column.show(Content("heading"), cards())
        assert len(column.query(QuoteCard)) == QuoteScroll.FIRST_CARDS
        await wait_for(pilot, lambda: len(column.query(QuoteCard)) == MOST_CARDS, "the rest of the cards")

        await column.show(Content("heading"), cards())
        await column.action_edge(1)
        await wait_for(pilot, lambda: focused_quote() == MOST_CARDS - 1, "G: the last card")

        await column.show(Content("heading"), cards(), focus=QuoteScroll.FIRST_CARDS - 1)
        await wait_for(pilot, lambda: focused_quote() == QuoteScroll.FIRST_CARDS - 1, "the card asked for")
        await column.action_step(1)
        await wait_for(pilot, lambda: focused_quote() == QuoteScroll.FIRST_CARDS, "j: the card after it")


async def test_class_3_a_one_megabyte_title_is_drawn_cut_short_with_a_marker():
    timeline = load_timeline(HOSTILE / "one-megabyte-title.yaml")
    assert len(timeline.events[0].title) >= 1_000_000
    app = make_app(timeline, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen), "the event")
        await pilot.press("end")
        await pilot.pause()
        assert f"{1_000_000 - TEXT_SHOWN:,} more characters not shown" in ScreenReader().text(app)


# 7. Keys that crashed the app ----------------------------------------------------------------


@pytest.mark.explorer(app="bundled")
async def test_class_7_two_enters_in_the_palette_run_the_command_once(pilot, app):
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    await type_fast(pilot, ["k", "e", "y", "s", "enter", "enter"])
    await settle(pilot)
    assert isinstance(app.screen_stack[0], MainScreen)
    assert len(app.screen_stack) <= 2, [type(screen).__name__ for screen in app.screen_stack]


@pytest.mark.explorer(app="bundled")
async def test_class_7_the_palette_opened_again_at_once_after_closing(pilot, app):
    await type_fast(pilot, ["ctrl+p", "escape", "ctrl+p", "escape", "ctrl+p"])
    await settle(pilot)
    assert app.is_running
    assert isinstance(app.screen, CommandPalette)  # raised DuplicateIds on the second Ctrl+P


@pytest.mark.explorer(app="bundled")
@pytest.mark.parametrize("key", ["left_square_bracket", "right_square_bracket"])
async def test_class_7_a_step_key_before_the_event_screen_is_built_is_ignored(pilot, app, key):
    await type_fast(pilot, ["j", "enter", key, key, "enter", key])
    await settle(pilot)
    assert app.is_running
    assert isinstance(app.screen_stack[0], MainScreen)
