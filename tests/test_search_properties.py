"""Every search engine finds exactly what the naive reference finds (every event's fields folded
one by one, a needle looked for with `in`). The block engine cuts text into blocks, skips blocks
by their vocabulary, keeps event sets for frequent words and shares texts such as tags between
events; none of that may change a result."""

from __future__ import annotations

import random
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.dates import PartialDate
from tui.model import Event, Period, Quote, Source, Timeline
from tui.search import QueryError, SearchIndex, parse_query
from tui.search.blocks import BlockEngine
from tui.search.naive import NaiveEngine
from tui.text import fold

WORDS = [
    "inspection",
    "Inspection.",
    "review",
    "report",
    "gmp",
    "GMP’s",
    "gmp's",
    "café",
    "CAFÉ",
    "cafe",
    "straße",
    "STRASSE",
    "naïve",
    "e\u0301te\u0301",
    "ﬁle",
    "“girls”",
    '"girls"',
    "–",
    "-",
    "ΣΑΣ",
    "σας",
    "a",
    "an",
    "x",
    "Ǆ",
    "İstanbul",
    "½",
    "re-review",
    "¨",
    "ǅemal",
    "bathe",
    "theory",
    "The",
]
COMMON = "the"
"""In most texts, so that small timelines have frequent words too, and words that hold it."""
SPACES = [" ", " ", " ", "  ", "\n", "\t", "\u00a0", "\u2003"]
ODD_CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


@st.composite
def texts(draw, max_words: int = 8) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(ODD_CHARACTERS, max_size=12))
    words = draw(st.lists(st.sampled_from(WORDS), max_size=max_words))
    if words and draw(st.integers(0, 3)):
        words.insert(draw(st.integers(0, len(words))), COMMON)
    text = ""
    for word in words:
        text += word + draw(st.sampled_from(SPACES))
    return text.strip() if draw(st.booleans()) else text


@st.composite
def timelines(draw) -> Timeline:
    sources = tuple(
        Source(f"source-{number}", draw(texts(4)), "report", publisher=draw(st.none() | texts(2)))
        for number in range(draw(st.integers(0, 3)))
    )
    periods = tuple(
        Period(period_id, draw(texts(3)), PartialDate(2000 + number), PartialDate(2001 + number))
        for number, period_id in enumerate(draw(st.lists(st.sampled_from(["", "period-0", "period-1"]), max_size=2)))
    )
    source_ids = [source.id for source in sources] + ["unknown-source"]
    period_ids = [None, "", "unknown-period", "period-0", "period-1"]
    events = []
    for number in range(draw(st.integers(0, 14))):
        quotes = tuple(
            Quote(draw(st.sampled_from(source_ids)), draw(texts()), draw(st.none() | st.just("") | texts(2)))
            for _ in range(draw(st.integers(0, 2)))
        )
        events.append(
            Event(
                id=f"event-{number}",
                date=PartialDate(draw(st.integers(1999, 2004)), draw(st.none() | st.integers(1, 12))),
                title=draw(texts(4)),
                summary=draw(texts()),
                quotes=quotes,
                period=draw(st.sampled_from(period_ids)),
                tags=tuple(draw(st.lists(texts(2), max_size=2))),
                people=tuple(draw(st.lists(texts(2), max_size=2))),
                notes=draw(st.none() | texts()),
            )
        )
    return Timeline("Property fixture", sources, tuple(events), periods)


ENGINES = [BlockEngine, partial(BlockEngine, index_words=False)]
"""Every engine but the reference, which each is held to: the block engine with its word index,
and without it, as the explorer's first searches meet it (`quick_engine`)."""


def reference(timeline: Timeline) -> SearchIndex:
    return SearchIndex(timeline, engine=NaiveEngine)


