"""YAML or JSON -> model: read a timeline file, check all of it, and say exactly where anything is wrong.

Loading has a fast road and a careful one, and they share one set of rules (`_read_timeline`).

- The fast road parses with `yaml_rs` (Rust; about fifty times faster than PyYAML here) or, for
  `.json` files, the standard `json` module, into plain lists, dicts, strings and ints, which the
  rules then check. yaml_rs is asked to refuse duplicate keys and any alias, and refuses tags
  such as `!!python/object` by itself.
- The careful road is taken when the fast parser refuses the file, or is not installed: PyYAML's
  C parser composes the file into nodes, which keep each value's line and column, and a pass over
  them refuses what PyYAML would accept quietly (duplicate keys, non-standard tags, aliases, which
  also defuses "billion laughs" documents), with the place of each.
- When the rules find problems, each is placed in the file by following its path
  (`events[3].date`) through the composed nodes. Positions cost time, so they are only computed
  for a file that has errors.
- The careful road lives in `yaml_nodes`, the only module that imports PyYAML, and is imported
  only when needed: a good file opens without it.

Every error in a file is reported at once, as
`timeline.yaml:41:9: events[3].date: 2017-02-30 is not a valid date: February 2017 has no day 30`.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from .collector import collector_paused
from .dates import Bound, DateRange, PartialDate, parse_date, parse_edtf
from .errors import LoadError, PathParts, TimelineError, line_and_column, single_error
from .files import MEBIBYTE, NotReadable, read_bounded
from .model import Event, Period, Quote, Source, Timeline
from .text import Plain, clean_text, is_web_address, shown

if TYPE_CHECKING:
    from yaml.nodes import Node

# yaml_rs allocates through its own copy of mimalloc, which by default keeps freed memory for
# later: after parsing 100,000 events it held on to ~135 MB for good. Purging at once gives it
# back. The setting is read when the allocator first runs, so it must precede the import.
os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")

try:
    import yaml_rs
except ImportError:  # pragma: no cover - the careful road alone still loads every file
    yaml_rs = None  # type: ignore[assignment]  # tested for None before each use

T = TypeVar("T")
Progress = Callable[[str, float | None], None]
"""Called with what is being done and how far along it is (0 to 1), or None for a step that
cannot measure its own progress (the parser runs as one call)."""

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")

_BEFORE_TAG = frozenset(" \t\r\n[{,:")


def _may_hold_tag(text: str) -> bool:
    """Whether a `!` in `text` may begin a YAML tag.

    yaml_rs drops most tags silently, so such files take the careful road, which refuses them;
    a `!` inside quoted text costs only time. A plain search for `!` is much faster than a
    regular expression anchored at the start of every token.
    """
    position = text.find("!")
    while position != -1:
        if position == 0 or text[position - 1] in _BEFORE_TAG:
            return True
        position = text.find("!", position + 1)
    return False


_PROGRESS_STEP = 5000


def bundled_timeline_path() -> Path:
    """The curated timeline that ships with the app.

    An installed wheel carries it inside the package; a source checkout (and an editable
    install, which imports from the checkout) has it at the top of the repository.
    """
    packaged = Path(__file__).with_name("data") / "timeline.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data" / "timeline.yaml"


LARGEST_TIMELINE = 1024 * MEBIBYTE
"""Bytes of the largest timeline file read: several times the 164 MB of 100,000 events."""


def read_timeline_file(path: str | Path) -> bytes:
    """The file's bytes (a regular file, or a pipe), or a TimelineError saying plainly why it
    cannot be read (see `files.read_bounded`)."""
    try:
        return read_bounded(path, LARGEST_TIMELINE, what="timeline file")
    except NotReadable as error:
        raise single_error(str(path), str(error)) from None


def load_timeline(path: str | Path, progress: Progress | None = None) -> Timeline:
    """Read and check a timeline file; raise TimelineError listing every problem."""
    return load_timeline_bytes(read_timeline_file(path), str(path), progress)


def load_timeline_bytes(data: bytes, name: str = "<timeline>", progress: Progress | None = None) -> Timeline:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = line_and_column(data, error.start, b"\n")
        raise TimelineError(
            [LoadError(name, line, column, "", f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded")]
        ) from None
    return load_timeline_text(text, name, progress, utf8=data.removeprefix(codecs.BOM_UTF8))


def load_timeline_text(
    text: str, name: str = "<timeline>", progress: Progress | None = None, utf8: bytes | None = None
) -> Timeline:
    """`utf8`: the text as UTF-8, when it was read so (it need not be encoded again)."""
    if not text.strip():
        raise single_error(name, "the file is empty; a timeline needs title, sources and events")
    with collector_paused():
        if progress:
            progress("parsing", None)
        data, nodes = _parse(text, name, utf8)
        walk = _Walk(progress, careful=nodes is not None)
        timeline = _read_timeline(data, walk)
        if nodes is None and (walk.problems or walk.reread or _dates_written_otherwise(text, walk)):
            # The careful road's verdict: its nodes keep every value as written.
            from . import yaml_nodes

            data, nodes = yaml_nodes.careful_parse(text, name)
            walk = _Walk(progress, careful=True)
            timeline = _read_timeline(data, walk)
        if walk.problems:
            from . import yaml_nodes

            assert nodes is not None
            raise TimelineError(yaml_nodes.locate(walk.problems, nodes, name))
    assert timeline is not None  # a walk without problems always builds the timeline
    return timeline


# The parsers -------------------------------------------------------------------------------


def _parse(text: str, name: str, utf8: bytes | None) -> tuple[Any, Node | None]:
    """The file as plain data, and its composed nodes when the careful road was taken."""
    if _holds_not_printable(text, utf8):
        pass  # YAML allows no such character in a file; the careful road says where it is
    elif name.endswith(".json"):
        try:
            return json.loads(text, object_pairs_hook=_refuse_duplicate_keys), None
        except (ValueError, RecursionError):
            pass  # the careful road says where and what
    elif yaml_rs is not None and not _may_hold_tag(text):
        try:
            data = yaml_rs.loads(
                text,
                parse_datetime=False,
                alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=0, max_alias_expansions_per_anchor=0),
                duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
            )
            return data, None
        except (ValueError, RecursionError):
            pass
    from . import yaml_nodes  # PyYAML is imported only when the careful road is taken

    return yaml_nodes.careful_parse(text, name)


_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""What YAML 1.2 does not allow in a file, even inside quotation marks (it must be written as an
escape, such as "\\e"). yaml_rs and json take some of it; PyYAML refuses it with its place."""
_NEVER_NOT_PRINTABLE = bytes(
    byte for byte in range(256) if not ((byte < 0x20 and byte not in b"\t\n\r") or byte in b"\x7f\xc2\xed\xef")
)
"""The bytes that are no part of a character of _NOT_PRINTABLE in UTF-8: each such character is
a control byte of its own, or begins with 0xC2 (C1 controls), 0xED (surrogates) or 0xEF (U+FFFE,
U+FFFF)."""


