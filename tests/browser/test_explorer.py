"""The explorer in Chromium, as a colleague would use it: the list, search, an event, the copy
key, exports in every format and the screenshot, each a download, and nothing asked of any host
but the server (checked after every test by the `context` fixture)."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from playwright.sync_api import BrowserContext, Response

from tui import cli
from tui.export import FORMATS, ExportRequest, default_file_name
from tui.loader import bundled_timeline_path, load_timeline
from tui.screens.export import FORMAT_LABELS
from tui.search import SearchIndex, parse_query
from tui.wording import full_citation

from .harness import EXPORT_DIALOG, WAIT_AT_MOST, Server, Tab, open_tab, wait_until

pytestmark = pytest.mark.browser

BUNDLED = load_timeline(bundled_timeline_path())
EVENT_SCREEN = "c Copy quote"
"""In the footer of an event's screen, and of no other."""
LIST_ROW = re.compile(r"“\d+ ")
"""A row of the timeline list: its quote count, after the opening quote mark."""


def list_rows(screen: str) -> list[str]:
    """The rows of the timeline list, the left of the screen (the detail pane is right of `▊`)."""
    return [line.split("▊")[0] for line in screen.splitlines() if LIST_ROW.search(line.split("▊")[0])]


def file_field(tab: Tab) -> str:
    """What the export dialog's file name field holds: the line under its label, within the dialog."""
    lines = tab.screen().splitlines()
    label = next(index for index, line in enumerate(lines) if EXPORT_DIALOG in line)
    return lines[label + 1].split("│")[1].strip()


def block_quotes(markdown: str) -> list[str]:
    """The text of each block quote as a CommonMark reader sees it, runs of white space as one space."""
    quotes: list[str] = []
    parts: list[str] | None = None
    for token in MarkdownIt("commonmark").use(footnote_plugin).parse(markdown):
        if token.type == "blockquote_open":
            parts = []
        elif token.type == "blockquote_close" and parts is not None:
            quotes.append(" ".join(" ".join(parts).split()))
            parts = None
        elif token.type == "inline" and parts is not None:
            parts.append(token.content)
    return quotes


def exported_by_cli(tmp_path: Path, format_name: str) -> bytes:
    """What `gmp-timeline export --format FORMAT` writes for the whole bundled timeline."""
    output = tmp_path / f"cli-{format_name}"
    assert cli.main(["export", "--format", format_name, "-o", str(output)]) == 0
    return output.read_bytes()


def colours(context: BrowserContext, png: bytes) -> int:
    """How many colours the image has, counted by the browser in a blank tab of its own."""
    page = context.new_page()
    try:
        return page.evaluate(
            """async data => {
              const image = new Image();
              image.src = "data:image/png;base64," + data;
              await image.decode();
              const canvas = new OffscreenCanvas(image.width, image.height).getContext("2d");
              canvas.drawImage(image, 0, 0);
              const pixels = canvas.getImageData(0, 0, image.width, image.height).data;
              const seen = new Set();
              for (let i = 0; i < pixels.length; i += 4) seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
              return seen.size;
            }""",
            base64.b64encode(png).decode(),
        )
    finally:
        page.close()


def test_the_page_shows_the_timeline(context: BrowserContext, tab: Tab) -> None:
    tab.wait_for(BUNDLED.title)
    assert tab.page.title() == BUNDLED.title
    assert len(list_rows(tab.screen())) > 5
    # The text is in xterm.js's buffer; the terminal's canvas must show it too, not one colour.
    assert colours(context, tab.page.locator(".xterm-screen").screenshot()) > 16


def test_slash_searches_and_the_list_keeps_only_the_matches(tab: Tab) -> None:
    matches = [BUNDLED.events[index] for index in SearchIndex(BUNDLED).search(parse_query("betrayed")).indices]
    assert 0 < len(matches) < len(BUNDLED.events) / 2
    tab.wait_for(BUNDLED.title)
    tab.press("/")
    tab.wait_for("Enter keeps the filter")
    tab.type("betrayed")
    wait_until(lambda: len(list_rows(tab.screen())) == len(matches), "the list to keep only the matches")
    rows = list_rows(tab.screen())
    for row, event in zip(rows, matches):
        assert event.display_date in row
        assert event.title[:20] in row


def test_enter_opens_the_event_with_its_quotes_in_full(tab: Tab) -> None:
    event = BUNDLED.events[0]
    tab.wait_for(BUNDLED.title)
    tab.press("Enter")
    tab.wait_for(EVENT_SCREEN)
    screen = " ".join(tab.screen().split())
    assert event.title in screen
    assert " ".join(event.quotes[0].text.split())[:100] in screen


