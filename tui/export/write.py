"""Writing an export to a file so that no one ever finds half of it.

The text goes to a temporary file in the same folder, is flushed to disk, and then takes the
file's name in one step (`os.replace`). Until that step an old file of that name is untouched;
if anything fails before it, the temporary file is removed.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path


class ExportError(Exception):
    """An export that could not be written; the message is one line, fit to show as it is."""


class ExportFileExists(ExportError):
    """The file is there already: the CLI says to use --force, a dialog can ask to replace it."""


def write_atomically(path: str | Path, text: str, overwrite: bool = False) -> None:
    """Write `text` as UTF-8 to `path`, refusing to replace an existing file unless `overwrite`.

    The check for an existing file comes before writing, so a file created by another program in
    the moment between the check and the rename would still be replaced.
    """
    path = Path(path)
    if path.is_dir():
        raise _explain(IsADirectoryError(), path)
    if path.exists() and not overwrite:
        raise ExportFileExists(f"{path} already exists; use --force to replace it")
    try:
        temporary, descriptor = _create_temporary(path)
    except OSError as error:
        raise _explain(error, path) from None
    try:
        with open(descriptor, "wb") as file:
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            # A replaced file keeps its permissions, as it would had it been edited in place.
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except OSError as error:
        _remove_quietly(temporary)
        raise _explain(error, path) from None
    except BaseException:
        _remove_quietly(temporary)
        raise


def _create_temporary(path: Path) -> tuple[Path, int]:
    """A new, hidden file next to `path`, created with the permissions the umask gives new files.

    `tempfile.mkstemp` would make it readable by its owner only, and the export would keep that.
    """
    while True:
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        return candidate, descriptor


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _explain(error: OSError, path: Path) -> ExportError:
    if isinstance(error, PermissionError):
        return ExportError(f"cannot write {path}: permission denied")
    if isinstance(error, IsADirectoryError):
        return ExportError(f"{path} is a folder; give the name of a file to write")
    if isinstance(error, FileNotFoundError):
        return ExportError(f"cannot write {path}: the folder {path.parent} does not exist")
    if isinstance(error, NotADirectoryError):
        return ExportError(f"cannot write {path}: {path.parent} is not a folder")
    return ExportError(f"cannot write {path}: {error.strerror or error}")
