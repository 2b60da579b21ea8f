import json

from conftest import MINIMAL

from tui.loader import load_timeline
from tui.verify import closest_passage, verify_quotes

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
