"""The reader's own keys (keys.yaml in the config folder): the keys work, the help and the
footer show them, and a broken file is reported while the explorer keeps its own keys."""

from __future__ import annotations

import os
from pathlib import Path

from timelines import fixture_timeline

from tui.app import TimelineApp, make_app
from tui.screens.help import HelpScreen
from tui.widgets.timeline_list import TimelineList

from .explorer import ScreenReader, notifications, wait_for


def keys_file(text: str) -> Path:
    path = Path(os.environ["GMP_TIMELINE_CONFIG"]) / "keys.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def cursor(app: TimelineApp) -> int:
    return app.screen.query_one(TimelineList).cursor


async def test_the_readers_keys_do_the_actions_and_the_help_shows_them() -> None:
    keys_file("list.down: ctrl+n\nlist.export: x\n")
    app = make_app(fixture_timeline())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.readers_keys, "the keys file read")
        await pilot.press("j")
        await pilot.pause()
        assert cursor(app) == 0  # an action named in the file loses its own keys
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: cursor(app) == 1, "ctrl+n to move down")
        assert "x Export" in ScreenReader().text(app)  # the footer
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        text = ScreenReader().text(app)
        assert "^n" in text and "Next event" in text


async def test_a_broken_keys_file_is_reported_and_the_explorers_keys_stay() -> None:
    path = keys_file("list.down: ctrl+n\nlist.dwn: j\n")
    app = make_app(fixture_timeline())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: notifications(app), "the report")
        assert notifications(app) == [
            f"{path}:2:1: 'list.dwn' is not an action; README lists them\nThe explorer's own keys are used."
        ]
        await pilot.press("j")
        await wait_for(pilot, lambda: cursor(app) == 1, "j still moving down")


def test_the_readme_lists_every_action_that_can_be_given_keys() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    missing = sorted(action for action in make_app(fixture_timeline()).action_ids() if f"| `{action}` |" not in readme)
    assert not missing
