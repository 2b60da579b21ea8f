"""A cache of checked timelines, so that a large file opens in a fraction of its parse time.

A timeline file of a megabyte or more is stored, once loaded and checked, in the user's cache
folder (platformdirs), as MessagePack (msgspec). An entry is used only when everything in its
key still matches: the file's resolved path, size, modification time and SHA-256 of its content,
a digest of the code that turns a file into a timeline (see `cache_entries.rules_fingerprint`)
and the cache format. Its own bytes carry a SHA-256 too. Anything that does
not match, cannot be read or does not decode into a valid timeline is ignored and rebuilt, never
trusted. Set GMP_TIMELINE_CACHE to a folder to move the cache, or to `off` to do without it.

The cache guards against stale and damaged entries, not against someone who can write to your
cache folder (who could as well change the app itself).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .files import is_regular_file
from .loader import Progress, load_timeline_bytes, read_timeline_file
from .model import Timeline

SMALLEST_CACHED = 1 << 20
"""Smaller files load faster than a cache entry can be checked."""


def cache_folder() -> Path | None:
    """Where entries are kept, or None when the cache is turned off."""
    setting = os.environ.get("GMP_TIMELINE_CACHE")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    import platformdirs  # only needed for files large enough to cache

    return Path(platformdirs.user_cache_dir("gmp-timeline"))


def open_timeline(
    path: str | Path,
    progress: Progress | None = None,
    smallest_cached: int = SMALLEST_CACHED,
    write_later: Callable[[Callable[[], None]], None] | None = None,
) -> Timeline:
    """Load a timeline file, from the cache when a matching entry exists; raise TimelineError.

    A new entry is written before this returns, or, given `write_later`, handed to it as a
    function that writes it: the explorer shows the timeline first (encoding and writing it
    takes a second at 100,000 events) and writes the entry behind the list."""
    data = read_timeline_file(path)
    folder = cache_folder()
    # A pipe has no name, size or time that an entry could be kept under.
    if folder is None or len(data) < smallest_cached or not is_regular_file(path):
        return load_timeline_bytes(data, str(path), progress)
    from concurrent.futures import ThreadPoolExecutor

    from . import cache_entries  # MessagePack, hashing and threads stay out of a small file's start-up

    if progress:
        progress("reading the cache", None)
    with ThreadPoolExecutor(max_workers=1) as digests:
        content_sha256 = digests.submit(cache_entries.digest, data)
        stamp = cache_entries.key_for(Path(path), data, content_sha256="")
        entry_path = folder / cache_entries.entry_name(stamp)
        cached = cache_entries.read_entry(entry_path, stamp, content_sha256)
        if cached is not None:
            return cached
        key = stamp.with_content(content_sha256.result())
    timeline = load_timeline_bytes(data, str(path), progress)
    write = partial(cache_entries.write_entry, entry_path, key, timeline)
    if write_later is not None:
        write_later(write)
    else:
        if progress:
            progress("writing the cache", None)
        write()
    return timeline
