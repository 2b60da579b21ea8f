"""Export: a span of the timeline as Markdown, a web page, a spreadsheet, citations, TimelineJS JSON or a
timeline file of its own.

The CLI and the export dialog go the same way through this package:

    events = select_events(timeline, start, end, query, index)
    request = ExportRequest(timeline, events, start, end, query.text, timeline_file=path.name)
    text = FORMATS[name].render(request)          # the preview is the text that is written
    write_atomically(folder / default_file_name(request, name), text, overwrite=False)

Every format is a pure function of the request: the same request gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..text import fold
from ..wording import describe_span
from .csl_json import render_csl_json
from .csv_format import render_csv
from .html_format import render_html
from .json_format import render_json
from .markdown import render_markdown
from .request import ExportRequest, SpanError, select_events
from .timelinejs import render_timelinejs
from .write import ExportError, ExportFileExists, write_atomically

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportFileExists",
    "ExportFormat",
    "ExportRequest",
    "SpanError",
    "default_file_name",
    "describe_span",
    "select_events",
    "write_atomically",
]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    """Without the leading dot; TimelineJS and CSL-JSON files end `.timelinejs.json` and `.csl.json`
    so as not to be taken for timeline files."""
    description: str
    render: Callable[[ExportRequest], str]


FORMATS: dict[str, ExportFormat] = {
    export_format.name: export_format
    for export_format in (
        ExportFormat(
            "markdown",
            "md",
            "Markdown for reports: quotes credited with footnotes that cite their sources",
            render_markdown,
        ),
        ExportFormat("html", "html", "one web page to read, print, or paste into Word or Google Docs", render_html),
        ExportFormat("csv", "csv", "a spreadsheet: one row per quote, with its event and source", render_csv),
        ExportFormat(
            "csl-json", "csl.json", "the cited sources as CSL-JSON, for Zotero or pandoc --citeproc", render_csl_json
        ),
        ExportFormat(
            "timelinejs", "timelinejs.json", "JSON for a Knight Lab TimelineJS web timeline", render_timelinejs
        ),
        ExportFormat("json", "json", "a timeline file of the selected events, which the app opens", render_json),
    )
}

_SLUG_WORD = re.compile(r"[a-z0-9]+")
_TITLE_SLUG_LENGTH = 80
_QUERY_SLUG_LENGTH = 30


def default_file_name(request: ExportRequest, format_name: str) -> str:
    """A file name from the timeline's title, the span and the query, with the format's extension.

    For example `greater-manchester-police-and-child-sexual-exploitation-2004-2025-2017-07-03-to-2020-04-23.md`.
    """
    parts = [_slug(request.timeline.title, _TITLE_SLUG_LENGTH) or "timeline"]
    start, end = request.start, request.end
    if start and end:
        parts.append(start.iso() if start == end else f"{start.iso()}-to-{end.iso()}")
    elif start:
        parts.append(f"from-{start.iso()}")
    elif end:
        parts.append(f"to-{end.iso()}")
    if request.query.strip():
        parts.append(_slug(request.query, _QUERY_SLUG_LENGTH))
    return "-".join(part for part in parts if part) + "." + FORMATS[format_name].extension


def _slug(text: str, length: int) -> str:
    """Lower-case ASCII words joined by hyphens, cut after a whole word to at most `length` characters.

    Text is folded as search folds it, so that `Café` gives `cafe` and a dash separates words.
    """
    slug = ""
    for word in _SLUG_WORD.findall(fold(text)):
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > length:
            return slug or word[:length]
        slug = longer
    return slug
