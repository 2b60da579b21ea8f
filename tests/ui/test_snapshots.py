"""Snapshots of each screen on the small fixed fixture timeline.

Update with `pytest tests/ui/test_snapshots.py --snapshot-update`, then look at the SVGs in
`tests/ui/__snapshots__/` (or the HTML report a failing run writes) before committing them.
"""

from __future__ import annotations

import pytest

from tui.app import make_app
from tui.model import Timeline


def test_main_screen_80x24(snap_compare, timeline: Timeline) -> None:
    assert snap_compare(make_app(timeline), terminal_size=(80, 24), press=["j", "j"])


def test_main_screen_120x40(snap_compare, timeline: Timeline) -> None:
    assert snap_compare(make_app(timeline), terminal_size=(120, 40), press=["j", "j"])


def test_event_screen(snap_compare, timeline: Timeline) -> None:
    assert snap_compare(make_app(timeline), terminal_size=(100, 30), press=["j", "j", "enter"])


def test_source_screen(snap_compare, timeline: Timeline) -> None:
    """The 2011 hearing's transcript, opened from the hearing's first quote."""
    assert snap_compare(make_app(timeline), terminal_size=(100, 30), press=["G", "k", "k", "enter", "_", "enter"])


def test_help_screen(snap_compare, timeline: Timeline, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GMP_TIMELINE_CONFIG", "/home/reader/.config/gmp-timeline")  # the help says where
    assert snap_compare(make_app(timeline, "fixture.yaml"), terminal_size=(100, 50), press=["question_mark"])