def _holds_not_printable(text: str, utf8: bytes | None) -> bool:
    """Whether `text` (whose UTF-8 is `utf8`, if known) holds a character of _NOT_PRINTABLE.

    The pattern's search takes 0.4 s over 164 MB. Deleting the bytes that cannot be part of
    such a character takes 0.1 s, and when none is left there is nothing to search for; only a
    file that has one of the others (a control, or a character such as U+00A0 or U+FFFD that
    shares a first byte with them) is searched."""
    if utf8 is None:
        utf8 = text.encode("utf-8", "surrogatepass")
    if not utf8.translate(None, _NEVER_NOT_PRINTABLE):
        return False
    return _NOT_PRINTABLE.search(text) is not None


_DATE_VALUE = re.compile(r"""(?:^|[\s{,])["']?(?:date|start|end)["']?[ \t]*:[ \t]*([^\s#,}\]]*)""", re.M)
_DATE_AS_WRITTEN = re.compile(r"""[0-9]{4}|["'].*|[0-9]{4}[-/?~%].*|\.\./.*|""")


def _dates_written_otherwise(text: str, walk: _Walk) -> bool:
    """Whether a date that the fast parser read as a number may have been written otherwise.

    yaml_rs reads `2017`, `+2017`, `02017`, `2_017` and `0x7E1` all as the number 2017, and a
    date must be read as it is written. A number it gives for a date is taken as four digits
    (`0500` for 500) unless the text holds a date written in some other way, which sends the
    file on the careful road, where every value keeps its text.
    """
    if not walk.number_dates:
        return False
    return any(not _DATE_AS_WRITTEN.fullmatch(match[1]) for match in _DATE_VALUE.finditer(text))


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise ValueError("duplicate key")
    return mapping


