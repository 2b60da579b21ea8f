import pytest
from conftest import MINIMAL

from tui.dates import EDTF_FORMS, Bound, PartialDate
from tui.loader import LoadError, TimelineError, bundled_timeline_path, load_timeline, load_timeline_bytes


def errors_of(path_or_bytes) -> list[LoadError]:
    with pytest.raises(TimelineError) as caught:
        if isinstance(path_or_bytes, bytes):
            load_timeline_bytes(path_or_bytes, "timeline.yaml")
        else:
            load_timeline(path_or_bytes)
    return caught.value.errors


def only_error(path_or_bytes) -> str:
    errors = errors_of(path_or_bytes)
    assert len(errors) == 1, errors
    return str(errors[0])


def test_minimal_timeline_loads(write_timeline):
    timeline = load_timeline(write_timeline(MINIMAL))
    assert timeline.title == "A test timeline"
    assert timeline.events[0].date == PartialDate(2017, 7, 3)
    assert timeline.events[0].quotes[0].text == "Exact words."
    assert timeline.sources_by_id["letter"].attribution == "Someone"
    assert timeline.periods_by_id["era"].display_date == "2005–2014"


def test_unquoted_and_quoted_dates_load_the_same(write_timeline):
    unquoted = load_timeline(write_timeline(MINIMAL))
    quoted = load_timeline(
        write_timeline(
            MINIMAL.replace("date: 2017-07-03", 'date: "2017-07-03"')
            .replace("start: 2005", "start: '2005'")
            .replace("end: 2014", 'end: "2014"'),
            "quoted.yaml",
        )
    )
    assert quoted == unquoted


def test_events_are_ordered_by_date_stably(write_timeline):
    text = (
        MINIMAL
        + """\
  - id: same-day
    date: 2017-07-03
    title: Listed second on the same day
    summary: s
    quotes: [{source: letter, text: t}]
  - id: year-only
    date: 2017
    title: Year only
    summary: s
    quotes: [{source: letter, text: t}]
  - id: earlier
    date: 2016-12
    title: Earlier
    summary: s
    quotes: [{source: letter, text: t}]
"""
    )
    timeline = load_timeline(write_timeline(text))
    assert [event.id for event in timeline.events] == ["earlier", "year-only", "first", "same-day"]


def test_bom_and_crlf_line_ends_are_accepted():
    data = b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode()
    assert load_timeline_bytes(data).events[0].id == "first"


def test_control_characters_are_cleaned_at_load(write_timeline):
    text = MINIMAL.replace("title: Something happened", r'title: "\e[31mred\x9b [/] \u202e"')
    assert load_timeline(write_timeline(text)).events[0].title == "␛[31mred\ufffd [/] \ufffd"


