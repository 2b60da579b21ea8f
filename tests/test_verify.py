import json

import pytest
from conftest import MINIMAL
from timelines import SOURCE_TEXTS

from tui.dates import PartialDate
from tui.loader import bundled_timeline_path, load_timeline
from tui.model import Event, Quote, Source, Timeline
from tui.navigation import QuoteRef, RowLayout
from tui.verify import (
    FoldedText,
    SourceTextError,
    closest_passage,
    fold_whitespace,
    quoted_passages,
    read_source_text,
    sources_beside,
    verify_quotes,
)

LETTER = """Dear Home Secretary

I write in relation to the recent report.   It found
improvements, and concerns.

Yours sincerely
"""


def make(write_timeline, tmp_path, quote: str, source_text: str | None = LETTER):
    sources = tmp_path / "sources"
    sources.mkdir(exist_ok=True)
    if source_text is not None:
        (sources / "letter.txt").write_text(source_text, encoding="utf-8")
    timeline = load_timeline(write_timeline(MINIMAL.replace("text: Exact words.", f"text: {json.dumps(quote)}")))
    return verify_quotes(timeline, sources)


def test_a_quote_found_word_for_word_passes(write_timeline, tmp_path):
    report = make(write_timeline, tmp_path, "the recent report. It found improvements, and concerns.")
    assert report.passed
    assert report.checked == 1


def test_whitespace_runs_compare_equal_but_nothing_else_does(write_timeline, tmp_path):
    assert make(write_timeline, tmp_path, "report.\n It found\timprovements").passed
    assert not make(write_timeline, tmp_path, "report. it found improvements").passed


def test_one_changed_character_fails_with_the_closest_passage(write_timeline, tmp_path):
    report = make(write_timeline, tmp_path, "It found improvements, and concerms.")
    assert not report.passed
    (failure,) = report.failures
    assert failure.event.id == "first"
    assert failure.quote_number == 1
    assert failure.closest == "It found improvements, and concerns."
    assert failure.first_difference == len("It found improvements, and concer")


def test_a_source_without_its_text_is_reported_not_passed(write_timeline, tmp_path):
    report = make(write_timeline, tmp_path, "anything", source_text=None)
    assert not report.passed
    assert report.checked == 0
    ((source, path, reason),) = report.missing_sources
    assert source.id == "letter"
    assert path == tmp_path / "sources" / "letter.txt"
    assert reason == "no such file"


def test_the_file_field_names_the_text(write_timeline, tmp_path):
    (tmp_path / "sources" / "letters").mkdir(parents=True)
    (tmp_path / "sources" / "letters" / "hughes.txt").write_text("Exact words.")
    text = MINIMAL.replace("    date: 2020-04-23\n", "    date: 2020-04-23\n    file: letters/hughes.txt\n")
    report = verify_quotes(load_timeline(write_timeline(text)), tmp_path / "sources")
    assert report.passed


def test_closest_passage_finds_a_slip_in_a_long_text():
    text = " ".join(f"word{index}" for index in range(2000)) + " the quick brown fox jumps " + "filler " * 500
    assert closest_passage(text, "the quick brwn fox jumps") == "the quick brown fox jump"


def test_the_written_span_of_a_quote_folds_to_the_quote():
    text = "Dear  Home\nSecretary,\n\n  I write in\trelation to it.\n"
    folded = FoldedText(text)
    start, end = folded.span_of("Home Secretary, I write")
    assert text[start:end] == "Home\nSecretary,\n\n  I write"
    assert folded.span_of("to it.") == (len(text) - 7, len(text) - 1)
    assert folded.span_of("Secretary, I  write") == (text.index("Secretary"), text.index("write") + 5)
    assert folded.span_of("secretary") is None, "case matters, as in verify"


