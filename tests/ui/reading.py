"""Reading what the terminal would show, typing as fast as a paste, and waiting for the app to
get somewhere.

Two private parts of Textual are read here, and only here: the screen's compositor, because no
public API gives the composed screen as the terminal receives it, and the app's list of
notifications, which has no public reader.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from rich.segment import Segment
from textual import events
from textual.app import App
from textual.keys import key_to_character
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget

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
        runs: list[str] = []
        for strip in self.strips(app, widget):
            run = ""
            for text, style, _ in strip:
                if style is not None and style.reverse:
                    run += text
                elif run:
                    runs.append(run)
                    run = ""
            if run:
                runs.append(run)
        return [run for run in runs if run.strip(SCROLLBAR_BARS)]


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
