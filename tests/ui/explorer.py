"""Driving the explorer in the UI tests: reading what the terminal would show, typing as fast as
a paste, waiting for the app to get somewhere, searching, and running palette commands.

Three private parts of Textual are used here, and only here: the screen's compositor, because no
public API gives the composed screen as the terminal receives it; the app's list of
notifications, which has no public reader; and the Toast widget class, which `textual.widgets`
does not export.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import App
from textual.command import CommandInput, CommandList, CommandPalette
from textual.keys import key_to_character
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets._toast import Toast

from tui.app import TimelineApp
from tui.model import Timeline
from tui.widgets.search_bar import SearchBar
from tui.widgets.timeline_list import TimelineList
from tui.widgets.title_bar import TitleBar

SCROLLBAR_BARS = "▁▂▃▄▅▆▇█▉▊▋▌▍▎▏▐▔▕ "
WAIT_AT_MOST = 30.0
"""Seconds before a wait gives up: far more than any condition needs, even with every core busy."""


class ScreenReader:
    """Reads what the terminal would show: the composed screen, or the part a widget covers."""

    def strips(self, app: App, widget: Widget | None = None) -> list[Strip]:
        strips = app.screen._compositor.render_strips()
        if widget is None:
            return strips
        region = widget.region
        return [strip.crop(region.x, region.right) for strip in strips[region.y : region.bottom]]

    def text(self, app: App, widget: Widget | None = None) -> str:
        return "\n".join(strip.text for strip in self.strips(app, widget))

    def segments(self, app: App, widget: Widget | None = None) -> list[Segment]:
        return [segment for strip in self.strips(app, widget) for segment in strip]

    def lit(self, app: App, widget: Widget | None = None) -> list[str]:
        """The runs of text drawn in reverse video, as search matches are lit up (not counting
        the bars of scrollbars, which are drawn so too)."""
        runs = self.runs(app, widget, lambda style: bool(style.reverse))
        return [run for run in runs if run.strip(SCROLLBAR_BARS)]

    def runs(self, app: App, widget: Widget | None, drawn: Callable[[Style], bool]) -> list[str]:
        """The runs of text drawn in a style that `drawn` picks, each within one line."""
        runs: list[str] = []
        for strip in self.strips(app, widget):
            run = ""
            for text, style, _ in strip:
                if style is not None and drawn(style):
                    run += text
                elif run:
                    runs.append(run)
                    run = ""
            if run:
                runs.append(run)
        return runs


def notifications(app: App) -> list[str]:
    """The messages of the notifications the app is showing."""
    return [notification.message for notification in app._notifications]


async def wait_for(pilot: Pilot, condition: Callable[[], object], what: str) -> None:
    """Let the app run until `condition()` is true; fail, saying `what` never happened, if it is
    not true after WAIT_AT_MOST seconds. Each round lets the app process what is pending."""
    deadline = time.monotonic() + WAIT_AT_MOST
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {WAIT_AT_MOST:.0f} s for {what}")
        await pilot.pause()


async def type_fast(pilot: Pilot, keys: list[str]) -> None:
    """Queue every key at once, then wait until the app has handled them all.

    Pilot.press waits for the app to be idle after each key, which costs most of 100 ms a key
    and never lets keys pile up as they do when typed fast. A callback queued after the keys
    runs once the app has taken each of them; the pause then lets the screens finish with them.
    """
    app = pilot.app
    for key in keys:
        event = events.Key(key, key_to_character(key))
        event.set_sender(app)
        app.post_message(event)
    handled = asyncio.Event()
    app.call_later(handled.set)
    await asyncio.wait_for(handled.wait(), WAIT_AT_MOST)
    await pilot.pause()


async def search(pilot: Pilot, text: str) -> None:
    """Open the bar, put `text` in it as if typed, and wait for the results."""
    app = pilot.app
    await pilot.press("slash")
    await pilot.pause()
    app.screen.query_one(SearchBar).query_one(Input).value = text
    await settle(pilot)


async def settle(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def list_lines(reader: ScreenReader, app: TimelineApp) -> list[str]:
    return [line for line in reader.text(app, app.screen.query_one(TimelineList)).splitlines() if line.strip()]


def titles_shown(reader: ScreenReader, app: TimelineApp, timeline: Timeline) -> list[str]:
    titles = [event.title for event in timeline.events]
    return [title for line in list_lines(reader, app) for title in titles if f" {title}" in line]


def header(reader: ScreenReader, app: TimelineApp) -> str:
    return " ".join(reader.text(app, app.screen.query_one(TitleBar)).split())


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


async def palette_names(pilot: Pilot, query: str) -> list[str]:
    """Open the palette, type `query`, and return the names it offers."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    app.screen.query_one(CommandInput).value = query
    await app.workers.wait_for_complete()
    await pilot.pause()
    command_list = app.screen.query_one(CommandList)
    return [str(command_list.get_option_at_index(i).hit.text) for i in range(command_list.option_count)]


async def run_command(pilot: Pilot, query: str, name: str) -> None:
    names = await palette_names(pilot, query)
    assert name in names
    pilot.app.screen.query_one(CommandList).highlighted = names.index(name)
    await pilot.press("enter")
    await pilot.pause()


def toasts(app: App) -> list[Toast]:
    """The notifications drawn on the screen, oldest first."""
    return list(app.screen.query(Toast))
