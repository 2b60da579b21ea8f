"""A source read in context: `t` on a source shows its whole text with every quoted passage lit
up, `n` and `N` go from passage to passage, and Enter opens the event on that quote."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.pilot import Pilot
from timelines import LONG_QUOTE, SOURCE_TEXTS, fixture_timeline

from tui.app import TimelineApp, make_app
from tui.navigation import QuoteRef
from tui.screens import source as source_screen
from tui.screens.event import EventScreen
from tui.screens.source import NO_SOURCES, SourceScreen
from tui.verify import fold_whitespace
from tui.widgets.quotes import QuoteCard, QuoteScroll
from tui.widgets.source_text import REACHED_FIRST, REACHED_LAST, SourceText, display_text, wrap_rows

from .explorer import SCROLLBAR_BARS, ScreenReader, assert_inert, notifications, type_fast, wait_for

LETTER = "hughes-2020-04-23-letter"
with_texts = pytest.mark.skipif(
    not SOURCE_TEXTS.is_dir(), reason="the source texts are not beside the checkout (../shared/sources)"
)
bundled_with_texts = pytest.mark.explorer(app="bundled", sources=SOURCE_TEXTS, notifications=True)


async def open_text(pilot: Pilot, source: str, quote: QuoteRef | None = None) -> SourceText:
    """Open `source` (on `quote`'s card), press `t`, and wait for its text to be drawn."""
    app = pilot.app
    assert isinstance(app, TimelineApp)
    app.open_source(source, quote)
    await wait_for(pilot, lambda: isinstance(app.screen, SourceScreen) and app.screen.query(QuoteCard), "the source")
    await pilot.press("t")
    await wait_for(
        pilot, lambda: app.screen.query(SourceText) and app.screen.query_one(SourceText).virtual_size.height, "the text"
    )
    text = app.screen.query_one(SourceText)
    passage = text.current_passage
    await wait_for(pilot, lambda: passage is None or text.is_in_view(passage), "the passage in view")
    await pilot.pause()
    return text


def underlined(reader: ScreenReader, app: TimelineApp, widget: SourceText) -> str:
    """The text drawn underlined (how every quoted passage is lit), its runs joined by spaces."""
    return " ".join(reader.runs(app, widget, lambda style: bool(style.underline)))


def write_texts(folder: Path, inspection: str) -> Path:
    """Source texts for the fixture timeline: the inspection report's is `inspection`, the
    others hold their quotes."""
    folder.mkdir(exist_ok=True)
    (folder / "inspection-2006.txt").write_text(inspection, encoding="utf-8")
    (folder / "hearing-2011.txt").write_text("We accept that mistakes were made.", encoding="utf-8")
    return folder


@with_texts
@bundled_with_texts
async def test_t_shows_the_whole_text_on_the_passage_of_the_quote_in_hand(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader
) -> None:
    refs = app.row_layout.quotes_by_source[LETTER]
    chosen = refs[len(refs) // 2]
    text = await open_text(pilot, LETTER, chosen)
    screen = app.screen
    assert isinstance(screen, SourceScreen) and screen.showing_text
    assert not screen.query_one(QuoteScroll).display
    assert app.focused is text
    passage = text.current_passage
    assert passage is not None and passage.ref == chosen
    assert text.placed.not_found == ()
    assert len(text.passages) == len(refs)
    # The current passage is on screen, lit in reverse, word for word the quote.
    lit_up = " ".join(run.rstrip(SCROLLBAR_BARS) for run in reader.lit(app, text))
    assert fold_whitespace(lit_up) == fold_whitespace(app.row_layout.quote(chosen).text)
    # Every other passage in view is lit too (underlined), and nothing else is.
    lit = fold_whitespace(underlined(reader, app, text))
    assert lit
    assert all(word in " ".join(app.row_layout.quote(ref).text for ref in refs) for word in lit.split())
    status = reader.text(app, screen.query_one("#source-text-status"))
    assert f"Passage {text.current + 1} of {len(refs)}:" in status
    assert app.row_layout.timeline.events[chosen.event].display_date in status
    assert "Source text" in reader.text(app)


@with_texts
@bundled_with_texts
async def test_n_and_N_go_through_the_passages_in_text_order_wrapping_at_the_ends(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader
) -> None:
    text = await open_text(pilot, LETTER, app.row_layout.quotes_by_source[LETTER][0])
    count = len(text.passages)
    await pilot.press("G")
    await pilot.pause()
    top = round(text.scroll_y)
    first = next(index for index, passage in enumerate(text.passages) if text.row_of(passage.start) >= top)
    assert first > 0
    visited = []
    for _ in range(count - first + 2):  # to the last, then round to the first and the second
        await pilot.press("n")
        await pilot.pause()
        visited.append(text.current)
        if text.current == 0:
            assert REACHED_LAST in notifications(app)
        passage = text.current_passage
        assert passage is not None
        top = round(text.scroll_y)
        assert top <= text.row_of(passage.start) < top + text.scrollable_content_region.height, "scrolled into view"
    assert visited == [*range(first, count), 0, 1], (
        "out of view of the current passage, n goes to the first below the top of the screen, "
        "and on in order, wrapping at the end"
    )
    starts = [passage.start for passage in text.passages]
    assert starts == sorted(starts)
    await pilot.press("N")
    await pilot.pause()
    assert text.current == 0
    await pilot.press("N")
    await pilot.pause()
    assert text.current == count - 1
    assert REACHED_FIRST in notifications(app)
    await pilot.press("left_square_bracket")
    await pilot.pause()
    assert text.current == count - 2, "[ and ] go from passage to passage too"


@with_texts
@bundled_with_texts
async def test_enter_opens_the_event_on_the_quote_of_the_passage(pilot: Pilot, app: TimelineApp) -> None:
    text = await open_text(pilot, LETTER)
    await pilot.press("n", "n", "n")
    await pilot.pause()
    passage = text.current_passage
    assert passage is not None
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, EventScreen) and app.screen.query(QuoteCard), "the event")
    assert app.screen.event == passage.ref.event
    focused = app.focused
    assert isinstance(focused, QuoteCard) and focused.ref == passage.ref
    await pilot.press("escape")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SourceScreen) and screen.showing_text and text.current_passage == passage


