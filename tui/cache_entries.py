"""The cache's entries on disk: a key, a checksum and the timeline as MessagePack (msgspec).

See `cache` for when an entry is used. This module is imported only for files large enough to
cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import msgspec

from .collector import collector_paused
from .files import MEBIBYTE, NotReadable, read_bounded
from .model import Timeline

CACHE_FORMAT = 2
LARGEST_ENTRY = 8192 * MEBIBYTE

RULE_MODULES = ("tui.model", "tui.dates", "tui.text", "tui.loader", "tui.yaml_nodes", "tui.cache_entries")
"""The modules whose code decides what a file loads as, and how an entry is laid out."""
RULE_PACKAGES = ("yaml-rs", "PyYAML", "msgspec")
"""The packages whose versions do."""


@functools.cache
def rules_fingerprint() -> str:
    """A digest of the code of RULE_MODULES and the versions of RULE_PACKAGES.

    An entry holds a timeline as these rules made it; when any of them changes (in a checkout
    the app's version does not), the entry no longer says what the file means, so its key must
    no longer match. Reading and hashing the modules takes well under a millisecond.
    """
    digest = hashlib.sha256()
    for name in RULE_MODULES:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
        digest.update(f"{name}\0".encode())
        digest.update(Path(spec.origin).read_bytes())
    for package in RULE_PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{package}=={version}\0".encode())
    return digest.hexdigest()


class Key(msgspec.Struct, frozen=True):
    cache_format: int
    rules: str
    path: str
    size: int
    modified_ns: int
    content_sha256: str

    def with_content(self, content_sha256: str) -> Key:
        return msgspec.structs.replace(self, content_sha256=content_sha256)


class _Entry(msgspec.Struct):
    key: Key
    payload_sha256: str
    payload: bytes


_entry_decoder = msgspec.msgpack.Decoder(_Entry)
_timeline_decoder = msgspec.msgpack.Decoder(Timeline)
_encoder = msgspec.msgpack.Encoder()


def entry_name(key: Key) -> str:
    return f"{hashlib.sha256(key.path.encode()).hexdigest()}.msgpack"


def digest(data: bytes) -> str:
    """SHA-256, in hex. hashlib lets go of the interpreter for large data, so another thread
    can work out a digest while this one decodes."""
    return hashlib.sha256(data).hexdigest()


def key_for(path: Path, data: bytes, content_sha256: str | None = None) -> Key:
    """The key of the file at `path` holding `data`; `content_sha256`: its digest, when it is
    being worked out elsewhere (see `read_entry`)."""
    resolved = path.resolve()
    status = resolved.stat()
    return Key(
        CACHE_FORMAT,
        rules_fingerprint(),
        str(resolved),
        len(data),
        status.st_mtime_ns,
        digest(data) if content_sha256 is None else content_sha256,
    )


def read_entry(entry_path: Path, key: Key, content_sha256: Future[str] | None = None) -> Timeline | None:
    """The timeline the entry at `entry_path` holds, if its key is `key` and its payload is
    whole; None otherwise. `content_sha256`: the file's digest, still being worked out in another
    thread, which stands for `key`'s own. The payload's digest is worked out while the payload
    decodes: at 100,000 events the two digests cost a quarter of a second, the decode three."""
    try:
        entry = _entry_decoder.decode(read_bounded(entry_path, LARGEST_ENTRY, pipes=False))
        if entry.key.with_content(key.content_sha256) != key:
            return None  # a file changed since (its size or time) is not decoded for nothing
        with ThreadPoolExecutor(max_workers=1) as digests:
            payload_sha256 = digests.submit(digest, entry.payload)
            timeline = decode_timeline(entry.payload)
            whole = payload_sha256.result() == entry.payload_sha256
        expected = key.content_sha256 if content_sha256 is None else content_sha256.result()
        return timeline if whole and entry.key.content_sha256 == expected else None
    except (NotReadable, OSError, msgspec.DecodeError, ValueError, TypeError):
        return None


def decode_timeline(payload: bytes) -> Timeline:
    with collector_paused():
        return _timeline_decoder.decode(payload)


def write_entry(entry_path: Path, key: Key, timeline: Timeline) -> None:
    """Store an entry atomically; a cache that cannot be written is simply not used."""
    payload = _encoder.encode(timeline)
    entry = _encoder.encode(_Entry(key, digest(payload), payload))
    del payload
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
