"""The command palette: go to a year, a period or an event, open a source, switch theme."""

from __future__ import annotations

import pytest
from textual.command import CommandList
from textual.pilot import Pilot

from tui.app import TimelineApp, make_app
from tui.commands import source_keywords
from tui.model import Source, Timeline
from tui.screens.event import EventScreen
from tui.screens.main import MainScreen
from tui.screens.source import SourceScreen
from tui.widgets.timeline_list import TimelineList

from .explorer import palette_names, run_command


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        ("2011", "Go to year 2011", 6),
        ("second review", "Go to period: Second review period", 5),
        ("final", "Go to event: Final report", 8),
        ("committee", "Go to event: Committee hearing", 6),
    ],
)
async def test_jumps_in_the_list(pilot: Pilot, app: TimelineApp, query: str, name: str, expected: int) -> None:
    await run_command(pilot, query, name)
    assert isinstance(app.screen, MainScreen)
    assert app.screen.query_one(TimelineList).cursor == expected


async def test_jumps_land_on_the_list_from_another_screen(pilot: Pilot, app: TimelineApp) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await run_command(pilot, "2005", "Go to year 2005")
    assert len(app.screen_stack) == 1
    assert app.screen.query_one(TimelineList).cursor == 1


async def test_opens_a_source(pilot: Pilot, app: TimelineApp) -> None:
    await run_command(pilot, "interview", "Open source: Newspaper interview")
    assert isinstance(app.screen, SourceScreen)
    assert app.screen.source.id == "interview-2012"
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)


async def test_toggles_the_theme(pilot: Pilot, app: TimelineApp) -> None:
    assert app.current_theme.dark
    await run_command(pilot, "theme", "Toggle light/dark theme")
    assert not app.current_theme.dark
    await run_command(pilot, "light", "Toggle light/dark theme")
    assert app.current_theme.dark


async def test_without_a_query_it_offers_places_but_not_every_event(pilot: Pilot, app: TimelineApp) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    command_list = app.screen.query_one(CommandList)
    names = [str(command_list.get_option_at_index(i).hit.text) for i in range(command_list.option_count)]
    assert "Go to year 2004" in names
    assert "Go to period: First review period" in names
    assert "Open source: Annual inspection report" in names
    assert not any(name.startswith("Go to event:") for name in names)


async def test_event_screen_stays_when_a_source_opens(pilot: Pilot, app: TimelineApp) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await run_command(pilot, "hearing transcript", "Open source: Committee hearing transcript")
    assert isinstance(app.screen, SourceScreen)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, EventScreen)


async def test_opens_an_undated_source(timeline: Timeline) -> None:
    undated = Source("undated", "Undated letter", "letter", author="Someone")
    app = make_app(Timeline(timeline.title, (*timeline.sources, undated), timeline.events, timeline.periods))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await run_command(pilot, "undated", "Open source: Undated letter")
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.source.id == "undated"


@pytest.mark.explorer(app="bundled")
@pytest.mark.parametrize("query", ["hansard", "oldham", "theyworkforyou-2020"])
async def test_a_source_is_found_by_its_publisher_or_id_too(pilot: Pilot, app: TimelineApp, query: str) -> None:
    """Only titles were searched: `hansard` and `oldham` found no source, though source:hansard does."""
    names = await palette_names(pilot, query)
    sources = [source for source in app.row_layout.timeline.sources if query in source_keywords(source).lower()]
    assert sources
    for source in sources:
        assert f"Open source: {source.title}" in names
        assert f"Filter: source {source.title}" in names
