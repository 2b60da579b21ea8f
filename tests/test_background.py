"""A large load in the background, without an app: the layout or the error comes back to the
event loop, progress is reported as it changes, and a cancelled load stops."""

from __future__ import annotations

import asyncio
import gc
import threading
from pathlib import Path

import pytest

from tui import cache_entries
from tui.background import Abandoned, BackgroundLoad
from tui.errors import TimelineError, single_error
from tui.loader import bundled_timeline_path, load_timeline

TIMELINE = load_timeline(bundled_timeline_path())


def opener_with_steps(steps):
    def open_(path, progress):
        for stage, fraction in steps:
            progress(stage, fraction)
        return TIMELINE

    return open_


def test_the_layout_comes_back_with_progress_reported_once_per_change():
    reports = []
    steps = [("parsing", None), ("parsing", None), ("checking events", 0.501), ("checking events", 0.509)]
    load = BackgroundLoad(Path("x.yaml"), lambda *report: reports.append(report), opener=opener_with_steps(steps))
    layout = asyncio.run(load.run())
    assert layout.timeline is TIMELINE and layout.event_count == len(TIMELINE.events)
    assert reports == [("parsing", None), ("checking events", 0.501), ("laying out the list", None)]


def test_the_load_runs_in_a_daemon_thread():
    threads = []

    def open_(path, progress):
        threads.append(threading.current_thread())
        return TIMELINE

    asyncio.run(BackgroundLoad(Path("x.yaml"), lambda *report: None, opener=open_).run())
    assert threads[0] is not threading.main_thread() and threads[0].daemon


def test_an_error_is_raised_where_the_load_is_awaited():
    def broken(path, progress):
        raise single_error(str(path), "no such file")

    with pytest.raises(TimelineError, match="no such file"):
        asyncio.run(BackgroundLoad(Path("missing.yaml"), lambda *report: None, opener=broken).run())


def test_a_cancelled_load_stops_at_its_next_step():
    cancelled = threading.Event()
    load = BackgroundLoad(Path("x.yaml"), lambda *report: None, cancelled=cancelled.is_set)
    load.progress("parsing", None)
    cancelled.set()
    with pytest.raises(Abandoned):
        load.progress("checking events", 0.5)


def test_a_real_file_loads():
    layout = asyncio.run(BackgroundLoad(bundled_timeline_path(), lambda *report: None).run())
    assert layout.timeline == TIMELINE


def test_no_collection_runs_from_the_parse_to_the_freeze():
    """The collector is paused from the start of the load to keep_for_good: a pass in between
    walks every object the load made, all of which live as long as the timeline."""
    kept = []

    def open_making_many_objects(path, progress):
        kept.extend([index] for index in range(100_000))  # enough to start every generation's pass
        return TIMELINE

    passes = []

    def record(phase, info):
        if phase == "start":
            passes.append(info["generation"])

    gc.callbacks.append(record)
    try:
        BackgroundLoad(Path("x.yaml"), lambda *report: None, opener=open_making_many_objects).load()
    finally:
        gc.callbacks.remove(record)
    assert passes == []
    assert gc.isenabled()


def test_the_cache_entry_is_written_when_asked_in_a_thread_that_quitting_waits_for(large_timeline):
    path, folder = large_timeline
    load = BackgroundLoad(path, lambda *report: None)
    layout = asyncio.run(load.run())
    assert layout.timeline.title == "A test timeline"
    assert not list(folder.glob("*.msgpack"))
    writer = load.write_cache_entry()
    assert writer is not None and not writer.daemon
    writer.join()
    assert len(list(folder.glob("*.msgpack"))) == 1


def test_an_entry_that_cannot_be_encoded_is_skipped_without_a_traceback(large_timeline, monkeypatch):
    path, folder = large_timeline
    failures = []
    monkeypatch.setattr(threading, "excepthook", failures.append)

    def out_of_memory(*args):
        raise MemoryError

    monkeypatch.setattr(cache_entries, "write_entry", out_of_memory)
    load = BackgroundLoad(path, lambda *report: None)
    asyncio.run(load.run())
    writer = load.write_cache_entry()
    assert writer is not None
    writer.join()
    assert failures == [] and not list(folder.glob("*.msgpack"))
