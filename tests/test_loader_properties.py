"""The loader raises nothing but TimelineError, whatever it is given, and always says where."""

import yaml
from conftest import MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.loader import _NOT_PRINTABLE, TimelineError, _holds_not_printable, load_timeline_text
from tui.model import Timeline

LINES = MINIMAL.splitlines()

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(
        ["2017", "2017-07", "2017-07-03", "2017-02-30", "letter", "era", "first", "[/]", "&a", "*a", "!!python/object"]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def mutated_documents(draw):
    """The minimal valid timeline with a few random edits to its lines."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "value", "insert", "indent"]))
        if edit == "delete" and len(lines) > 1:
            del lines[position]
        elif edit == "duplicate":
            lines.insert(position, lines[position])
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[position], lines[other] = lines[other], lines[position]
        elif edit == "value" and ":" in lines[position]:
            key = lines[position].split(":", 1)[0]
            lines[position] = f"{key}: {draw(st.text(max_size=15))}"
        elif edit == "insert":
            column = draw(st.integers(0, len(lines[position])))
            lines[position] = lines[position][:column] + draw(st.text(max_size=5)) + lines[position][column:]
        elif edit == "indent":
            lines[position] = " " * draw(st.integers(0, 6)) + lines[position].lstrip()
    return "\n".join(lines) + "\n"


@st.composite
def schema_shaped_documents(draw):
    """Documents with the format's fields, holding values of any shape."""
    event = {
        key: draw(values)
        for key in draw(
            st.sets(
                st.sampled_from(["id", "date", "end", "title", "summary", "quotes", "tags", "period", "approximate"]),
                max_size=9,
            )
        )
    }
    source = {
        key: draw(values)
        for key in draw(st.sets(st.sampled_from(["id", "title", "kind", "date", "publisher", "file"]), max_size=6))
    }
    document = {"title": draw(values), "sources": [source], "events": [event]}
    return yaml.safe_dump(document, allow_unicode=True)


def check(text: str) -> None:
    try:
        timeline = load_timeline_text(text, "timeline.yaml")
    except TimelineError as error:
        assert error.errors
        assert all(item.line >= 1 and item.column >= 1 for item in error.errors)
    else:
        assert isinstance(timeline, Timeline)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_mutated_timelines_load_or_fail_with_located_errors(text):
    check(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema_shaped_documents())
def test_documents_of_any_shape_load_or_fail_with_located_errors(text):
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_loads_or_fails_with_located_errors(text):
    check(text)


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_the_quick_look_for_characters_yaml_refuses_agrees_with_the_pattern(text):
    expected = _NOT_PRINTABLE.search(text) is not None
    assert _holds_not_printable(text, None) is expected
    if not any("\ud800" <= character <= "\udfff" for character in text):
        assert _holds_not_printable(text, text.encode()) is expected