@pytest.mark.parametrize(
    ("replace", "with_", "expected"),
    [
        (
            "date: 2017-07-03",
            "date: 2017-02-30",
            "timeline.yaml:15:11: events[0].date: 2017-02-30 is not a valid date: February 2017 has no day 30",
        ),
        (
            "date: 2017-07-03",
            "date: 2017-13",
            "timeline.yaml:15:11: events[0].date: 2017-13 is not a valid date: month 13 is not between 1 and 12",
        ),
        (
            "date: 2017-07-03",
            "date: 3 July 2017",
            f"timeline.yaml:15:11: events[0].date: '3 July 2017' is not a date; write {EDTF_FORMS}",
        ),
        ("end: 2014", "end: 2004", "timeline.yaml:12:10: periods[0].end: 2004 is before the start, 2005"),
        (
            "date: 2017-07-03\n",
            "date: 2017-07-03\n    end: 2016\n",
            "timeline.yaml:16:10: events[0].end: 2016 is before the start, 2017-07-03",
        ),
        (
            "source: letter",
            "source: lettre",
            "timeline.yaml:19:17: events[0].quotes[0].source: no source has the id 'lettre'",
        ),
        (
            "    quotes:",
            "    period: eon\n    quotes:",
            "timeline.yaml:18:13: events[0].period: no period has the id 'eon'",
        ),
        (
            "  - id: first",
            "  - id: First_Event",
            "timeline.yaml:14:9: events[0].id: 'First_Event' is not a valid id: use lower-case letters, digits and hyphens, starting with a letter or digit",
        ),
        ("    summary: In the curator's words.\n", "", "timeline.yaml:14:5: events[0].summary: is required"),
        ("    title: Something happened\n", "    title:\n", "timeline.yaml:16:11: events[0].title: is empty"),
        (
            "      - source: letter\n        text: Exact words.\n",
            "      []\n",
            "timeline.yaml:19:7: events[0].quotes: is empty: every event needs at least one quote",
        ),
        ("    author: Someone\n", "", "timeline.yaml:3:5: sources[0]: needs a publisher or an author"),
        (
            "    kind: letter\n",
            "    kind: letter\n    kind: article\n",
            "timeline.yaml:7:5: sources[0]: duplicate field 'kind'",
        ),
        (
            "    kind: letter\n",
            "    kind: letter\n    colour: red\n",
            "timeline.yaml:7:5: sources[0]: unknown field 'colour'; expected one of: author, date, file, id, kind, note, publisher, title, url",
        ),
        (
            "title: Something happened",
            "title: !!python/object/apply:os.system [echo]",
            "timeline.yaml:16:12: events[0].title: the tag !!python/object/apply:os.system is not allowed",
        ),
        (
            "    date: 2020-04-23\n",
            "    date: 2020-04-23\n    file: ../secret.txt\n",
            "timeline.yaml:8:11: sources[0].file: '../secret.txt' must be a path inside the sources folder (no leading / and no ..)",
        ),
        (
            "    summary: In the curator's words.\n",
            "    summary: In the curator's words.\n    approximate: maybe\n",
            "timeline.yaml:18:18: events[0].approximate: 'maybe' is not true or false",
        ),
        (
            "    summary: In the curator's words.\n",
            "    summary: In the curator's words.\n    tags: inspection\n",
            "timeline.yaml:18:11: events[0].tags: must be a list",
        ),
    ],
)
def test_each_error_is_located_and_explained(write_timeline, replace, with_, expected):
    assert replace in MINIMAL
    path = write_timeline(MINIMAL.replace(replace, with_, 1))
    assert only_error(path) == str(path.parent / expected)


def test_duplicate_ids_are_errors(write_timeline):
    text = (
        MINIMAL
        + """\
  - id: first
    date: 2018
    title: Again
    summary: s
    quotes: [{source: letter, text: t}]
"""
    )
    assert only_error(write_timeline(text)).endswith("timeline.yaml:21:9: events[1].id: duplicate id 'first'")


def test_every_error_is_reported_at_once(write_timeline):
    text = (
        MINIMAL.replace("date: 2017-07-03", "date: 2017-02-30")
        .replace("source: letter", "source: nobody")
        .replace("end: 2014", "end: 2000")
    )
    messages = [error.message for error in errors_of(write_timeline(text))]
    assert messages == [
        "2000 is before the start, 2005",
        "2017-02-30 is not a valid date: February 2017 has no day 30",
        "no source has the id 'nobody'",
    ]


def test_missing_top_level_fields(write_timeline):
    errors = [str(error) for error in errors_of(write_timeline("description: nothing else\n"))]
    assert [error.split("timeline.yaml:")[1] for error in errors] == [
        "1:1: title: is required",
        "1:1: sources: is required",
        "1:1: events: is required",
    ]


def test_not_utf8_is_located():
    data = MINIMAL.encode().replace(b"Exact words.", b"Exact \xe9 words.")
    assert only_error(data) == "timeline.yaml:20:21: not UTF-8: byte 0xe9 cannot be decoded"


@pytest.mark.parametrize("content", ["", "   \n\n", "# only a comment\n"])
def test_empty_file(content):
    message = only_error(content.encode())
    assert message.startswith("timeline.yaml:1:1: ")
    assert "empty" in message or "no YAML document" in message


@pytest.mark.parametrize("content", ["- a\n- b\n", "just text\n", "42\n"])
def test_top_level_must_be_a_mapping(content):
    assert only_error(content.encode()) == "timeline.yaml:1:1: top level: must be a mapping of field: value"


