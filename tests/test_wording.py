"""How a quote is credited and a source cited: each name once, the title in quotation marks."""

from __future__ import annotations

import pytest

from tui.loader import bundled_timeline_path, load_timeline
from tui.wording import cite_source, full_citation, quote_credit, same_person

BUNDLED = load_timeline(bundled_timeline_path())


def letter_quote():
    return next(
        quote
        for event in BUNDLED.events
        for quote in event.quotes
        if quote.source == "hughes-2020-04-23-letter" and quote.speaker
    )


def test_the_letter_names_its_author_once_when_she_is_the_speaker():
    quote = letter_quote()
    copied = full_citation(BUNDLED, quote)
    assert (
        copied
        == f"“{quote.text}” — Baroness Beverley Hughes, “HMICFRS National Child Protection Inspection”, 23 April 2020"
    )
    assert copied.count("Beverley Hughes") == 1


def test_a_source_cited_alone_keeps_its_author():
    source = BUNDLED.sources_by_id["hughes-2020-04-23-letter"]
    assert cite_source(source) == (
        "“HMICFRS National Child Protection Inspection”, Baroness Beverley Hughes, Deputy Mayor of Greater "
        "Manchester for Policing, Crime and Criminal Justice, 23 April 2020"
    )


def test_a_short_credit_is_the_speaker_and_the_title_in_quotation_marks():
    assert (
        quote_credit(letter_quote(), BUNDLED)
        == "Baroness Beverley Hughes, “HMICFRS National Child Protection Inspection”"
    )


@pytest.mark.parametrize(
    ("speaker", "author", "same"),
    [
        ("Baroness Beverley Hughes", "Baroness Beverley Hughes, Deputy Mayor", True),
        ("baroness  beverley hughes", "Baroness Beverley Hughes", True),
        ("Beverley Hughes", "Baroness Beverley Hughes", False),  # not sure enough to drop a name
        ("Andy Burnham", "Baroness Beverley Hughes", False),
        (None, "Baroness Beverley Hughes", False),
        ("Andy Burnham", None, False),
    ],
)
def test_same_person(speaker, author, same):
    assert same_person(speaker, author) is same
