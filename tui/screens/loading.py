"""The screen shown while a large timeline file loads: what is being done, and how far along."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static
from textual.worker import get_current_worker

from ..background import BackgroundLoad
from ..navigation import RowLayout
from ..text import clean_name
from ..widgets.title_bar import TitleBar


class LoadingScreen(Screen[None]):
    """Loads the timeline in the background (`BackgroundLoad`), so the terminal answers at once
    (`q` quits) and the progress shows as it goes; the app swaps in the timeline when it is ready.

    The parser runs as one call: while it runs the bar moves without a measure of its own, and
    shows how far along it is once the events are being checked.
    """

    BINDINGS = [Binding("q", "app.quit", "Quit", id="loading.quit")]

    class Progressed(Message):
        def __init__(self, stage: str, fraction: float | None) -> None:
            super().__init__()
            self.stage = stage
            self.fraction = fraction

    class Loaded(Message):
        """The timeline is read, checked and laid out; the app handles this, and calls
        `write_cache_entry` once the timeline is on the screen."""

        def __init__(self, row_layout: RowLayout, write_cache_entry: Callable[[], object]) -> None:
            super().__init__()
            self.row_layout = row_layout
            self.write_cache_entry = write_cache_entry

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
            yield Static(Content(f"Opening {clean_name(self.path.name)}"), id="loading-file")
            yield Static("", id="loading-stage")
            yield ProgressBar(total=None, show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Loading"
        self._load()

    @work(exclusive=True, group="load")
    async def _load(self) -> None:
        worker = get_current_worker()
        load = BackgroundLoad(
            self.path,
            report=self._report,
            cancelled=lambda: worker.is_cancelled,
        )
        try:
            row_layout = await load.run()
        except Exception as error:
            self.post_message(self.Failed(error))
        else:
            self.post_message(self.Loaded(row_layout, load.write_cache_entry))

    def _report(self, stage: str, fraction: float | None) -> None:
        """Called from the load's thread; the message takes it to the screen's."""
        self.post_message(self.Progressed(stage, fraction))

    def on_loading_screen_progressed(self, message: Progressed) -> None:
        self.query_one("#loading-stage", Static).update(message.stage.capitalize() + "…")
        bar = self.query_one(ProgressBar)
        if message.fraction is None:
            bar.update(total=None)
        else:
            bar.update(total=100, progress=message.fraction * 100)
