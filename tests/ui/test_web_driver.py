"""A browser tab's process: each packet its driver writes reaches textual-serve whole."""

from __future__ import annotations

import os
import sys
import threading

import pytest
import textual.constants
from textual.app import App
from textual.drivers.web_driver import WebDriver

from tui.app import TimelineApp
from tui.model import Timeline
from tui.web_driver import WholeWritesWebDriver

PACKET_SIZE = 300_000
"""Far over the pipe's 64 KiB: every write waits for the reader in the middle of its bytes."""
WRITES = 20


def read_packets(stream: bytes) -> list[tuple[bytes, bytes]]:
    """textual-serve's framing: a type byte, the payload's size in four bytes, the payload."""
    packets = []
    while stream:
        size = int.from_bytes(stream[1:5], "big")
        packets.append((stream[:1], stream[5 : 5 + size]))
        stream = stream[5 + size :]
    return packets


async def test_a_frame_and_a_download_chunk_written_at_once_do_not_interleave(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_read, stdin_write = os.pipe()
    stdout_read, stdout_write = os.pipe()
    with os.fdopen(stdin_read, "rb") as stdin, os.fdopen(stdout_write, "wb") as stdout:
        monkeypatch.setattr(sys, "__stdin__", stdin)
        monkeypatch.setattr(sys, "__stdout__", stdout)
        driver = WholeWritesWebDriver(App())
        frame = "x" * PACKET_SIZE
        chunk = ("deliver_chunk", "key", b"y" * PACKET_SIZE)
        received = bytearray()

        def drain() -> None:
            while data := os.read(stdout_read, 4096):
                received.extend(data)

        reader = threading.Thread(target=drain)
        writers = [
            threading.Thread(target=lambda: [driver.write(frame) for _ in range(WRITES)]),
            threading.Thread(target=lambda: [driver.write_binary_encoded(chunk) for _ in range(WRITES)]),
        ]
        reader.start()
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
    reader.join()
    os.close(stdout_read)
    os.close(stdin_write)
    packets = read_packets(bytes(received))
    assert [kind for kind, _ in packets].count(b"D") == WRITES
    assert [kind for kind, _ in packets].count(b"P") == WRITES
    assert all(payload == frame.encode() for kind, payload in packets if kind == b"D")


def test_the_explorer_served_to_a_browser_uses_the_driver_that_writes_whole(
    monkeypatch: pytest.MonkeyPatch, timeline: Timeline
) -> None:
    assert not issubclass(TimelineApp(timeline).driver_class, WebDriver)
    # What textual-serve sets for the app processes it starts (TEXTUAL_DRIVER).
    monkeypatch.setattr(textual.constants, "DRIVER", "textual.drivers.web_driver:WebDriver")
    assert TimelineApp(timeline).driver_class is WholeWritesWebDriver
