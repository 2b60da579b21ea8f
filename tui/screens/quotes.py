"""What the event screen and the source screen share: a column of quote cards under a heading."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen, ScreenResultType
from textual.widgets import Footer

from ..collector import collect_garbage
from ..widgets.quotes import QuoteCard, QuoteScroll
from ..widgets.title_bar import TitleBar
from .closing import ClosesOnlyItself


class QuoteScreen(ClosesOnlyItself, Screen[ScreenResultType]):
    """A heading and quote cards; Enter follows the focused quote, Escape goes back a layer.

    Subclasses bind Enter to `choose` with their own description (where a quote leads differs),
    handle `QuoteCard.Chosen`, and say what `back` returns.
    """

    # q goes back one screen, as in VisiData; it quits only on the timeline.
    BINDINGS = [Binding("escape,q,backspace,h", "back", "Back", id="quotes.back")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield QuoteScroll()
        yield Footer()

    def on_unmount(self) -> None:
        self.app.call_after_refresh(collect_garbage)

    def action_choose(self) -> None:
        if isinstance(self.focused, QuoteCard):
            self.focused.choose()
