"""YAML -> model: read a timeline file, check all of it, and say exactly where anything is wrong.

The file is composed into YAML nodes (PyYAML's C parser where installed), never constructed into
arbitrary Python objects, and walked against the format by hand. Walking the nodes keeps every
value's line and column for messages, and lets the loader refuse what PyYAML would accept quietly:
duplicate keys, unknown fields, tags such as `!!python/object`, and aliases (which is also what
defuses "billion laughs" documents: an alias is refused at its first reuse, before anything grows).

Every error in a file is collected and reported at once, as
`timeline.yaml:41:9: events[3].date: 2017-02-30 is not a valid date: February 2017 has no day 30`.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .dates import PartialDate, parse_date
from .model import Event, Period, Quote, Source, Timeline
from .text import clean_text

try:
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - only where PyYAML was built without libyaml
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

T = TypeVar("T")

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")

_YAML_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALAR_TAGS = {
    _YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
}
_STANDARD_TAGS = _PLAIN_SCALAR_TAGS | {_YAML_TAG + "seq", _YAML_TAG + "map"}
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


@dataclass(frozen=True, slots=True)
class LoadError:
    """One problem in a timeline file, with where it is."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}"


class TimelineError(Exception):
    """A timeline file that cannot be used; `errors` lists every problem found."""

    def __init__(self, errors: list[LoadError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


def bundled_timeline_path() -> Path:
    """The curated timeline that ships with the app.

    An installed wheel carries it inside the package; a source checkout (and an editable
    install, which imports from the checkout) has it at the top of the repository.
    """
    packaged = Path(__file__).with_name("data") / "timeline.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data" / "timeline.yaml"


def load_timeline(path: str | Path) -> Timeline:
    """Read and check a timeline file; raise TimelineError listing every problem."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise _single(name, "is a directory, not a timeline file") from None
    except FileNotFoundError:
        raise _single(name, "no such file") from None
    except PermissionError:
        raise _single(name, "cannot be read: permission denied") from None
    except OSError as error:
        raise _single(name, f"cannot be read: {error.strerror or error}") from None
    return load_timeline_bytes(data, name)


def load_timeline_bytes(data: bytes, name: str = "<timeline>") -> Timeline:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_and_column(data, error.start, b"\n")
        raise TimelineError(
            [LoadError(name, line, column, "", f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded")]
        ) from None
    return load_timeline_text(text, name)


def load_timeline_text(text: str, name: str = "<timeline>") -> Timeline:
    if not text.strip():
        raise _single(name, "the file is empty; a timeline needs title, sources and events")
    # The collector only slows a load that creates many objects and frees none of them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        root = _compose(text, name)
        report = _Report(name)
        timeline = _read_timeline(root, report)
        if report.alias_found:
            report.errors.append(_first_alias(text, name))
    finally:
        if collecting:
            gc.enable()
    if report.errors or timeline is None:
        raise TimelineError(sorted(report.errors, key=lambda error: (error.line, error.column)))
    return timeline


def _single(name: str, message: str) -> TimelineError:
    return TimelineError([LoadError(name, 1, 1, "", message)])


def _line_and_column(text: str | bytes, offset: int, newline: str | bytes) -> tuple[int, int]:
    line = text.count(newline, 0, offset) + 1
    column = offset - (text.rfind(newline, 0, offset) + 1) + 1
    return line, column


def _compose(text: str, name: str) -> Node:
    try:
        root = yaml.compose(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or "YAML syntax error"
        if error.context:
            message = f"{message} ({error.context})"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise TimelineError([LoadError(name, line, column, "", f"YAML syntax error: {message}")]) from None
    except yaml.reader.ReaderError as error:
        line, column = _line_and_column(text, error.position, "\n")
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise TimelineError(
            [LoadError(name, line, column, "", f"character U+{code:04X} is not allowed in YAML; write it as an escape inside double quotes")]
        ) from None
    except yaml.YAMLError as error:
        raise _single(name, f"YAML error: {error}") from None
    except RecursionError:
        raise _single(name, "the YAML is nested too deeply to be a timeline") from None
    if root is None:
        raise _single(name, "the file holds no YAML document")
    return root


def _first_alias(text: str, name: str) -> LoadError:
    """Where the first alias stands; composed nodes do not remember it, so parse again to find it."""
    for event in yaml.parse(text, Loader=_YamlLoader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            return LoadError(name, mark.line + 1, mark.column + 1, "", ALIAS_MESSAGE)
    return LoadError(name, 1, 1, "", ALIAS_MESSAGE)


ALIAS_MESSAGE = "anchors and aliases (&name, *name) are not allowed in a timeline"


_KIND_NEEDED: dict[type[Node], str] = {
    ScalarNode: "must be a single value, not a list or mapping",
    SequenceNode: "must be a list",
    MappingNode: "must be a mapping of field: value",
}


class _Report:
    """Collects errors while the walk goes on, so that one run reports them all.

    It also carries the ids declared so far. The top level reads sources and periods before
    events, so that each quote and event checks its references where it stands; an item's id is
    declared even when the item has other errors, so that one mistake is reported once and not
    again at every reference to it.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[LoadError] = []
        self.source_ids: set[str] = set()
        self.period_ids: set[str] = set()
        self.event_ids: set[str] = set()
        self.alias_found = False
        self._seen: set[int] = set()

    def error(self, node: Node, path: str, message: str) -> None:
        mark = node.start_mark
        self.errors.append(LoadError(self.name, mark.line + 1, mark.column + 1, path, message))

    def first_visit(self, node: Node) -> bool:
        """False for a node reached a second time, that is through an alias."""
        if id(node) in self._seen:
            self.alias_found = True
            return False
        self._seen.add(id(node))
        return True

    def accept(self, node: Node, path: str, kind: type[Node]) -> bool:
        """Whether `node` is met for the first time, is of `kind` and carries a plain YAML tag."""
        if not self.first_visit(node):
            return False
        if node.tag not in _STANDARD_TAGS:
            self.error(node, path or "top level", f"the tag {node.tag.replace(_YAML_TAG, '!!')} is not allowed")
            return False
        if not isinstance(node, kind):
            self.error(node, path or "top level", _KIND_NEEDED[kind])
            return False
        return True


class _Fields:
    """A mapping node's fields, checked for duplicates, unknown names and tags on the way in."""

    def __init__(self, node: MappingNode, path: str, report: _Report, known: set[str]) -> None:
        self.node = node
        self.path = path
        self.report = report
        self.values: dict[str, Node] = {}
        for key, value in node.value:
            if not report.first_visit(key):
                continue
            if not isinstance(key, ScalarNode):
                report.error(key, path, "a field name must be plain text")
                continue
            if key.value in self.values:
                report.error(key, path, f"duplicate field {key.value!r}")
                continue
            if key.value not in known:
                report.error(key, path, f"unknown field {key.value!r}; expected one of: {', '.join(sorted(known))}")
                # Marked as seen all the same, so that an alias to it elsewhere is still caught.
                report.first_visit(value)
                continue
            self.values[key.value] = value

    def declare_id(self, ids: set[str]) -> str | None:
        """Read this item's id and add it to `ids`, with an error if it is there already."""
        item_id = self.get("id", _read_slug, required=True)
        if item_id is not None:
            if item_id in ids:
                self.report.error(self.values["id"], self.child_path("id"), f"duplicate id {item_id!r}")
            ids.add(item_id)
        return item_id

    def child_path(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, read: Callable[[Node, str, _Report], T | None], required: bool = False) -> T | None:
        node = self.values.get(key)
        if node is None or _is_null(node):
            if required:
                where = node if node is not None else self.node
                self.report.error(where, self.child_path(key), "is required" if node is None else "is empty")
            return None
        return read(node, self.child_path(key), self.report)


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _YAML_TAG + "null"


def _scalar(node: Node, path: str, report: _Report) -> ScalarNode | None:
    return node if report.accept(node, path, ScalarNode) else None  # type: ignore[return-value]


def _read_text(node: Node, path: str, report: _Report) -> str | None:
    scalar = _scalar(node, path, report)
    if scalar is None:
        return None
    text = clean_text(scalar.value)
    if not text.strip():
        report.error(node, path, "is empty")
        return None
    return text


def _read_slug(node: Node, path: str, report: _Report) -> str | None:
    text = _read_text(node, path, report)
    if text is not None and not SLUG.fullmatch(text):
        report.error(node, path, f"{text!r} is not a valid id: use lower-case letters, digits and hyphens, starting with a letter or digit")
        return None
    return text


def _read_date(node: Node, path: str, report: _Report) -> PartialDate | None:
    scalar = _scalar(node, path, report)
    if scalar is None:
        return None
    try:
        return parse_date(scalar.value)
    except ValueError as error:
        report.error(node, path, str(error))
        return None


def _read_bool(node: Node, path: str, report: _Report) -> bool | None:
    scalar = _scalar(node, path, report)
    if scalar is None:
        return None
    word = scalar.value.lower()
    if scalar.tag == _YAML_TAG + "bool" and word in _TRUE | _FALSE:
        return word in _TRUE
    hint = "; write it without quotes" if word in _TRUE | _FALSE else ""
    report.error(node, path, f"{scalar.value!r} is not true or false{hint}")
    return None


def _read_relative_path(node: Node, path: str, report: _Report) -> str | None:
    text = _read_text(node, path, report)
    if text is None:
        return None
    parts = PurePosixPath(text)
    if parts.is_absolute() or ".." in parts.parts:
        report.error(node, path, f"{text!r} must be a path inside the sources folder (no leading / and no ..)")
        return None
    return text


def _items(node: Node, path: str, report: _Report) -> Iterator[tuple[Node, str]]:
    if report.accept(node, path, SequenceNode):
        for index, item in enumerate(node.value):
            yield item, f"{path}[{index}]"


def _read_text_list(node: Node, path: str, report: _Report) -> tuple[str, ...]:
    return tuple(text for item, item_path in _items(node, path, report) if (text := _read_text(item, item_path, report)) is not None)


def _mapping(node: Node, path: str, report: _Report, known: set[str]) -> _Fields | None:
    if not report.accept(node, path, MappingNode):
        return None
    return _Fields(node, path, report, known)  # type: ignore[arg-type]


def _read_list(fields: _Fields, key: str, read: Callable[[Node, str, _Report], T | None], required: bool) -> list[T]:
    """Read a list field item by item; items with errors are left out (their errors are reported)."""
    node = fields.values.get(key)
    if node is None or _is_null(node):
        if required:
            fields.report.error(node or fields.node, key, "is required")
        return []
    return [value for item, item_path in _items(node, key, fields.report) if (value := read(item, item_path, fields.report)) is not None]


_SOURCE_FIELDS = {"id", "title", "publisher", "author", "kind", "date", "url", "note", "file"}
_PERIOD_FIELDS = {"id", "title", "start", "end", "summary"}
_EVENT_FIELDS = {"id", "date", "end", "approximate", "title", "summary", "period", "tags", "people", "quotes", "notes"}
_QUOTE_FIELDS = {"source", "text", "speaker"}
_TOP_FIELDS = {"title", "description", "sources", "periods", "events"}


def _read_source(node: Node, path: str, report: _Report) -> Source | None:
    fields = _mapping(node, path, report, _SOURCE_FIELDS)
    if fields is None:
        return None
    source_id = fields.declare_id(report.source_ids)
    title = fields.get("title", _read_text, required=True)
    kind = fields.get("kind", _read_text, required=True)
    date = fields.get("date", _read_date)
    publisher = fields.get("publisher", _read_text)
    author = fields.get("author", _read_text)
    url = fields.get("url", _read_text)
    note = fields.get("note", _read_text)
    file = fields.get("file", _read_relative_path)
    if publisher is None and author is None:
        report.error(node, path, "needs a publisher or an author")
    if source_id is None or title is None or kind is None:
        return None
    return Source(source_id, title, kind, date, publisher, author, url, note, file)


def _read_period(node: Node, path: str, report: _Report) -> Period | None:
    fields = _mapping(node, path, report, _PERIOD_FIELDS)
    if fields is None:
        return None
    period_id = fields.declare_id(report.period_ids)
    title = fields.get("title", _read_text, required=True)
    start = fields.get("start", _read_date, required=True)
    end = fields.get("end", _read_date, required=True)
    summary = fields.get("summary", _read_text)
    if start is not None and end is not None and end < start:
        report.error(fields.values["end"], fields.child_path("end"), f"{end} is before the start, {start}")
        return None
    if period_id is None or title is None or start is None or end is None:
        return None
    return Period(period_id, title, start, end, summary)


def _read_quote(node: Node, path: str, report: _Report) -> Quote | None:
    fields = _mapping(node, path, report, _QUOTE_FIELDS)
    if fields is None:
        return None
    source = fields.get("source", _read_slug, required=True)
    text = fields.get("text", _read_text, required=True)
    speaker = fields.get("speaker", _read_text)
    if source is not None and source not in report.source_ids:
        report.error(fields.values["source"], fields.child_path("source"), f"no source has the id {source!r}")
        return None
    if source is None or text is None:
        return None
    return Quote(source, text, speaker, line=node.start_mark.line + 1)


def _read_event(node: Node, path: str, report: _Report) -> Event | None:
    fields = _mapping(node, path, report, _EVENT_FIELDS)
    if fields is None:
        return None
    event_id = fields.declare_id(report.event_ids)
    date = fields.get("date", _read_date, required=True)
    end = fields.get("end", _read_date)
    approximate = fields.get("approximate", _read_bool) or False
    title = fields.get("title", _read_text, required=True)
    summary = fields.get("summary", _read_text, required=True)
    period = fields.get("period", _read_slug)
    if period is not None and period not in report.period_ids:
        report.error(fields.values["period"], fields.child_path("period"), f"no period has the id {period!r}")
    tags = fields.get("tags", _read_text_list) or ()
    people = fields.get("people", _read_text_list) or ()
    notes = fields.get("notes", _read_text)
    quotes_node = fields.values.get("quotes")
    quotes: list[Quote] = []
    quotes_complete = False
    if quotes_node is None or _is_null(quotes_node):
        report.error(quotes_node or node, fields.child_path("quotes"), "is required: every event needs at least one quote")
    else:
        items = list(_items(quotes_node, fields.child_path("quotes"), report))
        if not items and isinstance(quotes_node, SequenceNode):
            report.error(quotes_node, fields.child_path("quotes"), "is empty: every event needs at least one quote")
        quotes = [quote for item, item_path in items if (quote := _read_quote(item, item_path, report)) is not None]
        quotes_complete = bool(quotes) and len(quotes) == len(items)
    if date is not None and end is not None and end < date:
        report.error(fields.values["end"], fields.child_path("end"), f"{end} is before the start, {date}")
        return None
    if event_id is None or date is None or title is None or summary is None or not quotes_complete:
        return None
    return Event(
        event_id, date, title, summary, tuple(quotes), end, approximate, period, tags, people, notes,
        line=node.start_mark.line + 1,
    )


def _read_timeline(root: Node, report: _Report) -> Timeline | None:
    fields = _mapping(root, "", report, _TOP_FIELDS)
    if fields is None:
        return None
    title = fields.get("title", _read_text, required=True)
    description = fields.get("description", _read_text)
    sources = _read_list(fields, "sources", _read_source, required=True)
    periods = _read_list(fields, "periods", _read_period, required=False)
    events = _read_list(fields, "events", _read_event, required=True)
    if title is None:
        return None
    ordered = sorted(events, key=lambda event: event.date.sort_key)
    return Timeline(
        title=title,
        description=description,
        sources=tuple(sources),
        periods=tuple(periods),
        events=tuple(ordered),
    )
