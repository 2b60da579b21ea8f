"""Driving `gmp-timeline serve` and the pages of the explorer in the browser tests: the server in
a process of its own, a tab read through xterm.js's buffer, and a record of every request.

xterm.js draws the terminal on a canvas, so a tab reads what it shows from xterm.js's own
buffer, the text of every cell (`SCREEN_HOOK`), and files are checked through the downloads.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Download, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = Path(os.environ.get("GMP_TIMELINE_CHROMIUM", "/usr/bin/chromium"))
WAIT_AT_MOST = 30.0
"""Seconds before a wait gives up: far more than anything needs, even with both cores busy."""
VIEWPORT = {"width": 1280, "height": 800}
EXPORT_DIALOG = "File name (your browser saves the download)"
"""The export dialog's label for the file name, in a browser."""

SCREEN_HOOK = """
// textual-serve's script keeps its xterm.js Terminal in a closure, out of reach. The object that
// holds it is caught as it is built: its constructor assigns `fitAddon` just after `terminal`,
// and an assignment to a property an object does not have yet goes to a setter on its prototype.
// This leans on textual.js's inner names, pinned with textual-serve in the lock: if they change,
// every test fails at its first wait, on "no terminal".
Object.defineProperty(Object.prototype, "fitAddon", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "fitAddon", {value, writable: true, configurable: true, enumerable: true});
    if (this.terminal && this.terminal.buffer) window.gmpTerminal = this.terminal;
  },
});
window.gmpScreen = () => {
  const terminal = window.gmpTerminal;
  if (!terminal) return "no terminal";
  const buffer = terminal.buffer.active;
  const lines = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
};
"""


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`, ended ones not yet reaped included (read from /proc:
    the tests run on Linux, as CI does)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # it ended while being looked at
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return found


def resident_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for process {pid}")


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT_AT_MOST) -> None:
    """Wait for `condition()` to hold, checking often; fail with `what` if it does not in time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def _collect(stream: IO[str], lines: list[str], arrived: queue.Queue[str]) -> None:
    for line in stream:
        lines.append(line)
        arrived.put(line)


@dataclass
class Server:
    """`gmp-timeline serve` running in a process group of its own, with what it printed."""

    process: subprocess.Popen[str]
    address: str
    """The address it printed to open, token included."""
    folder: Path
    """Its working folder, where nothing should appear."""
    output: list[str]
    log: list[str]

    @property
    def origin(self) -> str:
        parts = urlsplit(self.address)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def netloc(self) -> str:
        return urlsplit(self.address).netloc

    def app_processes(self) -> list[int]:
        return children(self.process.pid)

    def session_lines(self) -> list[str]:
        return [line for line in self.log if " session " in line]

    def stop(self) -> None:
        """SIGINT to the server alone (as `kill -INT` sends it); then kill whatever is left of its group."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(WAIT_AT_MOST)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # the group is empty: the server and its apps are gone
        self.process.wait()


def start_server(folder: Path, cache: Path, *arguments: str) -> Server:
    """`gmp-timeline serve ARGUMENTS` on a free port, once it says where it listens."""
    folder.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", "0", *arguments],
        cwd=folder,
        env={**os.environ, "GMP_TIMELINE_CACHE": str(cache)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, so that teardown can end its apps with it
    )
    output: list[str] = []
    log: list[str] = []
    printed: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None and process.stderr is not None
    threading.Thread(target=_collect, args=(process.stdout, output, printed), daemon=True).start()
    threading.Thread(target=_collect, args=(process.stderr, log, queue.Queue()), daemon=True).start()
    deadline = time.monotonic() + WAIT_AT_MOST
    while True:
        try:
            line = printed.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            process.kill()
            raise AssertionError(f"the server printed no address: {output} {log}") from None
        if line.strip().startswith("http://"):
            return Server(process, line.strip(), folder, output, log)


@dataclass
class Recorder:
    """Every request the pages of a context made (each address, and the websockets'), and what
    they tried that the browser refused: the Content-Security-Policy blocks a request to another
    host before it is made, so that it would not show among the requests."""

    urls: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    """The browser's console messages about the policy, and the pages' uncaught errors."""

    def watch(self, context: BrowserContext) -> None:
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("page", lambda page: page.on("websocket", lambda socket: self.urls.append(socket.url)))
        context.on("console", self._console)
        context.on("weberror", lambda error: self.refused.append(str(error.error)))

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def hosts(self) -> set[str]:
        return {urlsplit(url).netloc for url in self.urls}


class Tab:
    """A browser tab on the explorer, read through xterm.js's buffer."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def screen(self) -> str:
        return self.page.evaluate("window.gmpScreen()")

    def wait_for(self, text: str) -> None:
        """Wait until the terminal shows `text`."""
        self._wait("text => window.gmpScreen().includes(text)", text, f"the screen to show {text!r}")

    def wait_for_gone(self, text: str) -> None:
        self._wait("text => window.gmpTerminal && !window.gmpScreen().includes(text)", text, f"{text!r} to go")

    def _wait(self, condition: str, text: str, what: str) -> None:
        try:
            self.page.wait_for_function(condition, arg=text, timeout=WAIT_AT_MOST * 1000)
        except PlaywrightTimeoutError:
            raise AssertionError(f"gave up waiting for {what}; the screen shows:\n{self.screen()}") from None

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def click(self, row: int, column: int) -> None:
        """Click the middle of the terminal's cell at `row`, `column` (from 0), as a reader would."""
        box = self.page.locator(".xterm-screen").bounding_box()
        assert box is not None
        columns, rows = self.page.evaluate("[window.gmpTerminal.cols, window.gmpTerminal.rows]")
        self.page.mouse.click(
            box["x"] + (column + 0.5) * box["width"] / columns, box["y"] + (row + 0.5) * box["height"] / rows
        )

    def open_export(self, title: str) -> None:
        """`e`, and wait for the dialog's preview of the Markdown export of the timeline titled
        `title`: it is drawn once the dialog has mounted and focused its formats, and keys
        typed before then would go to the list."""
        self.press("e")
        self.wait_for(EXPORT_DIALOG)
        self.wait_for(f"# {title}")

    def download(self, *keys: str) -> Download:
        """Press `keys` and return the download they start."""
        with self.page.expect_download(timeout=WAIT_AT_MOST * 1000) as started:
            self.press(*keys)
        return started.value


def new_context(browser: Browser, recorder: Recorder) -> BrowserContext:
    """A browser context (its own cookies) that can read the terminal, its requests recorded."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(WAIT_AT_MOST * 1000)
    context.add_init_script(SCREEN_HOOK)
    recorder.watch(context)
    return context


def open_tab(context: BrowserContext, address: str) -> Tab:
    """A new tab on `address`, once the explorer has drawn its first screen."""
    page = context.new_page()
    page.goto(address)
    tab = Tab(page)
    page.wait_for_function("() => window.gmpTerminal && window.gmpScreen().trim() !== ''", timeout=WAIT_AT_MOST * 1000)
    # Keys go to xterm.js's hidden text area. Focused as a reader's Tab or click would focus it,
    # it tells the app that it has the focus, not a click that would also move the list's cursor.
    page.locator(".xterm-helper-textarea").focus()
    return tab
