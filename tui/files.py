"""Reading a file whose name came from someone else: only what can be read whole, and not too much.

A timeline, a source text and a cache entry are each read here. A named pipe (FIFO) opened for
reading blocks until something writes to it, and a device such as /dev/zero never ends: so a
regular file is read up to a limit, a pipe (`cat big.yaml | gmp-timeline validate --timeline
/dev/stdin`) is read up to the same limit without waiting for a writer, and anything else is
refused with a plain reason.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows, which has no named pipes to wait on
    fcntl = None  # type: ignore[assignment]

MEBIBYTE = 1 << 20


class NotReadable(Exception):
    """Why a file cannot be read: a short phrase, fit to follow its name (`is a directory`)."""


def read_bounded(path: str | Path, limit: int, pipes: bool = True, what: str = "file") -> bytes:
    """The bytes of the regular file (or, with `pipes`, the pipe) at `path`, at most `limit` of them.

    Raise NotReadable for a missing file, a folder, a device or socket, a file larger than
    `limit`, or one that cannot be opened; `what` names what the file should have been.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise NotReadable("no such file") from None
    except PermissionError:
        raise NotReadable("cannot be read: permission denied") from None
    except OSError as error:
        raise NotReadable(f"cannot be read: {error.strerror or error}") from None
    try:
        status = os.fstat(descriptor)
        kind = status.st_mode
        if stat.S_ISDIR(kind):
            raise NotReadable(f"is a directory, not a {what}")
        if stat.S_ISFIFO(kind) and pipes and fcntl is not None:
            # Opened without waiting for a writer; now wait for what the writer sends.
            fcntl.fcntl(descriptor, fcntl.F_SETFL, fcntl.fcntl(descriptor, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        elif not stat.S_ISREG(kind):
            raise NotReadable(f"is {_kind_name(kind)}, not a {what}")
        elif status.st_size > limit:
            raise NotReadable(
                f"is {status.st_size / MEBIBYTE:,.0f} MiB; the largest file read is {limit // MEBIBYTE:,} MiB"
            )
        return _read_at_most(descriptor, limit)
    except OSError as error:
        raise NotReadable(f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)


def _read_at_most(descriptor: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := os.read(descriptor, min(limit + 1 - size, 16 * MEBIBYTE)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise NotReadable(f"holds more than {limit // MEBIBYTE:,} MiB, the largest file read")
    return b"".join(chunks)


def _kind_name(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def is_regular_file(path: str | Path) -> bool:
    """Whether `path` names a regular file (following links); False for anything else or nothing."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
