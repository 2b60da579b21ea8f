"""Search in the explorer: `/` filters the list as the query is typed, in a worker; matches are
lit up; `n` and `N` go from match to match; the palette filters by tag, period and source."""

from __future__ import annotations

import re
import threading
from dataclasses import replace

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tui.app import TimelineApp, make_app
from tui.model import Timeline
from tui.screens.event import EventScreen
from tui.screens.main import REACHED_END, REACHED_START, MainScreen
from tui.search import SearchIndex
from tui.session import SearchSession
from tui.widgets.event_detail import EventDetail
from tui.widgets.quotes import QuoteScroll
from tui.widgets.search_bar import SearchBar
from tui.widgets.timeline_list import TimelineList

from .explorer import (
    WAIT_AT_MOST,
    ScreenReader,
    assert_inert,
    header,
    list_lines,
    notifications,
    run_command,
    search,
    settle,
    titles_shown,
    toasts,
    type_fast,
    wait_for,
)

REPORT_TITLES = ["Working group formed", "Inspection report published", "Interview published", "Final report"]
"""The fixture's events that match `report`: in a title, a source's title, or its author (A. Reporter)."""


def cursor_event(app: TimelineApp) -> int | None:
    return app.screen.query_one(TimelineList).event


async def test_typing_a_query_filters_the_list(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader, timeline: Timeline
) -> None:
    await pilot.press("slash", *"report")
    assert app.screen.query_one(SearchBar).text == "report"
    await settle(pilot)
    assert titles_shown(reader, app, timeline) == REPORT_TITLES
    separators = [line for line in list_lines(reader, app) if line.startswith("──")]
    assert [line.split()[1] for line in separators] == ["2005", "2006", "2012"]
    assert separators[-1].rstrip().endswith("2 events"), "a year's count is of the events shown"
    assert "Fixture timeline — 4 of 9 events matching 'report'" in header(reader, app)
    assert "/ report" in reader.text(app, app.screen.query_one(SearchBar))


@pytest.mark.explorer(size=(120, 40))
async def test_enter_keeps_the_filter_and_escape_restores_every_event(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader, timeline: Timeline
) -> None:
    await search(pilot, "report")
    await pilot.press("enter")
    await pilot.pause()
    bar = app.screen.query_one(SearchBar)
    assert not bar.is_open
    assert app.focused is app.screen.query_one(TimelineList)
    assert titles_shown(reader, app, timeline) == REPORT_TITLES
    await pilot.press("j")
    assert cursor_event(app) == 2, "the list moves through the events shown"

    await pilot.press("escape")
    await pilot.pause()
    assert titles_shown(reader, app, timeline) == [event.title for event in timeline.events]
    assert "9 events · 3 sources" in header(reader, app)
    assert cursor_event(app) == 2, "the cursor stays on its event"

    await search(pilot, "report")
    await pilot.press("escape")
    await pilot.pause()
    assert not bar.is_open and bar.text == ""
    assert len(titles_shown(reader, app, timeline)) == 9
    await pilot.press("escape")
    await pilot.pause()
    assert app.is_running and isinstance(app.screen, MainScreen)


async def test_the_cursor_stays_on_its_event_or_goes_to_the_nearest(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader
) -> None:
    await pilot.press("j", "j")
    await search(pilot, "report")
    assert cursor_event(app) == 2
    app.screen.query_one(SearchBar).query_one(Input).value = "committee"
    await settle(pilot)
    assert cursor_event(app) == 6
    assert "Committee hearing" in reader.text(app, app.screen.query_one(EventDetail))

    app.screen.query_one(SearchBar).query_one(Input).value = "nothing matches this"
    await settle(pilot)
    assert cursor_event(app) is None
    assert "No events match the search." in reader.text(app, app.screen.query_one(TimelineList))
    assert "0 of 9 events matching 'nothing matches this'" in header(reader, app)
    assert not any(character.isalnum() for character in reader.text(app, app.screen.query_one(EventDetail)))
    await pilot.press("enter", "j", "enter", "v", "n")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)

    await pilot.press("escape")
    await pilot.pause()
    assert cursor_event(app) == 6, "the cursor finds its event again"


