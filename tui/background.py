"""Loading a large timeline without holding up whoever waits for it (the explorer's event loop).

Plain Python and asyncio, no Textual: the loading screen drives it, and the tests run it alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .cache import open_timeline
from .collector import collector_paused, keep_for_good
from .loader import Progress
from .model import Timeline
from .navigation import RowLayout


class Abandoned(Exception):
    """Raised inside the load, from its progress callback, when nobody waits for it any more."""


def _write_or_skip(write: Callable[[], None]) -> None:
    """An entry that cannot be written (out of memory at 300,000 events) is simply not there
    next time: the timeline is on the screen already, and a traceback would be drawn over it."""
    try:
        write()
    except Exception:
        pass


class BackgroundLoad:
    """Read, check and lay out a timeline file in a thread, and hand the layout to an event loop.

    The thread is a daemon, not a worker that the loop waits for at exit: quitting must not wait
    for the parser, which runs as one long call and cannot stop in its middle; the process ends
    without it. Between its steps the load asks `cancelled`, and stops when it says so.

    Progress goes to `report` from the load's thread, only when what it would show changes (the
    stage, or a whole percent): one report per event would flood whoever shows them.
    """

    def __init__(
        self,
        path: Path,
        report: Progress,
        cancelled: Callable[[], bool] = lambda: False,
        opener: Callable[[Path, Progress], Timeline] | None = None,
    ) -> None:
        """`opener` stands in for `cache.open_timeline` (tests give one that waits to be let go)."""
        self.path = path
        self.report = report
        self.cancelled = cancelled
        self.opener = opener
        self._last_shown: tuple[str, int | None] | None = None
        self._entry_write: Callable[[], None] | None = None
        """The cache entry the load left to write (`cache.open_timeline`'s `write_later`)."""

    def progress(self, stage: str, fraction: float | None) -> None:
        """The callback the loader calls as it goes."""
        if self.cancelled():
            raise Abandoned
        shown = (stage, None if fraction is None else int(fraction * 100))
        if shown != self._last_shown:
            self._last_shown = shown
            self.report(stage, fraction)

    def load(self) -> RowLayout:
        """The whole load, in the calling thread; raises what the loader raises, or Abandoned."""
        # Paused to the end: a full pass after the loader's own pause, while the list was laid
        # out, walked the whole timeline (0.3 s at 100,000 events, holding the UI thread back)
        # just before keep_for_good put it beyond the collector's reach.
        with collector_paused():
            opener = self.opener or partial(open_timeline, write_later=self._leave_entry)
            timeline = opener(self.path, self.progress)
            self.progress("laying out the list", None)
            layout = RowLayout(timeline)
            keep_for_good()
        return layout

    def _leave_entry(self, write: Callable[[], None]) -> None:
        self._entry_write = write

    def write_cache_entry(self) -> threading.Thread | None:
        """Write the cache entry the load left, if any, in a thread of its own, and return it:
        call it once the timeline is on the screen. Not a daemon, so that quitting meanwhile
        waits for the entry (a second at 100,000 events) rather than leave a temporary file in
        the cache folder."""
        write, self._entry_write = self._entry_write, None
        if write is None:
            return None
        writer = threading.Thread(target=_write_or_skip, args=(write,), name="write-cache-entry")
        writer.start()
        return writer

    async def run(self) -> RowLayout:
        """Load in a daemon thread and return the layout; raise what the load raised. If the
        load is abandoned, this never returns: whoever cancelled it no longer waits."""
        loop = asyncio.get_running_loop()
        finished: asyncio.Future[RowLayout] = loop.create_future()

        def in_thread() -> None:
            try:
                layout = self.load()
            except Abandoned:
                return
            except Exception as error:  # whoever awaits decides how to report it
                outcome = partial(finished.set_exception, error)
            else:
                outcome = partial(finished.set_result, layout)

            def deliver() -> None:
                if not finished.cancelled():
                    outcome()

            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(deliver)

        threading.Thread(target=in_thread, name="load-timeline", daemon=True).start()
        return await finished
