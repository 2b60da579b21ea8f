"""The app's screens: the timeline, one event, one source, and the key help."""

from __future__ import annotations

import importlib

OPENED_LATER = (".event", ".source", ".span", ".export", ".help", ".palette", "..commands")
"""The modules of what the app does not open on: not imported at start-up, which is held to a
bare Textual app's (docs/performance.md), but by `import_opened_later` once the timeline is
on the screen, so that the first `e` or `?` does not wait for an import (60 ms for export)."""


def import_opened_later() -> None:
    """Import the modules in OPENED_LATER (call it from a worker's thread)."""
    for name in OPENED_LATER:
        importlib.import_module(name, __package__)
