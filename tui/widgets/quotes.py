"""Quotes in full, one card each, in a column the keys can move through."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Static

from ..navigation import QuoteRef
from ..rendering import SHORT_QUOTE
from ..wording import shorten
from .paging import PAGE_DOWN, PAGE_UP


class QuoteCard(Static, can_focus=True):
    """One quote, whole: Enter or a double click follows it (the screen decides where to), and
    `c` copies it with who said it and where, to be pasted exactly as the source wrote it."""

    DEFAULT_CSS = """
    QuoteCard {
        width: 1fr;
        margin: 1 0 0 0;
        padding: 0 1;
        border-left: blank;
        &:focus {
            border-left: thick $accent;
            background: $boost;
        }
    }
    """

    BINDINGS = [Binding("c", "copy", "Copy quote", id="quotes.copy")]

    class Chosen(Message):
        """The user chose this quote: the screen decides where that leads."""

        def __init__(self, card: QuoteCard) -> None:
            super().__init__()
            self.card = card

        @property
        def control(self) -> QuoteCard:
            return self.card

    def __init__(self, content: Content, ref: QuoteRef, citation: str) -> None:
        super().__init__(content)
        self.ref = ref
        self.citation = citation
        """The quote with who said it and where, as plain text for the clipboard."""

    def choose(self) -> None:
        self.post_message(self.Chosen(self))

    def on_click(self, event: events.Click) -> None:
        """A click focuses the card (Textual does that on mouse down); a double click chooses it."""
        if event.chain >= 2:
            self.choose()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.citation)
        self.notify(f"Copied: {shorten(self.citation, SHORT_QUOTE // 2)}", markup=False)


class QuoteScroll(VerticalScroll, inherit_bindings=False):
    """A heading and quote cards; `j`/`k` move from quote to quote, PageUp/PageDown scroll (a
    quote longer than the screen is read that way).

    It takes focus itself only when it holds no quotes, so that the keys still scroll it.
    """

    DEFAULT_CSS = """
    QuoteScroll {
        padding: 0 1;
        & > .heading { width: 1fr; padding: 0 1; }
    }
    """

    BINDINGS = [
        Binding("j,down", "step(1)", "Next quote", show=False, id="quotes.down"),
        Binding("k,up", "step(-1)", "Previous quote", show=False, id="quotes.up"),
        Binding(f"pagedown,{PAGE_DOWN}", "page(1)", "Scroll down", show=False, id="quotes.page-down"),
        Binding(f"pageup,{PAGE_UP}", "page(-1)", "Scroll up", show=False, id="quotes.page-up"),
        Binding("home,g", "edge(-1)", "First quote", show=False, id="quotes.first"),
        Binding("end,G", "edge(1)", "Last quote", show=False, id="quotes.last"),
    ]

    FIRST_CARDS = 12
    """Cards mounted before the column is first drawn: more than a tall terminal shows. The rest
    follow in batches of LATER_CARDS, a frame each, so that an event of a hundred quotes opens
    as fast as one of four (mounting a card costs about a millisecond)."""
    LATER_CARDS = 24

    def __init__(self) -> None:
        super().__init__()
        self._unmounted: list[QuoteCard] = []
        """The cards of the quotes shown that are still to be mounted, in order."""

    async def show(self, heading: Content, cards: list[QuoteCard], focus: int = 0) -> None:
        """Replace what the column holds and focus the quote numbered `focus` (the first, or the
        one the reader came by), scrolled into view."""
        first = max(self.FIRST_CARDS, focus + 1)
        self._unmounted = cards[first:]
        await self.remove_children()
        await self.mount(Static(heading, classes="heading"), *cards[:first])
        self.can_focus = not cards
        self.scroll_home(animate=False)
        if not cards:
            self.focus(scroll_visible=False)
        elif 0 < focus < len(cards):
            cards[focus].focus()
        else:
            cards[0].focus(scroll_visible=False)
        if self._unmounted:
            self.call_after_refresh(self._mount_later_cards, self._unmounted)

    async def _mount_later_cards(self, batch_of: list[QuoteCard]) -> None:
        if batch_of is not self._unmounted:
            return  # another event or source is shown now, or every card is mounted already
        batch, self._unmounted = self._unmounted[: self.LATER_CARDS], self._unmounted[self.LATER_CARDS :]
        await self.mount(*batch)
        if self._unmounted:
            self.call_after_refresh(self._mount_later_cards, self._unmounted)

    async def _mount_every_card(self) -> None:
        """Mount what is still to be mounted, for a key that goes to the last quote."""
        batch, self._unmounted = self._unmounted, []
        if batch:
            await self.mount(*batch)

    def action_page(self, direction: int) -> None:
        """Scroll a page; if the focused quote leaves the screen, focus the first quote in view,
        so that Enter and `c` act on a quote the user can see."""
        scroll = self.scroll_page_down if direction > 0 else self.scroll_page_up
        scroll(animate=False, on_complete=self._focus_in_view)

    def _focus_in_view(self) -> None:
        view = Region(0, round(self.scroll_y), self.size.width, self.scrollable_content_region.height)
        cards = [card for card in self.query(QuoteCard) if card.virtual_region.overlaps(view)]
        if cards and self.screen.focused not in cards:
            cards[0].focus(scroll_visible=False)

    async def action_edge(self, direction: int) -> None:
        """To the top or the bottom, with the first or the last quote focused."""
        if direction > 0:
            await self._mount_every_card()
        cards = list(self.query(QuoteCard))
        if cards:
            (cards[-1] if direction > 0 else cards[0]).focus(scroll_visible=False)
        (self.scroll_end if direction > 0 else self.scroll_home)(animate=False)

    async def action_step(self, step: int) -> None:
        cards = list(self.query(QuoteCard))
        if self._unmounted and cards and self.screen.focused is cards[-1] and step > 0:
            await self._mount_every_card()
            cards = list(self.query(QuoteCard))
        if not cards:
            self.scroll_relative(y=step, animate=False)
            return
        focused = self.screen.focused
        position = cards.index(focused) + step if focused in cards else 0
        if 0 <= position < len(cards):
            cards[position].focus()
        else:
            self.app.bell()
