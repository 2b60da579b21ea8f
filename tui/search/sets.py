"""Sets of events as ints: bit i is the event at position i in the timeline.

`and`, `or` and `not` over a hundred thousand events are then one step each, and turning a set
into or out of one byte per event runs in C (translate, int, format, compress).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

Cancelled = Callable[[], bool]
"""Polled during a search: true once its caller no longer wants the result."""

_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_FROM_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


class SearchCancelled(Exception):
    """Raised inside a search when its caller no longer wants the result."""


def event_set(flags: bytearray) -> int:
    """A set of events, from one byte per event (1 for those in it)."""
    return int(flags[::-1].translate(_TO_DIGITS), 2) if flags else 0


def event_positions(events: int) -> list[int]:
    """The positions of the events in a set, in order."""
    flags = format(events, "b").encode("ascii")[::-1].translate(_FROM_DIGITS)
    return list(itertools.compress(range(len(flags)), flags))
