"""The search session, without an app: what the list shows, what `n` and `N` find, and stale results."""

from __future__ import annotations

import itertools

import pytest

from tui.loader import bundled_timeline_path, load_timeline
from tui.navigation import RowLayout
from tui.search import QueryError, SearchCancelled
from tui.session import History, Latest, MatchStep, SearchSession

TIMELINE = load_timeline(bundled_timeline_path())


@pytest.fixture
def session() -> SearchSession:
    return SearchSession(RowLayout(TIMELINE))


def run(session: SearchSession, text: str) -> bool:
    """Start, find and accept, as the screen does across its worker."""
    started = session.start(text)
    if started is None:
        return True
    return session.accept(session.find(*started))


def ids(positions) -> list[str]:
    return [TIMELINE.events[position].id for position in positions]


def test_a_search_filters_and_lights_its_words(session):
    assert run(session, "betrayed")
    assert session.filter is not None and session.lit is session.filter.query
    expected = [event.id for event in TIMELINE.events if "betrayed" in event.title.lower() + event.summary.lower()]
    assert set(expected) <= set(ids(session.view.events)) and "betrayed-girls-broadcast" in expected
    assert session.view.count == len(session.filter.indices) and session.whole_view.count == len(TIMELINE.events)


def test_an_empty_query_shows_every_event_and_keeps_the_last_search(session):
    run(session, "betrayed")
    last = session.last_search
    assert session.start("   ") is None
    assert session.filter is None and session.lit is None
    assert session.view is session.whole_view
    assert session.last_search is last


def test_a_query_that_cannot_be_read_changes_nothing(session):
    run(session, "betrayed")
    view, newest = session.view, session.newest_search
    with pytest.raises(QueryError):
        session.start("from:banana")
    assert session.view is view and session.newest_search == newest


def test_results_of_an_older_search_are_not_shown(session):
    older = session.start("betrayed")
    newer = session.start("inspection")
    assert older is not None and newer is not None
    assert not session.accept(session.find(*older))
    assert session.filter is None
    assert session.accept(session.find(*newer))
    assert session.filter is not None and session.filter.query.text == "inspection"


def test_results_arriving_after_clear_are_dropped(session):
    started = session.start("betrayed")
    assert started is not None
    found = session.find(*started)
    session.clear()
    assert not session.accept(found)
    assert session.view is session.whole_view


def test_a_cancelled_search_raises(session):
    started = session.start("inspection")
    assert started is not None
    with pytest.raises(SearchCancelled):
        session.find(*started, cancelled=lambda: True)


def test_n_and_N_step_through_the_matches_and_wrap(session):
    run(session, "betrayed")
    matches = list(session.filter.indices)
    assert len(matches) >= 2
    session.clear()
    assert session.lit is None
    step = session.step(0, forward=True)
    assert step is not None and (step.target, step.wrapped) == (matches[0], False)
    assert session.lit is session.last_search.query, "the words are lit again once n is used"
    for current, following in itertools.pairwise(matches):
        assert session.step(current, forward=True) == MatchStep(following, False)
        assert session.step(following, forward=False) == MatchStep(current, False)
    assert session.step(matches[-1], forward=True) == MatchStep(matches[0], True)
    assert session.step(matches[0], forward=False) == MatchStep(matches[-1], True)


def test_n_with_nothing_to_find_says_so(session):
    assert session.step(0, forward=True) is None, "no search yet"
    run(session, "nosuchwordanywhere")
    assert session.view.count == 0
    assert session.step(0, forward=True) is None
    assert session.step(None, forward=True) is None


def test_the_index_is_built_once(session):
    assert not session.has_index
    assert session.index() is session.index()
    assert session.has_index


def test_latest_numbers_each_request():
    latest = Latest()
    first = latest.next()
    assert latest.is_current(first)
    second = latest.next()
    assert not latest.is_current(first) and latest.is_current(second) and latest.newest == second


def test_history_goes_back_and_forward_as_a_shells_does():
    history = History()
    assert history.back("typing") is None and history.forward() is None
    for query in ("report", "tag:letter", "report"):
        history.add(query)
    assert history.back("half-typed") == "report", "a query kept again moves to the newest"
    assert history.back("report") == "tag:letter"
    assert history.back("tag:letter") is None, "the oldest"
    assert history.forward() == "report"
    assert history.forward() == "half-typed", "past the newest: what was being typed"
    assert history.forward() is None
    history.add("   ")
    assert history.back("") == "report", "a blank query is not kept"
