"""One source, and every quote the timeline takes from it: what else did this document say?"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content

from ..navigation import RowLayout
from ..rendering import HEADING, MOST_CARDS, lines, quote_in_source, source_details
from ..widgets.quotes import QuoteCard, QuoteScroll
from ..wording import full_citation, plural
from .messages import OpenEvent
from .quotes import QuoteScreen


class SourceScreen(QuoteScreen[None]):
    """A source's details and its quotes across the timeline, each leading back to its event."""

    BINDINGS = [Binding("enter", "choose", "Open event")]

    def __init__(self, layout: RowLayout, source: str) -> None:
        super().__init__()
        self.row_layout = layout
        self.source = layout.timeline.sources_by_id[source]

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
        await self.query_one(QuoteScroll).show(heading, cards)

    def on_quote_card_chosen(self, message: QuoteCard.Chosen) -> None:
        self.post_message(OpenEvent(message.card.ref.event))

    def action_back(self) -> None:
        self.dismiss()
