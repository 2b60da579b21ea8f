import textwrap
from pathlib import Path

import pytest

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
