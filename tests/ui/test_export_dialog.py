"""The export dialog (`e`): its default file name and preview, the same bytes as
`gmp-timeline export`, confirmation before replacing a file, and failures shown, never raised."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, RadioSet, Static

from tui import cli
from tui.app import TimelineApp
from tui.dates import PartialDate
from tui.export import FORMATS, ExportRequest, default_file_name, select_events
from tui.export import write as write_module
from tui.loader import bundled_timeline_path, load_timeline
from tui.screens import export as export_screen
from tui.screens.confirm import ConfirmScreen
from tui.screens.export import ExportScreen
from tui.screens.main import MainScreen
from tui.screens.span import SpanScreen
from tui.search import SearchIndex, parse_query

from .explorer import (
    WAIT_AT_MOST,
    ScreenReader,
    assert_inert,
    notifications,
    run_command,
    search,
    settle,
    type_fast,
    wait_for,
)

BUNDLED = load_timeline(bundled_timeline_path())
SPAN_START, SPAN_END = PartialDate(2017, 7, 3), PartialDate(2020, 4, 23)
SPAN_COUNT = len(select_events(BUNDLED, SPAN_START, SPAN_END))
"""The events of the span from the broadcast of 3 July 2017 to the letter of 23 April 2020."""
SPAN_NAME = default_file_name(ExportRequest(BUNDLED, [], SPAN_START, SPAN_END), "markdown").removesuffix(".md")
TITLE_NAME = default_file_name(ExportRequest(BUNDLED, []), "markdown").removesuffix(".md")
LETTERS = len(SearchIndex(BUNDLED).search("tag:letter").indices)
LETTERS_IN_SPAN = len(select_events(BUNDLED, SPAN_START, SPAN_END, parse_query("tag:letter")))
FORMAT_EXTENSIONS = {
    "markdown": "md",
    "html": "html",
    "csv": "csv",
    "csl-json": "csl.json",
    "timelinejs": "timelinejs.json",
    "json": "json",
}


@pytest.fixture(autouse=True)
def write_in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dialog writes in the working folder: here, `tmp_path`."""
    monkeypatch.chdir(tmp_path)


def cli_export(tmp_path: Path, *arguments: str) -> bytes:
    """What `gmp-timeline export ARGUMENTS -o FILE` writes."""
    output = tmp_path / "from-the-cli"
    output.unlink(missing_ok=True)
    assert cli.main(["export", *arguments, "-o", str(output)]) == 0
    return output.read_bytes()


async def select_letter_span(pilot: Pilot) -> None:
    """From the broadcast of 3 July 2017 to the letter of 23 April 2020, by dates (as the command
    line takes them: a span marked with `v` holds its rows, which no option names)."""
    await run_command(pilot, "span by dates", "Select span by dates…")
    screen = pilot.app.screen
    assert isinstance(screen, SpanScreen)
    screen.query_one("#span-from", Input).value = "2017-07-03"
    screen.query_one("#span-to", Input).value = "2020-04-23"
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen), "the span")


async def open_export(pilot: Pilot) -> ExportScreen:
    await pilot.press("e")
    await pilot.pause()
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def choose(pilot: Pilot, screen: ExportScreen, radio_set: str, option: int) -> None:
    screen.query_one(radio_set, RadioSet).query(RadioButton)[option].value = True
    await settle(pilot)


def file_name(screen: ExportScreen) -> str:
    return screen.query_one("#export-file", Input).value


def dialog_text(screen: ExportScreen) -> str:
    return (
        "\n".join(str(static.content) for static in screen.query(Static))
        + "\n"
        + "\n".join(str(button.label) for button in screen.query(RadioButton))
    )


@pytest.mark.explorer(size=(100, 40), app="bundled")
async def test_the_dialog_names_the_file_and_previews_the_text(
    pilot: Pilot, app: TimelineApp, tmp_path: Path, reader: ScreenReader
) -> None:
    await select_letter_span(pilot)
    screen = await open_export(pilot)
    assert file_name(screen) == f"{SPAN_NAME}.md"
    text = dialog_text(screen)
    assert "Span: 3 July 2017 – 23 April 2020" in text
    assert f"All {SPAN_COUNT} events in the span" in text
    assert str(tmp_path) in text, "the dialog says where a bare name is written"
    preview = str(screen.query_one("#export-preview", Static).content).split("\n")
    expected = cli_export(tmp_path, "--from", "2017-07-03", "--to", "2020-04-23").decode().splitlines()
    assert preview == [line[:300] for line in expected[:40]]
    assert f"# {BUNDLED.title}" in reader.text(app)

    await choose(pilot, screen, "#export-format", list(FORMATS).index("timelinejs"))
    assert file_name(screen) == f"{SPAN_NAME}.timelinejs.json", "the name follows the format until edited"
    assert str(screen.query_one("#export-preview", Static).content).startswith("{")
    screen.query_one("#export-file", Input).value = "mine.json"
    await choose(pilot, screen, "#export-format", list(FORMATS).index("json"))
    assert file_name(screen) == "mine.json"

    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["from-the-cli"], "Escape wrote nothing"