# Problems, placed in the file by yaml_nodes.locate ------------------------------------------


class _Problem(NamedTuple):
    path: PathParts
    message: str
    at_key: bool = False
    """Point at the field's name rather than its value (an unknown field, say)."""


# The rules ---------------------------------------------------------------------------------


class _Walk:
    """Collects problems while the rules run, so that one run reports them all.

    It also carries the ids declared so far. Sources and periods are read before events, so
    that each quote and event checks its references where it stands; an item's id is declared
    even when the item has other problems, so that one mistake is reported once and not again
    at every reference to it.
    """

    def __init__(self, progress: Progress | None, careful: bool) -> None:
        self.careful = careful
        """Whether the data came by the careful road, whose values keep their text (`Plain`)."""
        self.problems: list[_Problem] = []
        self.source_ids: set[str] = set()
        self.period_ids: set[str] = set()
        self.event_ids: set[str] = set()
        self.event_count = 0
        self.progress = progress
        self.reread = False
        """Whether the fast parser gave a value whose reading may differ from what is written
        (a number where text belongs, say): then the careful road reads the file again."""
        self.number_dates = 0
        """Dates the fast parser gave as numbers (see `_dates_written_otherwise`)."""

    def problem(self, path: PathParts, message: str, at_key: bool = False) -> None:
        self.problems.append(_Problem(path, message, at_key))


class _Fields:
    """A mapping's fields, checked for unknown names on the way in."""

    def __init__(self, values: dict[Any, Any], path: PathParts, walk: _Walk, known: frozenset[str]) -> None:
        self.values = values
        self.path = path
        self.walk = walk
        for key in values:
            if key not in known:
                expected = ", ".join(sorted(known))
                walk.problem(
                    (*path, str(key)), f"unknown field {shown(str(key))}; expected one of: {expected}", at_key=True
                )

    def get(self, key: str, read: Callable[[Any, PathParts, _Walk], T | None], required: bool = False) -> T | None:
        value = self.values.get(key)
        if value is None:
            if required:
                self.walk.problem((*self.path, key), "is required" if key not in self.values else "is empty")
            return None
        return read(value, (*self.path, key), self.walk)

    def declare_id(self, ids: set[str]) -> str | None:
        """Read this item's id and add it to `ids`, with a problem if it is there already."""
        item_id = self.get("id", _read_slug, required=True)
        if item_id is not None:
            if item_id in ids:
                self.walk.problem((*self.path, "id"), f"duplicate id {shown(item_id)}")
            ids.add(item_id)
        return item_id


def _mapping(value: Any, path: PathParts, walk: _Walk, known: frozenset[str]) -> _Fields | None:
    if not isinstance(value, dict):
        walk.problem(
            path, "must be a mapping of field: value" if path else "top level: must be a mapping of field: value"
        )
        return None
    return _Fields(value, path, walk, known)


def _items(value: Any, path: PathParts, walk: _Walk) -> Iterator[tuple[Any, PathParts]]:
    if not isinstance(value, list):
        walk.problem(path, "must be a list")
        return
    for index, item in enumerate(value):
        yield item, (*path, index)


def _read_text(value: Any, path: PathParts, walk: _Walk) -> str | None:
    """Text, as written: a number or `true` written where text belongs is text too (on the
    careful road, which keeps the characters; the fast parser's number sends the file there)."""
    if not isinstance(value, str):
        if value is None:
            walk.problem(path, "is empty")
        elif isinstance(value, (list, dict)):
            walk.problem(path, "must be a single value, not a list or mapping")
        else:
            walk.reread = True
        return None
    if not value.strip():
        walk.problem(path, "is empty")
        return None
    return clean_text(value)


def _read_slug(value: Any, path: PathParts, walk: _Walk) -> str | None:
    text = _read_text(value, path, walk)
    if text is not None and not SLUG.fullmatch(text):
        walk.problem(
            path,
            f"{shown(text)} is not a valid id: use lower-case letters, digits and hyphens, starting with a letter or digit",
        )
        return None
    return text


