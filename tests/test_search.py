import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui import cli
from tui.dates import PartialDate, read_typed_date
from tui.model import Event, Period, Quote, Source, Timeline
from tui.search import QueryError, SearchIndex, highlight_spans, parse_query
from tui.text import fold


def event(event_id, date, title, summary="", quotes=(("hansard", "Words.", None),), **extra):
    return Event(
        id=event_id,
        date=date,
        title=title,
        summary=summary,
        quotes=tuple(Quote(source, text, speaker) for source, text, speaker in quotes),
        **extra,
    )


TIMELINE = Timeline(
    title="Search fixture",
    sources=(
        Source("hansard", "Child Protection", "parliamentary record", PartialDate(2020, 2, 27), publisher="Hansard"),
        Source(
            "chronicle",
            "Child protection issues highlighted",
            "article",
            PartialDate(2014, 12, 12),
            publisher="Oldham Chronicle",
        ),
    ),
    periods=(Period("abuse", "Abuse examined by the reviews", PartialDate(2005), PartialDate(2014)),),
    events=(
        event(
            "abuse",
            PartialDate(2005),
            "Abuse in Rochdale, Oldham and Manchester",
            end=PartialDate(2014),
            period="abuse",
            tags=("abuse",),
        ),
        event(
            "inspection",
            PartialDate(2014, 12, 12),
            "Inspection of GMP",
            quotes=(("chronicle", "A strong commitment to child protection.", None),),
            tags=("inspection",),
        ),
        event(
            "broadcast",
            PartialDate(2017, 7, 3),
            "The Betrayed Girls is broadcast",
            summary="A BBC documentary.",
            people=("Andy Burnham",),
        ),
        event(
            "model",
            PartialDate(2019, 7),
            "The Greater Manchester Model",
            quotes=(("hansard", "Early help for children in Manchester.", "Baroness Hughes"),),
        ),
        event("cafe", PartialDate(2020), "Meeting at the Café Rouge", notes="GMP’s own account."),
        event(
            "report",
            PartialDate(2025, 7, 3),
            "Report on GMP",
            quotes=(("hansard", "GMP has made significant improvements to how it investigates.", "Inspector"),),
            tags=("inspection",),
        ),
    ),
)
INDEX = SearchIndex(TIMELINE)


def ids(query: str, ranked: bool = False) -> list[str]:
    result = INDEX.search(query)
    return [TIMELINE.events[index].id for index in (result.ranked() if ranked else result.indices)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["abuse", "inspection", "broadcast", "model", "cafe", "report"]),
        ("manchester", ["abuse", "model"]),
        ("MANCHESTER", ["abuse", "model"]),
        ("manch", ["abuse", "model"]),
        ("cafe", ["cafe"]),
        ("café", ["cafe"]),
        ("gmp's own", ["cafe"]),
        ("manchester model", ["model"]),
        ('"significant improvements"', ["report"]),
        ('"improvements significant"', []),
        ('"strong   commitment"', ["inspection"]),
        ("manchester -model", ["abuse"]),
        ('-"strong commitment"', ["abuse", "broadcast", "model", "cafe", "report"]),
        ("betrayed or café", ["broadcast", "cafe"]),
        ("betrayed OR café OR rochdale", ["abuse", "broadcast", "cafe"]),
        ("gmp inspection or report", ["inspection", "report"]),
        ("tag:inspection", ["inspection", "report"]),
        ("-tag:inspection gmp", ["cafe"]),
        ("source:chronicle", ["inspection"]),
        ("source:hansard", ["abuse", "broadcast", "model", "cafe", "report"]),
        ('source:"issues highlighted"', ["inspection"]),
        ("speaker:hughes", ["model"]),
        ("people:burnham", ["broadcast"]),
        ("person:burnham", ["broadcast"]),
        ("period:abuse", ["abuse"]),
        ("year:2014", ["abuse", "inspection"]),
        ("year:2019", ["model"]),
        ("from:2017-07", ["broadcast", "model", "cafe", "report"]),
        ("from:2017-07-04", ["model", "cafe", "report"]),
        ("to:2017", ["abuse", "inspection", "broadcast"]),
        ("from:2017-07 to:2020", ["broadcast", "model", "cafe"]),
        ('from:"July 2017" to:"2020"', ["broadcast", "model", "cafe"]),
        ('from:"3 July 2017" to:"1 January 2020"', ["broadcast", "model", "cafe"]),
        ("-year:2014", ["broadcast", "model", "cafe", "report"]),
    ],
)
def test_query_forms(query, expected):
    assert ids(query) == expected


