"""Hardening, round two: each class of problem a red-team pass found, with tests named after it.

The classes that need an app (keys, signals, drawing) are in tests/ui/test_hardening_ui.py.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL
from timelines import HOSTILE

from tui import cli, yaml_nodes
from tui.errors import TimelineError
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
