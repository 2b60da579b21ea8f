"""`gmp-timeline serve` itself: loopback unless `--public`, and then a token without which every
request is refused; one log line per session; tabs closed mid-export, a hundred tabs opened and
closed, and Ctrl+C, each leaving no app process behind."""

from __future__ import annotations

import errno
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext

from tui.loader import bundled_timeline_path, load_timeline

from .harness import WAIT_AT_MOST, Recorder, Server, new_context, open_tab, resident_kib, start_server, wait_until

pytestmark = pytest.mark.browser

TITLE = load_timeline(bundled_timeline_path()).title
SESSION_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d session \d+ from \S+ ended after [\d.]+ s \(\d+ open\)$")
ROUTES = ["/", "/ws", "/static/js/textual.js", "/download/0123456789abcdef"]
"""textual-serve's routes: the page, the websocket, its files, and the downloads."""


def get(server: Server, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """One GET to the server, redirects not followed."""
    connection = http.client.HTTPConnection(urlsplit(server.address).netloc, timeout=WAIT_AT_MOST)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def serve_command(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "serve", *arguments], capture_output=True, text=True, timeout=WAIT_AT_MOST
    )


@pytest.fixture
def public(tmp_path: Path) -> Iterator[Server]:
    """A server with a token (on loopback: the test machine stays unreachable from outside)."""
    running = start_server(tmp_path / "served-from", tmp_path / "cache", "--public", "--host", "127.0.0.1")
    yield running
    running.stop()


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.1", "example.org"])
def test_an_address_other_machines_can_reach_needs_public(host: str) -> None:
    result = serve_command("--host", host, "--port", "0")
    assert result.returncode == 2
    assert "add --public" in result.stderr
    assert "http://" not in result.stdout, "it never listened"


def test_a_public_server_prints_an_address_with_a_secret_token(public: Server) -> None:
    (token,) = parse_qs(urlsplit(public.address).query)["token"]
    assert len(token) >= 40  # secrets.token_urlsafe(32): 256 random bits
    assert sum(line.count(token) for line in public.output) == 1, "printed once, in the address"
    assert not any(token in line for line in public.log)


@pytest.mark.parametrize("path", ROUTES)
def test_without_the_token_every_route_is_refused(public: Server, path: str) -> None:
    assert get(public, path).status == 403
    assert get(public, f"{path}?token=not-the-token").status == 403
    cookie = f"gmp-timeline-{urlsplit(public.address).port}=not-the-token"
    assert get(public, path, {"Cookie": cookie}).status == 403


def test_the_token_is_traded_for_a_cookie_that_scripts_and_other_sites_cannot_use(public: Server) -> None:
    address = urlsplit(public.address)
    response = get(public, f"/?{address.query}")
    assert response.status == 303
    assert response.headers["Location"] == "/", "the token leaves the address bar"
    cookie = response.headers["Set-Cookie"]
    name, value = cookie.split(";")[0].split("=", 1)
    assert value == parse_qs(address.query)["token"][0]
    assert {"httponly", "samesite=strict", "path=/"} <= {part.strip().lower() for part in cookie.split(";")[1:]}
    for path, status in [("/", 200), ("/static/js/textual.js", 200), ("/ws", 400)]:  # /ws: no websocket asked for
        assert get(public, path, {"Cookie": f"{name}={value}"}).status == status, path


def test_with_the_token_the_browser_gets_the_explorer_and_without_it_403(browser: Browser, public: Server) -> None:
    recorder = Recorder()
    with_token = new_context(browser, recorder)
    tab = open_tab(with_token, public.address)
    tab.wait_for(TITLE)
    assert "token" not in tab.page.url
    without = new_context(browser, recorder)
    response = without.new_page().goto(public.origin + "/")
    assert response is not None and response.status == 403
    with_token.close()
    without.close()
    assert recorder.hosts() == {public.netloc}
    assert recorder.refused == []


def test_on_loopback_a_page_of_another_site_is_refused(server: Server) -> None:
    assert get(server, "/").status == 200
    # DNS rebinding: another site's name, pointed at 127.0.0.1.
    assert get(server, "/", {"Host": f"attacker.example:{urlsplit(server.address).port}"}).status == 403
    # Any page may open a websocket to any address: textual-serve would start an app for it.
    assert get(server, "/ws", {"Origin": "https://attacker.example"}).status == 403
    assert get(server, "/ws", {"Origin": "null"}).status == 403


def test_a_plain_request_for_the_websocket_is_a_400_not_a_traceback(server: Server) -> None:
    sessions = len(server.session_lines())
    assert get(server, "/ws").status == 400
    assert len(server.session_lines()) == sessions
    assert "Traceback" not in "".join(server.log)


def test_a_port_in_use_is_told_in_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = serve_command("--port", str(port))
    assert result.returncode == 1
    assert (
        result.stderr
        == f"gmp-timeline serve: cannot listen on 127.0.0.1 port {port}: {os.strerror(errno.EADDRINUSE)}\n"
    )


def test_a_tab_closed_mid_export_leaves_the_server_serving(context: BrowserContext, server: Server) -> None:
    tab = open_tab(context, server.address)
    tab.wait_for(TITLE)
    sessions = len(server.session_lines())
    tab.open_export(TITLE)
    tab.press("Enter")
    tab.page.close()
    wait_until(lambda: len(server.session_lines()) == sessions + 1, "the session's log line")
    wait_until(lambda: not server.app_processes(), "its app process to end")
    open_tab(context, server.address).wait_for(TITLE)


def test_a_hundred_tabs_leave_one_log_line_each_and_no_process_behind(context: BrowserContext, server: Server) -> None:
    open_tab(context, server.address).page.close()
    wait_until(lambda: not server.app_processes(), "the first tab's app to end")
    before = resident_kib(server.process.pid)
    sessions = len(server.session_lines())
    for _ in range(100):
        page = context.new_page()
        with page.expect_websocket() as connected:
            page.goto(server.address)
        connected.value.wait_for_event("framereceived")  # its app has started
        page.close()
    wait_until(lambda: len(server.session_lines()) == sessions + 100, "a log line for each session")
    wait_until(lambda: not server.app_processes(), "every app process to end")
    assert all(SESSION_LINE.match(line.rstrip("\n")) for line in server.session_lines()), server.session_lines()
    grown = resident_kib(server.process.pid) - before
    assert grown < 20_000, f"the server grew by {grown} KiB over a hundred sessions"
    open_tab(context, server.address).wait_for(TITLE)


@pytest.mark.parametrize("to", ["server", "group"])
def test_ctrl_c_ends_the_server_and_every_app(browser: Browser, tmp_path: Path, to: str) -> None:
    """`server`: SIGINT to the server alone (kill -INT); `group`: to it and its apps, as a terminal's Ctrl+C."""
    running = start_server(tmp_path / "served-from", tmp_path / "cache")
    try:
        context = new_context(browser, Recorder())
        for _ in range(2):
            open_tab(context, running.address).wait_for(TITLE)
        apps = running.app_processes()
        assert len(apps) == 2
        if to == "group":
            os.killpg(running.process.pid, signal.SIGINT)
        else:
            running.process.send_signal(signal.SIGINT)
        assert running.process.wait(WAIT_AT_MOST) == 0
        assert not [pid for pid in apps if Path(f"/proc/{pid}").exists()], "an app outlived the server"
        wait_until(lambda: len(running.session_lines()) == 2, "a log line for each session")
        assert "Traceback" not in "".join(running.output + running.log)
        context.close()
    finally:
        running.stop()
