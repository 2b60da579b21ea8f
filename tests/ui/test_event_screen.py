"""The event screen: every quote in full with its source, moving between quotes and events."""

from __future__ import annotations

import gc

import pytest
from textual.pilot import Pilot

from tui.app import TimelineApp, make_app
from tui.dates import PartialDate
from tui.model import Event, Quote, Timeline
from tui.screens.event import EventScreen
from tui.screens.main import MainScreen
from tui.screens.source import SourceScreen
from tui.widgets.quotes import QuoteCard, QuoteScroll
from tui.widgets.timeline_list import TimelineList

from .explorer import ScreenReader, wait_for


async def open_event(app: TimelineApp, pilot, position: int) -> EventScreen:
    app.screen.query_one(TimelineList).cursor = position
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, EventScreen)
    return app.screen


@pytest.mark.explorer(size=(100, 40))
async def test_shows_every_quote_in_full_with_its_source(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    await open_event(app, pilot, 2)
    text = reader.text(app)
    assert "Fixture timeline — Event 3 of 9" in text
    assert "14 March 2006  (known to the day)" in text
    assert "Inspection report published" in text
    assert "The inspectorate publishes its annual report." in text
    assert "Quotes (2)" in text
    assert "until the review was complete.”" in text, "the long quote is whole"
    assert "Speaker: Chief Inspector" in text
    assert "Annual inspection report" in text
    assert "Kind: report" in text
    assert "Date: March 2006" in text
    assert "Publisher: Example Inspectorate" in text
    assert "URL: https://example.org/inspection-2006" in text


@pytest.mark.explorer(size=(100, 40))
async def test_source_without_url_or_publisher_shows_what_is_known(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader
) -> None:
    await open_event(app, pilot, 7)
    text = reader.text(app)
    assert "Newspaper interview" in text
    assert "Author: A. Reporter" in text
    assert "URL:" not in text and "Publisher:" not in text


async def test_event_without_quotes_says_so(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    screen = await open_event(app, pilot, 0)
    assert "No quotes are recorded for this event." in reader.text(app)
    assert app.focused is screen.query_one(QuoteScroll), "the keys still scroll the screen"


async def test_keys_move_between_quotes(pilot: Pilot, app: TimelineApp) -> None:
    screen = await open_event(app, pilot, 6)
    cards = list(screen.query(QuoteCard))
    assert [card.ref.quote for card in cards] == [0, 1]
    assert app.focused is cards[0]
    await pilot.press("j")
    assert app.focused is cards[1]
    await pilot.press("j")
    assert app.focused is cards[1], "the last quote stays focused"
    await pilot.press("k")
    assert app.focused is cards[0]
    await pilot.press("down")
    assert app.focused is cards[1]
    await pilot.press("up")
    assert app.focused is cards[0]


@pytest.mark.explorer(size=(80, 24))
async def test_page_keys_scroll_a_long_event(pilot: Pilot, app: TimelineApp) -> None:
    screen = await open_event(app, pilot, 2)
    scroll = screen.query_one(QuoteScroll)
    assert scroll.scroll_offset.y == 0
    await pilot.press("pagedown")
    await pilot.pause()
    assert scroll.scroll_offset.y > 0
    await pilot.press("pageup")
    await pilot.pause()
    assert scroll.scroll_offset.y == 0


async def test_brackets_step_through_events_in_place(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    screen = await open_event(app, pilot, 1)
    await pilot.press("right_square_bracket")
    await pilot.pause()
    assert app.screen is screen and screen.event == 2
    assert "Inspection report published" in reader.text(app)
    assert app.focused is screen.query(QuoteCard).first()
    await pilot.press("left_square_bracket", "left_square_bracket")
    await pilot.pause()
    assert screen.event == 0
    assert "Review of case records begins" in reader.text(app)
    await pilot.press("left_square_bracket")
    await pilot.pause()
    assert screen.event == 0, "no event before the first"
    assert len(app.screen_stack) == 2


async def test_escape_returns_to_the_list_on_the_event_shown_last(pilot: Pilot, app: TimelineApp) -> None:
    await open_event(app, pilot, 1)
    await pilot.press("right_square_bracket", "right_square_bracket")
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    assert app.screen.query_one(TimelineList).cursor == 3


async def test_enter_on_a_quote_opens_its_source(pilot: Pilot, app: TimelineApp) -> None:
    await open_event(app, pilot, 6)
    await pilot.press("j", "enter")
    await pilot.pause()
    assert isinstance(app.screen, SourceScreen)
    assert app.screen.source.id == "hearing-2011"
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, EventScreen), "escape backs out one layer"


async def test_double_click_on_a_quote_opens_its_source(pilot: Pilot, app: TimelineApp) -> None:
    screen = await open_event(app, pilot, 7)
    await pilot.click(screen.query_one(QuoteCard), times=2)
    await pilot.pause()
    assert isinstance(app.screen, SourceScreen)
    assert app.screen.source.id == "interview-2012"


@pytest.mark.explorer(notifications=True)
async def test_c_copies_the_quote_with_its_citation(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    await open_event(app, pilot, 7)
    await pilot.press("c")
    await pilot.pause()
    assert app.clipboard == "“Nobody told us what had been found.” — A parent, “Newspaper interview”, A. Reporter, 2012"
    assert "Copied: “Nobody told us what had been found.”" in reader.text(app)


async def test_a_quote_from_an_unlisted_source(reader: ScreenReader, timeline: Timeline) -> None:
    """The loader refuses such a timeline; the screens still must not crash on one."""
    event = Event("ghostly", PartialDate(2013), "Quoted from nowhere", "", (Quote("ghost", "Words."),))
    app = make_app(Timeline("t", timeline.sources, (event,)))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Source: ghost (not in the sources list)" in reader.text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EventScreen)
        assert "This quote's source is not" in reader.text(app), "a warning, not a crash"


def most_quoted(app: TimelineApp) -> int:
    events = app.row_layout.timeline.events
    return max(range(len(events)), key=lambda position: len(events[position].quotes))


@pytest.mark.parametrize("key", ["q", "backspace", "h", "escape"])
async def test_q_backspace_and_h_go_back_as_escape_does(pilot: Pilot, app: TimelineApp, key: str) -> None:
    """They did nothing on the event and source screens; q goes back one screen, as in VisiData."""
    await open_event(app, pilot, most_quoted(app))
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, SourceScreen)
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, EventScreen)
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)


async def test_g_and_G_go_to_the_first_and_last_quote(pilot: Pilot, app: TimelineApp) -> None:
    screen = await open_event(app, pilot, most_quoted(app))
    cards = list(screen.query(QuoteCard))
    assert len(cards) > 1
    await pilot.press("G")
    await pilot.pause()
    assert screen.focused is cards[-1]
    await pilot.press("g")
    await pilot.pause()
    assert screen.focused is cards[0]


async def test_closing_the_event_collects_what_it_left_once_drawn(pilot: Pilot, app: TimelineApp) -> None:
    """A hundred quote cards leave tens of thousands of objects behind; the pass over them comes
    once the list is drawn again, not with the reader's next key. The collector's own timing is
    switched off here, so that only the explorer's pass counts."""
    await open_event(app, pilot, 2)
    gc.disable()
    try:
        full_passes = gc.get_stats()[2]["collections"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: gc.get_stats()[2]["collections"] > full_passes, "a full collection")
        assert isinstance(app.screen, MainScreen)
    finally:
        gc.enable()
