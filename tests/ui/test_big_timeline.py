"""A 100,000-event timeline opens, and moves to its ends and back, on the right events."""

from __future__ import annotations

from tui.app import make_app
from tui.model import Timeline
from tui.widgets.event_detail import EventDetail
from tui.widgets.timeline_list import TimelineList

from .explorer import ScreenReader


async def test_end_and_back(big: Timeline, reader: ScreenReader) -> None:
    app = make_app(big)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        timeline_list = app.screen.query_one(TimelineList)
        index = timeline_list.row_layout
        assert index.event_count == 100_000

        await pilot.press("G")
        assert timeline_list.cursor == 99_999
        assert "Event number 99999" in reader.text(app, timeline_list)
        assert "Event number 99999" in reader.text(app, app.screen.query_one(EventDetail))

        await pilot.press("g")
        assert timeline_list.cursor == 0
        assert timeline_list.scroll_offset.y == 0
        assert "Event number 0 " in reader.text(app, timeline_list)

        page = timeline_list.scrollable_content_region.height - 1
        for pages in range(1, 4):
            await pilot.press("pagedown")
            assert timeline_list.cursor == index.event_near_row(1 + pages * page)
        shown = big.events[timeline_list.cursor].title
        assert shown in reader.text(app, timeline_list)

        await pilot.press("end", "pageup")
        assert timeline_list.cursor == index.event_near_row(index.row_count - 1 - page)
        await pilot.press("home", "right_curly_bracket", "right_curly_bracket")
        assert timeline_list.cursor == 2_400, "two years on, at 1,200 events a year"
