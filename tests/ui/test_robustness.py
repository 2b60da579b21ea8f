"""Nothing crashes: random keys on every screen, terminal sizes from tiny to huge, hostile files.

The random-key test presses keys drawn from the app's own bindings (so it reaches every screen
and dialog the keys open) mixed with printable characters, in seeded bursts, and checks after
each burst that the app still runs and its screen stack is sane.
"""

from __future__ import annotations

import inspect
import random
import string

import pytest
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from timelines import HOSTILE, LOADABLE

import tui.app
import tui.screens
import tui.widgets
from tui.app import make_app
from tui.loader import bundled_timeline_path, load_timeline
from tui.screens.confirm import ConfirmScreen
from tui.screens.event import EventScreen
from tui.screens.main import MainScreen

from .explorer import ScreenReader, type_fast

QUITTING_KEYS = {"q", "ctrl+q", "ctrl+c", "ctrl+z"}
"""Keys that end (or suspend) the app on purpose; pressing them would end the test, not test anything."""


def binding_keys() -> list[str]:
    """Every key bound anywhere in the app's screens and widgets (quitting keys left out)."""
    keys: set[str] = set()
    modules = [
        tui.app,
        *(module for _, module in inspect.getmembers(tui.screens, inspect.ismodule)),
        *(module for _, module in inspect.getmembers(tui.widgets, inspect.ismodule)),
    ]
    for module in modules:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__.startswith("tui."):
                for binding in cls.BINDINGS:
                    key = binding.key if isinstance(binding, Binding) else binding[0]
                    keys.update(part.strip() for part in key.split(","))
    return sorted(keys - QUITTING_KEYS)


def test_the_key_pool_reaches_the_screens():
    keys = binding_keys()
    assert {"enter", "escape", "question_mark", "j", "G", "[", "ctrl+p"} <= set(keys)
    assert not QUITTING_KEYS & set(keys)


def random_keys(rng: random.Random, pool: list[str], count: int) -> list[str]:
    """Bound keys and printable characters, with Enter, Escape and Ctrl+S more often than any
    other key: each screen opens with Enter on the one below it and closes with Escape, and a walk
    that seldom goes deeper or back seldom reaches the source screen or the export dialog. The
    note editor takes every printable key as text and asks before Escape discards it, so Ctrl+S
    (save) is its way out: without it the walk spent most of its keys writing a note."""
    printable = [character for character in string.ascii_letters + string.digits if character != "q"]
    printable += [
        "left_square_bracket",
        "right_square_bracket",
        "left_curly_bracket",
        "right_curly_bracket",
        "left_parenthesis",
        "right_parenthesis",
        "slash",
        "minus",
        "colon",
        "quotation_mark",
        "apostrophe",
        "space",
    ]
    keys = []
    for _ in range(count):
        draw = rng.random()
        if draw < 0.18:
            keys.append("enter" if draw < 0.07 else "escape" if draw < 0.14 else "ctrl+s")
        elif draw < 0.65:
            keys.append(rng.choice(pool))
        else:
            keys.append(rng.choice(printable))
    return keys


SCREENS_REACHED = {"EventScreen", "SourceScreen", "HelpScreen", "ExportScreen", "TimelinePalette"}
"""The screens and dialogs that keys open, each of which the random keys must reach."""


@pytest.mark.parametrize(
    "presses",
    [1000, pytest.param(15000, marks=pytest.mark.long)],
    ids=["1000-keys", "15000-keys"],
)
@pytest.mark.parametrize("name", ["bundled", "markup-in-every-field.yaml", "control-characters-in-every-field.yaml"])
async def test_random_keys_never_crash_the_app(name, presses, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # an export dialog opened by chance writes here, not into the repository
    timeline = load_timeline(bundled_timeline_path() if name == "bundled" else HOSTILE / name)
    rng = random.Random(f"random-keys-{name}")
    pool = binding_keys()
    app = make_app(timeline, None)
    opened: set[str] = set()
    push_screen = app.push_screen

    def record_and_push(screen, *arguments, **keywords):
        opened.add(type(screen).__name__)
        return push_screen(screen, *arguments, **keywords)

    monkeypatch.setattr(app, "push_screen", record_and_push)
    async with app.run_test(size=(100, 30)) as pilot:
        for burst in range(presses // BURST):
            await type_fast(pilot, random_keys(rng, pool, BURST))
            assert app.is_running, f"the app stopped during burst {burst}"
            stack = app.screen_stack
            assert isinstance(stack[0], MainScreen), [type(screen).__name__ for screen in stack]
            assert len(stack) < 60, [type(screen).__name__ for screen in stack]
        assert app.return_code is None
    assert SCREENS_REACHED <= opened, f"never opened: {SCREENS_REACHED - opened}"


BURST = 50
"""Keys sent at once, as a fast typist or a paste would send them, before the app catches up."""


def visible_text(app) -> str:
    return ScreenReader().text(app)


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (250, 80)])
async def test_starts_and_stays_usable_at_each_size(size):
    timeline = load_timeline(bundled_timeline_path())
    first, last = timeline.events[0], timeline.events[-1]
    app = make_app(timeline, None)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = visible_text(app)
        assert "Greater" in text
        assert str(first.date.year) in text
        await pilot.press("G")
        await pilot.pause()
        assert last.display_date in visible_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EventScreen)
        assert last.display_date in visible_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_survives_resizing_between_sizes():
    app = make_app(load_timeline(bundled_timeline_path()), None)
    async with app.run_test(size=(80, 24)) as pilot:
        for size in [(40, 12), (250, 80), (80, 24), (40, 12), (120, 40)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.press("j", "enter")
            await pilot.pause()
            assert isinstance(app.screen, EventScreen)
            assert "Event" in visible_text(app)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert "Greater" in visible_text(app)


@pytest.mark.parametrize("name", LOADABLE)
async def test_hostile_files_open_in_the_explorer_and_show_text_safely(name):
    timeline = load_timeline(HOSTILE / name)
    app = make_app(timeline, str(HOSTILE / name))
    async with app.run_test(size=(100, 30)) as pilot:
        for keys in (["j"], ["enter"], ["enter"], ["escape", "escape"]):
            await pilot.press(*keys)
            await pilot.pause()
            for text, _style, _control in ScreenReader().segments(app):
                assert not any(ord(character) < 0x20 for character in text), repr(text)
                assert not any(0x80 <= ord(character) <= 0x9F for character in text), repr(text)
        assert isinstance(app.screen, MainScreen)
    if name == "markup-in-every-field.yaml":
        assert app.return_code is None  # [@click=app.quit] did not quit


async def test_a_key_that_arrives_after_the_screens_have_closed_is_dropped():
    app = make_app(load_timeline(bundled_timeline_path()), None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert not app.screen_stack
    await app.on_event(events.Key("j", "j"))  # raised ScreenStackError: No screens on stack


@pytest.mark.explorer(app="bundled")
async def test_a_dialog_answered_twice_closes_once_and_answers_once(pilot, app):
    """Two Enters on a focused button in one read give two Button.Pressed: the second closed the
    screen under the dialog and gave the answer again."""
    answers = []
    dialog = ConfirmScreen("Replace the file?", "Replace", "Keep it")
    await app.push_screen(dialog, answers.append)
    dialog.dismiss(True)
    dialog.dismiss(True)
    await pilot.pause()
    assert answers == [True]
    assert [type(screen) for screen in app.screen_stack] == [MainScreen]
