"""Untrusted text is shown literally everywhere: markup stays text, escapes stay visible.

The hostile timeline is cleaned as the loader cleans it (`clean_text`), so ESC arrives as ␛; the
rendering must then neither parse `[...]` as markup (crash, style or action link) nor let a
control character through to the terminal.
"""

from __future__ import annotations

import pytest
from textual.command import CommandInput, CommandPalette
from textual.pilot import Pilot
from textual.widget import Widget

from tui.app import TimelineApp
from tui.screens.event import EventScreen
from tui.screens.main import MainScreen
from tui.screens.source import SourceScreen
from tui.widgets.event_detail import EventDetail
from tui.widgets.quotes import QuoteCard, QuoteScroll
from tui.widgets.timeline_list import TimelineList
from tui.widgets.title_bar import TitleBar

from .explorer import ScreenReader, assert_inert, toasts

QUOTE_SHOWN = "[bold]not bold[/bold] ␛[31mred"


def assert_shows(reader: ScreenReader, app: TimelineApp, widget: Widget, *texts: str) -> None:
    shown = reader.text(app, widget)
    for text in texts:
        assert text in shown, text
    assert_inert(reader.segments(app, widget))


@pytest.mark.explorer(app="hostile")
async def test_list_title_bar_and_ruler(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    screen = app.screen
    assert_shows(reader, app, screen.query_one(TimelineList), "oops [/] there")
    assert_shows(reader, app, screen.query_one(TitleBar), "[blink]Title[/blink]")
    assert_inert(reader.segments(app))


@pytest.mark.explorer(size=(120, 40), app="hostile")
async def test_detail_pane(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    assert_shows(
        reader,
        app,
        app.screen.query_one(EventDetail),
        "oops [/] there",
        "Period: [reverse]period[/reverse] (2010–2011)",
        "[@click=app.quit]x[/]",
        "Tags: [red]tag[/red]",
        "People: [@click=app.bell]person[/]",
        "Notes: note [/] ␛]0;title␇",
        f"“{QUOTE_SHOWN}”",
        "— [b]speaker[/b],",
        "[link=https://example.org]source[/link] [/",
    )


@pytest.mark.explorer(size=(120, 40), app="hostile")
async def test_clicking_an_action_lookalike_does_nothing(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    lines = reader.text(app).splitlines()
    y = next(number for number, line in enumerate(lines) if "[@click=app.quit]x[/]" in line)
    x = lines[y].index("[@click=app.quit]x[/]")
    for offset in (0, len("[@click=app.quit]"), len("[@click=app.quit]x[/]") - 1):
        await pilot.click(offset=(x + offset, y))
    await pilot.pause()
    assert app.is_running
    assert isinstance(app.screen, MainScreen)


@pytest.mark.explorer(app="hostile")
async def test_event_screen(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, EventScreen)
    assert_shows(
        reader,
        app,
        app.screen.query_one(QuoteScroll),
        "oops [/] there",
        "[@click=app.quit]x[/]",
        f"“{QUOTE_SHOWN}”",
        "Speaker: [b]speaker[/b]",
        "[link=https://example.org]source[/link] [/",
        "Publisher: [i]pub[/i]",
    )
    assert_shows(reader, app, app.screen.query_one(QuoteCard), QUOTE_SHOWN)


@pytest.mark.explorer(app="hostile")
async def test_source_screen(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, SourceScreen)
    assert_shows(
        reader,
        app,
        app.screen.query_one(QuoteScroll),
        "[link=https://example.org]source[/link] [/",
        "Publisher: [i]pub[/i]",
        "May 2010  oops [/] there",
        f"“{QUOTE_SHOWN}”",
        "Speaker: [b]speaker[/b]",
    )


@pytest.mark.explorer(notifications=True, app="hostile")
async def test_notification(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    (toast,) = toasts(app)
    assert_shows(reader, app, toast, "Copied:", QUOTE_SHOWN, "[b]speaker[/b]")
    assert app.clipboard.startswith(f"“{QUOTE_SHOWN}” — [b]speaker[/b], “[link=")


@pytest.mark.explorer(app="hostile")
async def test_command_palette(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    app.screen.query_one(CommandInput).value = "oops"
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert "Go to event: oops [/] there" in reader.text(app)
    app.screen.query_one(CommandInput).value = "source"
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert "Open source: [link=https://example.org]source[/link] [/" in reader.text(app)
    assert_inert(reader.segments(app))
    await pilot.press("escape")
    await pilot.pause()
    assert app.is_running
