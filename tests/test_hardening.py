"""Hardening, round two: each class of problem a red-team pass found, with tests named after it.

The classes that need an app (keys, signals, drawing) are in tests/ui/test_hardening_ui.py.
"""

from __future__ import annotations

import difflib
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL
from timelines import HOSTILE

from tui import cli, yaml_nodes
from tui.errors import TimelineError
from tui.export.write import ExportError, ExportFileExists, write_atomically
from tui.files import NotReadable, read_bounded
from tui.loader import load_timeline, load_timeline_text


def errors_of(text: str, name: str = "timeline.yaml") -> list[str]:
    with pytest.raises(TimelineError) as caught:
        load_timeline_text(text, name)
    return [str(error) for error in caught.value.errors]


# 4. The loader crashes instead of locating -----------------------------------------------


def test_class_4_a_list_as_a_field_name_is_located_not_a_crash():
    text = "title: !!str x\nsources: []\nevents: []\n? [a, b]\n: y\n"
    assert errors_of(text) == [
        "timeline.yaml:4:3: top level: a field's name must be a single word, not a list or mapping"
    ]


def test_class_4_a_five_thousand_digit_number_is_text_on_both_roads(write_timeline):
    """It raised Python's limit on the digits of an int."""
    digits = "9" * 5000
    for extra in ("", "\n# a ! sends the file on the careful road\n"):
        text = MINIMAL.replace("title: Something happened", f"title: {digits}") + extra
        assert load_timeline(write_timeline(text)).events[0].title == digits


def test_class_4_a_five_thousand_digit_date_is_refused_in_one_readable_line(write_timeline):
    (error,) = errors_of(MINIMAL.replace("date: 2017-07-03", "date: " + "9" * 5000))
    assert error.startswith("timeline.yaml:15:11: events[0].date: '9999") and "is not a date" in error
    assert len(error) < 300 and "Python" not in error and "int" not in error


# 5. Refusing many unknown fields is quadratic --------------------------------------------


