"""Writing an export to a file so that no one ever finds half of it.

The text goes to a temporary file in the same folder, is flushed to disk, and then takes the
file's name in one step (`os.replace`). Until that step an old file of that name is untouched;
if anything fails before it, the temporary file is removed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from pathlib import Path

from ..text import clean_name


class ExportError(Exception):
    """An export that could not be written; the message is one line, fit to show as it is."""


class ExportFileExists(ExportError):
    """The file is there already: the CLI says to use --force, a dialog can ask to replace it."""


def write_atomically(path: str | Path, text: str, overwrite: bool = False) -> None:
    """Write `text` as UTF-8 to `path`, refusing to replace an existing file unless `overwrite`,
    and refusing always to replace what is not a regular file (a device, a named pipe).

    The check for an existing file comes before writing, so a file created by another program in
    the moment between the check and the rename would still be replaced.
    """
    path = Path(path)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ExportError(
            f"cannot write {clean_name(path)}: the text holds U+{ord(error.object[error.start]):04X}, which is no character"
        ) from None
    try:
        status = os.lstat(path)
        if stat.S_ISLNK(status.st_mode) and os.path.exists(path):
            status = os.stat(path)
            if stat.S_ISREG(status.st_mode):
                # A link to a file: the file it names is written, and the link stays a link.
                path = Path(os.path.realpath(path))
    except FileNotFoundError:
        status = None
    except (OSError, ValueError) as error:
        raise _explain(error, path) from None
    if status is not None:
        if stat.S_ISDIR(status.st_mode):
            raise _explain(IsADirectoryError(), path)
        if not overwrite:
            # Anything of that name counts, a link to nowhere included: it would be replaced.
            raise ExportFileExists(f"{clean_name(path)} already exists; use --force to replace it")
        if not (stat.S_ISREG(status.st_mode) or stat.S_ISLNK(status.st_mode)):
            # A device or a named pipe (or a link to one, as /dev/stdout is): replacing it with
            # a file would break what uses it.
            raise ExportError(f"cannot write {clean_name(path)}: it is not a regular file, and is left as it is")
    try:
        temporary, descriptor = _create_temporary(path)
    except (OSError, ValueError) as error:
        raise _explain(error, path) from None
    try:
        with open(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if status is not None and stat.S_ISREG(status.st_mode):
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


def _explain(error: OSError | ValueError, path: Path) -> ExportError:
    name, folder = clean_name(path), clean_name(path.parent)
    if isinstance(error, PermissionError):
        return ExportError(f"cannot write {name}: permission denied")
    if isinstance(error, IsADirectoryError):
        return ExportError(f"{name} is a folder; give the name of a file to write")
    if isinstance(error, FileNotFoundError):
        return ExportError(f"cannot write {name}: the folder {folder} does not exist")
    if isinstance(error, NotADirectoryError):
        return ExportError(f"cannot write {name}: {folder} is not a folder")
    if isinstance(error, ValueError):
        return ExportError(f"cannot write {name}: the name holds a character no file name can")
    return ExportError(f"cannot write {name}: {error.strerror or error}")
