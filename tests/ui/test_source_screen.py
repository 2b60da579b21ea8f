"""The source screen: the document's details and every quote the timeline takes from it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.pilot import Pilot
from timelines import fixture_timeline

from tui.app import TimelineApp, make_app
from tui.model import Source, Timeline
from tui.navigation import QuoteRef
from tui.screens.event import EventScreen
from tui.screens.source import SourceScreen
from tui.widgets.quotes import QuoteCard, QuoteScroll
from tui.widgets.timeline_list import TimelineList
from tui.widgets.title_bar import TitleBar

from .explorer import ScreenReader, wait_for


async def open_source(app: TimelineApp, pilot, source: str) -> SourceScreen:
    app.open_source(source)
    await pilot.pause()
    assert isinstance(app.screen, SourceScreen)
    return app.screen


@pytest.mark.explorer(size=(100, 40))
async def test_shows_the_source_and_every_quote_from_it(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    screen = await open_source(app, pilot, "inspection-2006")
    text = reader.text(app)
    assert "Fixture timeline — Source" in text
    assert "Annual inspection report" in text
    assert "Kind: report" in text
    assert "Date: March 2006" in text
    assert "Publisher: Example Inspectorate" in text
    assert "URL: https://example.org/inspection-2006" in text
    assert "Quoted 4 times in 3 events" in text
    assert "June 2005  Working group formed" in text
    assert "“The working group met four times in its first year.”" in text
    assert "until the review was complete.”" in text, "quotes are whole"
    assert "November 2012  Final report" in text
    assert [card.ref.event for card in screen.query(QuoteCard)] == [1, 2, 2, 8]
    assert app.focused is screen.query(QuoteCard).first()


async def test_enter_on_a_quote_opens_its_event(pilot: Pilot, app: TimelineApp) -> None:
    await open_source(app, pilot, "inspection-2006")
    await pilot.press("j", "j", "j", "enter")
    await pilot.pause()
    assert isinstance(app.screen, EventScreen)
    assert app.screen.event == 8
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, SourceScreen)
    await pilot.press("escape")
    await pilot.pause()
    assert len(app.screen_stack) == 1


async def test_the_round_trip_event_source_event(pilot: Pilot, app: TimelineApp) -> None:
    """The "what else did this document say" path: event, its source, another event."""
    await pilot.press("j", "enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, SourceScreen)
    await pilot.press("k", "down", "down", "down", "enter")
    await pilot.pause()
    assert isinstance(app.screen, EventScreen) and app.screen.event == 8
    assert [type(screen).__name__ for screen in app.screen_stack] == [
        "MainScreen",
        "EventScreen",
        "SourceScreen",
        "EventScreen",
    ]


async def test_an_undated_source_nobody_quotes(reader: ScreenReader, timeline: Timeline) -> None:
    unquoted = Source("unused", "Unquoted letter", "letter", author="Someone")
    app = make_app(Timeline(timeline.title, (*timeline.sources, unquoted), timeline.events, timeline.periods))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await open_source(app, pilot, "unused")
        text = reader.text(app)
        assert "Unquoted letter" in text
        assert "Date: not given in the document" in text
        assert "Author: Someone" in text
        assert "No event quotes this source." in text
        await pilot.press("j", "pagedown", "enter", "c")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)


@pytest.mark.explorer(size=(80, 16))
async def test_paging_moves_the_focus_to_a_quote_in_view(pilot: Pilot, app: TimelineApp) -> None:
    """So that Enter follows a quote the user can see, not one scrolled away."""
    screen = await open_source(app, pilot, "inspection-2006")
    scroll = screen.query_one(QuoteScroll)
    cards = list(screen.query(QuoteCard))
    assert app.focused is cards[0]
    await pilot.press("pagedown")
    await pilot.pause()
    assert app.focused is not cards[0]
    assert app.focused.region.overlaps(scroll.content_region)
    focused = app.focused
    await pilot.press("pageup")
    await pilot.pause()
    assert scroll.scroll_offset.y == 0
    assert app.focused is focused, "still in view: it keeps the focus"


@pytest.mark.explorer(app="bundled")
async def test_the_drill_down_remembers_the_quote_both_ways(pilot: Pilot, app: TimelineApp) -> None:
    """Enter on an event's 5th quote opened its source on the source's first quote, and Enter
    there opened the event on its first quote, not on the one the reader chose."""
    layout = app.row_layout
    events = layout.timeline.events
    position = next(
        place
        for place, event in enumerate(events)
        if len(event.quotes) >= 5 and layout.quotes_by_source[event.quotes[4].source][0] != QuoteRef(place, 4)
    )
    app.screen.query_one(TimelineList).cursor = position
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, EventScreen) and app.screen.query(QuoteCard), "the event")
    await pilot.press("j", "j", "j", "j", "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, SourceScreen) and app.screen.query(QuoteCard), "the source")
    focused = app.screen.focused
    assert isinstance(focused, QuoteCard) and focused.ref == QuoteRef(position, 4)
    await pilot.press("enter")
    await wait_for(pilot, lambda: len(app.screen_stack) == 4 and app.screen.query(QuoteCard), "the event again")
    focused = app.screen.focused
    assert isinstance(focused, QuoteCard) and focused.ref == QuoteRef(position, 4)


async def test_the_title_bar_shows_the_trail_of_screens(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    """No screen said how the reader got there: each one above the timeline now shows the way."""
    await pilot.press("j", "j", "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, EventScreen) and app.screen.query(QuoteCard), "the event")
    assert "Timeline › 14 March 2006: Inspection report published" in reader.text(app)
    await pilot.press("]")
    await wait_for(
        pilot, lambda: "Timeline › c. 2007: Concerns raised internally" in reader.text(app), "the next event's trail"
    )
    await pilot.press("[", "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, SourceScreen), "the source")
    await pilot.pause()
    assert "Timeline › 14 March 2006: Inspection report published › Source: Annual inspection report" in reader.text(
        app
    )


async def test_a_title_cannot_break_the_trail_onto_another_line() -> None:
    timeline = fixture_timeline()
    event = replace(timeline.events[0], title="Two\nlines\x1b[31m")
    app = make_app(replace(timeline, events=(event, *timeline.events[1:])))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen), "the event")
        await pilot.pause()
        assert "Timeline › 2004: Two␊lines␛[31m" in ScreenReader().text(app)


@pytest.mark.explorer(app="bundled", size=(80, 24))
async def test_the_trail_fits_one_line_at_80_columns(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    """At 80 columns the trail ran onto a fourth line of a three-line bar, and the source's step,
    where the reader is, was cut off."""
    timeline = app.row_layout.timeline
    position = max(range(len(timeline.events)), key=lambda position: len(timeline.events[position].title))
    app.screen.query_one(TimelineList).cursor = position
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, EventScreen) and app.screen.query(QuoteCard), "the event")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, SourceScreen), "the source")
    await pilot.pause()
    bar = reader.text(app, app.screen.query_one(TitleBar)).splitlines()
    trail_line = next(line for line in bar if "Timeline ›" in line).strip()
    assert trail_line.startswith(f"Timeline › {timeline.events[position].display_date}: ")
    source = app.screen.source
    assert trail_line.split(" › Source: ")[1].startswith(source.title[:12]), "the source's step is on the line"
    assert sum("›" in line for line in bar) == 1