@st.composite
def queries(draw, timeline: Timeline) -> str:
    """A query made of pieces of the timeline's own text, so that most terms find something."""
    pieces = (
        [
            text
            for event in timeline.events
            for text in (
                event.title,
                event.summary,
                *event.tags,
                *event.people,
                *(quote.text for quote in event.quotes),
            )
        ]
        + [source.title for source in timeline.sources]
        + [period.title for period in timeline.periods]
        + WORDS
    )
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        text = draw(st.sampled_from(pieces))
        start = draw(st.integers(0, len(text)))
        needle = text[start : start + draw(st.integers(1, 14))].replace('"', "")
        shape = draw(st.sampled_from(["word", "word", "letter", "phrase", "field", "date"]))
        if shape == "word":
            term = needle.split()[0] if needle.split() else "x"
        elif shape == "letter":
            term = draw(st.sampled_from("aeinrstxç’-"))
        elif shape == "phrase":
            term = f'"{needle}"'
        elif shape == "field":
            name = draw(st.sampled_from(["tag", "people", "person", "speaker", "source", "period", "title", "summary"]))
            term = f'{name}:"{needle}"'
        else:
            term = draw(st.sampled_from(["year:2001", "from:2002-03", "to:2000"]))
        if draw(st.integers(0, 4)) == 0:
            term = "-" + term
        terms.append(term)
        if draw(st.integers(0, 3)) == 0:
            terms.append("or")
    if terms[-1] == "or":
        terms.pop()
    return " ".join(terms)


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_every_engine_finds_what_the_reference_finds(engine, data):
    timeline = data.draw(timelines())
    index = SearchIndex(timeline, engine=engine)
    expected_index = reference(timeline)
    for _ in range(4):
        text = data.draw(queries(timeline))
        try:
            query = parse_query(text)
        except QueryError:
            continue
        expected = list(range(len(timeline.events))) if query.is_empty else list(expected_index.search(query).indices)
        assert list(index.search(query).indices) == expected, text