def test_class_5_placing_twenty_thousand_unknown_fields_reads_each_mapping_once(monkeypatch):
    """A mapping's fields are gathered once for all the problems in it, not once for each."""
    text = (HOSTILE / "twenty-thousand-unknown-fields.yaml").read_text(encoding="utf-8")
    root = yaml_nodes.compose(text, "x")
    reads = 0

    class CountedFields(list):
        def __iter__(self):
            nonlocal reads
            reads += 1
            return super().__iter__()

    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            node.value = CountedFields(node.value)
            pending.extend(value for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
    problems = [(("events", 0, f"unknown-{number}"), "unknown", True) for number in range(20000)]
    reads = 0
    assert len(yaml_nodes.locate(problems, root, "x")) == 20000
    assert reads == 2, "the top level and the event, each read once"


# 6. A large file through a pipe, and 9. special files ------------------------------------


def test_class_6_a_large_file_through_a_pipe_is_read_and_not_cached(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "cache"
    monkeypatch.setenv("GMP_TIMELINE_CACHE", str(folder))
    big = MINIMAL + "# " + "x" * (2 << 20) + "\n"
    read, write = os.pipe()
    writer = threading.Thread(target=lambda: (os.write(write, big.encode()), os.close(write)))
    writer.start()
    try:
        assert cli.main(["validate", "--timeline", f"/dev/fd/{read}"]) == 0
    finally:
        writer.join()
        os.close(read)
    assert "A test timeline: 1 event" in capsys.readouterr().out
    assert not folder.exists() or not list(folder.iterdir()), "a pipe has no name to keep an entry under"


def test_class_9_a_named_pipe_with_nothing_writing_to_it_does_not_hang(tmp_path):
    fifo = tmp_path / "timeline.yaml"
    os.mkfifo(fifo)
    with pytest.raises(TimelineError, match="the file is empty"):
        load_timeline(fifo)


@pytest.mark.parametrize(
    ("path", "reason"), [("/dev/zero", "is a device, not a timeline file"), ("/dev/null", "is a device")]
)
def test_class_9_a_device_is_refused_not_read_for_ever(path, reason):
    with pytest.raises(TimelineError, match=reason):
        load_timeline(path)


def test_class_9_a_file_over_the_limit_is_refused_with_its_size(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * (3 << 20))
    with pytest.raises(NotReadable, match="is 3 MiB; the largest file read is 2 MiB"):
        read_bounded(path, 2 << 20)


def test_class_9_a_pipe_over_the_limit_is_refused():
    read, write = os.pipe()

    def write_too_much() -> None:
        try:
            os.write(write, b"x" * (3 << 20))
        except BrokenPipeError:
            pass  # the reader stopped at its limit and closed its end
        finally:
            os.close(write)

    writer = threading.Thread(target=write_too_much)
    writer.start()
    try:
        with pytest.raises(NotReadable, match="holds more than 2 MiB"):
            read_bounded(f"/dev/fd/{read}", 2 << 20)
    finally:
        os.close(read)
        writer.join()


def test_class_9_a_named_pipe_as_a_source_text_or_a_cache_entry_does_not_hang(tmp_path, monkeypatch):
    from tui import cache_entries
    from tui.verify import verify_quotes

    sources = tmp_path / "sources"
    sources.mkdir()
    os.mkfifo(sources / "letter.txt")
    timeline = load_timeline_text(MINIMAL)
    report = verify_quotes(timeline, sources)
    assert report.missing_sources == () or "letter" in str(report.missing_sources)
    entry = tmp_path / "entry.msgpack"
    os.mkfifo(entry)
    key = cache_entries.key_for(Path(__file__), b"")
    assert cache_entries.read_entry(entry, key) is None


# 10. Dates are read as written --------------------------------------------------------------


@pytest.mark.parametrize("written", ["0x7E1", "0o3741", "2_017", "+2017", "02017", "017", "2017.0", "0b11111100001"])
def test_class_10_a_date_written_as_yaml_reads_a_number_is_refused(written):
    (error,) = errors_of(MINIMAL.replace("date: 2017-07-03", f"date: {written}"))
    assert f"events[0].date: {written!r} is not a date; write " in error


@pytest.mark.parametrize(("written", "year"), [("0001", 1), ("0500", 500), ("2017", 2017), ('"2017"', 2017)])
def test_class_10_a_four_digit_year_is_read_as_written(write_timeline, written, year):
    text = MINIMAL.replace("date: 2017-07-03", f"date: {written}")
    assert load_timeline(write_timeline(text)).events[0].date.year == year


def test_class_10_a_message_quotes_the_date_as_written():
    (error,) = errors_of(MINIMAL.replace("date: 2017-07-03", "date: 0000"))
    assert "0000 is not a valid date" in error


# 14. Two roads, two verdicts ----------------------------------------------------------------

VALUES = ["0x10", ".inf", "1e3", "1_000", "2017", "true", "TRUE", "tRuE", "yes", "null", "~", "1.10", "-5", "0b101"]


WRITTEN_IN = {
    "title": ("    title: Something happened", "    title: {}"),
    "date": ("    date: 2017-07-03", "    date: {}"),
    "approximate": ("    title: Something happened", "    title: Something happened\n    approximate: {}"),
}


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("field", list(WRITTEN_IN))
def test_class_14_every_road_gives_the_same_verdict(value, field):
    """yaml_rs and the careful road (where a `!` anywhere in the file sends it) read each value alike."""
    line, written = WRITTEN_IN[field]
    text = MINIMAL.replace(line, written.format(value))
    assert _verdict(text) == _verdict(text + "# ! the careful road\n"), value


def _verdict(text: str) -> object:
    try:
        timeline = load_timeline_text(text)
    except TimelineError as error:
        return [str(item) for item in error.errors]
    event = timeline.events[0]
    return (event.title, event.date, event.approximate)


@pytest.mark.parametrize("character", ["\x1b", "\x9b", "\ufffe", "\x7f"])
def test_class_14_a_raw_control_character_is_refused_on_every_road(character):
    """Written raw into the file, not as an escape: YAML allows none of them, and a JSON file is
    read as YAML reads it."""
    data = yaml.safe_load(MINIMAL)
    data["sources"][0]["date"] = "2020-04-23"
    data["events"][0]["date"] = "2017-07-03"
    as_json = json.dumps(data, ensure_ascii=False)
    for name, text in (("timeline.yaml", MINIMAL), ("timeline.json", as_json)):
        errors = errors_of(text.replace("Exact words.", f"Exact {character} words."), name)
        assert len(errors) == 1 and "is not allowed in YAML" in errors[0], errors


def test_class_14_a_lone_surrogate_escaped_in_json_becomes_the_replacement_character():
    data = yaml.safe_load(MINIMAL)
    data["sources"][0]["date"] = "2020-04-23"
    data["events"][0]["date"] = "2017-07-03"
    text = json.dumps(data).replace("Exact words.", "Exact \\ud800 words.")
    assert load_timeline_text(text, "timeline.json").events[0].quotes[0].text == "Exact \ufffd words."


# 15. Tags slip through ----------------------------------------------------------------------


def test_class_15_a_tag_right_after_a_colon_is_refused():
    text = MINIMAL.replace("title: A test timeline", 'title: {"x":!!binary aGk=}')
    assert errors_of(text) == ["timeline.yaml:1:13: title.x: the tag !!binary is not allowed"]


# 1. A failure is a message, not a traceback -----------------------------------------------


def test_class_1_text_that_is_no_character_is_an_export_error(tmp_path):
    target = tmp_path / "export.md"
    with pytest.raises(ExportError, match=r"cannot write .*export\.md: the text holds U\+D800, which is no character"):
        write_atomically(target, "a lone \ud800 surrogate")
    assert not target.exists()
    assert not list(tmp_path.iterdir()), "no temporary file left behind"


def test_class_1_a_markdown_export_names_a_latin1_file_with_the_replacement_character(tmp_path, capsys):
    timeline_file = tmp_path / "caf\udce9.yaml"  # b"caf\xe9.yaml": not UTF-8
    timeline_file.write_text(MINIMAL, encoding="utf-8")
    output = tmp_path / "export.md"
    assert (
        cli.main(["export", "--timeline", str(timeline_file), "--from", "2017", "--to", "2017", "-o", str(output)]) == 0
    )
    assert "caf\ufffd.yaml" in output.read_text(encoding="utf-8")


# 2. File names are untrusted text ----------------------------------------------------------

HOSTILE_NAME = "a\x1b]52;c;aGk=\x1b\\b\x1b]2;owned\x07\nforged: line.yaml"


def test_class_2_validate_prints_a_hostile_file_name_on_one_line_without_escapes(tmp_path, capsys):
    path = tmp_path / HOSTILE_NAME
    path.write_text(MINIMAL, encoding="utf-8")
    assert cli.main(["validate", "--timeline", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert out.count("\n") == 1 and "\u240aforged: line.yaml" in out


def test_class_2_a_load_error_names_a_hostile_file_on_one_line_without_escapes(tmp_path, capsys):
    path = tmp_path / HOSTILE_NAME
    path.write_text(MINIMAL.replace("date: 2017-07-03", "date: someday"), encoding="utf-8")
    assert cli.main(["validate", "--timeline", str(path)]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    [line] = [line for line in err.splitlines() if "someday" in line]
    assert line.startswith(f"{tmp_path}/a") and "forged: line.yaml:" in line


def test_class_2_the_markdown_export_names_a_hostile_file_cleaned(tmp_path):
    path = tmp_path / HOSTILE_NAME
    path.write_text(MINIMAL, encoding="utf-8")
    output = tmp_path / "export.md"
    assert cli.main(["export", "--timeline", str(path), "--from", "2017", "--to", "2017", "-o", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text
    assert "\nforged: line.yaml" not in text


# 11. verify: fast, and the source text cleaned -----------------------------------------------


class CountingMatcher(difflib.SequenceMatcher):
    """A SequenceMatcher that keeps the longest sequence it was given and how often it scored."""

    longest = 0
    ratios = 0

    def set_seq2(self, b):  # type: ignore[no-untyped-def]
        CountingMatcher.longest = max(CountingMatcher.longest, len(b))
        super().set_seq2(b)

    def set_seq1(self, a):  # type: ignore[no-untyped-def]
        CountingMatcher.longest = max(CountingMatcher.longest, len(a))
        super().set_seq1(a)

    def ratio(self) -> float:
        CountingMatcher.ratios += 1
        return super().ratio()


def test_class_11_a_long_missing_quote_is_placed_without_comparing_it_to_the_whole_text(tmp_path, monkeypatch, capsys):
    """The closest passage to a 250-word quote missing from a 230 KB text took 26 s: every pair of
    characters of the two was compared, and every word's start was scored."""
    words = [f"word{number}" for number in range(40_000)]
    source_text = " ".join(words)[:230_000] + " \x1b]2;owned\x07 the end."
    quote = " ".join(words[1000:1250]).replace("word1100 ", "changed ")
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "letter.txt").write_text(source_text, encoding="utf-8")
    timeline_file = tmp_path / "timeline.yaml"
    timeline_file.write_text(MINIMAL.replace("text: Exact words.", f"text: {quote}"), encoding="utf-8")
    monkeypatch.setattr(difflib, "SequenceMatcher", CountingMatcher)
    assert cli.main(["verify", "--sources", str(sources), "--timeline", str(timeline_file)]) == cli.EXIT_FAILED
    assert CountingMatcher.longest <= 2 * len(quote), "no matcher holds the whole text"
    assert CountingMatcher.ratios <= 3
    out = capsys.readouterr().out
    assert "source:  ...d1093 word1094 word1095 word1096 word1097 word1098 word1099 word1100 word1101" in out


def test_class_11_verify_prints_the_source_text_cleaned(tmp_path, capsys):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "letter.txt").write_text("Exact \x1b]52;c;aGk=\x07 words, and more.", encoding="utf-8")
    timeline_file = tmp_path / "timeline.yaml"
    timeline_file.write_text(MINIMAL, encoding="utf-8")
    assert cli.main(["verify", "--sources", str(sources), "--timeline", str(timeline_file)]) == cli.EXIT_FAILED
    out = capsys.readouterr().out
    assert "source:" in out and "\x1b" not in out and "\x07" not in out


# 13. Export targets ------------------------------------------------------------------------


def test_class_13_a_link_to_nowhere_counts_as_an_existing_file(tmp_path):
    target = tmp_path / "export.md"
    target.symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(ExportFileExists):
        write_atomically(target, "text")
    assert target.is_symlink() and not (tmp_path / "nowhere.md").exists()


def test_class_13_a_named_pipe_is_not_replaced_even_with_force(tmp_path):
    target = tmp_path / "export.md"
    os.mkfifo(target)
    with pytest.raises(ExportError, match="it is not a regular file, and is left as it is"):
        write_atomically(target, "text", overwrite=True)
    assert stat.S_ISFIFO(os.lstat(target).st_mode)


def test_class_13_a_link_to_a_device_is_left_alone_even_with_force(tmp_path):
    """As /dev/stdout is: a link, to a terminal or a pipe. Replacing the link broke /dev."""
    target = tmp_path / "stdout"
    target.symlink_to("/dev/null")
    with pytest.raises(ExportError, match="it is not a regular file, and is left as it is"):
        write_atomically(target, "text", overwrite=True)
    assert target.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_class_13_a_link_to_a_file_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "2026.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    write_atomically(link, "new", overwrite=True)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


# 16. Ordinary shell use --------------------------------------------------------------------


def run_cli(*arguments: str, **keywords: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "tui", *arguments], capture_output=False, check=False, **keywords)  # type: ignore[call-overload,no-any-return]


def test_class_16_a_reader_that_stops_early_is_no_error(tmp_path):
    """`gmp-timeline search x | head -1`: the pipe closes under the writer."""
    events = "\n".join(
        f"  - id: e{number}\n    date: 2017-07-03\n    title: Something happened {number}\n"
        f"    summary: In the curator's words.\n    quotes:\n      - source: letter\n        text: Exact words."
        for number in range(3000)
    )
    timeline_file = tmp_path / "timeline.yaml"
    timeline_file.write_text(MINIMAL.split("events:\n")[0] + "events:\n" + events + "\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "search", "happened", "--timeline", str(timeline_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as head does, after its line
    error = process.stderr.read()
    assert process.wait() == cli.EXIT_BROKEN_PIPE
    assert error == b""


def test_class_16_a_full_disk_is_one_line_and_a_failure():
    with open("/dev/full", "wb") as full:
        finished = run_cli("validate", stdout=full, stderr=subprocess.PIPE)
    assert finished.returncode == cli.EXIT_FAILED
    assert finished.stderr.decode() == "gmp-timeline: cannot write the output: No space left on device\n"


# 17. --debug after the command -------------------------------------------------------------


@pytest.mark.parametrize("command", [["validate"], ["search", "letter"]])
def test_class_17_debug_is_taken_after_the_command_too(command, capsys):
    assert cli.main([*command, "--debug"]) == 0
    assert cli.main(["--debug", *command]) == 0