def _date_text(value: Any, path: PathParts, walk: _Walk) -> str | None:
    """A date's text as written; a list or mapping is a problem, a number from the fast parser
    is taken as four digits (see `_dates_written_otherwise`) and any other value is read again."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):
        walk.problem(path, "must be a single value, not a list or mapping")
    elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9999:
        walk.number_dates += 1
        return f"{value:04d}"
    else:
        walk.reread = True
    return None


def _read_date(value: Any, path: PathParts, walk: _Walk) -> PartialDate | None:
    text = _date_text(value, path, walk)
    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        walk.problem(path, str(error))
        return None


def _read_event_date(value: Any, path: PathParts, walk: _Walk) -> DateRange | None:
    text = _date_text(value, path, walk)
    if text is None:
        return None
    try:
        return parse_edtf(text)
    except ValueError as error:
        walk.problem(path, str(error))
        return None


_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _read_bool(value: Any, path: PathParts, walk: _Walk) -> bool | None:
    """`true` or `false`, unquoted, as YAML 1.2 spells them (also `True`, `FALSE`, ...)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Plain) and value in _BOOLEANS:
        return _BOOLEANS[value]
    if isinstance(value, str) and value.lower() in ("true", "false"):
        if not walk.careful:
            walk.reread = True  # the fast parser does not say whether it was in quotes
            return None
        hint = "" if isinstance(value, Plain) else "; write it without quotes"
        walk.problem(path, f"{shown(value)} is not true or false{hint}")
        return None
    walk.problem(path, f"{shown(value)} is not true or false")
    return None


def _read_url(value: Any, path: PathParts, walk: _Walk) -> str | None:
    text = _read_text(value, path, walk)
    if text is None:
        return None
    if not is_web_address(text):
        walk.problem(path, f"{shown(text)} is not a whole web address; write it with its scheme, as https://…")
        return None
    return text


def _read_relative_path(value: Any, path: PathParts, walk: _Walk) -> str | None:
    text = _read_text(value, path, walk)
    if text is None:
        return None
    parts = PurePosixPath(text)
    if parts.is_absolute() or ".." in parts.parts:
        walk.problem(path, f"{shown(text)} must be a path inside the sources folder (no leading / and no ..)")
        return None
    return text


def _read_text_list(value: Any, path: PathParts, walk: _Walk) -> tuple[str, ...]:
    return tuple(
        text for item, item_path in _items(value, path, walk) if (text := _read_text(item, item_path, walk)) is not None
    )


def _read_list(fields: _Fields, key: str, read: Callable[[Any, PathParts, _Walk], T | None], required: bool) -> list[T]:
    """Read a list field item by item; items with problems are left out (and reported)."""
    value = fields.values.get(key)
    if value is None:
        if required:
            fields.walk.problem((key,), "is required")
        return []
    return [
        item
        for element, path in _items(value, (key,), fields.walk)
        if (item := read(element, path, fields.walk)) is not None
    ]


_SOURCE_FIELDS = frozenset({"id", "title", "publisher", "author", "kind", "date", "url", "note", "file"})
_PERIOD_FIELDS = frozenset({"id", "title", "start", "end", "summary"})
_EVENT_FIELDS = frozenset(
    {"id", "date", "end", "approximate", "title", "summary", "period", "tags", "people", "quotes", "notes"}
)
_QUOTE_FIELDS = frozenset({"source", "text", "speaker"})
_TOP_FIELDS = frozenset({"title", "description", "sources", "periods", "events", "reader_notes"})
"""`reader_notes`: the notes of the reader who exported the file (`--format json` with notes),
accepted and left out of the timeline: they are not the timeline's words."""


def _read_source(value: Any, path: PathParts, walk: _Walk) -> Source | None:
    fields = _mapping(value, path, walk, _SOURCE_FIELDS)
    if fields is None:
        return None
    source_id = fields.declare_id(walk.source_ids)
    title = fields.get("title", _read_text, required=True)
    kind = fields.get("kind", _read_text, required=True)
    date = fields.get("date", _read_date)
    publisher = fields.get("publisher", _read_text)
    author = fields.get("author", _read_text)
    url = fields.get("url", _read_url)
    note = fields.get("note", _read_text)
    file = fields.get("file", _read_relative_path)
    if publisher is None and author is None:
        walk.problem(path, "needs a publisher or an author")
    if source_id is None or title is None or kind is None:
        return None
    return Source(source_id, title, kind, date, publisher, author, url, note, file)