def test_yaml_syntax_error_is_located():
    # What follows "YAML syntax error:" is libyaml's own description, whose wording is its own.
    assert only_error(b'title: "unclosed\nsources: []\n').startswith("timeline.yaml:3:1: YAML syntax error: ")
    assert only_error(b"title: a\n  bad: indent\n").startswith("timeline.yaml:2:6: YAML syntax error: ")


def test_raw_control_character_is_located():
    assert only_error(b"title: a\nsources: [\x1b]\n") == (
        "timeline.yaml:2:11: character U+001B is not allowed in YAML; write it as an escape inside double quotes"
    )


def test_python_object_tag_is_refused_without_running_anything():
    message = only_error(b"!!python/object/apply:os.system ['echo hacked']\n")
    assert message == "timeline.yaml:1:1: top level: the tag !!python/object/apply:os.system is not allowed"


BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]" for prev, name in zip("abcdefgh", "bcdefghi")),
        "title: *i",
        "sources: []",
        "events: *i",
    ]
)


def test_alias_bomb_is_refused_quickly():
    import time

    start = time.perf_counter()
    errors = errors_of(BILLION_LAUGHS.encode())
    assert time.perf_counter() - start < 1.0
    assert "timeline.yaml:2:8: anchors and aliases (&name, *name) are not allowed in a timeline" in [
        str(e) for e in errors
    ]


def test_a_single_alias_is_refused(write_timeline):
    text = MINIMAL.replace("    author: Someone", "    author: &who Someone\n    publisher: *who")
    assert only_error(write_timeline(text)).endswith(
        "timeline.yaml:6:16: anchors and aliases (&name, *name) are not allowed in a timeline"
    )


TOO_DEEP = "lists and mappings are nested more than 100 deep here; a timeline needs at most 5"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # Deeper than libyaml's own limit (PyYAML 6.0.4 on) and Python's recursion limit: the app's
        # message, at the list that goes past 100, not libyaml's wording at its own limit.
        ("title: " + "[" * 20000 + "]" * 20000 + "\n", "1:107"),
        ("title: {a: " + "{a: " * 1200 + "x" + "}" * 1201 + "\n", "1:404"),
        ("title:\n" + "".join(" " * depth + "a:\n" for depth in range(1, 1200)) + " " * 1200 + "b: 1\n", "101:101"),
        ("title:\n  " + "- " * 1100 + "x\n", "2:201"),
        # Deeper than ours but within every parser's limit, and only just too deep.
        ("title: " + "[" * 150 + "]" * 150 + "\n", "1:107"),
        ("title: " + "[" * 100 + "]" * 100 + "\n", "1:107"),
        ("sources: []\nevents:\n- title: !!str a\n  x: " + "[" * 300 + "]" * 300 + "\n", "4:103"),
        ('{"title": ' + "[" * 150 + "]" * 150 + "}", "1:110"),
    ],
    ids=[
        "flow-20000",
        "mappings-1200",
        "block-1200",
        "compact-sequences-1100",
        "flow-150",
        "flow-100",
        "tagged-file-300",
        "json-150",
    ],
)
def test_deep_nesting_is_refused_with_the_apps_own_message(text, place, tmp_path):
    # The same verdict whichever road the file takes: yaml_rs, json or PyYAML.
    name = "timeline.json" if text.startswith("{") else "timeline.yaml"
    with pytest.raises(TimelineError) as caught:
        load_timeline_bytes(text.encode(), name)
    assert [str(error) for error in caught.value.errors] == [f"{name}:{place}: {TOO_DEEP}"]


def test_nesting_of_100_is_allowed_and_read_by_the_rules(write_timeline):
    text = MINIMAL.replace("title: A test timeline", "title: " + "[" * 99 + "]" * 99)
    assert only_error(write_timeline(text)).endswith(
        "timeline.yaml:1:8: title: must be a single value, not a list or mapping"
    )


def test_a_syntax_error_deep_in_the_line_is_still_a_syntax_error():
    text = "title: a\nsources: []\nevents: []\nnotes: " + "x" * 300 + ": : [\n"
    assert only_error(text.encode()).startswith("timeline.yaml:4:")
    assert TOO_DEEP not in only_error(text.encode())


