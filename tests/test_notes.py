"""The reader's marks and notes store (tui/notes.py): each of its promises, with real processes.

- a change is on disk (readable by another process) when the call that makes it returns;
- a process killed with SIGKILL in the middle of writing loses at most the change in progress,
  and the store stays whole;
- two processes writing at once both keep every change;
- a damaged store, one from a newer version, or another program's SQLite file is refused with
  one line, and its bytes are left as they were;
- marks and notes on ids the timeline no longer holds are kept and listed as orphans.

The processes wait for each other through pipes and files, never for a time.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from timelines import fixture_timeline

from tui.notes import (
    APPLICATION_ID,
    IN_MEMORY,
    SCHEMA_VERSION,
    MarksAndNotes,
    NotesStore,
    NotesUnavailable,
    ReadOnly,
    default_store_path,
    timeline_identity,
)

TIMELINE = fixture_timeline()
FIRST, SECOND, LAST = 0, 1, len(TIMELINE.events) - 1


def run_python(code: str, *arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *arguments],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_new_store_is_made_in_wal_mode_with_full_synchronous_commits(tmp_path: Path) -> None:
    store = NotesStore(tmp_path / "n.sqlite")
    assert store.settings() == ("wal", 2)  # 2 is FULL
    store.close()
    with sqlite3.connect(tmp_path / "n.sqlite") as other:
        assert other.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert other.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_change_is_readable_by_another_process_when_the_call_returns(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite"
    notes = MarksAndNotes.open(TIMELINE, path)
    notes.set_marked(SECOND, True)
    notes.set_note(FIRST, "Check the date [bold]against[/] the minutes")
    reader = run_python(
        """
        import sqlite3, sys
        connection = sqlite3.connect(sys.argv[1])
        print(sorted(row[0] for row in connection.execute("SELECT event_id FROM marks")))
        print(connection.execute("SELECT text FROM notes").fetchone()[0])
        """,
        str(path),
    )
    output, _ = reader.communicate()
    assert output.splitlines() == [repr([TIMELINE.events[SECOND].id]), "Check the date [bold]against[/] the minutes"]


def test_marks_and_notes_survive_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite"
    notes = MarksAndNotes.open(TIMELINE, path)
    assert notes.toggle_mark(FIRST) is True
    assert notes.toggle_mark(LAST) is True
    assert notes.toggle_mark(FIRST) is False
    notes.set_note(LAST, "first line\nsecond line")
    notes.close()
    again = MarksAndNotes.open(TIMELINE, path)
    assert again.marked_positions() == [LAST]
    assert again.note(TIMELINE.events[LAST].id) == "first line\nsecond line"
    again.set_note(LAST, "   ")
    assert again.note(TIMELINE.events[LAST].id) is None


WRITER = """
import sys
from timelines import fixture_timeline
from tui.notes import MarksAndNotes
notes = MarksAndNotes.open(fixture_timeline(), __import__("pathlib").Path(sys.argv[1]))
prefix = sys.argv[2]
print("ready", flush=True)
sys.stdin.readline()  # go: every writer starts together
number = 0
while True:
    notes.store.set_note(f"{prefix}-{number}", f"note {number} " + "x" * 4000)
    print(number, flush=True)  # reported saved only once committed
    number += 1
    if number == int(sys.argv[3]):
        break
