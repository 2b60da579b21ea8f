"""The line at the top of every screen: the timeline's title and where the user is."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..rendering import LABEL, bounded

TITLE_SHOWN = 300
"""Characters of the timeline's title the bar shows at most: it has three lines."""


class TitleBar(Static):
    """Shows the app's title and the screen's `sub_title`, and follows changes to both.

    Used instead of Textual's `Header`, which cuts a long title to one line: here a title that
    does not fit wraps onto a second line rather than lose its end.
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
        self.update(Content.assemble(title, (f" — {sub_title}", LABEL)) if sub_title else title)
