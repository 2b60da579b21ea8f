import sys
import types

import pytest
from conftest import MINIMAL

from tui import __version__, cli
from tui.loader import TimelineError, bundled_timeline_path, load_timeline
from tui.wording import timeline_facts


def run(capsys, *arguments):
    status = cli.main(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


def test_validate_prints_a_one_line_summary(capsys, write_timeline):
    path = write_timeline(MINIMAL)
    status, out, err = run(capsys, "validate", "--timeline", str(path))
    assert status == 0
    assert out == f"{path}: A test timeline: 1 event, 1 source, 1 period, 2017\n"
    assert err == ""


def test_validate_defaults_to_the_bundled_timeline(capsys):
    status, out, _ = run(capsys, "validate")
    assert status == 0
    timeline = load_timeline(bundled_timeline_path())
    assert out.endswith(f": {timeline.title}: {', '.join(timeline_facts(timeline))}\n")
    assert f" events, {len(timeline.sources)} sources, {len(timeline.periods)} periods, 2003\u20132025" in out


def test_a_broken_file_prints_every_error_and_exits_2(capsys, write_timeline):
    path = write_timeline(MINIMAL.replace("2017-07-03", "2017-02-30").replace("source: letter", "source: x"))
    status, out, err = run(capsys, "validate", "--timeline", str(path))
    assert status == 2
    assert out == ""
    assert err.splitlines() == [
        f"{path}:15:11: events[0].date: 2017-02-30 is not a valid date: February 2017 has no day 30",
        f"{path}:19:17: events[0].quotes[0].source: no source has the id 'x'",
        "2 errors; the timeline was not loaded.",
    ]
    assert "Traceback" not in err


def test_opening_a_broken_file_in_the_explorer_exits_2_without_starting_it(capsys, write_timeline, monkeypatch):
    never_started = types.ModuleType("tui.app")
    never_started.make_app = lambda *args: pytest.fail("the UI must not start")
    monkeypatch.setitem(sys.modules, "tui.app", never_started)
    status, _, err = run(capsys, str(write_timeline("- not a mapping\n")))
    assert status == 2
    assert "1:1: top level: must be a mapping of field: value" in err


def test_a_large_file_loads_inside_the_explorer_which_passes_its_errors_back(capsys, write_timeline, monkeypatch):
    path = write_timeline("- not a mapping\n")
    opened = []

    class LoadingApp:
        def __init__(self, file, sources_dir=None, notes_path=None):
            opened.append(file)
            assert notes_path is None  # no --notes: the timeline's own store, once it is loaded
            self.load_error = None

        def run(self):
            self.load_error = load_error

    with pytest.raises(TimelineError) as raised:
        load_timeline(path)
    load_error = raised.value
    loading_only = types.ModuleType("tui.app")
    loading_only.make_app = lambda *args: pytest.fail("a large file must load inside the UI")
    loading_only.make_loading_app = LoadingApp
    monkeypatch.setitem(sys.modules, "tui.app", loading_only)
    monkeypatch.setattr(cli, "LOAD_IN_APP_FROM", 1)
    status, _, err = run(capsys, str(path))
    assert opened == [path]
    assert status == 2
    assert "1:1: top level: must be a mapping of field: value" in err
    assert "1 error; the timeline was not loaded." in err


def test_a_long_list_of_errors_is_cut_short(capsys, write_timeline):
    events = "".join(
        f"  - id: e{index}\n    date: 2017-02-30\n    title: t\n    summary: s\n    quotes: [{{source: letter, text: t}}]\n"
        for index in range(150)
    )
    path = write_timeline(MINIMAL + events)
    status, _, err = run(capsys, "validate", "--timeline", str(path))
    assert status == 2
    lines = err.splitlines()
    assert len(lines) == cli.MAX_ERRORS_SHOWN + 2
    assert lines[-2] == "... and 50 more errors"
    assert lines[-1] == "150 errors; the timeline was not loaded."


def test_verify_passes_and_fails_with_exit_status(capsys, write_timeline, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "letter.txt").write_text("Some Exact words. More.")
    path = write_timeline(MINIMAL)
    status, out, _ = run(capsys, "verify", "--sources", str(sources), "--timeline", str(path))
    assert (status, out) == (0, "verify: 1 quotes checked: all found; 0 sources missing\n")

    (sources / "letter.txt").write_text("Some Exact word. More.")
    status, out, _ = run(capsys, "verify", "--sources", str(sources), "--timeline", str(path))
    assert status == 1
    assert out.splitlines() == [
        f"FAIL {path}: event 'first', quote 1 from source 'letter' is not in the source text",
        "  quote:   Exact words.",
        "  source:  Exact word. ",
        "                     ^ first difference (character 11)",
        "verify: 1 quotes checked: 1 not found; 0 sources missing",
    ]


def test_verify_reports_a_missing_sources_folder(capsys, tmp_path):
    status, _, err = run(capsys, "verify", "--sources", str(tmp_path / "none"))
    assert status == 2
    assert "not a folder of source texts" in err


def test_verify_looks_for_a_sources_folder_beside_the_timeline(capsys, write_timeline, tmp_path):
    path = write_timeline(MINIMAL)
    status, _, err = run(capsys, "verify", "--timeline", str(path))
    assert status == 2
    assert err == f"gmp-timeline verify: give --sources DIR (there is no folder {tmp_path / 'sources'})\n"
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "letter.txt").write_text("Some Exact words. More.")
    status, out, _ = run(capsys, "verify", "--timeline", str(path))
    assert (status, out) == (0, "verify: 1 quotes checked: all found; 0 sources missing\n")