@pytest.mark.explorer(size=(120, 40))
async def test_matches_are_lit_in_the_list_the_detail_and_the_event_screen(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader
) -> None:
    await search(pilot, "report")
    await pilot.press("enter")
    screen = app.screen
    assert reader.lit(app, screen.query_one(TimelineList)) == ["report", "report"], (
        "in “Inspection report published” and “Final report”; the cursor's title has none"
    )
    assert reader.lit(app, screen.query_one(EventDetail)) == ["report"], "in the quote's source"

    await pilot.press("j")
    await pilot.pause()
    lit_in_list = reader.lit(app, screen.query_one(TimelineList))
    assert lit_in_list == ["report", "report"], "on the cursor's row too"
    detail = reader.lit(app, screen.query_one(EventDetail))
    assert detail.count("report") >= 4, "title, summary, tags and the quotes' source"

    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, EventScreen)
    assert "Match 2 of 4" in header(reader, app)
    lit = reader.lit(app, app.screen.query_one(QuoteScroll))
    assert lit and all(run.lower() == "report" for run in lit)
    assert len(lit) >= 4
    await pilot.press("right_square_bracket")
    await pilot.pause()
    assert app.screen.event == 7, "] goes to the next match"


async def test_what_is_lit_is_the_text_as_written(reader: ScreenReader, timeline: Timeline) -> None:
    """Search folds accents and curly quotation marks; the list lights up the title's own characters."""
    first = replace(timeline.events[0], title="The Café’s review begins")
    app = make_app(replace(timeline, events=(first, *timeline.events[1:])))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await search(pilot, "cafe's")
        assert reader.lit(app, app.screen.query_one(TimelineList)) == ["Café’s"]


@pytest.mark.parametrize("kept", [True, False], ids=["filter kept", "filter cleared"])
@pytest.mark.explorer(notifications=True)
async def test_n_and_N_go_from_match_to_match_and_wrap_with_a_notice(
    pilot: Pilot, app: TimelineApp, kept: bool
) -> None:
    await search(pilot, "report")
    await pilot.press("enter")
    if not kept:
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(TimelineList).view.count == 9, "n and N do not filter"
    assert cursor_event(app) == 1
    visited = []
    for _ in range(3):
        await pilot.press("n")
        visited.append(cursor_event(app))
    assert visited == [2, 7, 8]
    assert not notifications(app)
    await pilot.press("n")
    assert cursor_event(app) == 1
    assert notifications(app) == [REACHED_END]
    await pilot.press("N")
    assert cursor_event(app) == 8
    assert REACHED_START in notifications(app)
    await pilot.press("N")
    assert cursor_event(app) == 7


@pytest.mark.explorer(notifications=True)
async def test_n_and_N_before_any_search_say_so_and_stay(pilot: Pilot, app: TimelineApp) -> None:
    """They did nothing, silently, as if the key had not been read."""
    await pilot.press("j", "n", "N")
    await pilot.pause()
    assert cursor_event(app) == 1
    assert "No search yet: / searches, and then n and N go from match to match." in notifications(app)


MALFORMED = [
    ('report "unclosed', 'a quotation mark is not closed: add the closing "'),
    ("report from:2017-13", "from:2017-13: 2017-13 is not a valid date: month 13 is not between 1 and 12"),
    ("report or", "'or' needs a term on each side"),
]


