import os

import msgspec
import pytest

from conftest import MINIMAL
from tui import cache, cache_entries
from tui.loader import TimelineError, load_timeline


@pytest.fixture
def cached(tmp_path, monkeypatch, write_timeline):
    """A timeline file, a cache folder of its own, and a counter of real loads."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("GMP_TIMELINE_CACHE", str(folder))
    loads = []
    real = cache.load_timeline_bytes

    def counting(*args, **kwargs):
        loads.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(cache, "load_timeline_bytes", counting)
    path = write_timeline(MINIMAL)

    def open_():
        return cache.open_timeline(path, smallest_cached=0)

    return path, folder, loads, open_


def entry_file(folder):
    (entry,) = folder.glob("*.msgpack")
    return entry


def test_a_second_open_comes_from_the_cache(cached):
    path, folder, loads, open_ = cached
    first = open_()
    assert len(loads) == 1 and entry_file(folder).is_file()
    assert open_() == first == load_timeline(path)
    assert len(loads) == 1


def test_a_changed_file_is_loaded_again(cached):
    path, folder, loads, open_ = cached
    open_()
    path.write_text(MINIMAL.replace("Something happened", "Something else happened"))
    assert open_().events[0].title == "Something else happened"
    assert len(loads) == 2


def test_same_size_and_time_but_other_content_is_loaded_again(cached):
    path, folder, loads, open_ = cached
    open_()
    status = path.stat()
    path.write_text(MINIMAL.replace("Something happened", "Somethin' happened"))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert open_().events[0].title == "Somethin' happened"
    assert len(loads) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: b"not msgpack at all",
        lambda data: data.replace(b"Something happened", b"Something HAPPENED"),
        lambda data: b"",
    ],
    ids=["truncated", "garbage", "payload-changed", "empty"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(cached, damage):
    path, folder, loads, open_ = cached
    expected = open_()
    entry = entry_file(folder)
    entry.write_bytes(damage(entry.read_bytes()))
    assert open_() == expected
    assert len(loads) == 2
    assert open_() == expected
    assert len(loads) == 2


def test_an_entry_that_decodes_to_an_impossible_date_is_not_trusted(cached):
    path, folder, loads, open_ = cached
    open_()
    entry = entry_file(folder)
    decoded = msgspec.msgpack.decode(entry.read_bytes())
    payload = msgspec.msgpack.decode(decoded["payload"])
    payload["events"][0]["date"]["month"] = 13
    decoded["payload"] = msgspec.msgpack.encode(payload)
    import hashlib

    decoded["payload_sha256"] = hashlib.sha256(decoded["payload"]).hexdigest()
    entry.write_bytes(msgspec.msgpack.encode(decoded))
    assert open_().events[0].date.month == 7
    assert len(loads) == 2


def test_another_app_version_does_not_use_the_entry(cached, monkeypatch):
    path, folder, loads, open_ = cached
    open_()
    monkeypatch.setattr(cache_entries, "__version__", "999.0")
    open_()
    assert len(loads) == 2


def test_small_files_and_a_turned_off_cache_skip_it(cached, monkeypatch):
    path, folder, loads, open_ = cached
    cache.open_timeline(path)
    assert not folder.exists()
    monkeypatch.setenv("GMP_TIMELINE_CACHE", "off")
    open_()
    assert not folder.exists()


def test_an_unwritable_cache_folder_is_not_an_error(cached, monkeypatch, tmp_path):
    path, folder, loads, open_ = cached
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GMP_TIMELINE_CACHE", str(blocker / "cache"))
    assert open_().title == "A test timeline"


def test_a_broken_file_is_never_cached(cached, write_timeline):
    path, folder, loads, open_ = cached
    path.write_text(MINIMAL.replace("2017-07-03", "2017-02-30"))
    with pytest.raises(TimelineError):
        open_()
    assert not list(folder.glob("*.msgpack"))
