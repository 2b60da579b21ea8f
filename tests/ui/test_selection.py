"""Selecting a span: `v` marks the events from the cursor's as it moves, or dates are chosen in a
dialog; the header counts the events in the span, which are those an export takes."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tui.app import TimelineApp, make_app
from tui.export import select_events
from tui.model import Timeline
from tui.screens.export import ExportScreen
from tui.screens.main import MainScreen
from tui.screens.span import SpanScreen
from tui.search import parse_query
from tui.view import Span
from tui.widgets.timeline_list import TimelineList

from .explorer import ScreenReader, header, list_lines, run_command, search, wait_for


def marked_titles(reader: ScreenReader, app: TimelineApp, timeline: Timeline) -> list[str]:
    """The titles of the rows marked as selected (the cursor's row has the cursor's mark)."""
    titles = [event.title for event in timeline.events]
    return [title for line in list_lines(reader, app) if line[1:2] == "┃" for title in titles if f" {title}" in line]


async def open_span_dialog(pilot) -> SpanScreen:
    await run_command(pilot, "span by dates", "Select span by dates…")
    screen = pilot.app.screen
    assert isinstance(screen, SpanScreen)
    return screen


async def select_dates(pilot, start: str, end: str) -> None:
    screen = pilot.app.screen
    screen.query_one("#span-from", Input).value = start
    screen.query_one("#span-to", Input).value = end
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.explorer(size=(120, 40))
async def test_v_marks_the_events_from_the_cursor_as_it_moves(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader, timeline: Timeline
) -> None:
    await pilot.press("j", "j", "v")
    await pilot.pause()
    assert "Fixture timeline — span: 14 March 2006, 1 event" in header(reader, app)
    await pilot.press("j", "j")
    await pilot.pause()
    assert "span: 14 March 2006 – 2009, 3 events" in header(reader, app)
    assert marked_titles(reader, app, timeline) == ["Inspection report published", "Concerns raised internally"]
    cursor_line = next(line for line in list_lines(reader, app) if "Case records audited" in line)
    assert cursor_line[1:2] == "▸"

    timeline_list = app.screen.query_one(TimelineList)
    strips = reader.strips(app, timeline_list)
    marked = next(strip for strip in strips if "Concerns raised internally" in strip.text)
    unmarked = next(strip for strip in strips if "Second review opens" in strip.text)
    marked_backgrounds = {segment.style.bgcolor for segment in marked}
    assert len(marked_backgrounds) == 1, "the background goes under the whole row"
    assert marked_backgrounds.isdisjoint(segment.style.bgcolor for segment in unmarked)

    await pilot.press("k", "k", "k", "k")
    await pilot.pause()
    assert "span: 2004 – 14 March 2006, 3 events" in header(reader, app), "the span runs either way from where it began"
    assert marked_titles(reader, app, timeline) == ["Working group formed", "Inspection report published"]

    await pilot.press("escape")
    await pilot.pause()
    assert "span:" not in header(reader, app)
    assert "9 events · 3 sources" in header(reader, app)
    assert not marked_titles(reader, app, timeline)


@pytest.mark.explorer(size=(120, 40))
async def test_v_again_fixes_the_span_where_the_cursor_is(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader, timeline: Timeline
) -> None:
    """The second v threw the span away, where a reader expects it to end there."""
    await pilot.press("j", "j", "v", "j", "j", "v", "j")
    await pilot.pause()
    assert "span: 14 March 2006 – 2009, 3 events" in header(reader, app)
    await pilot.press("v")
    await pilot.pause()
    here = timeline.events[app.screen.query_one(TimelineList).cursor]
    assert f"span: {here.display_date}, 1 event" in header(reader, app), "v on a fixed span starts a new one"


@pytest.mark.explorer(size=(120, 40))
async def test_escape_clears_the_span_then_the_search(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader, timeline: Timeline
) -> None:
    await search(pilot, "report")
    await pilot.press("enter", "v", "j", "j")
    await pilot.pause()
    assert "4 of 9 events matching 'report' · span: June 2005 – 3 July 2012, 3 events" in header(reader, app), (
        "with a filter, the span holds the events that match"
    )
    await pilot.press("escape")
    await pilot.pause()
    assert "span:" not in header(reader, app)
    assert "4 of 9 events matching 'report'" in header(reader, app)
    await pilot.press("escape")
    await pilot.pause()
    assert "9 events · 3 sources" in header(reader, app)
    assert len(list_lines(reader, app)) == 17


@pytest.mark.explorer(size=(120, 40))
async def test_the_dates_dialog_selects_a_span(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader, timeline: Timeline
) -> None:
    await open_span_dialog(pilot)
    await select_dates(pilot, "2006-03", "2011")
    assert isinstance(app.screen, MainScreen)
    assert "span: March 2006 – 2011, 5 events" in header(reader, app)
    assert app.screen.query_one(TimelineList).event == 2, "the cursor goes to the span's first event"
    assert marked_titles(reader, app, timeline) == [
        "Concerns raised internally",
        "Case records audited",
        "Second review opens",
        "Committee hearing",
    ]
    await pilot.press("j", "j")
    await pilot.pause()
    assert "span: March 2006 – 2011, 5 events" in header(reader, app), "a span of dates does not follow the cursor"

    await open_span_dialog(pilot)
    assert app.screen.query_one("#span-from", Input).value == "2006-03", "the dialog opens on the span selected"
    await select_dates(pilot, "July 2012", "")
    assert "span: from July 2012, 2 events" in header(reader, app)

    await open_span_dialog(pilot)
    await pilot.press("escape")
    await pilot.pause()
    assert "span: from July 2012, 2 events" in header(reader, app)


async def test_the_dates_dialog_shows_errors_and_stays_open(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader
) -> None:
    screen = await open_span_dialog(pilot)
    for start, end, message in [
        ("2017-13", "2020", "from:2017-13: 2017-13 is not a valid date: month 13 is not between 1 and 12"),
        ("2011", "2006", "The span ends (2006) before it starts (2011)."),
        ("", " ", "Give a date in From, To or both."),
        ("[/]", "", "from:'[/]' is not a date"),
    ]:
        await select_dates(pilot, start, end)
        assert app.screen is screen
        assert message in str(screen.query_one("#span-message", Static).content)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    assert "span:" not in header(reader, app)


async def test_a_span_on_a_big_timeline(big: Timeline, reader: ScreenReader) -> None:
    app = make_app(big)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("v", "G")
        await pilot.pause()
        span = Span.between(big, 0, len(big.events) - 1)
        count = len(select_events(big, span.start, span.end, rows=span.rows))
        assert f"span: 1 January 1925 – 12 April 2008, {count:,} events" in header(reader, app)
        await search(pilot, "9997")
        cursor = app.screen.query_one(TimelineList).event
        assert cursor == 99_997, "the match nearest the last event"
        span = Span.between(big, 0, cursor)
        matching = len(select_events(big, span.start, span.end, parse_query("9997"), rows=span.rows))
        assert (
            f"20 of 100,000 events matching '9997' · span: 1 January 1925 – 10 April 2008, {matching} events"
            in header(reader, app)
        ), "the span runs from where it began to the cursor, which moved to the nearest match"


@pytest.mark.explorer(app="bundled")
async def test_v_twice_on_an_event_whose_date_others_share_marks_it_alone(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader
) -> None:
    timeline = app.row_layout.timeline
    position = next(
        position
        for position, event in enumerate(timeline.events)
        if len(select_events(timeline, event.date, event.end or event.date)) > 1
    )
    app.screen.query_one(TimelineList).cursor = position
    await pilot.press("v", "v")
    await pilot.pause()
    assert header(reader, app).endswith(", 1 event")
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
    assert "All 1 event in the span" in reader.text(app)
