"""Snapshots of each screen on the small fixed fixture timeline.

Update with `pytest tests/ui/test_snapshots.py --snapshot-update`, then look at the SVGs in
`tests/ui/__snapshots__/` (or the HTML report a failing run writes) before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import make_app
from tui.model import Timeline
from tui.navigation import QuoteRef
from tui.widgets.source_text import SourceText

from .explorer import wait_for


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


HEARING = """COMMITTEE HEARING, 12 MAY 2011

Chair: Thank you for coming. What went wrong?

Witness A: We accept that mistakes were made. We did not act on what we were told, and we
should have done.

Chair: And since then?

Witness B: The recommendations have been implemented. [Every one of them.] Each is reported
to the board at its meetings.
"""


def test_source_text(snap_compare, timeline: Timeline, tmp_path: Path) -> None:
    """The 2011 hearing's transcript in full, on the passage of the hearing's second quote."""
    (tmp_path / "hearing-2011.txt").write_text(HEARING, encoding="utf-8")
    app = make_app(timeline, None, sources_dir=tmp_path)

    async def open_the_text(pilot: Pilot) -> None:
        app.open_source("hearing-2011", QuoteRef(6, 1))
        await pilot.pause()
        await pilot.press("t")
        await wait_for(pilot, lambda: app.screen.query(SourceText) and app.screen.query_one(SourceText).size, "text")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=open_the_text)
