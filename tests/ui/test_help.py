"""The help screen lists every binding, grouped, from the bindings themselves."""

from __future__ import annotations

import re

import pytest
from textual.pilot import Pilot

from tui.app import TimelineApp
from tui.screens.event import EventScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.note import NoteScreen
from tui.screens.source import SourceScreen
from tui.widgets.quotes import QuoteCard, QuoteScroll
from tui.widgets.source_text import SourceText
from tui.widgets.timeline_list import TimelineList

from .explorer import ScreenReader


@pytest.mark.explorer(size=(100, 140))
async def test_help_lists_every_binding_with_its_keys(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    await pilot.press("question_mark")
    await pilot.pause()
    text = reader.text(app)
    for node_class in (
        TimelineList,
        MainScreen,
        EventScreen,
        SourceScreen,
        SourceText,
        QuoteScroll,
        QuoteCard,
        NoteScreen,
        type(app),
    ):
        for binding in node_class.BINDINGS:
            assert binding.description in text, binding
    for heading in ("Timeline", "Event", "Source", "Source text", "Quotes (event and source screens)", "Everywhere"):
        assert heading in text
    # The key column is as wide as the longest keys (pgdn space ^f ^d).
    assert re.search(r"j ↓ +Next event", text)
    assert re.search(r"\{ +Previous year", text)
    assert re.search(r"\^p +Commands", text)
    assert "Timeline file: fixture.yaml" in text


@pytest.mark.parametrize("key", ["escape", "question_mark"])
async def test_help_closes(pilot: Pilot, app: TimelineApp, key: str) -> None:
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)


async def test_help_opens_from_the_event_screen(pilot: Pilot, app: TimelineApp) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, EventScreen)


async def test_j_k_and_q_scroll_and_close_the_help(pilot, app) -> None:
    """j and k did not scroll it and q did not close it."""
    await pilot.press("question_mark")
    await pilot.pause()
    panel = app.screen.query_one("#help-panel")
    await pilot.press("j", "j")
    await pilot.pause()
    assert panel.scroll_y == 2
    await pilot.press("k")
    await pilot.pause()
    assert panel.scroll_y == 1
    await pilot.press("G")
    await pilot.pause()
    assert panel.scroll_y == panel.max_scroll_y > 1
    await pilot.press("q")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)


@pytest.mark.explorer(size=(100, 40))
async def test_the_help_explains_the_lists_signs(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    """“2, ▌, ┃ and ~ were left for the reader to guess (“2 read as part of the title)."""
    await pilot.press("question_mark", "G")
    await pilot.pause()
    # The panel alone: the list shows through beside it, and broke the words of a wrapped line apart.
    text = " ".join(reader.text(app, app.screen.query_one("#help-panel")).replace("│", " ").split())
    for sign in (
        "▸ the cursor",
        "▌ the event belongs to a period",
        "┃ the event is in the span",
        "● you marked the event",
        "✎ you wrote a note on it",
        "“3 the event carries three quotes",
        "~ the date is approximate",
    ):
        assert sign in text