def test_c_copies_the_quote_to_the_browsers_clipboard(context: BrowserContext, server: Server) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.origin)
    tab = open_tab(context, server.address)
    event = BUNDLED.events[0]
    tab.wait_for(BUNDLED.title)
    tab.press("Enter")
    tab.wait_for(EVENT_SCREEN)
    tab.press("c")
    tab.wait_for("Copied")
    tab.page.wait_for_function("() => navigator.clipboard.readText().then(text => text !== '')")
    assert tab.page.evaluate("navigator.clipboard.readText()") == full_citation(BUNDLED, event.quotes[0])


def test_an_export_is_a_markdown_download_whose_quotes_are_the_datas(tab: Tab, server: Server, tmp_path: Path) -> None:
    tab.wait_for(BUNDLED.title)
    tab.open_export(BUNDLED.title)
    assert str(server.folder) not in tab.screen(), "the server's folder is none of the reader's business"
    download = tab.download("Enter")
    assert download.suggested_filename == default_file_name(ExportRequest(BUNDLED, []), "markdown")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes() == exported_by_cli(tmp_path, "markdown")
    every_quote = [" ".join(quote.text.split()) for event in BUNDLED.events for quote in event.quotes]
    assert block_quotes(saved.read_text(encoding="utf-8")) == every_quote
    tab.wait_for("Downloading")
    assert list(server.folder.iterdir()) == [], "nothing is written where the server runs"


def test_a_name_typed_with_commas_and_accents_downloads_under_a_safe_one(tab: Tab, tmp_path: Path) -> None:
    """textual-serve puts the name as it is in the Content-Disposition header, which a comma breaks."""
    tab.wait_for(BUNDLED.title)
    tab.open_export(BUNDLED.title)
    lines = tab.screen().splitlines()
    label = next(index for index, line in enumerate(lines) if EXPORT_DIALOG in line)
    field = lines[label + 1]
    tab.click(label + 1, field.index("│") + 2)  # the file name field; the formats have the focus
    tab.press("End", *["Backspace"] * len(default_file_name(ExportRequest(BUNDLED, []), "markdown")))
    # Then type, and not before: in a burst, Textual's Input can take a character before a
    # Backspace queued ahead of it.
    wait_until(lambda: file_field(tab) == "", "the file name to be rubbed out")
    tab.type("Rapport, été 2017.md")
    wait_until(lambda: file_field(tab) == "Rapport, été 2017.md", "the name typed")
    download = tab.download("Enter")
    assert download.suggested_filename == "rapport-ete-2017.md"
    download.save_as(tmp_path / "saved.md")
    assert (tmp_path / "saved.md").read_bytes() == exported_by_cli(tmp_path, "markdown")


def test_every_format_downloads_under_its_own_name_with_the_clis_bytes(
    tab: Tab, server: Server, tmp_path: Path
) -> None:
    tab.wait_for(BUNDLED.title)
    for format_name in FORMATS:
        name = default_file_name(ExportRequest(BUNDLED, []), format_name)
        tab.open_export(BUNDLED.title)
        # A click, not Shift+Tab and the arrows: keys typed at once can reach the file name
        # field before Textual has moved the focus to the formats.
        lines = tab.screen().splitlines()
        row = next(index for index, line in enumerate(lines) if "▌ Markdown " in line)
        tab.click(row, lines[row].index(f"▌ {FORMAT_LABELS[format_name]} ") + 2)
        tab.wait_for(name)
        download = tab.download("Enter")
        assert download.suggested_filename == name
        download.save_as(tmp_path / name)
        assert (tmp_path / name).read_bytes() == exported_by_cli(tmp_path, format_name), format_name
        tab.wait_for_gone(EXPORT_DIALOG)
    assert list(server.folder.iterdir()) == []


def test_the_screenshot_command_opens_an_svg_that_loads_nothing_from_elsewhere(
    context: BrowserContext, tab: Tab, server: Server
) -> None:
    tab.wait_for(BUNDLED.title)
    tab.press("Control+p")
    tab.wait_for("Select span by dates")  # listed once the palette has mounted, its input focused
    tab.type("screenshot")
    tab.wait_for("Save an SVG")
    with (
        context.expect_page() as opened,
        context.expect_event("response", lambda response: "/download/" in response.url) as delivered,
    ):
        tab.press("Enter")
    response: Response = delivered.value
    assert response.status == 200
    assert re.fullmatch(
        r"inline; filename=gmp-timeline-screenshot-[0-9-]+\.svg", response.headers["content-disposition"]
    )
    svg = opened.value
    svg.wait_for_load_state("load", timeout=WAIT_AT_MOST * 1000)
    source = response.text()
    assert "<svg" in source and "cdn" not in source.lower()
    shown = " ".join((svg.locator("svg").first.text_content() or "").split())  # the SVG's spaces are U+00A0
    assert BUNDLED.title in shown
    assert list(server.folder.iterdir()) == []
