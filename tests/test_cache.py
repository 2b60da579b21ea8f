import os
import shutil
import subprocess
import sys
from pathlib import Path

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
    path, _folder, loads, open_ = cached
    open_()
    path.write_text(MINIMAL.replace("Something happened", "Something else happened"))
    assert open_().events[0].title == "Something else happened"
    assert len(loads) == 2


def test_same_size_and_time_but_other_content_is_loaded_again(cached):
    path, _folder, loads, open_ = cached
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
    _path, folder, loads, open_ = cached
    expected = open_()
    entry = entry_file(folder)
    entry.write_bytes(damage(entry.read_bytes()))
    assert open_() == expected
    assert len(loads) == 2
    assert open_() == expected
    assert len(loads) == 2


def test_an_entry_that_decodes_to_an_impossible_date_is_not_trusted(cached):
    _path, folder, loads, open_ = cached
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


def test_other_rules_do_not_use_the_entry(cached, monkeypatch):
    _path, _folder, loads, open_ = cached
    open_()
    monkeypatch.setattr(cache_entries, "rules_fingerprint", lambda: "other rules")
    open_()
    assert len(loads) == 2


OPEN_AND_SAY_HOW = """
import sys
from tui import cache
stages = []
cache.open_timeline(sys.argv[1], lambda stage, fraction: stages.append(stage), smallest_cached=0)
print("parsed" if "parsing" in stages else "from the cache")
"""


@pytest.mark.parametrize("module", ["loader.py", "text.py", "dates.py"])
def test_a_change_to_a_rule_module_reads_the_file_afresh(module, tmp_path, write_timeline):
    """The app's own code, copied and changed as a developer would change a checkout: the same
    file, once cached, is parsed again by the changed code, and then comes from the cache."""
    package = tmp_path / "checkout" / "tui"
    shutil.copytree(Path(cache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    path = write_timeline(MINIMAL)
    environment = {**os.environ, "PYTHONPATH": str(package.parent), "GMP_TIMELINE_CACHE": str(tmp_path / "cache")}

    def open_in_a_new_process() -> str:
        run = subprocess.run(
            [sys.executable, "-c", OPEN_AND_SAY_HOW, str(path)],
            env=environment,
            cwd=tmp_path,  # `python -c` puts the working folder first: not the checkout's own tui
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    assert open_in_a_new_process() == "parsed"
    assert open_in_a_new_process() == "from the cache"
    with (package / module).open("a", encoding="utf-8") as code:
        code.write("\n# a change to the rules\n")
    assert open_in_a_new_process() == "parsed"
    assert open_in_a_new_process() == "from the cache"


def test_the_fingerprint_covers_the_modules_that_shape_a_timeline():
    from tui import dates, loader, model, text, yaml_nodes

    shaping = {module.__name__ for module in (model, dates, text, loader, yaml_nodes, cache_entries)}
    assert shaping <= set(cache_entries.RULE_MODULES)


def test_small_files_and_a_turned_off_cache_skip_it(cached, monkeypatch):
    path, folder, _loads, open_ = cached
    cache.open_timeline(path)
    assert not folder.exists()
    monkeypatch.setenv("GMP_TIMELINE_CACHE", "off")
    open_()
    assert not folder.exists()


def test_an_unwritable_cache_folder_is_not_an_error(cached, monkeypatch, tmp_path):
    _path, _folder, _loads, open_ = cached
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GMP_TIMELINE_CACHE", str(blocker / "cache"))
    assert open_().title == "A test timeline"


def test_a_broken_file_is_never_cached(cached, write_timeline):
    path, folder, _loads, open_ = cached
    path.write_text(MINIMAL.replace("2017-07-03", "2017-02-30"))
    with pytest.raises(TimelineError):
        open_()
    assert not list(folder.glob("*.msgpack"))


def test_an_entry_left_to_write_later_is_written_when_asked(cached):
    path, folder, loads, _open = cached
    writes = []
    first = cache.open_timeline(path, smallest_cached=0, write_later=writes.append)
    assert first == load_timeline(path) and len(writes) == 1
    assert not list(folder.glob("*.msgpack"))
    writes[0]()
    assert cache.open_timeline(path, smallest_cached=0, write_later=writes.append) == first
    assert len(loads) == 1 and len(writes) == 1