def test_title_hits_rank_above_quote_hits_and_ties_stay_chronological():
    assert ids("manchester", ranked=True) == ["abuse", "model"]
    assert ids("gmp", ranked=True) == ["inspection", "report", "cafe"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unclosed phrase', "a quotation mark is not closed"),
        ("from:2017-13", "from:2017-13: 2017-13 is not a valid date: month 13 is not between 1 and 12"),
        ("to:2017-02-30", "February 2017 has no day 30"),
        ("year:2017-07", "year: takes a year"),
        ('from:"July"', "needs a year"),
        ("from:soon", "is not a date"),
        ("colour:red", "unknown field colour:"),
        ("or betrayed", "'or' needs a term on each side"),
        ("betrayed or", "'or' needs a term on each side"),
        ("a or or b", "'or' needs a term on each side"),
        ("tag:", "tag: needs a value"),
        ('tag:""', "tag: needs a value"),
    ],
)
def test_malformed_queries_get_a_short_message(query, message):
    with pytest.raises(QueryError, match=message):
        parse_query(query)


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("2017", PartialDate(2017)),
        ("2017-07", PartialDate(2017, 7)),
        ("July 2017", PartialDate(2017, 7)),
        ("3 July 2017", PartialDate(2017, 7, 3)),
        ("July 3, 2017", PartialDate(2017, 7, 3)),
    ],
)
def test_natural_dates_keep_their_precision(typed, date):
    assert read_typed_date(typed) == date


def test_fold_ignores_case_accents_and_typography():
    assert fold("Café GMP’s “Girls” – x") == 'cafe gmp\'s "girls" - x'


def test_highlight_spans_point_into_the_original_text():
    text = "GMP’s Café and the café"
    spans = highlight_spans(text, parse_query("café gmp's -ignored"))
    assert [text[start:end] for start, end in spans] == ["GMP’s", "Café", "café"]


def test_highlight_spans_merge_overlaps_and_skip_exclusions():
    query = parse_query('"betrayed girls" girls -betrayed')
    assert highlight_spans("The Betrayed Girls", query) == [(4, 18)]
    assert highlight_spans("anything", parse_query("-anything")) == []


def test_matched_fields_say_where():
    result = INDEX.search("manchester")
    assert [result.matched_fields(index) for index in result.indices] == [["title"], ["title", "quotes"]]


def test_a_cancelled_search_stops():
    from tui.search import SearchCancelled

    with pytest.raises(SearchCancelled):
        INDEX.search("gmp", cancelled=lambda: True)


@given(st.text(max_size=60))
def test_parsing_any_text_raises_nothing_but_query_error(text):
    try:
        query = parse_query(text)
    except QueryError:
        return
    INDEX.search(query)
    highlight_spans("Some text GMP’s café", query)


def test_cli_search_json_names_the_2025_event(capsys):
    status = cli.main(["search", '"significant improvements"', "--json"])
    results = json.loads(capsys.readouterr().out)
    assert status == 0
    assert results[0]["id"] == "part-four-report-published"
    assert results[0]["date"] == "2025-07-03"
    assert "quotes" in results[0]["matched"]


def test_cli_search_lines_and_exit_statuses(capsys):
    assert cli.main(["search", "betrayed"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("3 July 2017  betrayed-girls-broadcast  BBC broadcasts The Betrayed Girls  [title, ")
    assert cli.main(["search", "zzzznothing"]) == 1
    assert cli.main(["search", "from:2017-13"]) == 2
    assert "month 13" in capsys.readouterr().err


def test_a_control_character_in_a_query_matches_its_visible_sign_and_cannot_hang_the_search():
    (clause,) = parse_query("a\x00b").clauses
    assert clause[0].needle == "a\u2400b"
    assert INDEX.search("\x00").indices == []
    assert INDEX.search("x\x00").indices == []


def test_a_cancelled_word_index_is_left_unbuilt_and_searches_still_find_everything():
    from timelines import big_timeline

    from tui.search.blocks import BlockEngine

    timeline = big_timeline(5000)
    engine = BlockEngine(timeline, index_words=False)
    asked = []
    engine.index_words(lambda: asked.append(True) or len(asked) > 3)
    assert len(asked) == 4 and engine._text.words.vocabularies == []
    index = SearchIndex(timeline, engine=lambda _timeline: engine)
    assert len(index.search('"number 4999"').indices) == 1
    engine.index_words()
    assert engine._text.words.vocabularies
    assert len(index.search('"number 4999"').indices) == 1
