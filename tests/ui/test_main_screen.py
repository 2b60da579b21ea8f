"""The main screen: every key of the list, the year ruler, the detail pane, and the mouse."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.pilot import Pilot

from tui.app import TimelineApp, make_app
from tui.model import Timeline
from tui.screens.event import EventScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.event_detail import EventDetail
from tui.widgets.timeline_list import TimelineList
from tui.widgets.year_ruler import YearRuler

from .explorer import ScreenReader, wait_for


def cursor(app: TimelineApp) -> int:
    return app.screen.query_one(TimelineList).cursor


async def test_opens_on_the_first_event_with_title_and_counts(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader
) -> None:
    assert isinstance(app.screen, MainScreen)
    assert app.focused is app.screen.query_one(TimelineList)
    text = reader.text(app)
    assert "Fixture timeline — 9 events · 3 sources · 2 periods · 2004–2012" in text
    assert "── 2004 ─" in text
    assert "Review of case records begins" in text
    assert "▸ 2004" in text, "the cursor is marked, not only coloured"
    assert "{ } Year" in text and "? Help" in text, "the footer shows the bindings"


@pytest.mark.explorer(size=(120, 40))
async def test_list_rows_show_date_markers_and_periods(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    lines = reader.text(app, app.screen.query_one(TimelineList)).splitlines()
    row = next(line for line in lines if "Inspection report published" in line)
    assert row.startswith("▌")
    assert "14 March 2006" in row and "“2" in row
    approximate = next(line for line in lines if "Concerns raised internally" in line)
    assert "c. 2007" in approximate and "~" in approximate
    unperiodised = next(line for line in lines if "Case records audited" in line)
    assert unperiodised.startswith(" ") and "2008–2009" in unperiodised
    assert any(line.startswith("── 2012 ") and line.rstrip().endswith("2 events") for line in lines)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["j"], 1),
        (["down", "down"], 2),
        (["j", "j", "k"], 1),
        (["j", "up"], 0),
        (["k"], 0),
        (["G"], 8),
        (["end"], 8),
        (["G", "g"], 0),
        (["G", "home"], 0),
        (["right_curly_bracket"], 1),
        (["G", "left_curly_bracket"], 6),
        (["right_parenthesis"], 5),  # the second review period; event 4 belongs to no period
        (["right_parenthesis", "right_parenthesis"], 5),
        (["G", "left_parenthesis"], 5),
        (["G", "left_parenthesis", "left_parenthesis"], 0),
    ],
)
async def test_movement_keys(pilot: Pilot, app: TimelineApp, keys: list[str], expected: int) -> None:
    await pilot.press(*keys)
    assert cursor(app) == expected


async def test_keys_at_the_ends_stay_put(pilot: Pilot, app: TimelineApp) -> None:
    await pilot.press("left_curly_bracket", "left_parenthesis", "k")
    assert cursor(app) == 0
    await pilot.press("G", "right_curly_bracket", "right_parenthesis", "j")
    assert cursor(app) == 8


@pytest.mark.explorer(size=(80, 24))
async def test_page_keys_move_a_screenful(pilot: Pilot, app: TimelineApp) -> None:
    timeline_list = app.screen.query_one(TimelineList)
    height = timeline_list.scrollable_content_region.height
    await pilot.press("pagedown")
    moved = cursor(app)
    assert moved > 0
    assert timeline_list.row_layout.event_rows[moved] in (height - 1, height), "one screenful of rows on"
    await pilot.press("pagedown", "pagedown")
    assert cursor(app) == 8
    await pilot.press("pageup", "pageup", "pageup")
    assert cursor(app) == 0


@pytest.mark.explorer(size=(80, 24))
async def test_cursor_stays_on_screen(pilot: Pilot, app: TimelineApp) -> None:
    timeline_list = app.screen.query_one(TimelineList)
    await pilot.press("G")
    top = timeline_list.scroll_offset.y
    assert top <= timeline_list.cursor_row < top + timeline_list.scrollable_content_region.height
    await pilot.press("g")
    assert timeline_list.scroll_offset.y == 0, "the year separator above the first event shows"


@pytest.mark.explorer(size=(120, 40))
async def test_detail_pane_follows_the_cursor(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    await pilot.press("j", "j")
    detail = reader.text(app, app.screen.query_one(EventDetail))
    assert "14 March 2006  (known to the day)" in detail
    assert "Inspection report published" in detail
    assert "Period: First review period (2004–2008)" in detail
    assert "The inspectorate publishes its annual report." in detail
    assert "Tags: inspection, report" in detail
    assert "People: Chief Inspector" in detail
    assert "Quotes (2)" in detail
    assert "“The inspection found that records were incomplete" in detail
    assert "…”" in detail, "long quotes are shortened here"
    assert "— Chief Inspector, “Annual inspection report”" in detail
    await pilot.press("j")
    detail = reader.text(app, app.screen.query_one(EventDetail))
    assert "c. 2007  (approximately; known to the year)" in detail
    assert "Notes: The exact date is not given in the sources." in detail
    await pilot.press("j")
    detail = reader.text(app, app.screen.query_one(EventDetail))
    assert "2008–2009  (a span; known to the year)" in detail
    assert "Period:" not in detail


async def test_year_ruler_lights_the_cursor_year(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    ruler = app.screen.query_one(YearRuler)
    assert ruler.year == 2004
    assert "2004: 1" in reader.text(app, ruler)
    await pilot.press("G")
    assert ruler.year == 2012
    assert "2012: 2" in reader.text(app, ruler)


async def test_clicking_a_year_on_the_ruler_jumps_there(pilot: Pilot, app: TimelineApp) -> None:
    ruler = app.screen.query_one(YearRuler)
    cell, start, _ = ruler._layout()
    await pilot.click(YearRuler, offset=((2011 - start) * cell, 0))
    assert cursor(app) == 6
    await pilot.click(YearRuler, offset=((2009 - start) * cell, 1))
    assert cursor(app) == 5, "an empty year leads to the next year with events"


async def test_click_moves_the_cursor_and_a_second_click_opens(pilot: Pilot, app: TimelineApp) -> None:
    timeline_list = app.screen.query_one(TimelineList)
    row = timeline_list.row_layout.event_rows[2]
    await pilot.click(TimelineList, offset=(20, row))
    assert cursor(app) == 2
    assert isinstance(app.screen, MainScreen)
    await pilot.click(TimelineList, offset=(20, row))
    await pilot.pause()
    assert isinstance(app.screen, EventScreen)
    assert app.screen.event == 2


async def test_clicking_a_year_separator_goes_to_its_first_event(pilot: Pilot, app: TimelineApp) -> None:
    row = app.screen.query_one(TimelineList).row_layout.rows.index(-2007)
    await pilot.click(TimelineList, offset=(5, row))
    assert cursor(app) == 3
    assert isinstance(app.screen, MainScreen)


async def test_enter_opens_the_event_and_escape_comes_back(pilot: Pilot, app: TimelineApp) -> None:
    await pilot.press("j", "enter")
    await pilot.pause()
    assert isinstance(app.screen, EventScreen)
    assert app.screen.event == 1
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    assert cursor(app) == 1
    assert app.focused is app.screen.query_one(TimelineList)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen), "escape on the main screen does nothing"
    assert app.is_running


async def test_question_mark_opens_help(pilot: Pilot, app: TimelineApp) -> None:
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)


async def test_q_quits_from_the_main_screen(pilot: Pilot, app: TimelineApp) -> None:
    await pilot.press("q")
    await pilot.pause()
    assert not app.is_running


async def test_q_on_the_event_screen_goes_back_and_does_not_quit(pilot: Pilot, app: TimelineApp) -> None:
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, EventScreen)
    await pilot.press("q")
    await pilot.pause()
    assert app.is_running
    assert isinstance(app.screen, MainScreen)


async def test_wide_terminal_puts_the_detail_beside_the_list(app: TimelineApp) -> None:
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        timeline_list = app.screen.query_one(TimelineList)
        detail = app.screen.query_one(EventDetail)
        assert detail.region.x >= timeline_list.region.right
        assert detail.region.height > 40
    async with make_app(app.row_layout.timeline).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        timeline_list = pilot.app.screen.query_one(TimelineList)
        detail = pilot.app.screen.query_one(EventDetail)
        assert detail.region.y >= timeline_list.region.bottom
        assert timeline_list.region.height >= 8


async def test_long_title_wraps_rather_than_being_cut(reader: ScreenReader, timeline: Timeline) -> None:
    long = Timeline(
        "A long title for a timeline that will not fit on one line of an eighty column terminal",
        timeline.sources,
        timeline.events,
        timeline.periods,
    )
    async with make_app(long).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = reader.text(pilot.app)
        assert "eighty column" in text and "2004–2012" in text


async def test_an_empty_timeline_opens(reader: ScreenReader) -> None:
    app = make_app(Timeline("Empty", (), ()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "G", "pagedown", "right_curly_bracket", "right_parenthesis", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "This timeline has no events." in reader.text(app)


async def test_no_color_leaves_greys_only_and_the_cursor_visible(
    monkeypatch: pytest.MonkeyPatch, timeline: Timeline, reader: ScreenReader
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(timeline)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        colours = {
            colour.get_truecolor()
            for _, style, _ in reader.segments(app)
            if style is not None
            for colour in (style.color, style.bgcolor)
            if colour is not None and not colour.is_default
        }
        assert colours and all(red == green == blue for red, green, blue in colours), "shades of grey only"
        assert "▸ 2004" in reader.text(app)


@pytest.mark.explorer(size=(80, 12))
@pytest.mark.parametrize(
    ("habit", "same_as"),
    [
        ("space", "pagedown"),
        ("ctrl+f", "pagedown"),
        ("ctrl+d", "pagedown"),
        ("b", "pageup"),
        ("ctrl+b", "pageup"),
        ("ctrl+u", "pageup"),
    ],
)
async def test_less_and_vim_keys_page_the_list(pilot: Pilot, app: TimelineApp, habit: str, same_as: str) -> None:
    """They did nothing on the list."""
    start = ["G"] if same_as == "pageup" else []
    await pilot.press(*start, same_as)
    expected = cursor(app)
    await pilot.press("g", *start, habit)
    assert cursor(app) == expected != (8 if start else 0)


IMPORTS_OPENED_LATER = """
import asyncio, sys
from tui.app import make_app
from tui.loader import bundled_timeline_path, load_timeline
from tui.screens import OPENED_LATER

