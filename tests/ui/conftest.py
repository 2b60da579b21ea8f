"""Fixtures for the UI tests: the timelines of `timelines`, the explorer on one of them, and the
shared `pilot` that runs it (see the `explorer` mark)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from textual.pilot import Pilot
from timelines import big_timeline, fixture_timeline, hostile_timeline

from tui.app import TimelineApp, make_app
from tui.loader import bundled_timeline_path, load_timeline
from tui.model import Timeline

from .explorer import ScreenReader


@pytest.fixture
def reader() -> ScreenReader:
    return ScreenReader()


@pytest.fixture
def timeline() -> Timeline:
    return fixture_timeline()


def explorer_settings(request: pytest.FixtureRequest) -> dict[str, object]:
    """What a test's `explorer` mark asks for: `app` ("fixture", "hostile" or "bundled"), the
    terminal's `size`, whether it shows `notifications`, and the folder of `sources` texts."""
    marker = request.node.get_closest_marker("explorer")
    return {
        "app": "fixture",
        "size": (100, 30),
        "notifications": False,
        "sources": None,
        **(marker.kwargs if marker else {}),
    }


@pytest.fixture
def app(request: pytest.FixtureRequest, timeline: Timeline) -> TimelineApp:
    """The explorer on the fixture timeline, or on the one the test's `explorer` mark names."""
    settings = explorer_settings(request)
    kind, sources = settings["app"], settings["sources"]
    if kind == "hostile":
        return make_app(hostile_timeline(), sources_dir=sources)
    if kind == "bundled":
        path = bundled_timeline_path()
        return make_app(load_timeline(path), str(path), sources_dir=sources)
    assert kind == "fixture", kind
    return make_app(timeline, "fixture.yaml", sources_dir=sources)


@pytest.fixture
def hostile_app() -> TimelineApp:
    return make_app(hostile_timeline())


@pytest.fixture
async def pilot(request: pytest.FixtureRequest, app: TimelineApp) -> AsyncIterator[Pilot]:
    """The shared way into the explorer: `app` running in a headless terminal (100x30 unless
    the test's `explorer` mark says otherwise), its first screen drawn."""
    settings = explorer_settings(request)
    async with app.run_test(size=settings["size"], notifications=settings["notifications"]) as pilot:
        await pilot.pause()
        yield pilot


@pytest.fixture(scope="session")
def big() -> Timeline:
    """100,000 events, built once for the session (half a second)."""
    return big_timeline()