@pytest.mark.explorer(size=(120, 40))
async def test_a_malformed_query_shows_its_message_and_filters_nothing(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader, timeline: Timeline
) -> None:
    """The list kept the results of the last query that could be read ('from' on the way to
    'from:banana'), and Enter kept them as the filter."""
    await search(pilot, "report")
    bar = app.screen.query_one(SearchBar)
    for query, message in MALFORMED:
        bar.query_one(Input).value = query
        await settle(pilot)
        assert message in " ".join(reader.text(app, bar).split())
        assert bar.has_error
        assert len(titles_shown(reader, app, timeline)) > len(REPORT_TITLES), "every event, not the stale filter"
        assert "matching" not in header(reader, app)

    await pilot.press("enter")
    await pilot.pause()
    assert bar.is_open and bar.has_error, "Enter has no filter to keep: the bar stays to be mended"
    await pilot.press("escape")
    await pilot.pause()
    assert not bar.is_open and "matching" not in header(reader, app)


PALETTE_FILTERS = [
    ("tag inspection", "Filter: tag inspection", "tag:inspection", ["Inspection report published"]),
    (
        "second review",
        "Filter: period Second review period",
        "period:second-review",
        ["Second review opens", "Committee hearing", "Interview published", "Final report"],
    ),
    ("newspaper", "Filter: source Newspaper interview", "source:interview-2012", ["Interview published"]),
]


@pytest.mark.explorer(size=(120, 40))
async def test_the_palette_filters_by_tag_period_and_source(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader, timeline: Timeline
) -> None:
    await pilot.press("enter")
    await pilot.pause()
    for search_for, command, query, titles in PALETTE_FILTERS:
        await run_command(pilot, search_for, command)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), "the filter is applied to the list, from any screen"
        assert titles_shown(reader, app, timeline) == titles
        assert f"{len(titles)} of 9 events matching '{query}'" in header(reader, app)
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen.query_one(SearchBar).text == query
        await pilot.press("enter")
        await pilot.pause()


