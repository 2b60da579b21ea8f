"""One event whole: its details and every quote in full, each with its source."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content

from ..navigation import QuoteRef, TimelineIndex
from ..widgets.content import HEADING, event_body, event_heading, full_citation, lines, quote_in_full
from ..widgets.quotes import QuoteCard, QuoteScroll
from .messages import OpenSource
from .quotes import QuoteScreen

EVENTS = Binding.Group("Event")


class EventScreen(QuoteScreen[int]):
    """An event with every quote in full; `[` and `]` step through the timeline in place.

    Dismissed with the position of the event shown last, so that the list that opened it can
    put its cursor there: stepping with `[` and `]` is a way of moving through the timeline.
    """

    BINDINGS = [
        Binding("enter", "choose", "Open source"),
        Binding("[", "step(-1)", "Previous event", group=EVENTS),
        Binding("]", "step(1)", "Next event", group=EVENTS),
    ]

    def __init__(self, index: TimelineIndex, event: int) -> None:
        super().__init__()
        self.index = index
        self.event = event

    async def on_mount(self) -> None:
        await self.show_event(self.event)

    async def show_event(self, position: int) -> None:
        timeline = self.index.timeline
        event = timeline.events[position]
        self.event = position
        self.sub_title = f"Event {position + 1:,} of {len(timeline.events):,}"
        count = len(event.quotes)
        heading = lines(
            [
                event_heading(timeline, event),
                Content(""),
                event_body(event),
                Content(""),
                Content.assemble(
                    (f"Quotes ({count})", HEADING) if count else "No quotes are recorded for this event."
                ),
            ]
        )
        cards = [
            QuoteCard(quote_in_full(timeline, quote), QuoteRef(position, number), full_citation(timeline, quote))
            for number, quote in enumerate(event.quotes)
        ]
        await self.query_one(QuoteScroll).show(heading, cards)

    async def action_step(self, step: int) -> None:
        target = self.event + step
        if 0 <= target < self.index.event_count:
            await self.show_event(target)
        else:
            self.app.bell()

    def on_quote_card_chosen(self, message: QuoteCard.Chosen) -> None:
        self.post_message(OpenSource(self.index.quote(message.card.ref).source))

    def action_back(self) -> None:
        self.dismiss(self.event)