"""


def start_writer(path: Path, prefix: str, count: int) -> subprocess.Popen[str]:
    tests = str(Path(__file__).parent)
    process = subprocess.Popen(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {tests!r})\n{WRITER}", str(path), prefix, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    return process


@pytest.mark.parametrize("saved_before_kill", [1, 7, 40])
def test_kill_9_while_writing_loses_at_most_the_change_in_progress(tmp_path: Path, saved_before_kill: int) -> None:
    path = tmp_path / "n.sqlite"
    writer = start_writer(path, "killed", 10**9)
    assert writer.stdin is not None and writer.stdout is not None
    writer.stdin.write("go\n")
    writer.stdin.flush()
    reported = [int(writer.stdout.readline()) for _ in range(saved_before_kill)]
    # The writer goes on writing, each note kilobytes long: the signal lands in the middle.
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    reported += [int(line) for line in writer.stdout.read().split()]
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = MarksAndNotes.open(TIMELINE, path)
    assert kept.problem is None
    numbers = sorted(int(event_id.split("-")[1]) for event_id in kept.snapshot.notes)
    # Every change reported saved is there, and at most the one in progress beyond them.
    assert numbers[: len(reported)] == reported
    assert len(numbers) - len(reported) in (0, 1)
    assert numbers == list(range(len(numbers)))


def test_two_processes_writing_at_once_both_keep_every_change(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite"
    NotesStore(path).close()
    writers = [start_writer(path, prefix, 60) for prefix in ("one", "two")]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        assert writer.wait() == 0
    snapshot = NotesStore(path).read()
    assert {event_id for event_id in snapshot.notes if event_id.startswith("one-")} == {f"one-{n}" for n in range(60)}
    assert {event_id for event_id in snapshot.notes if event_id.startswith("two-")} == {f"two-{n}" for n in range(60)}


def test_two_explorers_on_one_store_keep_both_marks_and_each_sees_the_other(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite"
    one = MarksAndNotes.open(TIMELINE, path)
    two = MarksAndNotes.open(TIMELINE, path)
    one.set_marked(FIRST, True)
    two.set_marked(LAST, True)  # two had not seen one's mark: it must not write its own set back
    assert two.marked_positions() == [FIRST, LAST]
    assert one.reload() is True
    assert one.marked_positions() == [FIRST, LAST]


def newer_store(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE marks (event_id TEXT PRIMARY KEY, colour TEXT)")
        connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    connection.close()


def damaged_store(path: Path) -> None:
    notes = MarksAndNotes.open(TIMELINE, path)
    for position in range(len(TIMELINE.events)):
        notes.set_note(position, "words " * 2000)
    notes.close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a page of the notes table overwritten
    path.write_bytes(bytes(data))


def another_programs_file(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE accounts (name TEXT)")
    connection.close()


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (newer_store, "was written by a newer gmp-timeline (store version 2; this one reads 1)"),
        (damaged_store, "is damaged"),
        (lambda path: path.write_bytes(b"not a database at all\n" * 100), "is damaged or not a notes store"),
        (lambda path: path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 30), "is damaged or not a notes store"),
        (another_programs_file, "is an SQLite file of another program"),
    ],
    ids=["newer", "damaged", "not-sqlite", "truncated", "another-program"],
)
def test_a_store_that_cannot_be_used_is_refused_in_one_line_and_never_written(tmp_path: Path, make, said: str) -> None:
    path = tmp_path / "n.sqlite"
    make(path)
    before = path.read_bytes()
    with pytest.raises(NotesUnavailable) as refused:
        NotesStore(path)
    message = str(refused.value)
    assert said in message and "\n" not in message and "it was left as it is" in message
    notes = MarksAndNotes.open(TIMELINE, path)
    assert notes.read_only and notes.problem == message
    with pytest.raises(ReadOnly, match="read-only"):
        notes.toggle_mark(FIRST)
    with pytest.raises(ReadOnly):
        notes.set_note(FIRST, "lost?")
    assert path.read_bytes() == before
    assert sorted(file.name for file in tmp_path.iterdir()) == ["n.sqlite"]


def test_notes_on_ids_no_longer_in_the_timeline_are_kept_and_listed_as_orphans(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite"
    store = NotesStore(path)
    store.set_note("removed-event", "Still mine")
    store.set_marked("another-removed-event", True)
    store.set_marked(TIMELINE.events[FIRST].id, True)
    store.close()
    notes = MarksAndNotes.open(TIMELINE, path)
    assert notes.orphans() == ["another-removed-event", "removed-event"]
    assert notes.marked_positions() == [FIRST]
    notes.toggle_mark(LAST)
    notes.close()
    assert NotesStore(path).read().notes == {"removed-event": "Still mine"}


def test_a_missing_folder_for_a_named_store_is_a_one_line_refusal(tmp_path: Path) -> None:
    notes = MarksAndNotes.open(TIMELINE, tmp_path / "absent" / "n.sqlite")
    assert notes.read_only and "cannot be opened" in (notes.problem or "")
    assert not (tmp_path / "absent").exists()


def test_the_default_store_is_named_by_the_timelines_resolved_path_and_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GMP_TIMELINE_NOTES", str(tmp_path / "notes"))
    (tmp_path / "a").mkdir()
    timeline = tmp_path / "a" / "t.yaml"
    same = default_store_path(timeline, "Café timeline")
    assert same == default_store_path(tmp_path / "a" / ".." / "a" / "t.yaml", "Café timeline")
    assert same.parent == tmp_path / "notes" and same.name.startswith("cafe-timeline-")
    assert same != default_store_path(timeline, "Another title")
    assert same != default_store_path(tmp_path / "t.yaml", "Café timeline")
    assert timeline_identity(timeline, "T", bundled=True) == "bundled\nT"
    notes = MarksAndNotes.open(TIMELINE, same, create_folder=True)
    notes.set_marked(FIRST, True)
    assert same.is_file()


def test_an_in_memory_store_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What `gmp-timeline serve` gives each tab: marks and notes for as long as its explorer runs."""
    monkeypatch.chdir(tmp_path)
    notes = MarksAndNotes.open(TIMELINE, Path(IN_MEMORY))
    assert notes.in_memory and notes.problem is None
    notes.set_marked(FIRST, True)
    notes.set_note(FIRST, "for now")
    assert notes.marked_positions() == [FIRST] and notes.note(TIMELINE.events[FIRST].id) == "for now"
    assert list(tmp_path.iterdir()) == []


def test_the_server_gives_each_tab_an_in_memory_store() -> None:
    from tui import serve

    server = serve.TimelineServer(None, "T", "127.0.0.1", 0, None)
    assert f"--notes {IN_MEMORY}" in server.command