@pytest.mark.explorer(notifications=True, app="bundled")
async def test_each_format_writes_the_bytes_of_the_command_line_export(
    pilot: Pilot, app: TimelineApp, tmp_path: Path, reader: ScreenReader
) -> None:
    await select_letter_span(pilot)
    assert set(FORMATS) <= set(FORMAT_EXTENSIONS)
    for option, format_name in enumerate(FORMATS):
        extension = FORMAT_EXTENSIONS[format_name]
        screen = await open_export(pilot)
        await choose(pilot, screen, "#export-format", option)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), format_name
        written = tmp_path / f"{SPAN_NAME}.{extension}"
        assert written.read_bytes() == cli_export(
            tmp_path, "--from", "2017-07-03", "--to", "2020-04-23", "--format", format_name
        ), format_name
        assert f"Wrote {written} ({SPAN_COUNT} events)" in notifications(app)


@pytest.mark.explorer(app="bundled", notifications=True)
async def test_an_existing_file_is_replaced_only_when_the_user_says_so(
    pilot: Pilot, app: TimelineApp, tmp_path: Path
) -> None:
    existing = tmp_path / f"{SPAN_NAME}.md"
    existing.write_text("an earlier export\n", encoding="utf-8")
    await select_letter_span(pilot)
    dialog = await open_export(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, ConfirmScreen)
    assert f"Replace {existing}?" in str(app.screen.query_one(Static).content)
    await pilot.press("n")
    await settle(pilot)
    assert app.screen is dialog, "no: back to the dialog"
    assert existing.read_text(encoding="utf-8") == "an earlier export\n"

    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)
    assert existing.read_bytes() == cli_export(tmp_path, "--from", "2017-07-03", "--to", "2020-04-23")
    assert f"Wrote {existing} ({SPAN_COUNT} events)" in notifications(app)


@pytest.mark.explorer(notifications=True, app="bundled")
async def test_failures_are_notified_and_the_dialog_stays(
    pilot: Pilot, app: TimelineApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: ScreenReader
) -> None:
    dialog = await open_export(pilot)
    field = dialog.query_one("#export-file", Input)
    field.value = "no-such-folder/export.md"
    await pilot.press("enter")
    await settle(pilot)
    missing = tmp_path / "no-such-folder"
    assert f"cannot write {missing / 'export.md'}: the folder {missing} does not exist" in notifications(app)
    assert app.screen is dialog

    def refuse(source: object, destination: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(write_module.os, "replace", refuse)
    field.value = "export.md"
    await pilot.press("enter")
    await settle(pilot)
    assert f"cannot write {tmp_path / 'export.md'}: permission denied" in notifications(app)
    assert app.screen is dialog
    assert list(tmp_path.iterdir()) == [], "no file, and no temporary file left behind"
    # One word: where the toast wraps its line depends on the length of the temporary folder's name.
    await wait_for(pilot, lambda: "denied" in reader.text(app), "the toast to be drawn")

    field.value = " "
    await pilot.press("enter")
    await settle(pilot)
    assert "Give the name of the file to write." in notifications(app)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen) and app.is_running


@pytest.mark.explorer(app="bundled")
async def test_with_a_filter_only_matching_events_unless_all_are_chosen(
    pilot: Pilot, app: TimelineApp, tmp_path: Path
) -> None:
    await search(pilot, "tag:letter")
    await pilot.press("enter")
    dialog = await open_export(pilot)
    text = dialog_text(dialog)
    assert "Span: the whole timeline" in text
    assert f"the {LETTERS} events matching 'tag:letter' in the timeline" in text
    assert f"all {len(BUNDLED.events)} events in the timeline" in text
    name = file_name(dialog)
    assert name == f"{TITLE_NAME}-tag-letter.md"
    await pilot.press("enter")
    await settle(pilot)
    assert (tmp_path / name).read_bytes() == cli_export(tmp_path, "--query", "tag:letter")

    dialog = await open_export(pilot)
    await choose(pilot, dialog, "#export-events", 1)
    name = file_name(dialog)
    assert name == f"{TITLE_NAME}.md"
    await pilot.press("enter")
    await settle(pilot)
    assert (tmp_path / name).read_bytes() == cli_export(tmp_path)

    await pilot.press("escape")
    await select_letter_span(pilot)
    await search(pilot, "tag:letter")
    await pilot.press("enter")
    dialog = await open_export(pilot)
    assert "Span: 3 July 2017 – 23 April 2020" in dialog_text(dialog)
    assert f"the {LETTERS_IN_SPAN} events matching 'tag:letter' in the span" in dialog_text(dialog)
    assert f"all {SPAN_COUNT} events in the span" in dialog_text(dialog)
    name = file_name(dialog)
    await pilot.press("enter")
    await settle(pilot)
    assert (tmp_path / name).read_bytes() == cli_export(
        tmp_path, "--from", "2017-07-03", "--to", "2020-04-23", "--query", "tag:letter"
    )