def test_missing_file(tmp_path):
    assert only_error(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}:1:1: no such file"


def test_directory_given_as_file(tmp_path):
    assert only_error(tmp_path) == f"{tmp_path}:1:1: is a directory, not a timeline file"


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.yaml"
    path.write_text(MINIMAL)

    def refuse(*arguments):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tui.files.os.open", refuse)
    assert only_error(path) == f"{path}:1:1: cannot be read: permission denied"


def test_bundled_timeline_is_found_and_loads():
    path = bundled_timeline_path()
    assert path.is_file()
    assert len(load_timeline(path).events) >= 25


def test_a_bad_quote_does_not_hide_the_events_other_errors(write_timeline):
    text = MINIMAL.replace("date: 2017-07-03\n", "date: 2017-07-03\n    end: 2016\n").replace(
        "source: letter", "source: nobody"
    )
    assert [error.message for error in errors_of(write_timeline(text))] == [
        "2016 is before the start, 2017-07-03",
        "no source has the id 'nobody'",
    ]


def test_an_item_with_errors_is_reported_once_not_again_at_each_reference(write_timeline):
    text = (
        MINIMAL.replace("    kind: letter\n", "")
        .replace("end: 2014", "end: 2000")
        .replace("    quotes:", "    period: era\n    quotes:")
    )
    assert [error.message for error in errors_of(write_timeline(text))] == [
        "is required",
        "2000 is before the start, 2005",
    ]


def test_an_alias_used_as_a_field_name_is_refused(write_timeline):
    text = MINIMAL.replace(
        "    summary: In the curator's words.\n",
        "    summary: In the curator's words.\n    tags: [&k notes]\n    *k : sneaky\n",
    )
    assert "anchors and aliases (&name, *name) are not allowed in a timeline" in [
        error.message for error in errors_of(write_timeline(text))
    ]


def test_dates_take_only_ascii_digits(write_timeline):
    message = only_error(write_timeline(MINIMAL.replace("date: 2017-07-03", 'date: "٢٠١٧"')))
    assert message.endswith(f"events[0].date: '٢٠١٧' is not a date; write {EDTF_FORMS}")


def test_a_quoted_boolean_gets_a_hint(write_timeline):
    text = MINIMAL.replace("    quotes:", '    approximate: "true"\n    quotes:')
    assert only_error(write_timeline(text)).endswith(
        "events[0].approximate: 'true' is not true or false; write it without quotes"
    )


def test_the_fast_and_careful_roads_build_the_same_timeline(monkeypatch):
    import tui.loader as loader

    fast = load_timeline(bundled_timeline_path())
    monkeypatch.setattr(loader, "yaml_rs", None)
    assert load_timeline(bundled_timeline_path()) == fast


def test_json_loads_like_yaml_and_its_errors_are_located(write_timeline):
    import json

    import yaml

    data = yaml.safe_load(MINIMAL)
    data["sources"][0]["date"] = "2020-04-23"
    data["events"][0]["date"] = "2017-07-03"
    as_json = write_timeline(json.dumps(data, indent=2), "timeline.json")
    assert load_timeline(as_json) == load_timeline(write_timeline(MINIMAL))

    broken = write_timeline(json.dumps(data, indent=2).replace('"2017-07-03"', '"2017-02-30"'), "broken.json")
    assert only_error(broken).endswith(
        "broken.json:23:15: events[0].date: 2017-02-30 is not a valid date: February 2017 has no day 30"
    )
    duplicate = write_timeline('{"title": "a", "title": "b", "sources": [], "events": []}', "duplicate.json")
    assert only_error(duplicate).endswith("duplicate.json:1:16: top level: duplicate field 'title'")
    syntax = write_timeline('{"title": "a",\n  "sources": [,]}', "syntax.json")
    assert "syntax.json:2:15: YAML syntax error" in only_error(syntax)


def test_an_exclamation_mark_in_text_is_not_a_tag(write_timeline):
    text = MINIMAL.replace("text: Exact words.", 'text: "Stop! ! !!now"')
    assert load_timeline(write_timeline(text)).events[0].quotes[0].text == "Stop! ! !!now"


