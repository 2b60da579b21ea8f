"""The careful road: PyYAML's C parser composes the file into nodes, which keep the line and
column of every value. Used when the fast parser refuses a file, and to place the problems
found in a file that has them. Imported only then, which keeps PyYAML out of the start-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import LoadError, PathParts, TimelineError, line_and_column, single_error
from .text import Plain

try:
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - only where PyYAML was built without libyaml
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

ALIAS_MESSAGE = "anchors and aliases (&name, *name) are not allowed in a timeline"

MAX_DEPTH = 100
"""How deep lists and mappings may nest (a timeline needs 5). Deeper nesting is refused by this
module before any parser's own limit is reached (libyaml's, 1,000 from PyYAML 6.0.4 on, or
Python's recursion limit), so that the message is the app's own, the same whatever the versions."""
TOO_DEEP_MESSAGE = f"lists and mappings are nested more than {MAX_DEPTH} deep here; a timeline needs at most 5"

_YAML_TAG = "tag:yaml.org,2002:"
_STANDARD_TAGS = {_YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
"""What YAML 1.2 reads as no value, written without quotation marks."""


def careful_parse(text: str, name: str) -> tuple[Any, Node]:
    """The file as the plain data yaml_rs would give, and its nodes; raise TimelineError."""
    root = checked_nodes(text, name)
    return _plain(root), root


def checked_nodes(text: str, name: str) -> Node:
    """The file's nodes, once they pass the checks that every road shares; raise TimelineError.

    A file that came through the fast road and broke a rule is composed here to place its
    problems; the checks run again so that it gets the careful road's verdict (nesting deeper
    than MAX_DEPTH, which yaml_rs allows up to its own limit, is refused before any rule's
    complaint about what it holds).
    """
    root = compose(text, name)
    _check_nodes(root, text, name)
    return root


def compose(text: str, name: str) -> Node:
    try:
        root = yaml.compose(text, Loader=_YamlLoader)
    except (yaml.MarkedYAMLError, RecursionError) as error:
        too_deep = _first_too_deep(text, name, error)
        if too_deep is not None:
            raise TimelineError([too_deep]) from None
        if isinstance(error, RecursionError):
            raise single_error(name, TOO_DEEP_MESSAGE) from None
        mark = error.problem_mark or error.context_mark
        message = error.problem or "YAML syntax error"
        if error.context:
            message = f"{message} ({error.context})"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise TimelineError([LoadError(name, line, column, "", f"YAML syntax error: {message}")]) from None
    except yaml.reader.ReaderError as error:
        line, column = line_and_column(text, error.position, "\n")
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise TimelineError(
            [
                LoadError(
                    name,
                    line,
                    column,
                    "",
                    f"character U+{code:04X} is not allowed in YAML; write it as an escape inside double quotes",
                )
            ]
        ) from None
    except yaml.YAMLError as error:
        raise single_error(name, f"YAML error: {error}") from None
    if root is None:
        raise single_error(name, "the file holds no YAML document")
    return root


def _check_nodes(root: Node, text: str, name: str) -> None:
    """Refuse, with their places, the things PyYAML composes without complaint."""
    errors: list[LoadError] = []
    seen: set[int] = set()
    alias_found = False
    # Each node's path is kept as a link to its parent's, so that deep nesting costs no more
    # than shallow; a path is spelt out only for a node with an error.
    pending: list[tuple[Node, _PathLink, int]] = [(root, None, 1)]
    while pending:
        node, link, depth = pending.pop()
        if id(node) in seen:
            alias_found = True
            continue
        seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            tag = node.tag.replace(_YAML_TAG, "!!")
            errors.append(_error_at(node, link, name, f"the tag {tag} is not allowed"))
        elif depth > MAX_DEPTH and isinstance(node, (SequenceNode, MappingNode)):
            mark = node.start_mark
            errors.append(LoadError(name, mark.line + 1, mark.column + 1, "", TOO_DEEP_MESSAGE))
        elif isinstance(node, SequenceNode):
            pending.extend((item, (link, index), depth + 1) for index, item in enumerate(node.value))
        elif isinstance(node, MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if not isinstance(key, ScalarNode):
                    errors.append(
                        _error_at(key, link, name, "a field's name must be a single word, not a list or mapping")
                    )
                    continue
                if key.value in keys:
                    errors.append(_error_at(key, link, name, f"duplicate field {key.value!r}"))
                keys.add(key.value)
                pending.append((value, (link, key.value), depth + 1))
                pending.append((key, link, depth + 1))
    if alias_found:
        errors.append(_first_alias(text, name))
    if errors:
        raise TimelineError(sorted(errors, key=lambda error: (error.line, error.column)))


_PathLink = tuple["_PathLink", "str | int"] | None


def _error_at(node: Node, link: _PathLink, name: str, message: str) -> LoadError:
    parts: list[str | int] = []
    while link is not None:
        link, part = link
        parts.append(part)
    mark = node.start_mark
    return LoadError(
        name, mark.line + 1, mark.column + 1, _display_path(tuple(reversed(parts))) or "top level", message
    )


_READ_FOR_DEPTH = 8 << 20


def _first_too_deep(text: str, name: str, error: yaml.MarkedYAMLError | RecursionError) -> LoadError | None:
    """Where lists and mappings first nest deeper than MAX_DEPTH, when that is why composing failed.

    libyaml stops at its own limit before it gives a single event for the nesting, so the place is
    found with PyYAML's pure-Python parser, which has no limit but runs at about 1.6 MB/s: it reads
    the text only up to the line where libyaml stopped, only if the nesting there can be that
    deep (a level of nesting is an unclosed `[` or `{`, or at least half a column of indent), and
    no more than _READ_FOR_DEPTH characters of it.
    """
    mark = error.problem_mark if isinstance(error, yaml.MarkedYAMLError) else None
    end = len(text) if mark is None else text.find("\n", mark.index)
    end = len(text) if end == -1 else end
    if mark is not None:
        unclosed = text.count("[", 0, end) + text.count("{", 0, end) - text.count("]", 0, end) - text.count("}", 0, end)
        if unclosed + 2 * mark.column + 2 <= MAX_DEPTH:
            return None
    depth = 0
    try:
        for event in yaml.parse(text[: min(end, _READ_FOR_DEPTH)], Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return LoadError(name, *_place(event.start_mark), "", TOO_DEEP_MESSAGE)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except (yaml.YAMLError, RecursionError):
        pass
    return LoadError(name, *_place(mark), "", TOO_DEEP_MESSAGE) if end > _READ_FOR_DEPTH else None


def _first_alias(text: str, name: str) -> LoadError:
    """Where the first alias stands; composed nodes do not remember it, so parse again to find it."""
    for event in yaml.parse(text, Loader=_YamlLoader):
        if isinstance(event, yaml.AliasEvent):
            return LoadError(name, *_place(event.start_mark), "", ALIAS_MESSAGE)
    return LoadError(name, 1, 1, "", ALIAS_MESSAGE)


class _Mark(Protocol):
    """A place in the text, as both PyYAML's Python and C parsers give it (counted from 0)."""

    line: int
    column: int


