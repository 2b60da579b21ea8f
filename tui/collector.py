"""The garbage collector around work that makes millions of objects and frees none of them.

Loading or decoding a large timeline creates objects that all live as long as the timeline. The
collector's passes over them find nothing to free, and only slow the work (and, once it is done,
pause whatever runs next while a full pass walks them all).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No collection while the block runs; the collector is as it was afterwards."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def keep_for_good() -> None:
    """Move every object alive now out of the collector's reach for the rest of the process.

    For a timeline that lives as long as the app: left to the collector, its next full pass would
    walk millions of objects on the UI thread (0.8 s at 100,000 events, just as the list
    appears). Cyclic garbage among them is never freed, which costs nothing for data kept to the end.
    """
    gc.freeze()


def collect_garbage() -> None:
    """A full collection now, for a moment when nothing waits on it: once a screen of many
    widgets has closed. Left to the collector's own timing, the pass over what the screen left
    (tens of thousands of objects after an event of a hundred quotes) came with the next key
    the reader pressed, and took it over 100 ms."""
    gc.collect()
