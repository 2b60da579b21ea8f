"""How every format reads the timeline's text: paragraphs of lines, as CommonMark would.

A blank line (nothing but spaces and tabs) separates paragraphs; a line break within a paragraph
is kept. Spaces and tabs at either end of a line are dropped: rendered Markdown and HTML drop
them anyway, and in Markdown they could make an indented code block or a hard line break.
"""

from __future__ import annotations

import re

_LINE_ENDING = re.compile(r"\r\n|\r|\n")
"""CommonMark's line endings: a lone carriage return ends a line too."""


def text_paragraphs(text: str) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in _LINE_ENDING.split(text):
        line = line.strip(" \t")
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def one_line(text: str) -> str:
    """Text for a place that holds one line, such as a heading: its lines joined by spaces."""
    return " ".join(line for paragraph in text_paragraphs(text) for line in paragraph)
