"""A cache of checked timelines, so that a large file opens in a fraction of its parse time.

A timeline file of a megabyte or more is stored, once loaded and checked, in the user's cache
folder (platformdirs), as MessagePack (msgspec). An entry is used only when everything in its
key still matches: the file's resolved path, size, modification time and SHA-256 of its content,
the app's version and the cache format. Its own bytes carry a SHA-256 too. Anything that does
not match, cannot be read or does not decode into a valid timeline is ignored and rebuilt, never
trusted. Set GMP_TIMELINE_CACHE to a folder to move the cache, or to `off` to do without it.

The cache guards against stale and damaged entries, not against someone who can write to your
cache folder (who could as well change the app itself).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import tempfile
from pathlib import Path

import msgspec

from . import __version__
from .loader import Progress, load_timeline_bytes, read_timeline_file
from .model import Timeline

CACHE_FORMAT = 1
SMALLEST_CACHED = 1 << 20
"""Smaller files load faster than a cache entry can be checked."""


class _Key(msgspec.Struct, frozen=True):
    cache_format: int
    app_version: str
    path: str
    size: int
    modified_ns: int
    content_sha256: str


class _Entry(msgspec.Struct):
    key: _Key
    payload_sha256: str
    payload: bytes


_entry_decoder = msgspec.msgpack.Decoder(_Entry)
_timeline_decoder = msgspec.msgpack.Decoder(Timeline)
_encoder = msgspec.msgpack.Encoder()


def cache_folder() -> Path | None:
    """Where entries are kept, or None when the cache is turned off."""
    setting = os.environ.get("GMP_TIMELINE_CACHE")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    import platformdirs  # only needed for files large enough to cache

    return Path(platformdirs.user_cache_dir("gmp-timeline"))


def open_timeline(path: str | Path, progress: Progress | None = None, smallest_cached: int = SMALLEST_CACHED) -> Timeline:
    """Load a timeline file, from the cache when a matching entry exists; raise TimelineError."""
    data = read_timeline_file(path)
    folder = cache_folder()
    if folder is None or len(data) < smallest_cached:
        return load_timeline_bytes(data, str(path), progress)
    key = _key_for(Path(path), data)
    entry_path = folder / f"{hashlib.sha256(key.path.encode()).hexdigest()}.msgpack"
    if progress:
        progress("reading the cache", None)
    cached = _read_entry(entry_path, key)
    if cached is not None:
        return cached
    timeline = load_timeline_bytes(data, str(path), progress)
    if progress:
        progress("writing the cache", None)
    _write_entry(entry_path, key, timeline)
    return timeline


def _key_for(path: Path, data: bytes) -> _Key:
    resolved = path.resolve()
    status = resolved.stat()
    return _Key(
        CACHE_FORMAT, __version__, str(resolved), len(data), status.st_mtime_ns, hashlib.sha256(data).hexdigest()
    )


def _read_entry(entry_path: Path, key: _Key) -> Timeline | None:
    # Decoding creates a million objects and frees none; the collector would only slow it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        entry = _entry_decoder.decode(entry_path.read_bytes())
        if entry.key != key or hashlib.sha256(entry.payload).hexdigest() != entry.payload_sha256:
            return None
        return _timeline_decoder.decode(entry.payload)
    except (OSError, msgspec.DecodeError, ValueError, TypeError):
        return None
    finally:
        if collecting:
            gc.enable()


def _write_entry(entry_path: Path, key: _Key, timeline: Timeline) -> None:
    """Store an entry atomically; a cache that cannot be written is simply not used."""
    payload = _encoder.encode(timeline)
    entry = _encoder.encode(_Entry(key, hashlib.sha256(payload).hexdigest(), payload))
    try:
        entry_path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=entry_path.parent, prefix=".entry-")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(entry)
        os.replace(temporary, entry_path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
