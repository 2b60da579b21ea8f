"""The reader's keys file: what it may say, and how a broken one is reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.errors import TimelineError
from tui.keymap import LARGEST_KEYS_FILE, config_folder, keys_file, read_keymap

ACTIONS = {"list.search", "list.down", "app.help"}


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "keys.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(TimelineError) as raised:
        read_keymap(path, ACTIONS)
    return [str(error) for error in raised.value.errors]


def test_the_config_folder_can_be_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GMP_TIMELINE_CONFIG", str(tmp_path))
    assert config_folder() == tmp_path
    assert keys_file() == tmp_path / "keys.yaml"


def test_no_keys_file_changes_no_key(tmp_path: Path) -> None:
    assert read_keymap(tmp_path / "keys.yaml", ACTIONS) == {}
    assert read_keymap(written(tmp_path, "# nothing yet\n"), ACTIONS) == {}


def test_actions_get_the_keys_given(tmp_path: Path) -> None:
    path = written(tmp_path, "list.search: ctrl+f\nlist.down: j, down ,ctrl+n\napp.help: '?'\n")
    assert read_keymap(path, ACTIONS) == {"list.search": "ctrl+f", "list.down": "j,down,ctrl+n", "app.help": "?"}


def test_an_unknown_action_is_placed(tmp_path: Path) -> None:
    path = written(tmp_path, "list.search: ctrl+f\nlist.serch: s\n")
    assert problems(path) == [f"{path}:2:1: 'list.serch' is not an action; README lists them"]


def test_keys_that_are_not_names_are_placed(tmp_path: Path) -> None:
    path = written(tmp_path, "list.search: [ctrl+f]\nlist.down: 'j,,k'\napp.help: two words\n")
    assert [problem.split(": ", 1)[0] for problem in problems(path)] == [f"{path}:1:14", f"{path}:2:12", f"{path}:3:11"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- list.search\n", "1:1: the keys file must be a mapping of actions to keys"),
        ("list.search: [ctrl+f\n", "2:1: YAML syntax error"),
        ("list.search: a\nlist.search: b\n", "2:1:"),
    ],
)
def test_a_broken_file_is_placed(tmp_path: Path, text: str, expected: str) -> None:
    path = written(tmp_path, text)
    assert problems(path)[0].startswith(f"{path}:{expected}")


def test_a_file_that_is_not_text_or_too_big_or_not_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_bytes(b"list.search: \xff\n")
    assert problems(path) == [f"{path}:1:1: the keys file is not UTF-8 text"]
    path.write_text("#" * (LARGEST_KEYS_FILE + 1))
    assert "the largest file read is" in problems(path)[0]
    path.unlink()
    os.mkfifo(path)
    assert problems(path) == [f"{path}:1:1: is a named pipe, not a keys file"]
    path.unlink()
    path.mkdir()
    assert problems(path) == [f"{path}:1:1: is a directory, not a keys file"]
