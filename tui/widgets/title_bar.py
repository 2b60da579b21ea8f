"""The line at the top of every screen: the timeline's title and where the user is."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from ..rendering import LABEL, bounded
from ..text import clean_name
from ..wording import trail

TITLE_SHOWN = 300
"""Characters of the timeline's title the bar shows at most: it has three lines."""
CRUMB_LIMITS = (60, 40, 24, 12)
"""Characters of an event's or a source's step in the trail, tried in turn until it fits."""


class TitleBar(Static):
    """Shows the app's title and the screen's `sub_title`, and follows changes to both.

    Used instead of Textual's `Header`, which cuts a long title to one line: here a title that
    does not fit wraps onto a second line rather than lose its end.

    Above the timeline, a second line is the trail of screens that led here, each screen's
    `crumb` (an event's date and title, a source's title) after the timeline's.
    """

    DEFAULT_CSS = """
    TitleBar {
        width: 1fr;
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $panel;
        text-align: center;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._show, init=False)
        self.watch(self.screen, "sub_title", self._show)

    def _show(self) -> None:
        title = Content.assemble((bounded(self.app.title, TITLE_SHOWN), "bold"))
        sub_title = self.screen.sub_title
        line = Content.assemble(title, (f" — {sub_title}", LABEL)) if sub_title else title
        crumbs = self._crumbs()
        if crumbs:
            line = Content("\n").join([line, Content.assemble((self._fitted_trail(crumbs), LABEL))])
        self.update(line)

    def on_resize(self) -> None:
        self._show()

    def _fitted_trail(self, crumbs: list[str]) -> str:
        """The trail on one line if it can be: each step cut shorter, then the first steps left
        out (the screen's own step is the last to go)."""
        width = self.content_region.width or self.app.size.width
        for limit in CRUMB_LIMITS:
            fitted = trail(crumbs, limit)
            if cell_len(fitted) <= width:
                return fitted
        for first in range(1, len(crumbs)):
            fitted = trail(["…", *crumbs[first:]], CRUMB_LIMITS[-1])
            if cell_len(fitted) <= width:
                return fitted
        return fitted

    def _crumbs(self) -> list[str]:
        stack = self.app.screen_stack
        below = stack[: stack.index(self.screen) + 1] if self.screen in stack else [self.screen]
        crumbs = [getattr(screen, "crumb", None) for screen in below]
        return [bounded(clean_name(crumb)) for crumb in crumbs if crumb]  # one line, whatever a title holds
