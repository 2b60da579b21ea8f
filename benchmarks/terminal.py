"""A real terminal for the benchmarks: a tmux window, read as tmux has drawn it.

Each figure is timed as a user meets it, from starting the command (or typing the key) until the
text is on tmux's screen, which takes the app's output through a terminal emulator's parser. One
control-mode client (`tmux -C`) sends the commands and hears of each write to the pane, so the
screen is read again as soon as the app has written something, without starting a tmux process
for each look.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import select
import shlex
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

_servers = itertools.count()


class Terminal:
    """One tmux server of its own, with one window of `columns` x `rows` in which commands run."""

    def __init__(self, columns: int = 100, rows: int = 30) -> None:
        # A server of its own each time: one just told to end could still answer on its socket.
        self.socket = f"gmp-timeline-benchmark-{os.getpid()}-{next(_servers)}"
        self._tmux("new-session", "-d", "-s", "bench", "-x", str(columns), "-y", str(rows), "cat")
        self._tmux("set-option", "-g", "window-size", "manual")
        self._tmux("set-option", "-g", "remain-on-exit", "on")
        self._client = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach-session", "-t", "bench"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self._pending = b""
        assert self._client.stdin is not None
        # Read up to the answer to this, so that each command's answer is the next one.
        self._client.stdin.write(b"display-message -p benchmark-ready\n")
        while self._block() != "benchmark-ready":
            pass

    def _tmux(self, *arguments: str) -> None:
        subprocess.run(["tmux", "-L", self.socket, *arguments], check=True, capture_output=True)

    def close(self) -> None:
        self.stop()
        self._client.kill()
        self._client.wait()
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)  # the server can leave its socket behind

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _line(self, timeout: float) -> bytes | None:
        """The client's next line, or None if it has said nothing for `timeout` seconds."""
        deadline = time.perf_counter() + timeout
        while b"\n" not in self._pending:
            left = deadline - time.perf_counter()
            if left <= 0 or not select.select([self._client.stdout], [], [], left)[0]:
                return None
            assert self._client.stdout is not None
            chunk = os.read(self._client.stdout.fileno(), 1 << 20)
            if not chunk:
                raise RuntimeError(f"the tmux client ended; it said last: {self._pending[-300:]!r}")
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line

    def command(self, text: str) -> str:
        """Run one tmux command; its output. Notifications that come before it are dropped."""
        assert self._client.stdin is not None
        self._client.stdin.write(text.encode() + b"\n")
        return self._block(text)

    def _block(self, text: str = "the attach") -> str:
        """The output of the next answer from tmux, to the command `text`."""
        while True:
            line = self._line(30.0)
            if line is None:
                raise RuntimeError(f"tmux did not answer {text!r}")
            # Flags 1: the answer to a command of this client's; 0: tmux's own (the attach).
            if line.startswith(b"%begin") and line.endswith(b" 1"):
                break
        output = []
        while (line := self._line(30.0)) is not None:
            if line.startswith((b"%end", b"%error")):
                if line.startswith(b"%error"):
                    raise RuntimeError(f"tmux refused {text!r}: {b' '.join(output).decode()}")
                return b"\n".join(output).decode("utf-8", "replace")
            output.append(line)
        raise RuntimeError(f"tmux did not finish {text!r}")

    def screen(self) -> str:
        return self.command("capture-pane -p -t bench")

    def start(self, command: Sequence[str], environment: Mapping[str, str] = {}) -> float:
        """Run `command` in the window, in place of what ran there; the moment it was asked for."""
        self.stop()
        settings = " ".join(f"-e {shlex.quote(f'{name}={value}')}" for name, value in environment.items())
        started = time.perf_counter()
        self.command(f"respawn-pane -t bench {settings} -- {shlex.join(command)}")
        return started

    def stop(self) -> None:
        """End what runs in the window, and wait until tmux has seen it end. (`respawn-pane -k`
        instead brought tmux 3.3a's server down now and then, with a frame still on its way.)"""
        while self.command("display-message -p -t bench '#{pane_dead}'").strip() != "1":
            process = int(self.command("display-message -p -t bench '#{pane_pid}'").strip() or 0)
            if process > 0:  # never 0, which would be this process's own group
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process, signal.SIGKILL)
            time.sleep(0.01)

    def press(self, *keys: str) -> float:
        """Type `keys` (tmux's names: Enter, Escape, PageDown, or a character); the moment."""
        pressed = time.perf_counter()
        self.command("send-keys -t bench " + " ".join(shlex.quote(key) for key in keys))
        return pressed

    def type(self, text: str) -> float:
        """Type `text` as it is, in one write (as a paste, or a fast typist, sends it); the moment."""
        typed = time.perf_counter()
        self.command(f"send-keys -t bench -l -- {shlex.quote(text)}")
        return typed

    def memory(self) -> dict[str, float]:
        """The memory of the process running in the window, in MB, as the kernel counts it for that
        process alone: VmRSS (resident now) and VmHWM (resident at its peak)."""
        process = self.command("display-message -p -t bench '#{pane_pid}'").strip()
        figures = {}
        with open(f"/proc/{process}/status", encoding="ascii") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    figures[name] = int(value.split()[0]) / 1024
        return figures

    def wait_for(self, text: str, since: float, timeout: float = 120.0) -> float:
        """Seconds from `since` until the screen shows `text`."""
        return self.watch(text, since, timeout)[0]

    def watch(self, text: str, since: float, timeout: float = 120.0) -> tuple[float, float]:
        """Seconds from `since` until the screen shows `text` (on one line or wrapped), read again
        after each write to the pane; and the longest time between two writes. While a screen
        animates (the loading screen's bar), that is the longest the reader was left without a
        frame."""
        deadline = time.perf_counter() + timeout
        last_write: float | None = None
        longest = 0.0
        words = " ".join(text.split())
        while True:
            # Runs of spaces and line ends as one space: a title bar wraps a long query.
            if words in " ".join(self.screen().split()):
                return time.perf_counter() - since, longest
            while True:  # until the pane is written to
                line = self._line(max(deadline - time.perf_counter(), 0.0))
                if line is None:
                    raise RuntimeError(f"{text!r} was not on the screen within {timeout} s:\n{self.screen()}")
                if line.startswith(b"%output"):
                    now = time.perf_counter()
                    if last_write is not None:
                        longest = max(longest, now - last_write)
                    last_write = now
                    break