async def test_the_search_runs_in_a_worker_and_typing_is_echoed_at_once(
    big: Timeline, reader: ScreenReader, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search waits here until released: the keys typed meanwhile still show in the bar."""
    release = threading.Event()
    search_index = SearchSession.index

    def held_search_index(session: SearchSession):
        release.wait(10)
        return search_index(session)

    monkeypatch.setattr(SearchSession, "index", held_search_index)
    app = make_app(big)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash", "9", "9", "9", "7")
        await pilot.pause()
        bar = app.screen.query_one(SearchBar)
        assert "/ 9997" in reader.text(app, bar)
        assert "100,000 events ·" in header(reader, app), "no results yet"
        searching = [
            worker
            for worker in app.workers
            if worker.group == "search" and not (worker.is_finished or worker.is_cancelled)
        ]
        assert len(searching) == 1, "each key cancelled the search before it"
        assert searching[0]._thread_worker
        release.set()
        await settle(pilot)
        assert "20 of 100,000 events matching '9997'" in header(reader, app), "9997, 19997, … 99970 to 99979"
        assert "Event number 9997" in reader.text(app, app.screen.query_one(TimelineList))


async def test_markup_in_a_query_is_shown_as_typed(hostile_app: TimelineApp, reader: ScreenReader) -> None:
    app = hostile_app
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        for query in ["[/]", "[@click=app.quit] nothing"]:
            await search(pilot, query)
            bar = app.screen.query_one(SearchBar)
            assert f"/ {query}" in reader.text(app, bar)
            assert f"matching '{query}'" in header(reader, app)
            assert_inert(reader.segments(app))
            await pilot.press("enter", "n")
            await pilot.pause()
            if app.screen.query_one(TimelineList).view.count:
                assert reader.lit(app), "what matched is lit"
            else:
                toast = toasts(app)[-1]
                assert f"No events match '{query}'." in " ".join(reader.text(app, toast).split())
            assert_inert(reader.segments(app))
            lines = reader.text(app).splitlines()
            y = next(number for number, line in enumerate(lines) if "matching '" in line)
            await pilot.click(offset=(lines[y].index("matching '") + 10, y))
            await pilot.pause()
            assert app.is_running


@pytest.mark.explorer(app="hostile")
async def test_an_error_naming_the_query_shows_it_literally(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader
) -> None:
    await search(pilot, "from:[/]")
    bar = app.screen.query_one(SearchBar)
    assert "from:'[/]' is not a date" in reader.text(app, bar)
    assert_inert(reader.segments(app))


@pytest.mark.explorer(size=(100, 120))
async def test_help_lists_the_search_keys(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    await pilot.press("question_mark")
    await pilot.pause()
    text = str(app.screen.query_one("#help-panel Static", Static).content)
    text = re.sub(" +", " ", text)  # the key column is as wide as the longest keys
    for line in (
        "/ Search",
        "n Next match",
        "N Previous match",
        "Search bar",
        "Keep the filter",
        "Clear the search",
        "↑ Earlier search",
        "↓ Later search",
    ):
        assert line in text, line
    assert "also once Escape has cleared the filter" in text


@pytest.mark.explorer(size=(120, 40))
async def test_results_still_queued_when_escape_is_pressed_are_dropped(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader, timeline: Timeline
) -> None:
    """A worker that finished just before Escape cannot be cancelled; its results must not filter again."""
    await search(pilot, "report")
    screen = app.screen
    assert isinstance(screen, MainScreen) and screen.filter is not None
    late = MainScreen.Found(screen.session.find(screen.filter.query, screen.session.newest_search))
    await pilot.press("escape")
    await pilot.pause()
    screen.post_message(late)
    await pilot.pause()
    assert len(titles_shown(reader, app, timeline)) == 9
    assert "9 events · 3 sources" in header(reader, app)


async def test_a_query_typed_at_once_with_enter_still_filters():
    """`/`, a word and Enter arriving together (a paste, or tmux send-keys) filter by the word:
    the letters reach the bar, not the list's commands, and Enter reads them all."""
    from tui.app import make_app
    from tui.loader import bundled_timeline_path, load_timeline

    app = make_app(load_timeline(bundled_timeline_path()), None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_fast(pilot, ["slash", *"betrayed", "enter"])
        await wait_for(pilot, lambda: app.screen.filter is not None, "the filter")
        timeline = app.screen.row_layout.timeline
        assert list(app.screen.filter.indices) == list(SearchIndex(timeline).search("betrayed").indices)
        assert app.screen.filter.query.text == "betrayed"


async def test_up_and_down_in_the_bar_go_through_the_searches_kept(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader
) -> None:
    """Up in the bar did nothing: there was no history."""
    bar = app.screen.query_one(SearchBar)
    for query in ("report", "hearing"):
        await search(pilot, query)
        await pilot.press("enter")
        await pilot.pause()
    await search(pilot, "fi")
    await pilot.press("up")
    await settle(pilot)
    assert bar.text == "hearing" and "matching 'hearing'" in header(reader, app)
    await pilot.press("up")
    await settle(pilot)
    assert bar.text == "report" and "matching 'report'" in header(reader, app)
    await pilot.press("down")
    await settle(pilot)
    assert bar.text == "hearing"
    await pilot.press("down")
    await settle(pilot)
    assert bar.text == "fi", "past the newest: what was being typed"


async def test_a_search_before_the_index_is_ready_says_it_waits(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 events the first search waited seconds for its index with no sign of it."""
    ready = threading.Event()
    screen = app.screen
    session = screen.session
    build = session.index
    monkeypatch.setattr(session, "_index", None)

    def slow_index():
        ready.wait(WAIT_AT_MOST)
        return build()

    monkeypatch.setattr(session, "index", slow_index)
    screen._prepare_search_index()
    await pilot.press("slash", "r", "e", "p")
    await pilot.pause()
    bar = screen.query_one(SearchBar)
    assert "Preparing the search index" in reader.text(app, bar)
    ready.set()
    await settle(pilot)
    assert "Preparing the search index" not in reader.text(app, bar)
    assert "matching 'rep'" in header(reader, app)
