"""The reader's own layer over a timeline: the events they mark and the notes they write, kept
in a store that survives a crash. The timeline file is never written.

Plain Python, no Textual: the explorer, the command line (`gmp-timeline notes`, `search`,
`export`) and the tests share it.

The store is an SQLite file (the standard library's `sqlite3`), one per timeline in the
platform's data folder (`default_store_path`), or a file the reader names (`--notes FILE`), to
share with a colleague. Its promises, each held by a test in `tests/test_notes.py`:

- A change is one transaction, committed (in WAL mode, `synchronous=FULL`: the log is flushed
  to the disk before the commit returns) before the caller is told it is saved. NORMAL would
  keep the store whole too, but a power cut could lose the last changes already reported saved.
- A process killed at any moment loses at most the change it was making; SQLite's log keeps
  the file whole.
- Two processes writing at once both keep their changes: a change writes only its own row
  (never the whole set back), and a writer waits for the other's lock (`BUSY_WAIT`).
- A file that is not a store of this app, is damaged, or comes from a newer version of the app
  is refused with a one-line reason (`NotesUnavailable`) and never written: the explorer then
  opens the timeline with marks and notes read-only.
- Marks and notes are kept by event id, whatever the timeline holds: those on an id that is no
  longer in the timeline are kept, and listed as orphaned.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .loader import bundled_timeline_path
from .model import EventPosition, Timeline
from .text import clean_name, clean_text, fold

SCHEMA_VERSION = 1
"""The store's layout; a store with a higher `user_version` was made by a newer app."""
APPLICATION_ID = 0x676D7074
"""`gmpt`, in the file's header: a store of this app, not some other SQLite file."""
BUSY_WAIT = 10.0
"""Seconds a change waits for another process's write to finish before giving up."""
STORE_SUFFIX = ".notes.sqlite"
IN_MEMORY = ":memory:"
"""`--notes :memory:`: SQLite's store that lives only as long as the process; nothing is written
(what `gmp-timeline serve` gives each tab's explorer)."""