def _read_period(value: Any, path: PathParts, walk: _Walk) -> Period | None:
    fields = _mapping(value, path, walk, _PERIOD_FIELDS)
    if fields is None:
        return None
    period_id = fields.declare_id(walk.period_ids)
    title = fields.get("title", _read_text, required=True)
    start = fields.get("start", _read_date, required=True)
    end = fields.get("end", _read_date, required=True)
    summary = fields.get("summary", _read_text)
    if start is not None and end is not None and end < start:
        walk.problem((*path, "end"), f"{end} is before the start, {start}")
        return None
    if period_id is None or title is None or start is None or end is None:
        return None
    return Period(period_id, title, start, end, summary)


def _read_quote(value: Any, path: PathParts, walk: _Walk) -> Quote | None:
    fields = _mapping(value, path, walk, _QUOTE_FIELDS)
    if fields is None:
        return None
    source = fields.get("source", _read_slug, required=True)
    text = fields.get("text", _read_text, required=True)
    speaker = fields.get("speaker", _read_text)
    if source is not None and source not in walk.source_ids:
        walk.problem((*path, "source"), f"no source has the id {shown(source)}")
        return None
    if source is None or text is None:
        return None
    return Quote(source, text, speaker)


def _read_event(value: Any, path: PathParts, walk: _Walk) -> Event | None:
    number = path[-1]
    if walk.progress and isinstance(number, int) and number % _PROGRESS_STEP == 0:
        walk.progress("checking events", number / max(walk.event_count, 1))
    fields = _mapping(value, path, walk, _EVENT_FIELDS)
    if fields is None:
        return None
    event_id = fields.declare_id(walk.event_ids)
    when = fields.get("date", _read_event_date, required=True)
    end = fields.get("end", _read_date)
    approximate = fields.get("approximate", _read_bool) or False
    title = fields.get("title", _read_text, required=True)
    summary = fields.get("summary", _read_text, required=True)
    period = fields.get("period", _read_slug)
    if period is not None and period not in walk.period_ids:
        walk.problem((*path, "period"), f"no period has the id {shown(period)}")
    tags = fields.get("tags", _read_text_list) or ()
    people = fields.get("people", _read_text_list) or ()
    notes = fields.get("notes", _read_text)
    quotes_value = fields.values.get("quotes")
    quotes: list[Quote] = []
    quotes_complete = False
    if quotes_value is None:
        walk.problem((*path, "quotes"), "is required: every event needs at least one quote")
    else:
        items = list(_items(quotes_value, (*path, "quotes"), walk))
        if not items and isinstance(quotes_value, list):
            walk.problem((*path, "quotes"), "is empty: every event needs at least one quote")
        quotes = [quote for item, item_path in items if (quote := _read_quote(item, item_path, walk)) is not None]
        quotes_complete = bool(quotes) and len(quotes) == len(items)
    if when is not None and end is not None:
        if when.end is not None or when.bound is not Bound.CLOSED:
            walk.problem(
                (*path, "end"), f"the date {when.edtf()} is a range already; give its end in date or in end, not both"
            )
            return None
        if end < when.date:
            walk.problem((*path, "end"), f"{end} is before the start, {when.date}")
            return None
    if event_id is None or when is None or title is None or summary is None or not quotes_complete:
        return None
    return Event(
        event_id,
        when.date,
        title,
        summary,
        tuple(quotes),
        end or when.end,
        approximate or when.approximate,
        period,
        tags,
        people,
        notes,
        when.uncertain,
        when.bound,
    )


def _read_timeline(data: Any, walk: _Walk) -> Timeline | None:
    fields = _mapping(data, (), walk, _TOP_FIELDS)
    if fields is None:
        return None
    title = fields.get("title", _read_text, required=True)
    description = fields.get("description", _read_text)
    sources = _read_list(fields, "sources", _read_source, required=True)
    periods = _read_list(fields, "periods", _read_period, required=False)
    events_value = fields.values.get("events")
    walk.event_count = len(events_value) if isinstance(events_value, list) else 0
    events = _read_list(fields, "events", _read_event, required=True)
    if title is None:
        return None
    return Timeline(
        title=title,
        description=description,
        sources=tuple(sources),
        periods=tuple(periods),
        events=tuple(sorted(events, key=lambda event: event.sort_key)),
    )