@pytest.mark.explorer(size=(80, 24), app="bundled")
async def test_the_dialog_fits_80_by_24(pilot: Pilot, app: TimelineApp, reader: ScreenReader) -> None:
    await search(pilot, "tag:letter")
    await pilot.press("enter")
    await select_letter_span(pilot)
    dialog = await open_export(pilot)
    screen_region = dialog.region
    panel = dialog.query_one("#export-panel")
    assert screen_region.contains_region(panel.region)
    for part in (
        *dialog.query(RadioButton),
        dialog.query_one("#export-file"),
        dialog.query_one("#export-description"),
    ):
        assert panel.region.contains_region(part.region) and part.region.height >= 1, part
    assert dialog.query_one("#export-preview").region.height >= 5
    name = reader.text(app, dialog.query_one("#export-file")).strip()
    assert name.endswith("-2020-04-23-tag-letter.md"), "a long name shows its end, with the extension"


@pytest.mark.explorer(app="hostile")
async def test_markup_in_the_query_and_the_timeline_is_shown_as_written(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader, tmp_path: Path
) -> None:
    await search(pilot, "[@click=app.quit]x[/]")
    await pilot.press("enter")
    dialog = await open_export(pilot)
    assert "the 1 event matching '[@click=app.quit]x[/]' in the timeline" in reader.text(app)
    assert "# [blink]Title[/blink]" in reader.text(app, dialog.query_one("#export-preview"))
    assert_inert(reader.segments(app))
    await pilot.press("enter")
    await settle(pilot)
    assert app.is_running
    assert [path.suffix for path in tmp_path.iterdir()] == [".md"]


@pytest.mark.explorer(app="bundled")
async def test_the_arrows_choose_the_format_that_enter_writes(pilot: Pilot, app: TimelineApp, tmp_path: Path) -> None:
    """The arrows moved only a highlight, and Enter wrote the format chosen before: Markdown. And
    the file name had the focus, so that the arrows did nothing until Shift+Tab."""
    screen = await open_export(pilot)
    await pilot.press("right", "right")
    await settle(pilot)
    third = list(FORMATS)[2]
    assert screen.format_name == third
    name = file_name(screen)
    assert name.endswith(f".{FORMATS[third].extension}")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the file to be written")
    assert [path.name for path in tmp_path.iterdir()] == [name]


@pytest.mark.explorer(app="bundled")
async def test_the_chosen_format_shows_without_colour(pilot: Pilot, reader: ScreenReader) -> None:
    screen = await open_export(pilot)
    screen.query_one("#export-format", RadioSet).focus()
    await pilot.press("down")
    await settle(pilot)
    marks = [str(button.BUTTON_INNER) for button in screen.query_one("#export-format", RadioSet).query(RadioButton)]
    assert marks == [" ", "●", *[" "] * (len(FORMATS) - 2)]


async def test_escape_in_the_same_read_as_e_closes_the_dialog_cleanly(pilot: Pilot, app: TimelineApp) -> None:
    """The preview is asked for two refreshes after the dialog opens: a dialog closed before then
    raised NoMatches for its own widgets (found by the random-key test)."""
    for _ in range(5):
        await type_fast(pilot, ["e", "escape"])
        await settle(pilot)
    assert isinstance(app.screen, MainScreen)


async def test_a_long_preview_says_how_far_it_is(
    pilot: Pilot, app: TimelineApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 events the preview said "Preparing the preview…" for twelve seconds, no more."""
    halfway = threading.Event()
    release = threading.Event()

    def slow_markdown(request: ExportRequest) -> str:
        assert request.progress is not None
        request.progress(0.5)
        halfway.set()
        release.wait(WAIT_AT_MOST)
        return "# done\n"

    monkeypatch.setattr(export_screen, "SHOW_PROGRESS_AFTER", 0.0)
    monkeypatch.setitem(FORMATS, "markdown", replace(FORMATS["markdown"], render=slow_markdown))
    await pilot.press("e")
    preview = lambda: str(app.screen.query_one("#export-preview", Static).content)  # noqa: E731
    await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen) and "50%" in preview(), "the progress")
    assert preview() == "Preparing the preview… 50%"
    release.set()
    await wait_for(pilot, lambda: preview() == "# done", "the preview")
