"""The explorer in a real pseudo-terminal: what signals do to it, and what it gives back.

Class 8 of the second hardening round: after SIGTERM or SIGHUP the terminal was left in the
alternate screen with mouse reporting on; after SIGTSTP and `fg` the screen stayed blank until
a key; Ctrl+Z was taken as a key and never suspended. These tests wait for output, never for time.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time

import pytest

from tui.loader import bundled_timeline_path

LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
MOUSE_OFF = b"\x1b[?1000l"
WAIT_AT_MOST = 60.0


class Terminal:
    """The explorer running in a 100x30 pseudo-terminal, and everything it has written."""

    def __init__(self) -> None:
        environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
        command = [sys.executable, "-m", "tui", str(bundled_timeline_path())]
        self.process, self.descriptor = pty.fork()
        if self.process == 0:
            os.execvpe(command[0], command, environment)
        self.output = b""

    def read_until(self, wanted: bytes, after: int = 0) -> None:
        """Read until `wanted` has been written (after the first `after` bytes)."""
        deadline = time.monotonic() + WAIT_AT_MOST
        while wanted not in self.output[after:]:
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {WAIT_AT_MOST:.0f} s for {wanted!r}")
            ready, _, _ = select.select([self.descriptor], [], [], 1)
            if ready:
                try:
                    self.output += os.read(self.descriptor, 65536)
                except OSError:  # the other end has closed
                    break

    def exit_status(self) -> int:
        _, status = os.waitpid(self.process, 0)
        self.process = 0
        return os.waitstatus_to_exitcode(status)

    def close(self) -> None:
        if self.process:
            os.kill(self.process, signal.SIGKILL)
            os.waitpid(self.process, 0)
        os.close(self.descriptor)


@pytest.fixture
def terminal():
    started = Terminal()
    started.read_until(b"Help")
    yield started
    started.close()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_class_8_a_signal_to_end_gives_the_terminal_back(terminal, number):
    shown = len(terminal.output)
    os.kill(terminal.process, number)
    terminal.read_until(LEAVE_ALTERNATE_SCREEN, after=shown)
    terminal.read_until(MOUSE_OFF, after=shown)
    assert terminal.exit_status() == 128 + number


@pytest.mark.parametrize("how", ["ctrl+z", "SIGTSTP"])
def test_class_8_suspended_and_resumed_it_draws_again_without_a_key(terminal, how):
    shown = len(terminal.output)
    if how == "ctrl+z":
        os.write(terminal.descriptor, b"\x1a")
    else:
        os.kill(terminal.process, signal.SIGTSTP)
    terminal.read_until(LEAVE_ALTERNATE_SCREEN, after=shown)
    _, status = os.waitpid(terminal.process, os.WUNTRACED)
    assert os.WIFSTOPPED(status), "the process is stopped, as a shell's job"
    resumed = len(terminal.output)
    os.kill(terminal.process, signal.SIGCONT)
    terminal.read_until(b"Greater Manchester Police", after=resumed)
