"""A ruler of the timeline's years: how many events each holds, and where the cursor is."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

BARS = " ▁▂▃▄▅▆▇█"
MAX_CELL = 4
"""Most columns one year takes; fewer when the years do not fit."""


class YearRuler(Widget):
    """Two lines: a bar per year, as tall as its share of events, and the years under them.

    The cursor's year is lit and labelled with its count. A click on a year asks for a jump
    there. When there are more years than columns, the ruler shows the stretch around the
    cursor's year. Drawing walks the years, never the events, so it costs the same whatever the
    timeline's length.
    """

    DEFAULT_CSS = """
    YearRuler {
        height: 2;
        & > .year-ruler--bar { color: $primary; }
        & > .year-ruler--label { color: $foreground-muted; }
        & > .year-ruler--cursor { color: $accent; text-style: bold; }
    }
    """

    COMPONENT_CLASSES = {"year-ruler--bar", "year-ruler--label", "year-ruler--cursor"}

    year: reactive[int | None] = reactive(None)
    """The cursor's year, lit on the ruler."""

    class YearSelected(Message):
        """The user clicked a year on the ruler."""

        def __init__(self, year: int) -> None:
            super().__init__()
            self.year = year

    def __init__(self, counts: dict[int, int], span: tuple[int, int] | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts = counts
        self.first, self.last = span or (0, -1)
        self.busiest = max(counts.values(), default=0)

    def show_counts(self, counts: dict[int, int]) -> None:
        """Draw the bars from other counts (those of a search's results) over the same years."""
        self.counts = counts
        self.busiest = max(counts.values(), default=0)
        self.refresh()

    @property
    def year_count(self) -> int:
        return self.last - self.first + 1

    def _layout(self) -> tuple[int, int, int]:
        """Columns per year, the first year shown, and how many years are shown."""
        width = self.size.width
        if self.year_count <= 0 or width <= 0:
            return 1, self.first, 0
        cell = max(1, min(MAX_CELL, width // self.year_count))
        shown = min(self.year_count, width // cell)
        centre = self.year if self.year is not None else self.first
        start = min(max(centre - shown // 2, self.first), self.last - shown + 1)
        return cell, start, shown

    def render_line(self, y: int) -> Strip:
        cell, start, shown = self._layout()
        width = self.size.width
        base = self.rich_style
        if y == 0:
            bar = base + self.get_component_rich_style("year-ruler--bar")
            lit = base + self.get_component_rich_style("year-ruler--cursor")
            segments = [
                Segment(self._bar(year, cell), lit if year == self.year else bar)
                for year in range(start, start + shown)
            ]
        elif y == 1:
            segments = self._labels(cell, start, shown, width)
        else:
            segments = []
        return Strip(segments).adjust_cell_length(width, base)

    def _bar(self, year: int, cell: int) -> str:
        count = self.counts.get(year, 0)
        height = -(-count * (len(BARS) - 1) // self.busiest) if count else 0
        glyphs = BARS[height] * (cell - 1 if cell > 1 else 1)
        return glyphs.ljust(cell)

    def _labels(self, cell: int, start: int, shown: int, width: int) -> list[Segment]:
        """Year labels under the bars: the cursor's year with its count first, then as many of
        the first, the last and the round years as fit with a space between them."""
        placed: list[tuple[int, str, bool]] = []

        def place(x: int, text: str, lit: bool) -> None:
            size = cell_len(text)
            x = min(max(x, 0), width - size)
            clashes = any(x <= other + cell_len(other_text) and other <= x + size for other, other_text, _ in placed)
            if x >= 0 and not clashes:
                placed.append((x, text, lit))

        if self.year is not None and start <= self.year < start + shown:
            place((self.year - start) * cell, f"{self.year}: {self.counts.get(self.year, 0):,}", True)
        step = next((step for step in (1, 2, 5, 10, 20, 50) if step * cell >= 6), 100)
        round_years = range(start + -start % step, start + shown, step)
        for year in (start, start + shown - 1, *round_years):
            place((year - start) * cell, str(year), False)

        base = self.rich_style
        label = base + self.get_component_rich_style("year-ruler--label")
        lit = base + self.get_component_rich_style("year-ruler--cursor")
        segments: list[Segment] = []
        column = 0
        for x, text, is_lit in sorted(placed):
            segments.append(Segment(" " * (x - column), base))
            segments.append(Segment(text, lit if is_lit else label))
            column = x + cell_len(text)
        return segments

    def on_click(self, event: events.Click) -> None:
        cell, start, shown = self._layout()
        offset = event.x // cell
        if 0 <= offset < shown:
            self.post_message(self.YearSelected(start + offset))
