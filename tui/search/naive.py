"""The reference engine: each event's fields folded one by one, and a needle looked for with `in`.

It is obviously right, and that is its job: the property tests hold every other engine to it. It
is also the engine for small timelines (the bundled one among them), where it is as fast as any.
"""

from __future__ import annotations

from ..model import Timeline
from .fields import FIELDS, folded_fields
from .sets import Cancelled, event_set

_EVERY_FIELD = tuple(field.name for field in FIELDS)


class NaiveEngine:
    def __init__(self, timeline: Timeline) -> None:
        self.fields = [folded_fields(event, timeline) for event in timeline.events]

    def events_with(self, needle: str, fields: tuple[str, ...] | None, cancelled: Cancelled | None) -> int:
        """The events whose fields (all of them, or those named) hold `needle`."""
        names = fields or _EVERY_FIELD
        return event_set(bytearray(any(needle in folded[name] for name in names) for folded in self.fields))

    def index_words(self, cancelled: Cancelled | None = None) -> None:
        """It keeps no index: small timelines are searched as fast without one."""
