"""What is wrong with a timeline file, and where: the errors every road through the loader raises.

Its own module so that the loader and the careful road (`yaml_nodes`) both use these without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import AnyStr

from .text import clean_name

PathParts = tuple[str | int, ...]
"""Where a value stands in the document: `("events", 3, "date")` is `events[3].date`."""


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
        return f"{clean_name(self.file)}:{self.line}:{self.column}: {where}{self.message}"


class TimelineError(Exception):
    """A timeline file that cannot be used; `errors` lists every problem found."""

    def __init__(self, errors: list[LoadError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


def single_error(name: str, message: str) -> TimelineError:
    """A problem with the file as a whole, placed at its start."""
    return TimelineError([LoadError(name, 1, 1, "", message)])


def line_and_column(text: AnyStr, offset: int, newline: AnyStr) -> tuple[int, int]:
    """Where `offset` stands in `text`, counted from 1 (a str, or bytes not yet decoded)."""
    line = text.count(newline, 0, offset) + 1
    column = offset - (text.rfind(newline, 0, offset) + 1) + 1
    return line, column
