"""Untrusted text is shown literally everywhere: markup stays text, escapes stay visible.

The hostile timeline is cleaned as the loader cleans it (`clean_text`), so ESC arrives as ␛; the
rendering must then neither parse `[...]` as markup (crash, style or action link) nor let a
control character through to the terminal.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.command import CommandInput, CommandPalette
from textual.widget import Widget
from textual.widgets._toast import Toast

from tui.app import TimelineApp
from tui.screens.event import EventScreen
from tui.screens.main import MainScreen
from tui.screens.source import SourceScreen
from tui.widgets.event_detail import EventDetail
from tui.widgets.quotes import QuoteCard, QuoteScroll
from tui.widgets.timeline_list import TimelineList
from tui.widgets.title_bar import TitleBar

from .reading import ScreenReader

QUOTE_SHOWN = "[bold]not bold[/bold] ␛[31mred"


def assert_inert(segments: list[Segment]) -> None:
    """No action link, no hyperlink, no markup-made bold on the quote, no raw control character."""
    for text, style, _ in segments:
        assert "\x1b" not in text and "\x07" not in text
        if style is None:
            continue
        assert not style.link, text
        assert "@click" not in style.meta, text
        if "not bold" in text:
            assert not style.bold, text


def assert_shows(reader: ScreenReader, app: TimelineApp, widget: Widget, *texts: str) -> None:
    shown = reader.text(app, widget)
    for text in texts:
        assert text in shown, text
    assert_inert(reader.segments(app, widget))


async def test_list_title_bar_and_ruler(hostile_app: TimelineApp, reader: ScreenReader) -> None:
    async with hostile_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = hostile_app.screen
        assert_shows(reader, hostile_app, screen.query_one(TimelineList), "oops [/] there")
        assert_shows(reader, hostile_app, screen.query_one(TitleBar), "[blink]Title[/blink]")
        assert_inert(reader.segments(hostile_app))


async def test_detail_pane(hostile_app: TimelineApp, reader: ScreenReader) -> None:
    async with hostile_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert_shows(
            reader,
            hostile_app,
            hostile_app.screen.query_one(EventDetail),
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


async def test_clicking_an_action_lookalike_does_nothing(hostile_app: TimelineApp, reader: ScreenReader) -> None:
    async with hostile_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lines = reader.text(hostile_app).splitlines()
        y = next(number for number, line in enumerate(lines) if "[@click=app.quit]x[/]" in line)
        x = lines[y].index("[@click=app.quit]x[/]")
        for offset in (0, len("[@click=app.quit]"), len("[@click=app.quit]x[/]") - 1):
            await pilot.click(offset=(x + offset, y))
        await pilot.pause()
        assert hostile_app.is_running
        assert isinstance(hostile_app.screen, MainScreen)


async def test_event_screen(hostile_app: TimelineApp, reader: ScreenReader) -> None:
    async with hostile_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(hostile_app.screen, EventScreen)
        assert_shows(
            reader,
            hostile_app,
            hostile_app.screen.query_one(QuoteScroll),
            "oops [/] there",
            "[@click=app.quit]x[/]",
            f"“{QUOTE_SHOWN}”",
            "Speaker: [b]speaker[/b]",
            "[link=https://example.org]source[/link] [/",
            "Publisher: [i]pub[/i]",
        )
        assert_shows(reader, hostile_app, hostile_app.screen.query_one(QuoteCard), QUOTE_SHOWN)


async def test_source_screen(hostile_app: TimelineApp, reader: ScreenReader) -> None:
    async with hostile_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(hostile_app.screen, SourceScreen)
        assert_shows(
            reader,
            hostile_app,
            hostile_app.screen.query_one(QuoteScroll),
            "[link=https://example.org]source[/link] [/",
            "Publisher: [i]pub[/i]",
            "May 2010  oops [/] there",
            f"“{QUOTE_SHOWN}”",
            "Speaker: [b]speaker[/b]",
        )


async def test_notification(hostile_app: TimelineApp, reader: ScreenReader) -> None:
    async with hostile_app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        toast = hostile_app.screen.query_one(Toast)
        assert_shows(reader, hostile_app, toast, "Copied:", QUOTE_SHOWN, "[b]speaker[/b]")
        assert hostile_app.clipboard.startswith(f"“{QUOTE_SHOWN}” — [b]speaker[/b], [link=")


async def test_command_palette(hostile_app: TimelineApp, reader: ScreenReader) -> None:
    async with hostile_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(hostile_app.screen, CommandPalette)
        hostile_app.screen.query_one(CommandInput).value = "oops"
        await hostile_app.workers.wait_for_complete()
        await pilot.pause()
        assert "Go to event: oops [/] there" in reader.text(hostile_app)
        hostile_app.screen.query_one(CommandInput).value = "source"
        await hostile_app.workers.wait_for_complete()
        await pilot.pause()
        assert "Open source: [link=https://example.org]source[/link] [/" in reader.text(hostile_app)
        assert_inert(reader.segments(hostile_app))
        await pilot.press("escape")
        await pilot.pause()
        assert hostile_app.is_running
