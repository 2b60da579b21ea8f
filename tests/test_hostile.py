"""Hostile timeline files (tests/fixtures/hostile/): each loads with its text made safe, or is
refused with a located message and exit status 2, quickly and without a traceback."""

import time

import pytest
from timelines import HOSTILE, LOADABLE, REFUSED

import tui.app
from tui import cli
from tui.dates import EDTF_FORMS
from tui.export import FORMATS, ExportRequest
from tui.loader import load_timeline

REFUSED_WITH = {
    "a-list.yaml": "a-list.yaml:1:1: top level: must be a mapping of field: value",
    "complex-key.yaml": "complex-key.yaml:4:3: top level: a field's name must be a single word, not a list or mapping",
    "date-written-in-hex.yaml": f"date-written-in-hex.yaml:10:11: events[0].date: '0x7E1' is not a date; write {EDTF_FORMS}",
    "raw-escape-in-plain-text.yaml": (
        "raw-escape-in-plain-text.yaml:11:14: character U+001B is not allowed in YAML; "
        "write it as an escape inside double quotes"
    ),
    "tag-after-a-colon.yaml": "tag-after-a-colon.yaml:1:13: title.x: the tag !!binary is not allowed",
    "twenty-thousand-unknown-fields.yaml": (
        "twenty-thousand-unknown-fields.yaml:11:5: events[0]: unknown field 'unknown-0'; "
        "expected one of: approximate, date, end, id, notes, people, period, quotes, summary, tags, title"
    ),
    "alias-bomb.yaml": "alias-bomb.yaml:2:8: anchors and aliases (&name, *name) are not allowed in a timeline",
    "deeply-nested.yaml": "deeply-nested.yaml:1:107: lists and mappings are nested more than 100 deep here; a timeline needs at most 5",
    "duplicate-keys.yaml": "duplicate-keys.yaml:7:5: sources[0]: duplicate field 'kind'",
    "empty.yaml": "empty.yaml:1:1: the file is empty; a timeline needs title, sources and events",
    "not-utf8.yaml": "not-utf8.yaml:25:19: not UTF-8: byte 0xe9 cannot be decoded",
    "python-object-tag.yaml": "python-object-tag.yaml:18:14: events[0].summary: the tag !!python/object/apply:os.system is not allowed",
}


@pytest.mark.parametrize(("name", "message"), REFUSED_WITH.items(), ids=list(REFUSED_WITH))
def test_refused_with_a_located_message(capsys, name, message):
    start = time.perf_counter()
    status = cli.main(["validate", "--timeline", str(HOSTILE / name)])
    elapsed = time.perf_counter() - start
    err = capsys.readouterr().err
    assert status == 2
    assert err.splitlines()[0] == str(HOSTILE / message)
    assert "Traceback" not in err
    assert elapsed < 5, "a hostile file must be refused quickly"


def test_the_alias_bomb_is_refused_in_under_a_second(capsys):
    start = time.perf_counter()
    assert cli.main(["validate", "--timeline", str(HOSTILE / "alias-bomb.yaml")]) == 2
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    ("path", "message"),
    [("missing.yaml", "no such file"), (".", "is a directory, not a timeline file")],
    ids=["missing-file", "directory"],
)
def test_files_that_are_not_there_or_not_files(capsys, path, message):
    target = HOSTILE / path
    assert cli.main(["validate", "--timeline", str(target)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"{target}:1:1: {message}"


def test_a_file_that_cannot_be_read(capsys, monkeypatch):
    def refuse(*arguments):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tui.files.os.open", refuse)
    target = HOSTILE / "utf8-bom.yaml"
    assert cli.main(["validate", "--timeline", str(target)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"{target}:1:1: cannot be read: permission denied"


def test_markup_in_every_field_is_kept_literally():
    timeline = load_timeline(HOSTILE / "markup-in-every-field.yaml")
    event = timeline.events[0]
    assert event.title == "oops [/] there"
    assert event.summary == "[bold unclosed and [/] and [@click=app.quit]click[/]"
    assert event.quotes[0].text == "A quote with [/] and [bold]markup[/bold] and [@click=app.quit]a link[/]."
    assert timeline.sources[0].publisher == "[link=file:///etc/passwd]x[/link]"


def every_text(timeline):
    event = timeline.events[0]
    source = timeline.sources[0]
    return [
        timeline.title,
        event.title,
        event.summary,
        event.notes,
        *event.tags,
        *event.people,
        event.quotes[0].text,
        event.quotes[0].speaker,
        source.title,
        source.publisher,
        timeline.periods[0].title,
    ]


def test_control_characters_in_every_field_are_made_visible_and_inert():
    timeline = load_timeline(HOSTILE / "control-characters-in-every-field.yaml")
    for text in every_text(timeline):
        assert not any(ord(character) < 0x20 and character not in "\n\t" for character in text), text
        assert not any(0x7F <= ord(character) <= 0x9F for character in text), text
        assert not any(character in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" for character in text), (
            text
        )
    event = timeline.events[0]
    assert event.title == "␛[31mred title␛[0m"
    assert timeline.sources[0].title == "␛]8;;file:///etc/passwd␇OSC 8 link␛]8;;␇"
    assert event.quotes[0].text == "Carriage␍return and vertical␋tab and ␛[1;1H home."
    assert event.tags == ("zero\u200bwidth",)


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("quote-of-100000-characters.yaml", lambda timeline: len(timeline.events[0].quotes[0].text) == 99999),
        ("ten-thousand-tags.yaml", lambda timeline: len(timeline.events[0].tags) == 10000),
        ("utf8-bom.yaml", lambda timeline: timeline.title == "plain"),
        ("crlf-line-ends.yaml", lambda timeline: timeline.events[0].quotes[0].text == "plain"),
    ],
)
def test_large_or_unusual_but_valid_files_load(name, check):
    assert check(load_timeline(HOSTILE / name))


@pytest.mark.parametrize("name", REFUSED)
def test_hostile_files_are_refused_before_the_explorer_starts(capsys, name, monkeypatch):
    monkeypatch.setattr(tui.app, "make_app", lambda *args: pytest.fail("the UI must not start"))
    assert cli.main([str(HOSTILE / name)]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("name", LOADABLE)
@pytest.mark.parametrize("export_format", list(FORMATS))
def test_hostile_files_export_without_raw_control_characters(name, export_format):
    timeline = load_timeline(HOSTILE / name)
    text = FORMATS[export_format].render(ExportRequest(timeline, list(timeline.events), timeline_file=name))
    if export_format == "csv":
        text = text.replace("\r\n", "\n")  # RFC 4180's line ending; a CR inside a cell would stay
    assert not any(ord(character) < 0x20 and character not in "\n" for character in text)
    assert not any(0x80 <= ord(character) <= 0x9F for character in text)
    if export_format == "json":
        assert load_timeline_from_export(text) == timeline


def load_timeline_from_export(text: str):
    from tui.loader import load_timeline_text

    return load_timeline_text(text, "export.json")


def test_every_refused_file_has_its_message():
    assert sorted(REFUSED_WITH) == REFUSED