@pytest.mark.parametrize("engine", ENGINES)
def test_a_larger_timeline_with_frequent_and_rare_words(engine):
    """Hundreds of events: blocks of several events, frequent words and a sample at work."""
    rng = random.Random(3)
    vocabulary = [f"{a}{b}" for a in ("ba", "re", "ti", "so", "mu", "ka") for b in ("le", "no", "vi", "da", "po")]
    vocabulary += ["preinspection", "inspections", "reviewer"]
    source = Source("source-1", "Independent assurance review", "report", publisher="Publisher")

    def sentence(length: int) -> str:
        words = [rng.choice(vocabulary) for _ in range(length)]
        if rng.random() < 0.4:
            words[rng.randrange(length)] = "inspection"
        if rng.random() < 0.01:
            words[rng.randrange(length)] = "Zéphyrine"
        if rng.random() < 0.1:
            words[rng.randrange(length) : rng.randrange(length) + 1] = ["independent", "assurance", "review"]
        return " ".join(words) + "."

    events = tuple(
        Event(
            id=f"event-{number}",
            date=PartialDate(1990 + number // 40),
            title=sentence(6),
            summary=" ".join(sentence(10) for _ in range(4)),
            quotes=(Quote("source-1", sentence(12), f"Speaker {number % 7}"),),
            tags=(rng.choice(["inspection", "review", "media"]),),
        )
        for number in range(1500)
    )
    timeline = Timeline("Larger fixture", (source,), events)
    index = SearchIndex(timeline, engine=engine)
    expected_index = reference(timeline)
    terms = [
        "zephyrine",
        "inspection",
        "inspection.",
        "insp",
        "e",
        "ba",
        "ti so",
        '"independent assurance review"',
        '"assurance review"',
        "speaker",
        "speaker:3",
        "tag:review",
        "-inspection",
        "review -tag:review",
        "zephyrine or balevi",
        "year:1995 inspection",
        "title:inspection",
        "summary:zephyrine",
        '"title:independent assurance"',
        'title:"assurance review" -summary:inspection',
        *vocabulary[:6],
    ]
    for _ in range(60):
        words = fold(rng.choice(events).summary).split()
        start = rng.randrange(len(words) - 3)
        phrase = " ".join(words[start : start + rng.randint(1, 4)])
        terms.append(f'"{phrase[rng.randint(0, 4) : len(phrase) - rng.randint(0, 4)]}"')
    for text in terms:
        query = parse_query(text)
        assert list(index.search(query).indices) == list(expected_index.search(query).indices), text


@pytest.mark.parametrize("engine", ENGINES)
def test_only_the_middle_words_of_a_phrase_need_be_whole_words(engine):
    """`the` is in every event but two, and is a frequent word; "bathe water" holds the phrase
    "the water" and "water theory" holds "water the", though neither event has `the` as a word."""
    texts = ["the cat sat"] * 10 + ["bathe water", "water theory", "a the water"]
    events = tuple(
        Event(id=f"event-{number}", date=PartialDate(2000), title=text, summary="", quotes=())
        for number, text in enumerate(texts)
    )
    timeline = Timeline("Words inside words", (), events)
    index = SearchIndex(timeline, engine=engine)
    expected_index = reference(timeline)
    for text in ['"the water"', '"water the"', '"a the water"', '"the cat"', "the", "he"]:
        query = parse_query(text)
        assert list(index.search(query).indices) == list(expected_index.search(query).indices), text


GREEK = ["alpha", "beta", "omega", "delta", "sigma", "gamma", "mu", "nu", "psi", "rho", "chi", "xi"]


@pytest.mark.parametrize("engine", ENGINES)
def test_frequent_words_bound_a_search_but_only_as_whole_words(engine):
    """`alpha`, `beta`, `omega` and the others are each in many events, so the index keeps their
    events; but "xalpha omega" holds the phrase "alpha omega" without the word `alpha`, "alpha
    omegay" without `omega`, and "pizza" holds `a` at the very end of an event's text."""
    rng = random.Random(5)
    texts = []
    for _ in range(1000):
        words = [rng.choice(GREEK) for _ in range(4)]
        texts.append(" ".join(words + rng.choice([[]] * 6 + [["xalpha omega"], ["alpha omegay"], ["pizza"]])))
    events = tuple(
        Event(
            id=f"event-{number}",
            date=PartialDate(2000),
            title="",
            summary="",
            quotes=(Quote("source", text),),
            period=rng.choice([None, ""]),
        )
        for number, text in enumerate(texts)
    )
    timeline = Timeline("Frequent words", (), events, (Period("", "Lost years", PartialDate(2000), PartialDate(2001)),))
    index = SearchIndex(timeline, engine=engine)
    expected_index = reference(timeline)
    for text in ['"alpha omega"', '"alpha beta omega"', '"a omega"', "a", "pha", "zza", "period:lost", "lost"]:
        query = parse_query(text)
        assert list(index.search(query).indices) == list(expected_index.search(query).indices), text


@pytest.mark.parametrize("engine", [NaiveEngine, *ENGINES])
def test_a_timeline_without_events_finds_nothing(engine):
    index = SearchIndex(Timeline("Empty", (), ()), engine=engine)
    assert list(index.search("anything").indices) == []
    assert list(index.search('tag:"\u0301"').indices) == []
    assert list(index.search("").indices) == []


def test_the_reference_looks_in_each_field_by_its_name():
    """The naive reference is the table read literally: each query field finds its own word only."""
    source = Source("hansard-debate", "Westminster Hall debate", "debate", publisher="Hansard")
    period = Period("augusta", "Operation Augusta", PartialDate(2004), PartialDate(2005))
    event = Event(
        "event",
        PartialDate(2004),
        "titleword",
        "summaryword",
        (Quote("hansard-debate", "quoteword", speaker="speakerword"),),
        period="augusta",
        tags=("tagword",),
        people=("personword",),
        notes="noteword",
    )
    index = reference(Timeline("Fields", (source,), (event,), (period,)))
    found = {
        "title:titleword": [0],
        "title:summaryword": [],
        "summary:summaryword": [0],
        "summary:titleword": [],
        "tag:tagword": [0],
        "people:personword": [0],
        "person:personword": [0],
        "speaker:speakerword": [0],
        "speaker:quoteword": [],
        "source:hansard": [0],
        "source:westminster": [0],
        "period:augusta": [0],
        "period:operation": [0],
        "noteword": [0],
        "quoteword": [0],
    }
    assert {text: list(index.search(text).indices) for text in found} == found
