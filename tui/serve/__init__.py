"""`gmp-timeline serve`: the explorer in a web browser, one app process for each tab.

textual-serve runs the app behind a websocket and xterm.js draws it. What this module adds is
what the people this tool is for (journalists, survivors' advocates) need from it:

- It listens on loopback unless told `--public`, and then answers only requests that carry the
  secret token it prints at start, once in the address and then in a cookie (`Guard`).
- Its page asks nothing of any other host: its own template, without the Google web font, and a
  Content-Security-Policy that has the browser refuse anything else.
- One log line per session, and a shutdown (Ctrl+C, SIGTERM) that ends every app process.

The app processes run `python -m tui FILE`: the explorer as the terminal runs it, which knows it
is in a browser (`App.is_web`) and delivers exports and screenshots as downloads.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import itertools
import logging
import os
import secrets
import shlex
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiohttp.typedefs import Handler
from textual_serve.server import Server, to_int
from yarl import URL

TEMPLATES = Path(__file__).parent / "templates"
TOKEN_PARAMETER = "token"
APP_EXIT_TIMEOUT = 10.0
"""Seconds that shutdown gives the app processes to end once told to quit."""
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # xterm.js writes its own <style> elements and sizes the terminal with style attributes.
        "style-src 'self' 'unsafe-inline'",
        "frame-ancestors 'none'",
        "form-action 'none'",
        "base-uri 'none'",
    ]
)
"""Nothing from any host but this one, and no inline script, on every response: the page, and an
SVG screenshot opened in a tab of its own. The websocket's address is added for each request
(`_add_security_headers`)."""

log = logging.getLogger("gmp-timeline.serve")
IN_MEMORY = ":memory:"
"""SQLite's name for a store that lives in the process (`notes.IN_MEMORY`, not imported: the
server loads none of the explorer's modules)."""


class CannotListen(Exception):
    """The server cannot listen where it was asked to; the message is one line, fit to show."""


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address, IPv6 with or without brackets) is this machine only."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return host == ""