def test_quotes_in_a_text_are_placed_in_text_order_and_the_missing_ones_reported():
    text = "One two three. Four five six. One two three."
    quotes = [
        (QuoteRef(3, 0), Quote("s", "Four five")),
        (QuoteRef(1, 2), Quote("s", "One two\nthree.")),
        (QuoteRef(2, 0), Quote("s", "Four fiv six")),
    ]
    placed = quoted_passages(text, quotes)
    assert placed.text == text
    assert [(p.ref, text[p.start : p.end]) for p in placed.passages] == [
        (QuoteRef(1, 2), "One two three."),
        (QuoteRef(3, 0), "Four five"),
    ], "a quote stands where it first occurs"
    assert placed.not_found == (QuoteRef(2, 0),)


@pytest.mark.skipif(
    not SOURCE_TEXTS.is_dir(), reason="the source texts are not beside the checkout (../shared/sources)"
)
def test_every_bundled_quote_is_placed_on_exactly_its_words():
    layout = RowLayout(load_timeline(bundled_timeline_path()))
    placed_count = 0
    for source in layout.timeline.sources:
        refs = layout.quotes_by_source.get(source.id, ())
        text = read_source_text(SOURCE_TEXTS, source)
        placed = quoted_passages(text, [(ref, layout.quote(ref)) for ref in refs])
        assert placed.not_found == ()
        for passage in placed.passages:
            words = text[passage.start : passage.end]
            assert words == words.strip()
            assert fold_whitespace(words) == fold_whitespace(layout.quote(passage.ref).text)
        placed_count += len(placed.passages)
    assert placed_count == sum(len(event.quotes) for event in layout.timeline.events)


def test_the_sources_folder_beside_a_timeline(tmp_path):
    timeline = tmp_path / "timeline.yaml"
    assert sources_beside(timeline) is None
    assert sources_beside(None) is None
    (tmp_path / "sources").write_text("a file, not a folder")
    assert sources_beside(timeline) is None
    (tmp_path / "sources").unlink()
    (tmp_path / "sources").mkdir()
    assert sources_beside(timeline) == tmp_path / "sources"


def test_an_unreadable_text_says_why_with_the_path(tmp_path):
    source = Source("letter", "A letter", "letter")
    with pytest.raises(SourceTextError) as missing:
        read_source_text(tmp_path, source)
    assert (missing.value.path, missing.value.reason) == (tmp_path / "letter.txt", "no such file")
    (tmp_path / "letter.txt").write_bytes(b"caf\xe9")
    with pytest.raises(SourceTextError, match="not UTF-8: byte 0xe9 at 3"):
        read_source_text(tmp_path, source)


def test_verify_reports_its_progress(write_timeline, tmp_path):
    (tmp_path / "letter.txt").write_text("Exact words.")
    heard: list[tuple[str, float | None]] = []
    report = verify_quotes(load_timeline(write_timeline(MINIMAL)), tmp_path, lambda *stage: heard.append(stage))
    assert report.passed
    assert heard == [("reading the source texts", 0.0), ("checking the quotes", 0.0)]


def test_verify_reports_its_progress_a_hundred_times_at_most_a_stage(tmp_path):
    sources = tuple(Source(f"s{number}", "A text", "letter") for number in range(1000))
    for source in sources[:10]:
        (tmp_path / source.text_file).write_text("Exact words.")
    events = tuple(
        Event(f"e{number}", PartialDate(2020), "An event", "", (Quote(f"s{number % 10}", "Exact words."),))
        for number in range(1000)
    )
    heard: list[tuple[str, float | None]] = []
    report = verify_quotes(Timeline("T", sources, events), tmp_path, lambda *stage: heard.append(stage))
    assert report.checked == 1000 and not report.failures
    stages = [stage for stage, _ in heard]
    assert stages.count("reading the source texts") == 100
    assert stages.count("checking the quotes") == 100
    fractions = [fraction for _, fraction in heard]
    assert fractions[:2] == [0.0, 0.01] and fractions[-1] == 0.99