async def main():
    app = make_app(load_timeline(bundled_timeline_path()), None)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(sorted(name for name in sys.modules if name.startswith("tui.screens.")))

asyncio.run(main())
"""


def test_the_screens_opened_later_are_imported_once_the_timeline_is_shown() -> None:
    """The first `e` waited 60 ms for the export code to be imported: it is imported in the
    background once the list is on the screen (a process of its own, since this one has
    imported every screen already)."""
    imported = subprocess.run(
        [sys.executable, "-c", IMPORTS_OPENED_LATER], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    for name in ("event", "export", "help", "source", "span", "palette"):
        assert f"'tui.screens.{name}'" in imported


@pytest.mark.explorer(app="bundled", size=(80, 24))
async def test_tab_focuses_the_detail_pane_whose_keys_scroll_it(pilot: Pilot, app: TimelineApp) -> None:
    """At 80x24 the detail pane is nine rows high, and no key could reach what did not fit."""
    detail = app.screen.query_one(EventDetail)
    assert detail.max_scroll_y > 0, "the first event's detail does not fit"
    await pilot.press("tab")
    await pilot.pause()
    assert app.focused is detail
    await pilot.press("j", "j")
    await wait_for(pilot, lambda: detail.scroll_y == 2, "j to scroll the pane")
    await pilot.press("G")
    await wait_for(pilot, lambda: detail.scroll_y == detail.max_scroll_y, "G to its end")
    await pilot.press("shift+tab")
    await pilot.pause()
    assert app.focused is app.screen.query_one(TimelineList)
    assert cursor(app) == 0, "the list's keys did not move it meanwhile"
