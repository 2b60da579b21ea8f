"""A large file loads inside the app: a progress bar first, then the list; a bad file closes the
app with its errors; quitting while it loads stops the load."""

from __future__ import annotations

import threading

import pytest
from textual.command import CommandPalette
from textual.widgets import ProgressBar, Static
from timelines import fixture_timeline

from tui.app import TimelineApp, make_loading_app
from tui.loader import TimelineError, bundled_timeline_path, load_timeline
from tui.screens.help import HelpScreen
from tui.screens.loading import LoadingScreen
from tui.screens.main import MainScreen
from tui.widgets.timeline_list import TimelineList

from .explorer import ScreenReader, wait_for


def list_ready(app: TimelineApp) -> bool:
    """Whether the main screen has replaced the loading screen, is mounted and has its list focused:
    a test that ends sooner closes the app while the screen is still being put together."""
    screen = app.screen
    return isinstance(screen, MainScreen) and screen.is_mounted and isinstance(app.focused, TimelineList)


class StepByStepLoad:
    """Stands in for `open_timeline`: reports each step given, then waits to be let go."""

    def __init__(self, steps: list[tuple[str, float | None]]) -> None:
        self.steps = steps
        self.go_on = threading.Event()
        self.abandoned = threading.Event()
        self.timeline = fixture_timeline()

    def __call__(self, path, progress, write_later=None):
        try:
            for stage, fraction in self.steps:
                progress(stage, fraction)
                while not self.go_on.wait(0.01):
                    progress(stage, fraction)  # as a real load does, between its steps
                self.go_on.clear()
            return self.timeline
        except BaseException:
            self.abandoned.set()
            raise


@pytest.fixture
def step_by_step(monkeypatch) -> StepByStepLoad:
    load = StepByStepLoad([("parsing", None), ("checking events", 0.5)])
    monkeypatch.setattr("tui.background.open_timeline", load)
    return load


def stage_shown(app: TimelineApp) -> str:
    loading = app.screen_stack[0]
    return str(loading.query_one("#loading-stage", Static).render()) if isinstance(loading, LoadingScreen) else ""


async def test_the_list_appears_once_the_file_is_loaded(reader: ScreenReader):
    app = make_loading_app(bundled_timeline_path())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: list_ready(app), "the list")
        timeline = load_timeline(bundled_timeline_path())
        assert app.title == timeline.title
        assert app.focused is app.screen.query_one(TimelineList)
        assert timeline.events[0].title[:30] in reader.text(app)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")


async def test_progress_is_shown_step_by_step(step_by_step: StepByStepLoad, reader: ScreenReader):
    app = make_loading_app(bundled_timeline_path())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: stage_shown(app) == "Parsing…", "the parsing stage")
        bar = app.screen.query_one(ProgressBar)
        assert bar.total is None  # the parser cannot measure itself: the bar moves without a figure
        assert "Opening timeline.yaml" in reader.text(app)

        step_by_step.go_on.set()
        await wait_for(pilot, lambda: stage_shown(app) == "Checking events…", "the checking stage")
        assert bar.percentage == pytest.approx(0.5)
        assert "50%" in reader.text(app)

        step_by_step.go_on.set()
        await wait_for(pilot, lambda: list_ready(app), "the list")
        assert app.title == "Fixture timeline"


async def test_help_opens_while_loading_but_the_palette_waits(step_by_step: StepByStepLoad):
    app = make_loading_app(bundled_timeline_path())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: stage_shown(app) == "Parsing…", "the parsing stage")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen)  # its commands need the timeline
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")

        step_by_step.go_on.set()
        await wait_for(pilot, lambda: stage_shown(app) == "Checking events…", "the checking stage")
        step_by_step.go_on.set()
        await wait_for(pilot, lambda: list_ready(app), "the list")
        assert app.screen_stack == [app.main_screen]


async def test_quitting_while_loading_stops_the_load(step_by_step: StepByStepLoad):
    app = make_loading_app(bundled_timeline_path())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: stage_shown(app) == "Parsing…", "the parsing stage")
        await pilot.press("q")
    assert step_by_step.abandoned.wait(5)
    assert app.load_error is None


async def test_a_bad_file_closes_the_app_and_keeps_its_errors(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        bundled_timeline_path().read_text(encoding="utf-8").replace("date: 2017-07-03", "date: 2017-02-30", 1)
    )
    app = make_loading_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.load_error is not None, "the load to fail")
    assert isinstance(app.load_error, TimelineError)
    assert "2017-02-30 is not a valid date: February 2017 has no day 30" in str(app.load_error.errors[0])


async def test_a_large_files_cache_entry_is_written_once_its_list_is_shown(large_timeline):
    path, folder = large_timeline
    app = make_loading_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: list_ready(app), "the list")
        await wait_for(pilot, lambda: list(folder.glob("*.msgpack")), "the cache entry")
