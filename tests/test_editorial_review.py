"""docs/editorial-review.md cannot drift from the data: every event and source has its section,
every section names something that exists, every quote it cites by number exists, and every
passage it cites is in its source's text, word for word (where the source texts are at hand:
`../shared/sources`, as CI has them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.loader import bundled_timeline_path, load_timeline
from tui.verify import fold_whitespace

ROOT = Path(__file__).resolve().parent.parent
REVIEW = ROOT / "docs" / "editorial-review.md"
SOURCES = ROOT.parent / "shared" / "sources"
TIMELINE = load_timeline(bundled_timeline_path())

HEADING = re.compile(r"^### (event|source): (\S+)\s*$", re.M)
QUOTE_REFERENCE = re.compile(r"\[q(\d+)\]")
PASSAGE = re.compile(r"\[src:([^\]]+)\]\s*\"([^\"]+)\"")
SECOND_READ_ROW = re.compile(r"^\| (event|source): ([^ |]+) \|", re.M)


def sections() -> dict[tuple[str, str], str]:
    """Each `### event: id` or `### source: id` section's text, up to the next heading."""
    text = REVIEW.read_text(encoding="utf-8")
    found: dict[tuple[str, str], str] = {}
    headings = list(HEADING.finditer(text))
    for heading, following in zip(headings, [*headings[1:], None]):
        end = following.start() if following else text.find("\n## ", heading.end())
        key = (heading[1], heading[2])
        assert key not in found, f"two sections for {key}"
        found[key] = text[heading.end() : end if end != -1 else len(text)]
    return found


def test_every_event_and_source_has_a_section_and_every_section_names_one():
    named = set(sections())
    existing = {("event", event.id) for event in TIMELINE.events} | {
        ("source", source.id) for source in TIMELINE.sources
    }
    assert sorted(existing - named) == [], "no section"
    assert sorted(named - existing) == [], "a section names something the timeline does not hold"


def test_every_quote_cited_by_number_exists():
    events = {event.id: event for event in TIMELINE.events}
    for (kind, name), text in sections().items():
        numbers = [int(number) for number in QUOTE_REFERENCE.findall(text)]
        if kind == "event":
            assert all(1 <= number <= len(events[name].quotes) for number in numbers), (name, numbers)
        else:
            assert numbers == [], f"source {name} cites quotes by number"


def test_every_passage_names_a_source_that_exists():
    ids = {source.id for source in TIMELINE.sources}
    text = REVIEW.read_text(encoding="utf-8")
    assert {source for source, _ in PASSAGE.findall(text)} <= ids


def test_the_second_read_names_only_what_exists():
    text = REVIEW.read_text(encoding="utf-8")
    assert "## Second read" in text
    rows = SECOND_READ_ROW.findall(text[text.index("## Second read") :])
    existing = {("event", event.id) for event in TIMELINE.events} | {
        ("source", source.id) for source in TIMELINE.sources
    }
    assert rows and set(rows) <= existing


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source texts are not beside the checkout (../shared/sources)")
def test_every_passage_is_in_its_source_word_for_word():
    sources = TIMELINE.sources_by_id
    texts: dict[str, str] = {}
    missing = []
    for source_id, passage in PASSAGE.findall(REVIEW.read_text(encoding="utf-8")):
        if source_id not in texts:
            texts[source_id] = fold_whitespace((SOURCES / sources[source_id].text_file).read_text(encoding="utf-8"))
        if fold_whitespace(passage) not in texts[source_id]:
            missing.append((source_id, passage))
    assert missing == []