def test_verify_shows_its_progress_on_a_terminal_and_clears_it(capsys, write_timeline, tmp_path, monkeypatch):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "letter.txt").write_text("Some Exact words. More.")
    path = write_timeline(MINIMAL)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    status, _, err = run(capsys, "verify", "--timeline", str(path))
    assert status == 0
    assert "\rverify: checking the quotes 0%\x1b[K" in err
    assert err.endswith("\r\x1b[K")


def explorer_opened_with(monkeypatch, capsys, *arguments):
    """Run the explorer's command line with an app that records what it was given, and return it."""
    opened = []
    recording = types.ModuleType("tui.app")
    recording.make_app = lambda timeline, path, sources_dir, notes_path: (
        opened.append((path, sources_dir)) or types.SimpleNamespace(run=lambda: None, return_code=0)
    )
    monkeypatch.setitem(sys.modules, "tui.app", recording)
    status, _, err = run(capsys, *arguments)
    return status, err, opened


def test_the_explorer_takes_the_sources_folder_given_or_the_one_beside_the_timeline(
    capsys, write_timeline, tmp_path, monkeypatch
):
    path = write_timeline(MINIMAL)
    assert explorer_opened_with(monkeypatch, capsys, str(path))[2] == [(str(path), None)]
    (tmp_path / "sources").mkdir()
    assert explorer_opened_with(monkeypatch, capsys, str(path))[2] == [(str(path), tmp_path / "sources")]
    elsewhere = tmp_path / "texts"
    elsewhere.mkdir()
    given = explorer_opened_with(monkeypatch, capsys, str(path), "--sources", str(elsewhere))
    assert given[2] == [(str(path), elsewhere)]
    status, err, opened = explorer_opened_with(monkeypatch, capsys, str(path), "--sources", str(tmp_path / "none"))
    assert (status, opened) == (2, [])
    assert err == f"gmp-timeline: {tmp_path / 'none'}: not a folder of source texts\n"


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"gmp-timeline {__version__}\n"


def test_an_internal_error_is_a_message_not_a_traceback_unless_debug(capsys, monkeypatch):
    def broken(path, progress=None):
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(cli, "open_timeline", broken)
    status, _, err = run(capsys, "validate")
    assert status == 1
    assert err == (
        "gmp-timeline: internal error: RuntimeError: something inside broke\n"
        "Run again with --debug to see the traceback, and please report it.\n"
    )
    with pytest.raises(RuntimeError):
        cli.main(["--debug", "validate"])