def _place(mark: _Mark | None) -> tuple[int, int]:
    """A mark's line and column, counted from 1; the start of the file for an event without one."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _plain(node: Node) -> Any:
    """Nodes as plain data: mappings, lists, None for an empty or null value, and every other
    value as the text written, `Plain` when it stood without quotation marks (the rules read
    `true` or a date from that text; yaml_rs and json read numbers their own way)."""
    if isinstance(node, MappingNode):
        return {_plain(key): _plain(value) for key, value in node.value}
    if isinstance(node, SequenceNode):
        return [_plain(item) for item in node.value]
    assert isinstance(node, ScalarNode)
    if node.style:  # a quotation mark or a block indicator; a plain value has none ('' or None)
        return node.value
    return None if node.value in _NULLS else Plain(node.value)


def _display_path(path: PathParts) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def locate(problems: Iterable[tuple[PathParts, str, bool]], root: Node, name: str) -> list[LoadError]:
    errors = []
    fields: dict[int, dict[str, tuple[Node, Node]]] = {}
    """Each mapping's fields by name, made on first use: a file with thousands of unknown
    fields in one mapping would otherwise be searched field by field for each of them."""
    for path, message, at_key in problems:
        mark = _node_at(root, path, at_key, fields).start_mark
        shown = path[:-1] if at_key else path
        errors.append(LoadError(name, mark.line + 1, mark.column + 1, _display_path(shown), message))
    return sorted(errors, key=lambda error: (error.line, error.column))


def _node_at(root: Node, path: PathParts, at_key: bool, fields: dict[int, dict[str, tuple[Node, Node]]]) -> Node:
    """The node at `path`, or the deepest one that exists (where a missing field belongs)."""
    node = root
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        elif isinstance(node, MappingNode):
            if id(node) not in fields:
                # The first of two keys alike wins, as the rules read them.
                fields[id(node)] = {}
                for key, value in node.value:
                    if isinstance(key, ScalarNode):
                        fields[id(node)].setdefault(key.value, (key, value))
            match = fields[id(node)].get(str(part))
            if match is None:
                return node
            node = match[0] if last and at_key else match[1]
        else:
            return node
    return node
