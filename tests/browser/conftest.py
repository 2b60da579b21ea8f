"""The explorer in a real browser: `gmp-timeline serve` in a process of its own (`harness`), and
the system's Chromium (Debian's package; Playwright downloads none), headless, driven by
Playwright. Each test has a browser context of its own, and ends by checking that every request
its pages made (the websockets, and the tabs they opened, included) went to the server.

These tests run in `make test-browser`, not in `make test` (the `browser` mark): they take a
browser, and seconds of real time each.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

from .harness import CHROMIUM, Recorder, Server, Tab, new_context, open_tab, start_server


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", pytrace=False)
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server on loopback for a module's tests, on the bundled timeline."""
    running = start_server(tmp_path_factory.mktemp("served-from"), tmp_path_factory.mktemp("cache"))
    yield running
    running.stop()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def context(browser: Browser, recorder: Recorder, server: Server) -> Iterator[BrowserContext]:
    """A context of its own for each test (no cookies from another), whose every request is
    checked at the end to have gone to the server and nowhere else, with nothing refused."""
    context = new_context(browser, recorder)
    yield context
    context.close()
    assert recorder.hosts() <= {server.netloc}, f"requests to other hosts: {recorder.urls}"
    assert recorder.refused == []


@pytest.fixture
def tab(context: BrowserContext, server: Server) -> Tab:
    return open_tab(context, server.address)