@with_texts
@bundled_with_texts
async def test_escape_and_t_go_back_to_the_quotes_on_the_passage_card(pilot: Pilot, app: TimelineApp) -> None:
    text = await open_text(pilot, LETTER)
    await pilot.press("n", "n")
    await pilot.pause()
    passage = text.current_passage
    assert passage is not None
    await pilot.press("escape")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SourceScreen) and not screen.showing_text
    focused = app.focused
    assert isinstance(focused, QuoteCard) and focused.ref == passage.ref
    await pilot.press("j", "t")
    await pilot.pause()
    assert screen.showing_text
    focused_ref = screen.query_one(SourceText).current_passage
    assert focused_ref is not None and focused_ref.ref != passage.ref, "back on the passage of the card in hand"
    await pilot.press("t")
    await pilot.pause()
    assert not screen.showing_text
    await pilot.press("escape")
    await pilot.pause()
    assert len(app.screen_stack) == 1


@pytest.mark.explorer(notifications=True)
async def test_without_source_texts_t_says_where_they_would_come_from(
    pilot: Pilot, app: TimelineApp, reader: ScreenReader
) -> None:
    app.open_source("inspection-2006")
    await pilot.pause()
    await pilot.press("t")
    await pilot.pause()
    assert notifications(app) == [NO_SOURCES]
    screen = app.screen
    assert isinstance(screen, SourceScreen) and not screen.showing_text and not screen.query(SourceText)
    assert "Quoted 4 times in 3 events" in reader.text(app)
    assert isinstance(app.focused, QuoteCard)


async def test_a_missing_text_is_named_with_why(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    app = make_app(fixture_timeline(), "fixture.yaml", sources_dir=folder)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_source("inspection-2006")
        await pilot.pause()
        await pilot.press("t")
        await wait_for(pilot, lambda: notifications(app), "the notice")
        (message,) = notifications(app)
        assert message == f"No text for this source: {folder / 'inspection-2006.txt'}: no such file"
        screen = app.screen
        assert isinstance(screen, SourceScreen) and not screen.showing_text
        assert isinstance(app.focused, QuoteCard)


HOSTILE_TEXT = "[bold]not bold[/bold] \x1b[31mred\x07 [@click=app.quit]x[/] oops [/] there\r\n"


async def test_a_hostile_text_is_shown_literally(tmp_path: Path, reader: ScreenReader) -> None:
    inspection = (
        f"{HOSTILE_TEXT}The working group met four times\nin its first year.\n\n{LONG_QUOTE}\n"
        "The review is complete. [link=https://example.org]here[/link]\n"
    )
    app = make_app(fixture_timeline(), "fixture.yaml", sources_dir=write_texts(tmp_path / "sources", inspection))
    async with app.run_test(size=(100, 30)) as pilot:
        text = await open_text(pilot, "inspection-2006")
        shown = reader.text(app, text)
        assert "[bold]not bold[/bold] ␛[31mred␇ [@click=app.quit]x[/] oops [/] there" in shown
        assert "␍" not in shown, "a CRLF line end is a line end"
        assert "[link=https://example.org]here[/link]" in shown
        assert_inert(reader.segments(app))
        status = reader.text(app, app.screen.query_one("#source-text-status"))
        assert "1 quote of this source not found in the text" in status, "“Progress has been slower …” is not in it"
        assert [app.row_layout.quote(passage.ref).text for passage in text.passages] == [
            "The working group met four times in its first year.",
            LONG_QUOTE,
            "The review is complete.",
        ]
        assert text.placed.not_found == (QuoteRef(2, 1),)


async def test_a_card_whose_quote_is_not_in_the_text_says_so(tmp_path: Path) -> None:
    app = make_app(
        fixture_timeline(), "fixture.yaml", sources_dir=write_texts(tmp_path / "sources", "The review is complete.")
    )
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        text = await open_text(pilot, "inspection-2006")
        assert "This quote is not found in the source's text." in notifications(app)
        assert text.current is None
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen), "no passage chosen: Enter says so and stays"
        await pilot.press("n", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen), "the event")
        assert app.screen.event == 8


