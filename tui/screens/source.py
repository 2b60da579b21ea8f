"""One source, and every quote the timeline takes from it: what else did this document say?

With the source texts at hand (`--sources DIR`), `t` shows the document itself, whole, every
quoted passage lit up: each quote read in the context it was taken from.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ..files import MEBIBYTE
from ..navigation import QuoteRef, RowLayout
from ..rendering import HEADING, LABEL, MOST_CARDS, lines, marked, quote_in_source, source_details
from ..text import clean_name
from ..verify import QuotedPassages, SourceTextError, quoted_passages, read_source_text
from ..widgets.quotes import QuoteCard, QuoteScroll
from ..widgets.source_text import SourceText
from ..wording import full_citation, plural, shorten, source_crumb
from .failures import ReportsFailedWork
from .messages import OpenEvent
from .quotes import QuoteScreen

LARGEST_TEXT_SHOWN = 2 * MEBIBYTE
"""The largest source text `t` shows: wrapping it to the screen takes about a quarter of a
second a megabyte, at each change of width. `verify` reads texts a hundred times larger."""
NO_SOURCES = (
    "The source texts are not at hand: start gmp-timeline with --sources DIR, "
    "or put them in a folder named 'sources' beside the timeline file."
)


class SourceScreen(ReportsFailedWork, QuoteScreen[None]):
    """A source's details and its quotes across the timeline, each leading back to its event;
    `t` turns to the source's own text, its quoted passages lit up, and back."""

    BINDINGS = [
        Binding("enter", "choose", "Open event", id="source.open-event"),
        Binding("t", "toggle_text", "Text / quotes", id="source.text"),
    ]

    class TextRead(Message):
        """The source's text, read off the UI thread with its quotes placed in it; or why not."""

        def __init__(self, placed: QuotedPassages | None, problem: str | None = None) -> None:
            super().__init__()
            self.placed = placed
            self.problem = problem

    def __init__(
        self, layout: RowLayout, source: str, quote: QuoteRef | None = None, sources_dir: Path | None = None
    ) -> None:
        """`quote`: the quote to focus, the one the reader came by from its event; `sources_dir`:
        the folder of source texts, None when there is none."""
        super().__init__()
        self.row_layout = layout
        self.source = layout.timeline.sources_by_id[source]
        self.first_quote = quote
        self.sources_dir = sources_dir
        self.showing_text = False
        """Whether the source's own text is on screen (else its quotes, one card each)."""
        self._reading = False

    @property
    def refs(self) -> tuple[QuoteRef, ...]:
        return self.row_layout.quotes_by_source.get(self.source.id, ())

    @property
    def crumb(self) -> str:
        """This screen's step in the title bar's trail."""
        return source_crumb(self.source)

    async def on_mount(self) -> None:
        timeline = self.row_layout.timeline
        refs = self.refs
        self.sub_title = "Source"
        if refs:
            events = len({ref.event for ref in refs})
            tally = f"Quoted {plural(len(refs), 'time')} in {plural(events, 'event')}"
        else:
            tally = "No event quotes this source."
        if len(refs) > MOST_CARDS:
            tally += f"; the first {MOST_CARDS} are shown"
        cards = [
            QuoteCard(
                quote_in_source(timeline.events[ref.event], self.row_layout.quote(ref)),
                ref,
                full_citation(timeline, self.row_layout.quote(ref)),
            )
            for ref in refs[:MOST_CARDS]
        ]
        heading = lines([source_details(self.source), Content(""), Content.assemble((tally, HEADING))])
        shown = refs[:MOST_CARDS]
        focus = shown.index(self.first_quote) if self.first_quote in shown else 0
        await self.query_one(QuoteScroll).show(heading, cards, focus)

    def on_quote_card_chosen(self, message: QuoteCard.Chosen) -> None:
        ref = message.card.ref
        self.post_message(OpenEvent(ref.event, ref.quote))

    def action_back(self) -> None:
        """Back one layer: from the text to the quotes, from the quotes to the screen before."""
        if self.showing_text:
            self._show_quotes()
        else:
            self.dismiss()

    # The source's text

    async def action_toggle_text(self) -> None:
        if not self.is_mounted:
            return  # a key that came before the screen was put together: its quotes are still to show
        if self.showing_text:
            self._show_quotes()
            return
        if self.sources_dir is None:
            self.notify(NO_SOURCES, severity="warning", markup=False)
            return
        texts = self.query(SourceText)
        if texts:
            await self._show_text(texts.first())
        elif not self._reading:
            self._reading = True
            self.sub_title = "Source — reading its text…"  # a long text with many quotes takes a while
            self._read_text(self.sources_dir)

    @work(thread=True, exclusive=True, group="source-text", exit_on_error=False)
    def _read_text(self, sources_dir: Path) -> None:
        """Read the text and place the quotes in it, off the UI thread (a file can be slow to read)."""
        try:
            text = read_source_text(sources_dir, self.source, LARGEST_TEXT_SHOWN)
        except SourceTextError as error:
            self.post_message(self.TextRead(None, f"No text for this source: {clean_name(error.path)}: {error.reason}"))
            return
        quotes = [(ref, self.row_layout.quote(ref)) for ref in self.refs]
        self.post_message(self.TextRead(quoted_passages(text, quotes)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Textual calls ReportsFailedWork's handler too (it calls one in each class of the MRO),
        # which reports the failure.
        if event.worker.group == "source-text" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._done_reading()

    def _done_reading(self) -> None:
        """`t` may read the text again (after a failure: the file may have been mended)."""
        self._reading = False
        self.sub_title = "Source"

    async def on_source_screen_text_read(self, message: TextRead) -> None:
        self._done_reading()
        if message.placed is None:
            self.notify(message.problem or "", severity="warning", markup=False)
            return
        placed = message.placed
        status = Static(id="source-text-status")
        text = SourceText(placed, id="source-text")
        await self.mount(status, text, after=self.query_one(QuoteScroll))
        await self._show_text(text)

    async def _show_text(self, text: SourceText) -> None:
        """Turn to the text, on the passage of the focused quote (the one the reader was
        reading), or keep the passage shown last."""
        focused = self.focused
        if isinstance(focused, QuoteCard):
            index = next((i for i, passage in enumerate(text.passages) if passage.ref == focused.ref), None)
            if index is None:
                self.notify("This quote is not found in the source's text.", severity="warning")
            else:
                text.current = index
        self.query_one(QuoteScroll).display = False
        self.query_one("#source-text-status").display = True
        text.display = True
        self.showing_text = True
        self.sub_title = "Source text"
        text.focus()
        text.show_passage(text.current)

    def on_source_text_moved(self, message: SourceText.Moved) -> None:
        self._show_status(message.source_text)

    def _show_status(self, text: SourceText) -> None:
        placed = text.placed
        counts = plural(len(placed.passages), "quoted passage")
        missing = (
            Content.assemble(
                (
                    f"{plural(len(placed.not_found), 'quote')} of this source not found in the text "
                    "(gmp-timeline verify shows where each differs).",
                    "$text-warning",
                )
            )
            if placed.not_found
            else None
        )
        index = text.current
        if index is None:
            where = Content.assemble((f"{counts}, lit up: n goes to the first.", LABEL))
        else:
            event = self.row_layout.timeline.events[placed.passages[index].ref.event]
            where = Content.assemble(
                (f"Passage {index + 1:,} of {len(placed.passages):,}: ", LABEL),
                (event.display_date, "bold"),
                "  ",
                marked(shorten(event.title, 200), None, "bold"),
            )
        self.query_one("#source-text-status", Static).update(
            lines([marked(self.source.title, None, HEADING), where, missing])
        )

    def _show_quotes(self) -> None:
        """Back to the quote cards, on the card of the passage the text was on."""
        text = self.query_one(SourceText)
        text.display = False
        self.query_one("#source-text-status").display = False
        scroll = self.query_one(QuoteScroll)
        scroll.display = True
        self.showing_text = False
        self.sub_title = "Source"
        passage = text.current_passage
        cards = list(self.query(QuoteCard))
        card = next((card for card in cards if passage and card.ref == passage.ref), None)
        if card is not None:
            card.focus()
        elif cards:
            cards[0].focus()
        else:
            scroll.focus()

    def on_source_text_chosen(self, message: SourceText.Chosen) -> None:
        self.post_message(OpenEvent(message.ref.event, message.ref.quote))
