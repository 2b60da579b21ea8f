"""The driver of the explorer's process when `gmp-timeline serve` runs it for a browser tab.

Textual's `WebDriver` writes to its stdout pipe from two threads: the app's frames from the UI
thread, and a download's chunks from its input thread, which answers the server's requests for
them. A write to a pipe larger than the pipe's atomic size (4 KiB) goes in pieces whenever the
pipe is full, and two such writes at once interleave their pieces: textual-serve then reads a
chunk's bytes as part of a frame, loses its place in the stream, and the download is cancelled
when no chunk comes within its four seconds. That happened under load, the moment the export
dialog closed (a frame) while the export's first chunk was being sent.
"""

from __future__ import annotations

import threading
from typing import Any

from textual.app import App
from textual.drivers.web_driver import WebDriver


class WholeWritesWebDriver(WebDriver):
    """Textual's `WebDriver`, each of whose packets reaches the pipe whole: one writer at a time."""

    def __init__(
        self, app: App[Any], *, debug: bool = False, mouse: bool = True, size: tuple[int, int] | None = None
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self._one_writer = threading.Lock()

    def write(self, data: str) -> None:
        with self._one_writer:
            super().write(data)

    def write_meta(self, data: dict[str, object]) -> None:
        with self._one_writer:
            super().write_meta(data)

    def write_binary_encoded(self, data: tuple[str | bytes, ...]) -> None:
        with self._one_writer:
            super().write_binary_encoded(data)