_SCHEMA = """
CREATE TABLE marks (event_id TEXT PRIMARY KEY, marked_at TEXT NOT NULL);
CREATE TABLE notes (event_id TEXT PRIMARY KEY, text TEXT NOT NULL, written_at TEXT NOT NULL);
CREATE TABLE about (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_SLUG_WORD = re.compile(r"[a-z0-9]+")


class NotesUnavailable(Exception):
    """Why a store cannot be used, in one line that names it; it was left as it was."""


def notes_folder() -> Path:
    """Where the stores of timelines are kept: GMP_TIMELINE_NOTES, or the platform's data
    folder (`~/.local/share/gmp-timeline/notes` on Linux, `~/Library/Application
    Support/gmp-timeline/notes` on macOS, `%LOCALAPPDATA%\\gmp-timeline\\notes` on Windows)."""
    setting = os.environ.get("GMP_TIMELINE_NOTES")
    if setting:
        return Path(setting)
    import platformdirs

    return Path(platformdirs.user_data_dir("gmp-timeline", appauthor=False)) / "notes"


def timeline_identity(timeline_path: str | Path | None, title: str, bundled: bool = False) -> str:
    """What names a timeline's store: its file's resolved path and its title. The bundled
    timeline is known by its title alone, so that its notes survive a reinstall of the app."""
    if bundled or timeline_path is None:
        where = "bundled" if bundled else "no file"
    else:
        try:
            where = str(Path(timeline_path).resolve())
        except (OSError, RuntimeError):
            where = str(timeline_path)
    return f"{where}\n{title}"


def default_store_path(timeline_path: str | Path | None, title: str, bundled: bool = False) -> Path:
    """The store of a timeline in `notes_folder()`: a readable start (the title's words) and a
    digest of `timeline_identity`, so that two timelines of one title get two stores."""
    digest = hashlib.sha256(timeline_identity(timeline_path, title, bundled).encode("utf-8", "replace")).hexdigest()
    words = "-".join(_SLUG_WORD.findall(fold(title)))[:40].strip("-") or "timeline"
    return notes_folder() / f"{words}-{digest[:16]}{STORE_SUFFIX}"


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Snapshot:
    """The marks and notes as they were read, by event id: what a search or an export reads, in
    any thread, while the explorer goes on changing them."""

    marked: frozenset[str] = frozenset()
    notes: Mapping[str, str] = field(default_factory=dict)

    def note(self, event_id: str) -> str | None:
        return self.notes.get(event_id)


class NotesStore:
    """One store file: opened (and created when absent) only if it is a store this version can
    use; raise NotesUnavailable otherwise, without writing to it."""

    def __init__(self, path: Path, create_folder: bool = False) -> None:
        self.path = path
        name = clean_name(path)
        if create_folder:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise NotesUnavailable(f"{name}: cannot make its folder: {error.strerror or error}") from None
        if path.exists() and not path.is_file():
            raise NotesUnavailable(f"{name} is not a file")
        try:
            self._connection = sqlite3.connect(path, timeout=BUSY_WAIT, isolation_level=None)
        except sqlite3.Error as error:
            raise NotesUnavailable(f"{name}: cannot be opened: {error}") from None
        try:
            self._check_and_prepare(name)
        except NotesUnavailable:
            self._connection.close()
            raise
        except sqlite3.OperationalError as error:
            # Not the file's fault: it cannot be written here (permissions, a full disk), or is locked.
            self._connection.close()
            raise NotesUnavailable(f"{name} cannot be used here ({error}); it was left as it is") from None
        except sqlite3.DatabaseError as error:
            self._connection.close()
            raise NotesUnavailable(f"{name} is damaged or not a notes store ({error}); it was left as it is") from None

    def _check_and_prepare(self, name: str) -> None:
        """Read the header before anything is written: WAL mode itself is a write."""
        connection = self._connection
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        application = connection.execute("PRAGMA application_id").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if application not in (0, APPLICATION_ID) or (application == 0 and tables):
            raise NotesUnavailable(
                f"{name} is an SQLite file of another program, not a notes store; it was left as it is"
            )
        if version > SCHEMA_VERSION:
            raise NotesUnavailable(
                f"{name} was written by a newer gmp-timeline (store version {version}; this one reads "
                f"{SCHEMA_VERSION}): it was left as it is"
            )
        if tables:
            check = connection.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise NotesUnavailable(f"{name} is damaged ({clean_text(str(check))}); it was left as it is")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        if not tables:
            self._create()

    def _create(self) -> None:
        """The tables of a new store, made once even when two processes start on it together."""
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            if connection.execute("PRAGMA user_version").fetchone()[0] == 0:
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    connection.execute(statement)
                connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                connection.execute("INSERT INTO about VALUES ('created_at', ?)", (_now(),))
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def settings(self) -> tuple[str, int]:
        """The journal mode and the synchronous level in use (the tests check them)."""
        mode = self._connection.execute("PRAGMA journal_mode").fetchone()[0]
        level = self._connection.execute("PRAGMA synchronous").fetchone()[0]
        return mode, level

    def read(self) -> Snapshot:
        """Every mark and note, as one consistent reading."""
        connection = self._connection
        connection.execute("BEGIN")
        try:
            marked = frozenset(row[0] for row in connection.execute("SELECT event_id FROM marks"))
            # A store may come from someone else (`--notes FILE`): its text is cleaned as a
            # timeline's is, once, here.
            notes = {
                event_id: clean_text(text)
                for event_id, text in connection.execute("SELECT event_id, text FROM notes ORDER BY event_id")
            }
        finally:
            connection.execute("COMMIT")
        return Snapshot(marked, notes)

    def changed_since_read(self) -> int:
        """A number that changes when another connection commits (SQLite's `data_version`)."""
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def set_marked(self, event_id: str, marked: bool) -> None:
        """Mark or unmark one event: committed to the disk when this returns."""
        if marked:
            self._change("INSERT INTO marks VALUES (?, ?) ON CONFLICT DO NOTHING", (event_id, _now()))
        else:
            self._change("DELETE FROM marks WHERE event_id = ?", (event_id,))

    def set_note(self, event_id: str, text: str) -> None:
        """Write one event's note (an empty or blank one deletes it): committed when this returns."""
        if text.strip():
            self._change(
                "INSERT INTO notes VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET text = excluded.text, "
                "written_at = excluded.written_at",
                (event_id, text, _now()),
            )
        else:
            self._change("DELETE FROM notes WHERE event_id = ?", (event_id,))

    def _change(self, statement: str, values: tuple[str, ...]) -> None:
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(statement, values)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def close(self) -> None:
        self._connection.close()


class ReadOnly(Exception):
    """A change asked of marks and notes that cannot be kept; the message says why."""


class MarksAndNotes:
    """The reader's marks and notes on one timeline, as the explorer shows and changes them.

    Every change goes to the store first and is shown once it is committed; without a store
    (one that is damaged, or from a newer version: `problem` says so) nothing can change, and
    nothing is shown as saved that is not. The `snapshot` is replaced, never changed, so a
    worker can read the one it was given.
    """

    def __init__(self, timeline: Timeline, store: NotesStore | None, problem: str | None = None) -> None:
        self.timeline = timeline
        self.store = store
        self.problem = problem
        """Why marks and notes are read-only, when they are."""
        self.snapshot = Snapshot()
        self._version: int | None = None
        self.reload()

    @classmethod
    def open(cls, timeline: Timeline, path: Path, create_folder: bool = False) -> MarksAndNotes:
        """The marks and notes of the store at `path`; read-only, saying why, when it cannot be used."""
        try:
            store = NotesStore(path, create_folder)
        except NotesUnavailable as error:
            return cls(timeline, None, str(error))
        return cls(timeline, store)

    @property
    def read_only(self) -> bool:
        return self.store is None

    @property
    def path(self) -> Path | None:
        return self.store.path if self.store else None

    @property
    def in_memory(self) -> bool:
        """Whether nothing is written: marks and notes last as long as the process."""
        return self.path is not None and str(self.path) == IN_MEMORY

    def reload(self) -> bool:
        """Read the store again if another process changed it since; say whether anything changed."""
        if self.store is None:
            return False
        version = self.store.changed_since_read()
        if version == self._version:
            return False
        snapshot = self.store.read()
        self._version = version
        changed = snapshot != self.snapshot
        self.snapshot = snapshot
        return changed

    def _event_id(self, position: EventPosition) -> str:
        return self.timeline.events[position].id

    def is_marked(self, event_id: str) -> bool:
        return event_id in self.snapshot.marked

    def note(self, event_id: str) -> str | None:
        return self.snapshot.notes.get(event_id)

    def _store(self) -> NotesStore:
        if self.store is None:
            raise ReadOnly(f"Marks and notes are read-only: {self.problem}")
        return self.store

    def set_marked(self, position: EventPosition, marked: bool) -> None:
        """Mark or unmark the event at `position`; raise ReadOnly, or sqlite3.Error if the disk fails."""
        event_id = self._event_id(position)
        self._store().set_marked(event_id, marked)
        self._after_change()

    def toggle_mark(self, position: EventPosition) -> bool:
        """Mark the event at `position`, or unmark it if it is marked; return whether it is marked now."""
        marked = not self.is_marked(self._event_id(position))
        self.set_marked(position, marked)
        return marked

    def set_note(self, position: EventPosition, text: str) -> None:
        """Write the note of the event at `position` (blank deletes it); raise as `set_marked` does."""
        self._store().set_note(self._event_id(position), text)
        self._after_change()

    def _after_change(self) -> None:
        """Read back what the store now holds: this change, and any another process made."""
        self._version = None
        self.reload()

    def marked_positions(self) -> list[EventPosition]:
        """The marked events that the timeline holds, in its order."""
        positions = self.timeline.positions
        return sorted(positions[event_id] for event_id in self.snapshot.marked if event_id in positions)

    def orphans(self) -> list[str]:
        """The ids that carry a mark or a note but that the timeline no longer holds, sorted."""
        positions = self.timeline.positions
        ids = self.snapshot.marked | set(self.snapshot.notes)
        return sorted(event_id for event_id in ids if event_id not in positions)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def store_path(timeline: Timeline, timeline_path: str | Path | None, named: Path | None) -> Path:
    """The store that the explorer and the commands use for a timeline: the one named with
    `--notes FILE`, or else the timeline's own in `notes_folder()`."""
    if named is not None:
        return named
    bundled = timeline_path is not None and same_file(timeline_path, bundled_timeline_path())
    return default_store_path(timeline_path, timeline.title, bundled)


def open_marks_and_notes(timeline: Timeline, timeline_path: str | Path | None, named: Path | None) -> MarksAndNotes:
    """The marks and notes of the store `store_path` gives; the folder of the timeline's own is
    made if absent, a named file's is not (a mistyped folder should not be made)."""
    return MarksAndNotes.open(timeline, store_path(timeline, timeline_path, named), create_folder=named is None)


def same_file(one: str | Path, other: Path) -> bool:
    """Whether two paths name one file (after links); False when either cannot be resolved."""
    try:
        return Path(one).resolve() == other.resolve()
    except (OSError, RuntimeError):
        return False
