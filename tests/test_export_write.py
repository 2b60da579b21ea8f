"""Writing an export: all of it or nothing, never over a file unless asked, and errors said plainly.

The tests run as root, whom permissions do not stop, so a refusal is simulated by making the
system call fail as it would for another user.
"""

from __future__ import annotations

import errno
import os
import stat

import pytest

from tui.export import ExportError, ExportFileExists, write_atomically
from tui.export import write as write_module

TEXT = "# Export\n\nQuoted “exactly” — 2005–2014\n"


def leftovers(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_a_new_file_holds_the_text_as_utf8_bytes(tmp_path):
    path = tmp_path / "export.md"
    write_atomically(path, TEXT)
    assert path.read_bytes() == TEXT.encode("utf-8")
    assert leftovers(tmp_path) == []


def test_an_existing_file_is_not_replaced_without_overwrite(tmp_path):
    path = tmp_path / "export.md"
    path.write_text("old")
    with pytest.raises(ExportFileExists, match=r"export\.md already exists; use --force to replace it$"):
        write_atomically(path, TEXT)
    assert path.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_overwrite_replaces_the_file_and_keeps_its_permissions(tmp_path):
    path = tmp_path / "export.md"
    path.write_text("old")
    path.chmod(0o600)
    write_atomically(path, TEXT, overwrite=True)
    assert path.read_text(encoding="utf-8") == TEXT
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_new_file_gets_the_permissions_the_umask_allows(tmp_path):
    previous = os.umask(0o027)
    try:
        write_atomically(tmp_path / "export.md", TEXT)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "export.md").stat().st_mode) == 0o640


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(ExportError, match=r"cannot write .*missing/export\.md: the folder .*missing does not exist$"):
        write_atomically(tmp_path / "missing" / "export.md", TEXT)


def test_a_file_is_not_a_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("")
    with pytest.raises(ExportError, match=r"cannot write .*notes\.txt/export\.md: .*notes\.txt is not a folder$"):
        write_atomically(tmp_path / "notes.txt" / "export.md", TEXT)


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(ExportError, match=r"is a folder; give the name of a file to write$"):
        write_atomically(tmp_path, TEXT, overwrite=True)


def test_permission_denied_on_creating_the_file_is_said_plainly(tmp_path, monkeypatch):
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(write_module.os, "open", refuse)
    with pytest.raises(ExportError, match=r"cannot write .*export\.md: permission denied$"):
        write_atomically(tmp_path / "export.md", TEXT)
    assert list(tmp_path.iterdir()) == []


def test_permission_denied_on_the_rename_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "export.md"
    path.write_text("old")

    def refuse(source, destination):
        raise PermissionError(errno.EPERM, "Operation not permitted", str(destination))

    monkeypatch.setattr(write_module.os, "replace", refuse)
    with pytest.raises(ExportError, match=r"permission denied$"):
        write_atomically(path, TEXT, overwrite=True)
    assert path.read_text() == "old"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "failure", [OSError(errno.EIO, "Input/output error"), OSError(errno.ENOSPC, "No space left on device")]
)
def test_a_failure_between_write_and_rename_leaves_the_old_file_intact(tmp_path, monkeypatch, failure):
    path = tmp_path / "export.md"
    path.write_text("old")

    def fail(descriptor):
        raise failure

    monkeypatch.setattr(write_module.os, "fsync", fail)
    with pytest.raises(ExportError, match=rf"cannot write .*export\.md: {failure.strerror}$"):
        write_atomically(path, TEXT, overwrite=True)
    assert path.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_an_interruption_removes_the_temporary_file_and_is_not_swallowed(tmp_path, monkeypatch):
    def interrupt(source, destination):
        raise KeyboardInterrupt

    monkeypatch.setattr(write_module.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "export.md", TEXT)
    assert list(tmp_path.iterdir()) == []


def test_a_relative_name_is_written_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_atomically("export.md", TEXT)
    assert (tmp_path / "export.md").read_text(encoding="utf-8") == TEXT
