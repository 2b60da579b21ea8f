"""Cleaning of untrusted text, done once at load time; and folding, how search compares text.

Timeline files come from anyone. Their text reaches a terminal, so control characters must never
pass through raw: an ESC could move the cursor, retitle the window or forge a hyperlink.

What happens to each kind of character:
- newline and tab are kept;
- other C0 controls and DEL become their visible Unicode "control pictures" (ESC shows as ␛);
- C1 controls (U+0080 to U+009F), which some terminals obey like ESC sequences, the
  bidirectional embedding, override and isolate controls (U+202A to U+202E, U+2066 to U+2069),
  which can make text display in an order other than the one it is stored in, and lone
  surrogates (U+D800 to U+DFFF), which are no characters, become U+FFFD (�);
- everything else, including zero-width characters and markup-like text such as `[bold]`, is kept
  exactly: markup safety is the renderer's job (see STYLE.md), not a reason to alter a quote.
"""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = "\ufffd"

_CONTROL_PICTURES = 0x2400
_DELETE_PICTURE = "\u2421"
_BIDI_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]

_TRANSLATION: dict[int, str] = {
    **{code: chr(_CONTROL_PICTURES + code) for code in range(0x20) if chr(code) not in "\n\t"},
    0x7F: _DELETE_PICTURE,
    **{code: REPLACEMENT for code in range(0x80, 0xA0)},
    **{code: REPLACEMENT for code in _BIDI_CONTROLS},
    # A lone surrogate (from an escape such as "\ud800" in JSON) is no character, and cannot be
    # written out as UTF-8: an export of it would fail.
    **{code: REPLACEMENT for code in range(0xD800, 0xE000)},
}


_NEEDS_CLEANING = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TRANSLATION)) + "]")


def clean_text(text: str) -> str:
    """Return `text` with every character that could act on a terminal made inert and visible."""
    # Almost no text needs translating, and checking first is much faster than translating.
    if text.isprintable() or not _NEEDS_CLEANING.search(text):
        return text
    return text.translate(_TRANSLATION)


_NAME_TRANSLATION = {ord("\n"): "\u240a", ord("\t"): "\u2409"}


def clean_name(name: object) -> str:
    """A file's name, as untrusted as the file: cleaned as text is (see `clean_text`), with its
    line breaks and tabs made visible too, so that a name can neither act on the terminal nor
    forge a line of output. Bytes that were not UTF-8 (kept by Python as lone surrogates) show
    as U+FFFD."""
    return clean_text(str(name)).translate(_NAME_TRANSLATION)


_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)


def is_web_address(text: str) -> bool:
    """Whether `text` is a whole web address, `http://` or `https://` with a host, and nothing
    else: the only addresses the app and the exports make links of (never `javascript:`,
    `data:` or `file:`)."""
    return _WEB_ADDRESS.fullmatch(text) is not None


class Plain(str):
    """A value written in a YAML file without quotation marks, as written: the careful road
    gives every such value as this, and the rules decide what it means where it stands
    (`true` is true or false in `approximate`, and text in a title)."""

    __slots__ = ()


def shown(value: object, limit: int = 60) -> str:
    """A value quoted for a message, cut to `limit` characters with an ellipsis: a message must
    stay one readable line whatever the file holds."""
    text = repr(str(value)) if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else f"{text[: limit - 2]}…{text[-1]}"


COMBINING_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
"""The blocks of combining marks, as the inside of a regular expression's [...]."""
_COMBINING_MARKS = re.compile(f"[{COMBINING_MARKS}]")
_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def fold(text: str) -> str:
    """Text as search compares it: no case, no accents, plain apostrophes, quotes and dashes."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_TYPOGRAPHY))
    return _COMBINING_MARKS.sub("", decomposed).casefold()


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """`fold(text)` built character by character, with the index in `text` of each folded character."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    pieces: list[str] = []
    positions: list[int] = []
    for index, character in enumerate(text):
        folded = fold(character)
        pieces.append(folded)
        positions.extend([index] * len(folded))
    return "".join(pieces), positions