def test_a_tag_on_a_list_is_refused(write_timeline):
    text = MINIMAL.replace("    quotes:", "    tags: !!python/tuple [a, b]\n    quotes:")
    assert only_error(write_timeline(text)).endswith("events[0].tags: the tag !!python/tuple is not allowed")


@pytest.mark.parametrize("written", ["2017", "1.10", "true", "0x10", ".inf", "1e3", "1_000", "~x"])
def test_text_fields_take_the_text_as_written_whatever_yaml_reads(write_timeline, written):
    text = MINIMAL.replace("title: Something happened", f"title: {written}")
    assert load_timeline(write_timeline(text)).events[0].title == written


def test_a_null_in_a_list_of_text_is_an_error_not_a_crash(write_timeline):
    text = MINIMAL.replace("    quotes:", "    tags: [inspection, null]\n    quotes:")
    assert only_error(write_timeline(text)).endswith("events[0].tags[1]: is empty")


@pytest.mark.parametrize(
    ("date", "fields"),
    [
        ("2018/..", {"date": PartialDate(2018), "bound": Bound.OPEN_END}),
        ("../2014", {"date": PartialDate(2014), "bound": Bound.OPEN_START}),
        ('"2019?"', {"date": PartialDate(2019), "uncertain": True}),
        ("2019~", {"date": PartialDate(2019), "approximate": True}),
        ("2005/2014", {"date": PartialDate(2005), "end": PartialDate(2014)}),
    ],
)
def test_an_event_date_in_edtf_loads(write_timeline, date, fields):
    event = load_timeline(write_timeline(MINIMAL.replace("date: 2017-07-03", f"date: {date}"))).events[0]
    assert {name: getattr(event, name) for name in fields} == fields


def test_a_range_in_date_and_an_end_too_is_refused(write_timeline):
    text = MINIMAL.replace("date: 2017-07-03", "date: 2005/2014\n    end: 2015")
    assert only_error(write_timeline(text)).endswith(
        "events[0].end: the date 2005/2014 is a range already; give its end in date or in end, not both"
    )


def test_open_dates_sort_around_the_date_they_name(write_timeline):
    second = "\n".join(
        line.replace("id: first", "id: {id}").replace("2017-07-03", "{date}")
        for line in MINIMAL.split("events:\n")[1].splitlines()
    )
    events = "".join(
        second.format(id=id, date=date) + "\n"
        for id, date in [("later", "2017/.."), ("plain", "2017"), ("by", "../2017"), ("july", "2017-07")]
    )
    timeline = load_timeline(write_timeline(MINIMAL.split("events:\n")[0] + "events:\n" + events))
    assert [event.id for event in timeline.events] == ["by", "plain", "later", "july"]
    assert [event.display_date for event in timeline.events] == ["by 2017", "2017", "2017 or later", "July 2017"]


@pytest.mark.parametrize(
    "written",
    ["example.org/page", "www.example.org", "javascript:alert(1)", "file:///etc/passwd", "https://", "https://a b"],
)
def test_a_source_address_without_a_web_scheme_is_a_located_error(written):
    text = MINIMAL.replace("    date: 2020-04-23\n", f"    date: 2020-04-23\n    url: '{written}'\n", 1)
    (error,) = errors_of(text.encode())
    assert (error.line, error.column) == (8, 10)
    assert error.message.endswith("is not a whole web address; write it with its scheme, as https://…")


@pytest.mark.parametrize(
    "written", ["https://example.org", "http://www.itv.com/news/2012-05-08/x", "HTTPS://EXAMPLE.ORG/?q=a#b"]
)
def test_a_whole_web_address_is_taken(written):
    text = MINIMAL.replace("    date: 2020-04-23\n", f"    date: 2020-04-23\n    url: '{written}'\n", 1)
    assert load_timeline_bytes(text.encode()).sources[0].url == written


def test_every_address_in_the_bundled_timeline_is_whole():
    """The three main source texts come with no address of their own in the sources README, and have none here."""
    urls = [source.url for source in load_timeline(bundled_timeline_path()).sources if source.url]
    assert urls and all(url.startswith(("https://", "http://")) for url in urls)
