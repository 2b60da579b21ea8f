"""The screen shown while a large timeline file loads: what is being done, and how far along."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import threading
from functools import partial
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static
from textual.worker import get_current_worker

from ..cache import open_timeline
from ..navigation import TimelineIndex
from ..text import clean_text
from ..widgets.title_bar import TitleBar


class _Abandoned(Exception):
    """Raised from the progress callback to stop a load nobody waits for any more."""


class LoadingScreen(Screen[None]):
    """Loads the timeline in a thread, so the terminal answers at once (`q` quits) and the
    progress shows as it goes; the app swaps in the timeline when it is ready.

    The parser runs as one call: while it runs the bar moves without a measure of its own, and
    shows how far along it is once the events are being checked.
    """

    BINDINGS = [Binding("q", "app.quit", "Quit")]

    class Progressed(Message):
        def __init__(self, stage: str, fraction: float | None) -> None:
            super().__init__()
            self.stage = stage
            self.fraction = fraction

    class Loaded(Message):
        """The timeline is read, checked and laid out; the app handles this."""

        def __init__(self, index: TimelineIndex) -> None:
            super().__init__()
            self.index = index

    class Failed(Message):
        """The load raised `error` (a TimelineError for a bad file); the app handles this."""

        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="loading-panel"):
            yield Static(clean_text(f"Opening {self.path.name}"), id="loading-file")
            yield Static("", id="loading-stage")
            yield ProgressBar(total=None, show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Loading"
        self._load()

    @work(exclusive=True, group="load")
    async def _load(self) -> None:
        worker = get_current_worker()
        loop = asyncio.get_running_loop()
        finished: asyncio.Future[TimelineIndex] = loop.create_future()
        last_shown: tuple[str, int | None] | None = None

        def progress(stage: str, fraction: float | None) -> None:
            nonlocal last_shown
            if worker.is_cancelled:
                raise _Abandoned
            # Whole percents only: a message per event would flood the screen's queue.
            shown = (stage, None if fraction is None else int(fraction * 100))
            if shown != last_shown:
                last_shown = shown
                self.post_message(self.Progressed(stage, fraction))

        def load() -> None:
            try:
                timeline = open_timeline(self.path, progress)
                progress("laying out the list", None)
                index = TimelineIndex(timeline)
                # The timeline is millions of objects that live as long as the app. Left to the
                # collector, its next full pass would walk them all on the UI thread (0.8 s at
                # 100,000 events, just as the list appears); frozen, they are never walked.
                gc.freeze()
            except _Abandoned:
                return
            except Exception as error:  # the app decides how to report it
                outcome = partial(finished.set_exception, error)
            else:
                outcome = partial(finished.set_result, index)

            def deliver() -> None:
                if not finished.cancelled():
                    outcome()

            with contextlib.suppress(RuntimeError):  # the app has closed, and its loop with it
                loop.call_soon_threadsafe(deliver)

        # A daemon thread rather than a thread worker: quitting must not wait for the parser,
        # which cannot stop in the middle of its one long call; the process ends without it.
        threading.Thread(target=load, name="load-timeline", daemon=True).start()
        try:
            index = await finished
        except Exception as error:
            self.post_message(self.Failed(error))
        else:
            self.post_message(self.Loaded(index))

    def on_loading_screen_progressed(self, message: Progressed) -> None:
        self.query_one("#loading-stage", Static).update(message.stage.capitalize() + "…")
        bar = self.query_one(ProgressBar)
        if message.fraction is None:
            bar.update(total=None)
        else:
            bar.update(total=100, progress=message.fraction * 100)
