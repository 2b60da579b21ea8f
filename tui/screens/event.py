"""One event whole: its details and every quote in full, each with its source."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content

from ..model import EventPosition
from ..navigation import QuoteRef
from ..notes import MarksAndNotes
from ..rendering import HEADING, LABEL, MOST_CARDS, event_body, event_heading, lines, quote_in_full, readers_layer
from ..search import Query
from ..view import TimelineView
from ..widgets.quotes import QuoteCard, QuoteScroll
from ..wording import event_crumb, full_citation
from .marking import ChangesMarks, mark_bindings, note_binding
from .messages import OpenSource
from .quotes import QuoteScreen

EVENTS = Binding.Group("Event")


class EventScreen(ChangesMarks, QuoteScreen[int]):
    """An event with every quote in full; `[` and `]` step through the events of a view in place
    (the search's results, when the list opened it with a filter), with the search's words lit up.

    Dismissed with the position of the event shown last, so that the list that opened it can
    put its cursor there: stepping with `[` and `]` is a way of moving through the timeline.
    The reader's mark and note show under the event's own text, under a heading of their own.
    """

    BINDINGS = [
        Binding("enter", "choose", "Open source", id="event.open-source"),
        Binding("[", "step(-1)", "Previous event", group=EVENTS, id="event.previous"),
        Binding("]", "step(1)", "Next event", group=EVENTS, id="event.next"),
        *mark_bindings("event"),
        note_binding("event"),
    ]

    def __init__(
        self,
        view: TimelineView,
        event: EventPosition,
        marks: MarksAndNotes,
        query: Query | None = None,
        quote: int = 0,
    ) -> None:
        """`event`: the position in the whole timeline of an event that `view` shows; `quote`:
        the number of the quote to focus, the one the reader came by from its source."""
        super().__init__()
        self.view = view
        self.marks = marks
        self.event = event
        self.lit = query
        self.first_quote = quote

    async def on_mount(self) -> None:
        await self.show_event(self.event, self.first_quote)

    @property
    def crumb(self) -> str:
        """This screen's step in the title bar's trail."""
        return event_crumb(self.view.timeline.events[self.event])

    async def show_event(self, position: int, quote: int = 0) -> None:
        timeline = self.view.timeline
        event = timeline.events[position]
        self.event = position
        place = self.view.nearest_place(position)
        kind = "Match" if self.view.count < len(timeline.events) else "Event"
        self.sub_title = f"{kind} {place + 1:,} of {self.view.count:,}"
        count = len(event.quotes)
        layer = readers_layer(self.marks.note(event.id), self.marks.is_marked(event.id))
        heading = lines(
            [
                event_heading(timeline, event, self.lit),
                Content(""),
                event_body(event, self.lit),
                Content("") if layer is not None else None,
                layer,
                Content(""),
                Content.assemble(
                    (f"Quotes ({count:,})", HEADING) if count else "No quotes are recorded for this event."
                ),
                Content.assemble(
                    (f"The first {MOST_CARDS} are shown here; an export of the event holds them all.", LABEL)
                )
                if count > MOST_CARDS
                else None,
            ]
        )
        cards = [
            QuoteCard(
                quote_in_full(timeline, quote, self.lit), QuoteRef(position, number), full_citation(timeline, quote)
            )
            for number, quote in enumerate(event.quotes[:MOST_CARDS])
        ]
        await self.query_one(QuoteScroll).show(heading, cards, quote)

    async def action_step(self, step: int) -> None:
        if not self.is_mounted:
            return  # a key that came before the screen was put together: the event is still showing
        target = self.view.nearest_place(self.event) + step
        if 0 <= target < self.view.count:
            await self.show_event(self.view.events[target])
        else:
            self.app.bell()

    def marked_event(self) -> EventPosition | None:
        return self.event if self.is_mounted else None

    def marks_changed(self) -> None:
        """Show the event again, its mark and note as they now are, on the quote that had the focus."""
        focused = self.focused
        quote = focused.ref.quote if isinstance(focused, QuoteCard) else 0
        self.call_later(self.show_event, self.event, quote)

    def on_quote_card_chosen(self, message: QuoteCard.Chosen) -> None:
        ref = message.card.ref
        self.post_message(OpenSource(self.view.whole.quote(ref).source, ref))

    def action_back(self) -> None:
        self.dismiss(self.event)
