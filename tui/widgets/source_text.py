"""A source's whole text, with every passage the timeline quotes lit up, drawn line by line."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..navigation import QuoteRef
from ..rendering import few_marks
from ..text import clean_text
from ..verify import Passage, QuotedPassages
from .paging import PAGE_DOWN, PAGE_UP

_SPACE_THEN_WORD = re.compile(r"(\s*)(\S+)")
_LINE_END_RETURN = re.compile(r"\r(?=\n)")
REACHED_LAST = "That was the last passage; continued from the first."
REACHED_FIRST = "That was the first passage; continued from the last."
PASSAGES = Binding.Group("Passage")


def display_text(text: str) -> str:
    """A source's text as drawn: control characters made visible as everywhere in the app (see
    `clean_text`), a tab and the carriage return of a CRLF line end drawn as a space.

    Every character stays one character, so a passage's place in the text is its place here.
    """
    return clean_text(_LINE_END_RETURN.sub(" ", text.replace("\t", " ")))


def wrap_rows(text: str, width: int) -> tuple[array[int], array[int]]:
    """Where each row starts and ends (exclusive) in `text` wrapped to `width` cells: a row per
    line, and a long line broken before the word that would pass the width (a word wider than
    a row is broken where the row ends). The whitespace where a line is broken is left out.

    Positions, not strings: the text is drawn a row at a time from them, and a 230 KB source
    wraps in a few tens of milliseconds.
    """
    width = max(width, 1)
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    line_start = 0
    length = len(text)
    while line_start < length or not starts:
        line_end = text.find("\n", line_start)
        if line_end < 0:
            line_end = length
        line = text[line_start:line_end]
        if (line.isascii() and len(line) <= width) or cell_len(line) <= width:
            starts.append(line_start)
            ends.append(line_end)
        else:
            _wrap_line(line, line_start, width, starts, ends)
        line_start = line_end + 1
    return starts, ends


def _wrap_line(line: str, offset: int, width: int, starts: array[int], ends: array[int]) -> None:
    row_start = 0
    row_width = 0
    for match in _SPACE_THEN_WORD.finditer(line):
        space_start, word_start, word_end = match.start(), match.start(2), match.end()
        space_width, word_width = _cells(match.group(1)), _cells(match.group(2))
        if row_width and row_width + space_width + word_width > width:
            starts.append(offset + row_start)
            ends.append(offset + space_start)
            row_start, row_width, space_width = word_start, 0, 0
        if row_width + space_width + word_width <= width:
            row_width += space_width + word_width
            continue
        # A word wider than a row: as much of it on each row as fits.
        row_width += space_width
        if match.group(2).isascii():
            # One cell a character: cut by arithmetic, not character by character (a text
            # of one unbroken megabyte would otherwise take seconds at each change of width).
            cut = word_start + max(width - row_width, 0)
            if cut == row_start:
                cut += width
            while word_end - cut > 0:
                starts.append(offset + row_start)
                ends.append(offset + cut)
                row_start, cut = cut, cut + width
            row_width = word_end - row_start
            continue
        for index in range(word_start, word_end):
            cells = get_character_cell_size(line[index])
            if row_width + cells > width and index > row_start:
                starts.append(offset + row_start)
                ends.append(offset + index)
                row_start, row_width = index, 0
            row_width += cells
    # The last row keeps the line's trailing spaces: drawing crops them at the edge.
    starts.append(offset + row_start)
    ends.append(offset + len(line))


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def merged_spans(passages: tuple[Passage, ...]) -> tuple[array[int], array[int]]:
    """The stretches of text that any passage covers, in order and apart (passages may overlap:
    two events can quote the same sentence)."""
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    for passage in passages:
        if passage.start == passage.end:
            continue
        if ends and passage.start <= ends[-1]:
            ends[-1] = max(ends[-1], passage.end)
        else:
            starts.append(passage.start)
            ends.append(passage.end)
    return starts, ends


class SourceText(ScrollView, can_focus=True, inherit_bindings=False):
    """A source's text whole, its quoted passages lit up and the current one lit brighter;
    `n` and `N` go from passage to passage and Enter opens the event the current one belongs to.

    Built on the Line API as the timeline list is: the text is wrapped once per width into row
    positions, and only the rows on screen are ever drawn, so every key costs the same whatever
    the text's length. The text is drawn literally (Segments, never markup), its control
    characters made visible (`display_text`).
    """

    DEFAULT_CSS = """
    SourceText {
        overflow-x: hidden;
        scrollbar-gutter: stable;
        padding: 0 1;
        & > .source-text--passage { background: $accent 25%; text-style: underline; }
        & > .source-text--current { text-style: reverse; }
    }
    """
    # The gutter is kept for the scrollbar so that the text's width, and so its wrapping, stays
    # the same whether the text is longer than the screen or not.

    COMPONENT_CLASSES = {"source-text--passage", "source-text--current"}

    BINDINGS = [
        Binding("n,right_square_bracket", "passage(1)", "Next passage", group=PASSAGES, id="text.next-passage"),
        Binding("N,left_square_bracket", "passage(-1)", "Previous passage", group=PASSAGES, id="text.previous-passage"),
        Binding("enter", "open", "Open its event", id="text.open-event"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, id="text.down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="text.up"),
        Binding(f"pagedown,{PAGE_DOWN}", "page(1)", "Page down", show=False, id="text.page-down"),
        Binding(f"pageup,{PAGE_UP}", "page(-1)", "Page up", show=False, id="text.page-up"),
        Binding("home,g", "edge(-1)", "Top", show=False, id="text.top"),
        Binding("end,G", "edge(1)", "Bottom", show=False, id="text.bottom"),
    ]

    class Moved(Message):
        """Another passage became the current one (`passage`, its index; None for none)."""

        def __init__(self, source_text: SourceText, passage: int | None) -> None:
            super().__init__()
            self.source_text = source_text
            self.passage = passage

        @property
        def control(self) -> SourceText:
            return self.source_text

    class Chosen(Message):
        """The reader asked for the event that the quote at `ref` belongs to."""

        def __init__(self, source_text: SourceText, ref: QuoteRef) -> None:
            super().__init__()
            self.source_text = source_text
            self.ref = ref

        @property
        def control(self) -> SourceText:
            return self.source_text

    def __init__(self, placed: QuotedPassages, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.placed = placed
        self.text = display_text(placed.text)
        self.passages = placed.passages
        self._lit_starts, self._lit_ends = merged_spans(placed.passages)
        self._passage_starts = array("q", (passage.start for passage in placed.passages))
        self.current: int | None = None
        """The index in `passages` of the current passage, the one Enter opens."""
        self._width = 0
        """The width the rows were wrapped to; 0 before the first layout."""
        self._row_starts: array[int] = array("q")
        self._row_ends: array[int] = array("q")
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(1024)

    @property
    def current_passage(self) -> Passage | None:
        return None if self.current is None else self.passages[self.current]

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width == self._width or width <= 0:
            return
        top = self._row_starts[round(self.scroll_y)] if self._row_starts else 0
        self._width = width
        self._row_starts, self._row_ends = wrap_rows(self.text, width)
        self._strips.clear()
        self.virtual_size = Size(width, len(self._row_starts))
        self.refresh()
        # Once the new height is laid out (until then the scroll is held to the old one), back to
        # the row that was at the top, or to the current passage.
        self.call_after_refresh(self._scroll_back, top)

    def _scroll_back(self, top: int) -> None:
        # Forced: the scrollbar that allows scrolling is only shown at the next layout.
        self.scroll_to(y=self.row_of(top), animate=False, force=True)
        if self.current is not None:
            self._scroll_to_passage(self.passages[self.current])

    def notify_style_update(self) -> None:
        """Forget drawn rows when the theme changes: their colours came from the old one."""
        super().notify_style_update()
        self._strips.clear()

    def row_of(self, offset: int) -> int:
        """The row that shows the character at `offset`."""
        return max(bisect_right(self._row_starts, offset) - 1, 0)

    def show_passage(self, index: int | None) -> None:
        """Make the passage at `index` the current one and scroll it into view."""
        self.current = index
        self._strips.clear()
        self.refresh()
        if index is not None and self._width:
            self._scroll_to_passage(self.passages[index])
        self.post_message(self.Moved(self, index))

    def _scroll_to_passage(self, passage: Passage) -> None:
        """Bring the passage into view, with a few rows of what leads up to it above it when it
        was not in view already."""
        height = max(self.scrollable_content_region.height, 1)
        first = self.row_of(passage.start)
        last = self.row_of(max(passage.end - 1, passage.start))
        top = round(self.scroll_y)
        if first >= top and last < top + height:
            return
        context = min(3, height // 4)
        target = first - context if last - first + context < height else first
        self.scroll_to(y=max(target, 0), animate=False, force=True)

    def action_passage(self, step: int) -> None:
        """The next (or previous) passage, wrapping at the ends with a notice, as `n` does on the
        timeline. From a passage out of view, the next is the first below the top of the screen."""
        if not self.passages:
            self.notify("No quote of the timeline is found in this text.", severity="warning")
            return
        count = len(self.passages)
        if self.current is not None and self.is_in_view(self.passages[self.current]):
            target = self.current + step
        else:
            top = self._row_starts[round(self.scroll_y)] if self._row_starts else 0
            first_below = bisect_left(self._passage_starts, top)
            target = first_below if step > 0 else first_below - 1
        if target >= count:
            self.notify(REACHED_LAST)
            target = 0
        elif target < 0:
            self.notify(REACHED_FIRST)
            target = count - 1
        self.show_passage(target)

    def is_in_view(self, passage: Passage) -> bool:
        """Whether any row of `passage` is on screen."""
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        return self.row_of(passage.start) < top + height and self.row_of(max(passage.end - 1, 0)) >= top

    def action_open(self) -> None:
        passage = self.current_passage
        if passage is None:
            self.notify("No passage is chosen: n goes to the next one, N to the previous.")
            return
        self.post_message(self.Chosen(self, passage.ref))

    def action_scroll(self, lines: int) -> None:
        self.scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        (self.scroll_page_down if direction > 0 else self.scroll_page_up)(animate=False)

    def action_edge(self, direction: int) -> None:
        (self.scroll_end if direction > 0 else self.scroll_home)(animate=False)

    def on_click(self, event: events.Click) -> None:
        """A click on a lit passage makes it the current one; a double click opens its event."""
        offset = self._offset_at(event.x - self.gutter.left, event.y + round(self.scroll_y))
        if offset is None:
            return
        covering = [index for index, passage in enumerate(self.passages) if passage.start <= offset < passage.end]
        if not covering:
            return
        index = self.current if self.current in covering else covering[-1]
        if index != self.current:
            self.show_passage(index)
        if event.chain >= 2:
            self.action_open()

    def _offset_at(self, x: int, row: int) -> int | None:
        """The character of the text drawn at cell `x` of `row`, if any."""
        if not 0 <= row < len(self._row_starts) or x < 0:
            return None
        cells = 0
        for offset in range(self._row_starts[row], self._row_ends[row]):
            cells += get_character_cell_size(self.text[offset])
            if cells > x:
                return offset
        return None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = round(self.scroll_y) + y
        base = self.rich_style
        if row >= len(self._row_starts) or width <= 0:
            return Strip.blank(width, base)
        key = (row, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._render_row(row, width, base)
        return strip

    def _render_row(self, row: int, width: int, base: Style) -> Strip:
        start = self._row_starts[row]
        # Only what the row can show is drawn: a run of characters of no width (such as
        # combining marks or zero-width spaces) could otherwise make a row of a megabyte.
        end = min(self._row_ends[row], start + 4 * width + 16)
        # The tint of a lit passage is blended into the background (only a whole component style
        # is); the current passage only adds its reverse to whatever it stands on.
        lit = base + self.get_component_rich_style("source-text--passage")
        current = self.get_component_rich_style("source-text--current", partial=True)
        # Where the style changes along the row: the edges of lit stretches and of the current passage.
        styles: list[tuple[int, int, Style]] = []
        first = bisect_right(self._lit_ends, start)
        for index in range(first, len(self._lit_starts)):
            if self._lit_starts[index] >= end:
                break
            styles.append((max(self._lit_starts[index], start), min(self._lit_ends[index], end), lit))
        passage = self.current_passage
        segments: list[Segment] = []
        position = start
        for lit_start, lit_end, style in styles:
            segments.extend(self._pieces(position, lit_start, base, passage, current))
            segments.extend(self._pieces(lit_start, lit_end, style, passage, current))
            position = lit_end
        segments.extend(self._pieces(position, end, base, passage, current))
        return Strip(segments).adjust_cell_length(width, base)

    def _pieces(self, start: int, end: int, style: Style, passage: Passage | None, current: Style) -> list[Segment]:
        """The text from `start` to `end` in `style`, the part in the current passage in `current`."""
        if start >= end:
            return []
        if passage is None or passage.end <= start or passage.start >= end:
            return [Segment(few_marks(self.text[start:end]), style)]
        inside_start, inside_end = max(passage.start, start), min(passage.end, end)
        return [
            Segment(few_marks(self.text[start:inside_start]), style),
            Segment(few_marks(self.text[inside_start:inside_end]), style + current),
            Segment(few_marks(self.text[inside_end:end]), style),
        ]
