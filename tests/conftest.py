"""Shared fixtures, and the settings that make every run of the suite the same.

- Hypothesis is derandomised: each property test tries the same examples on every run and every
  machine, so a failure can be reproduced, and the suite cannot pass today and fail tomorrow on
  the same code. No deadline: examples run slower when the suite runs in parallel.
- Every test gets a cache folder of its own (GMP_TIMELINE_CACHE), so that no test reads an entry
  another wrote, or writes into the user's cache; a config folder of its own
  (GMP_TIMELINE_CONFIG), so that the keys of whoever runs the suite are not the tests' keys; and a
  folder of its own for the stores of marks and notes (GMP_TIMELINE_NOTES), so that none writes
  into the user's own.
- Tests marked `long` (the full random-key runs) are left out of `make test`; `make test-long`
  runs them alone.
"""

import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, deadline=None, database=None, print_blob=True)
settings.load_profile("repeatable")


@pytest.fixture(autouse=True)
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GMP_TIMELINE_CACHE", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("GMP_TIMELINE_CONFIG", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("GMP_TIMELINE_NOTES", str(tmp_path_factory.mktemp("notes")))


MINIMAL = """\
title: A test timeline
sources:
  - id: letter
    title: A letter
    author: Someone
    kind: letter
    date: 2020-04-23
periods:
  - id: era
    title: An era
    start: 2005
    end: 2014
events:
  - id: first
    date: 2017-07-03
    title: Something happened
    summary: In the curator's words.
    quotes:
      - source: letter
        text: Exact words.
"""


@pytest.fixture
def write_timeline(tmp_path: Path):
    """Write YAML text (dedented) to a file and return its path."""

    def write(text: str, name: str = "timeline.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def large_timeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A timeline file just large enough to be cached (MINIMAL, padded with comments), and the
    cache folder of this test, empty: (the file, the folder)."""
    from tui.cache import SMALLEST_CACHED

    folder = tmp_path / "cache"
    monkeypatch.setenv("GMP_TIMELINE_CACHE", str(folder))
    path = tmp_path / "large.yaml"
    path.write_text(MINIMAL + "# padding\n" * (SMALLEST_CACHED // 10), encoding="utf-8")
    return path, folder
