"""Work that failed is reported, and the app goes on.

Every worker here is made with `exit_on_error=False`: a search, a preview or an export that
could not finish must not end the app and take the reader's place with it (Textual's default
ends it with a traceback). A failed worker's state change goes only to the screen that runs it
(it does not bubble), so each screen that runs workers inherits this class.
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from ..text import clean_name
from ..wording import shorten


class ReportsFailedWork:
    """Put first among the bases of a screen that runs workers (not a DOMNode: see `closing`)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        assert isinstance(self, DOMNode)
        worker = event.worker
        if event.state is WorkerState.ERROR and worker.error is not None:
            error = worker.error
            self.log.error(f"worker {worker.name} failed", error)
            self.app.notify(
                f"{type(error).__name__}: {shorten(clean_name(str(error)), 200)}",
                title="Something went wrong; nothing was lost",
                severity="error",
                timeout=10,
                markup=False,
            )
