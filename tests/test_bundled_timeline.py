"""The curated timeline: its coverage, its honesty about dates, and its disagreements."""

from pathlib import Path

import pytest

from tui.dates import parse_date
from tui.loader import bundled_timeline_path, load_timeline


@pytest.fixture(scope="module")
def timeline():
    return load_timeline(bundled_timeline_path())


def test_every_source_is_quoted(timeline):
    quoted = {quote.source for event in timeline.events for quote in event.quotes}
    assert quoted == set(timeline.sources_by_id)


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("2005", "Rochdale, Oldham and Manchester"),
        ("2014", "child protection inspection"),
        ("2015", "Follow-up visit"),
        ("2017-07-03", "The Betrayed Girls"),
        ("2017-09", "commissions an independent assurance review"),
        ("2020-01-14", "Part One"),
        ("2020-02-27", "thematic report"),
        ("2020-04-23", "Home Secretary"),
        ("2019-07", "Greater Manchester Model"),
        ("2019", "Benchmarking and Audit"),
        ("2022-06-20", "Part Two"),
        ("2024-01-15", "Part Three"),
        ("2024-12-13", "'good' in two areas, 'adequate' in three"),
        ("2025-07-03", "significant improvements"),
        ("2025-07-03", "still failing"),
    ],
)
def test_the_story_is_covered_at_honest_precision(timeline, date, words):
    wanted = parse_date(date)
    titles = [event.title for event in timeline.events if event.date == wanted]
    assert any(words.lower() in title.lower() for title in titles), titles


def test_each_leader_quoted_in_december_2024_is_in_the_timeline(timeline):
    speakers = {
        quote.speaker.split(",")[0]
        for event in timeline.events
        if event.date == parse_date("2024-12-13")
        for quote in event.quotes
        if quote.speaker
    }
    assert speakers == {"Michelle Skeer", "Andy Burnham", "Stephen Watson", "Kate Green"}


def sources_of(timeline, event_id):
    event = timeline.events[timeline.positions[event_id]]
    return event, {quote.source for quote in event.quotes}


@pytest.mark.parametrize(
    ("event_id", "sources", "note_words"),
    [
        # Rochdale published "at the end of January" (GMCA) or on Monday 15 January 2024 (Rochdale Online).
        ("part-three-rochdale", {"rochdale-online-2024-01-15", "gmca-2024-12-13-inspection-release"}, "end of January"),
        # 2005 to 2014 (Kate Green) against 2004 to 2013 for Rochdale (Rochdale Online).
        ("abuse-2005-2014", {"gmca-2024-12-13-inspection-release", "rochdale-online-2024-01-15"}, "2004 to 2013"),
        # "Reinspection", "still failing" (the article) against "significant improvements" (HMICFRS).
        (
            "still-failing-article",
            {"article-2025-07-03-watchdog-report", "hmicfrs-2025-07-news-release"},
            "significant",
        ),
        # Published 3 July (Police Professional) or 4 July 2025 (International Fire & Safety Journal).
        (
            "part-four-report-published",
            {"police-professional-2025-07-03", "international-fire-safety-journal-part-four"},
            "4 July 2025",
        ),
        # The Rochdale offences: 2008 to 2009 (Metro) or 2008-2010 (the Guardian).
        ("rochdale-offences-2008-2010", {"metro-2012-05-08", "guardian-2012-05-13"}, "between 2008 and 2009"),
        # The Part Four report: expected in June 2025 (HMICFRS's letter), published 3 July 2025.
        (
            "part-four-report-published",
            {"hmicfrs-2024-12-13-part-four-update-letter", "police-professional-2025-07-03"},
            "June 2025",
        ),
        (
            "interim-findings-part-four",
            {"hmicfrs-2024-12-13-part-four-update-letter", "police-professional-2025-07-03"},
            "June 2025",
        ),
        # The national audit: set up in January (Leigh Day, the Home Secretary); terms of reference 20 February 2025.
        (
            "national-audit-set-up",
            {"leigh-day-2025-06-17-national-inquiry", "gov-uk-2025-02-20-casey-audit-terms-of-reference"},
            "January",
        ),
    ],
)
def test_known_disagreements_show_both_sides(timeline, event_id, sources, note_words):
    event, quoted = sources_of(timeline, event_id)
    assert sources <= quoted
    assert note_words in event.notes
    assert "disagreement" in event.tags


def test_no_event_claims_more_precision_than_its_sources(timeline):
    by_id = {event.id: event for event in timeline.events}
    assert by_id["greater-manchester-model-2019"].display_date == "July 2019"
    assert by_id["follow-up-visit-2015"].display_date == "2015"
    assert by_id["abuse-2005-2014"].display_date == "2005–2014"
    assert by_id["betrayed-girls-broadcast"].display_date == "3 July 2017"


SOURCE_TEXTS = Path(__file__).resolve().parent.parent.parent / "shared" / "sources"


@pytest.mark.skipif(
    not SOURCE_TEXTS.is_dir(), reason="the source texts are not beside the checkout (../shared/sources)"
)
def test_every_source_text_is_quoted(timeline):
    texts = {str(path.relative_to(SOURCE_TEXTS)) for path in SOURCE_TEXTS.rglob("*.txt")}
    quoted = {timeline.sources_by_id[quote.source].text_file for event in timeline.events for quote in event.quotes}
    assert sorted(texts - quoted) == []