def _address_for_others(host: str) -> str:
    """The host part of the address to give a colleague.

    A server bound to every interface (0.0.0.0) is reached at this machine's address on the
    network: the one the system would send from, found by "connecting" a UDP socket, which
    sends nothing. The machine's name is the fallback.
    """
    if not _is_wildcard(host):
        return host
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    probe = ("2001:db8::1" if family == socket.AF_INET6 else "192.0.2.1", 9)  # documentation addresses
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as udp:
            udp.connect(probe)
            return str(udp.getsockname()[0])
    except OSError:
        return socket.gethostname()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class Guard:
    """The checks in front of every route of the server (an aiohttp middleware).

    - With a token (`--public`): a request is answered only if it carries the token, in the
      address (the first page load, which then sets a cookie and sends the browser to the same
      address without it) or in that cookie (everything after: the websocket, the scripts, the
      downloads). The cookie is HttpOnly and SameSite=Strict, so that neither a script nor a
      request from another site can use it.
    - Without one (loopback): only requests addressed to a loopback name are answered, so that
      a site that points its own domain name at 127.0.0.1 (DNS rebinding) gets nothing.
    - Always: a request that says it comes from a page of another site (its Origin header) is
      refused. Browsers let any page open a websocket to any address, this one included.
    """

    def __init__(self, token: str | None) -> None:
        self.token = token
        self.cookie = "gmp-timeline"
        """The cookie's name, made particular to the port once it is known (cookies ignore ports)."""

    @web.middleware
    async def check(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not _from_this_site(request):
            return _forbidden("this server answers only its own pages")
        if self.token is None:
            if not is_loopback(request.url.host or ""):
                return _forbidden("this server answers only to localhost")
            return await handler(request)
        offered = request.query.get(TOKEN_PARAMETER)
        if offered is not None:
            if not self._is_token(offered):
                return _forbidden("this address's token is not the one the server printed when it started")
            # Out of the address bar, the history and anything shared from the screen.
            response = web.Response(
                status=303, headers={"Location": str(request.rel_url.without_query_params(TOKEN_PARAMETER))}
            )
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
            return response
        if not self._is_token(request.cookies.get(self.cookie, "")):
            return _forbidden("open the address, with its token, that gmp-timeline serve printed when it started")
        return await handler(request)

    def _is_token(self, offered: str) -> bool:
        assert self.token is not None
        return hmac.compare_digest(offered.encode("utf-8", "surrogateescape"), self.token.encode())


def _from_this_site(request: web.Request) -> bool:
    """Whether the request's Origin, when it has one, is the server's own ("null", from a sandboxed
    page or a file, is not)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    try:
        return URL(origin).origin() == request.url.origin()
    except ValueError:
        return False


def _forbidden(reason: str) -> web.Response:
    return web.Response(status=403, text=f"403 Forbidden: {reason}.\n")


async def _add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    # 'self' covers a websocket to the same host in CSP 3, but not in every browser still in use
    # (Safari before 16): the websocket's own address is named too.
    websocket = URL.build(scheme="wss" if request.secure else "ws", authority=request.host)
    response.headers["Content-Security-Policy"] = f"{CONTENT_SECURITY_POLICY}; connect-src 'self' {websocket}"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"


class TimelineServer(Server):
    """textual-serve's server for the explorer, with the `Guard`, the page of `TEMPLATES`, one log
    line per session and a shutdown that waits for the app processes to end."""

    def __init__(self, timeline_file: Path | None, title: str, host: str, port: int, token: str | None) -> None:
        # `exec`: textual-serve starts the command through a shell; the app takes the shell's place,
        # so that what textual-serve stops is the app itself.
        # `--notes :memory:`: each tab's marks and notes last as long as its explorer, and
        # nothing is written on the serving machine (nor shared between its readers).
        arguments = [
            sys.executable,
            "-m",
            "tui",
            "--notes",
            IN_MEMORY,
            *([str(timeline_file)] if timeline_file else []),
        ]
        super().__init__(f"exec {shlex.join(arguments)}", host=host, port=port, title=title, templates_path=TEMPLATES)
        self.guard = Guard(token)
        self._sessions: set[asyncio.Task[Any]] = set()
        self._session_numbers = itertools.count(1)

    def initialize_logging(self) -> None:
        # Plain lines on stderr (textual-serve's are Rich's, with tracebacks and their locals),
        # and no access log: a line per request would be a line per script and download, and
        # the first would carry the token.
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%Y-%m-%d %H:%M:%S")

    async def web_application(self) -> web.Application:
        """textual-serve's aiohttp application, behind the guard.

        textual-serve has no public way to add a middleware, so its private `_make_app` builds
        the routes (the page, the websocket, the downloads, the static files), and the guard
        goes in front of them before aiohttp freezes the application. pyproject.toml keeps
        textual-serve to the minor version this was written against.
        """
        app = await self._make_app()
        app.middlewares.append(self.guard.check)
        app.on_response_prepare.append(_add_security_headers)
        app.on_shutdown.append(self._end_sessions)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Replaces textual-serve's banner: `run` prints the address once it is listening."""

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        # The websocket's address is the one the browser used (textual-serve builds it from the
        # host it was bound to, which for 0.0.0.0 is no address a colleague can open).
        scheme = "wss" if request.secure else "ws"
        return {
            "title": self.title,
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "websocket_url": str(URL.build(scheme=scheme, authority=request.host, path="/ws")),
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """A session: textual-serve's, counted and logged in one line when it ends."""
        if not web.WebSocketResponse().can_prepare(request).ok:
            # textual-serve would log the failed handshake's traceback, and aiohttp another.
            raise web.HTTPBadRequest(text="400 Bad Request: this address is the explorer's websocket.\n")
        number = next(self._session_numbers)
        task = asyncio.current_task()
        assert task is not None
        self._sessions.add(task)
        started = asyncio.get_running_loop().time()
        try:
            return await super().handle_websocket(request)
        finally:
            self._sessions.discard(task)
            seconds = asyncio.get_running_loop().time() - started
            log.info(
                "session %d from %s ended after %.1f s (%d open)", number, request.remote, seconds, len(self._sessions)
            )

    async def _end_sessions(self, app: web.Application) -> None:
        """On shutdown, end every session as aiohttp would after its timeout: cancelled, textual-serve
        tells its app to quit and waits for the process to end, then closes the websocket."""
        for task in self._sessions:
            task.cancel()
        if self._sessions:
            await asyncio.wait(self._sessions, timeout=APP_EXIT_TIMEOUT)

    async def run(self, on_listening: Callable[[str], None]) -> None:
        """Serve until SIGINT, SIGTERM or SIGHUP; `on_listening` gets the address to open."""
        self.initialize_logging()
        runner = web.AppRunner(await self.web_application(), access_log=None, shutdown_timeout=APP_EXIT_TIMEOUT)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            try:
                await site.start()
            except OSError as error:
                # asyncio's strerror repeats the address: the system's own words are enough.
                reason = os.strerror(error.errno) if error.errno else str(error)
                raise CannotListen(f"cannot listen on {self.host} port {self.port}: {reason}") from None
            self.port = runner.addresses[0][1]  # the port chosen, when asked for any (0)
            self.guard.cookie = f"gmp-timeline-{self.port}"
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(number, stop.set)
            on_listening(self.address())
            await stop.wait()
            log.info("stopping: %d sessions open", len(self._sessions))
        finally:
            await runner.cleanup()

    def address(self) -> str:
        """The address to open, with the token when there is one."""
        url = f"http://{_url_host(_address_for_others(self.host))}:{self.port}/"
        return f"{url}?{TOKEN_PARAMETER}={self.guard.token}" if self.guard.token else url


def serve(timeline_file: Path | None, title: str, host: str, port: int, public: bool) -> None:
    """Serve the explorer on `host`:`port` until stopped; a public server has a new token each time.

    Raises CannotListen when it cannot listen there (the port is taken, the address is not this machine's).
    """
    token = secrets.token_urlsafe(32) if public else None
    server = TimelineServer(timeline_file, title, host, port, token)

    def announce(address: str) -> None:
        print(f"Serving {title} at\n\n    {address}\n", flush=True)
        if token is not None:
            print(
                "Anyone with this address can open the explorer: give it only to those who should.\n"
                "The token changes each time the server starts.",
                flush=True,
            )
        print("Press Ctrl+C to stop.", flush=True)

    asyncio.run(server.run(announce))