@given(
    st.text(st.sampled_from("ab  \n日本\u0301-"), max_size=200),
    st.integers(min_value=1, max_value=30),
)
def test_wrapped_rows_fit_the_width_and_keep_every_word_in_order(text: str, width: int) -> None:
    text = display_text(text)
    starts, ends = wrap_rows(text, width)
    rows = [text[start:end] for start, end in zip(starts, ends)]
    assert all(cell_len(row.rstrip()) <= max(width, 2) for row in rows), rows
    assert "".join(row.replace(" ", "").replace("\n", "") for row in rows) == text.replace(" ", "").replace("\n", "")
    assert list(starts) == sorted(starts)


@with_texts
@bundled_with_texts
async def test_random_keys_on_a_source_text_never_crash_it(pilot: Pilot, app: TimelineApp) -> None:
    """The text view's own keys, Enter and Escape among them, in fast bursts and at changing
    widths: the app keeps running, with the timeline at the bottom of its screens."""
    rng = random.Random("source-text-keys")
    pool = [
        part.strip()
        for binding in [*SourceText.BINDINGS, *SourceScreen.BINDINGS]
        for part in binding.key.split(",")
        if part.strip() != "q"
    ]
    for burst, size in enumerate([(100, 30), (40, 12), (80, 24), (120, 40)]):
        app.show_in_list(0)
        await pilot.pause()
        await open_text(pilot, LETTER)
        await pilot.resize_terminal(*size)
        await type_fast(pilot, [rng.choice([*pool, "t", "n", "escape"]) for _ in range(40)])
        assert app.is_running, f"the app stopped during burst {burst}"
        assert type(app.screen_stack[0]).__name__ == "MainScreen"


async def test_a_click_chooses_a_passage_and_a_double_click_opens_its_event(tmp_path: Path) -> None:
    inspection = "Preamble.\nThe working group met four times in its first year.\n\nThe review is complete.\n"
    app = make_app(fixture_timeline(), "fixture.yaml", sources_dir=write_texts(tmp_path / "sources", inspection))
    async with app.run_test(size=(100, 30)) as pilot:
        text = await open_text(pilot, "inspection-2006", QuoteRef(8, 0))
        assert text.current == 1, "on the passage of the quote in hand: “The review is complete.”"
        column = 1 + len("The working")  # the widget's padding, then into the passage
        await pilot.click(SourceText, offset=(column, 1))
        await pilot.pause()
        assert text.current == 0
        await pilot.click(SourceText, offset=(column - 4, 0))
        await pilot.pause()
        assert text.current == 0, "a click outside every passage leaves the current one"
        await pilot.click(SourceText, offset=(column, 3), times=2)
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen), "the event")
        assert app.screen.event == 8


async def test_a_text_that_fails_to_be_read_is_reported_and_can_be_read_again(tmp_path: Path, monkeypatch) -> None:
    folder = write_texts(tmp_path / "sources", "The review is complete.")
    app = make_app(fixture_timeline(), "fixture.yaml", sources_dir=folder)
    real_read = source_screen.read_source_text

    def broken(*arguments):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(source_screen, "read_source_text", broken)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        app.open_source("inspection-2006")
        await pilot.pause()
        await pilot.press("t")
        await wait_for(pilot, lambda: notifications(app), "the failure reported")
        assert notifications(app) == ["RuntimeError: the disk went away"]
        screen = app.screen
        assert isinstance(screen, SourceScreen) and not screen.showing_text and screen.sub_title == "Source"
        monkeypatch.setattr(source_screen, "read_source_text", real_read)
        await pilot.press("t")
        await wait_for(pilot, lambda: screen.showing_text, "the text, read the second time")
