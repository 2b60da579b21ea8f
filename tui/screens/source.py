"""One source, and every quote the timeline takes from it: what else did this document say?"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content

from ..navigation import QuoteRef, RowLayout
from ..rendering import HEADING, MOST_CARDS, lines, quote_in_source, source_details
from ..widgets.quotes import QuoteCard, QuoteScroll
from ..wording import full_citation, plural, source_crumb
from .messages import OpenEvent
from .quotes import QuoteScreen


class SourceScreen(QuoteScreen[None]):
    """A source's details and its quotes across the timeline, each leading back to its event."""

    BINDINGS = [Binding("enter", "choose", "Open event", id="source.open-event")]

    def __init__(self, layout: RowLayout, source: str, quote: QuoteRef | None = None) -> None:
        """`quote`: the quote to focus, the one the reader came by from its event."""
        super().__init__()
        self.row_layout = layout
        self.source = layout.timeline.sources_by_id[source]
        self.first_quote = quote

    @property
    def crumb(self) -> str:
        """This screen's step in the title bar's trail."""
        return source_crumb(self.source)

    async def on_mount(self) -> None:
        timeline = self.row_layout.timeline
        refs = self.row_layout.quotes_by_source.get(self.source.id, ())
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
        self.dismiss()
