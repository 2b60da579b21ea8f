"""A standalone HTML page: the Markdown export's content, to read on a phone, print or paste.

The page is one file that asks nothing of any other site: no script, no web font, no image, no
external stylesheet. Its Content-Security-Policy allows only the page's own `<style>`, by the
hash of its text, so that even markup smuggled into the page could load or run nothing.

Every text from the timeline is escaped with `html.escape`: the only elements are the ones
written here, plain semantic ones (`h1`, `h2`, `p`, `blockquote`, `ol`, `li`, `a`, `sup`, `br`)
so that a copy from a browser into a word processor keeps the headings, block quotes, list and
links. The only attribute values are fixed words, numbered anchors (`source-3`) and the
addresses of sources that `is_web_address` accepts, the only ones made links; the timeline's
ids never reach an attribute.

Text is laid out as `lines.text_paragraphs` reads it, as in the Markdown export: paragraphs as
`<p>`, the other line breaks as `<br>`. Each quote is followed by its credit and a reference to
its source in the numbered list at the end.
"""

from __future__ import annotations

import base64
import hashlib
import html

from ..model import Event, Quote, Source
from ..text import is_web_address
from ..wording import cite_source, quote_credit
from .lines import one_line, text_paragraphs
from .request import READER_NOTE, ExportRequest

STYLESHEET = """
:root { color-scheme: light; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  max-width: 42rem;
  margin: 0 auto;
  padding: 1rem 1.25rem 3rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1.0625rem;
  line-height: 1.55;
  color: #1a1a1a;
  background: #fff;
  overflow-wrap: break-word;
}
h1 { font-size: 1.75rem; line-height: 1.25; margin: 1.5rem 0 1rem; }
h2 { font-size: 1.25rem; line-height: 1.3; margin: 2.25rem 0 0.5rem; }
p { margin: 0.5rem 0; }
blockquote { margin: 1rem 0 0.25rem; padding: 0.1rem 0 0.1rem 1rem; border-left: 0.25rem solid #b5b5b5; }
.facts, .labels, .credit { color: #454545; }
.credit { margin-top: 0.25rem; }
sup { line-height: 0; }
a { color: #0645ad; }
a[href^="http"] { overflow-wrap: anywhere; }
.sources li { margin-bottom: 0.75rem; }
.reader-note { margin: 1rem 0; padding: 0.1rem 0.75rem; border: 0.1rem dashed #8a8a8a; }
h3 { font-size: 1rem; margin: 0.5rem 0; }
@media (max-width: 30rem) {
  body { padding: 0.75rem 1rem 2rem; font-size: 1rem; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.15rem; }
  blockquote { padding-left: 0.75rem; }
}
@media print {
  @page { margin: 2cm 1.8cm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; line-height: 1.4; color: #000; background: #fff; }
  .facts, .labels, .credit { color: #000; }
  a { color: #000; text-decoration: none; }
  blockquote { border-left-color: #000; break-inside: avoid; page-break-inside: avoid; }
  h1, h2 { break-after: avoid; page-break-after: avoid; }
  .credit { break-before: avoid; page-break-before: avoid; }
  .sources li { break-inside: avoid; page-break-inside: avoid; }
  p { orphans: 3; widows: 3; }
}
"""
"""The page's whole style. Colours are few and light-only, because a browser copies computed
colours with the text it copies. In print, a source's address is shown because it is the link's
own text, so no `::after` repeats it."""

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    f"style-src 'sha256-{base64.b64encode(hashlib.sha256(STYLESHEET.encode()).digest()).decode()}'; "
    "base-uri 'none'; form-action 'none'"
)
"""Nothing may be loaded or run but the page's own stylesheet, known by its hash: no script, no
other style element or attribute, no image, font or frame. `base-uri` and `form-action` do not
fall back to `default-src`, so they are closed too."""


def render_html(request: ExportRequest) -> str:
    """The page, whole: the same request gives the same bytes."""
    cited = request.cited_sources()
    numbers = {source.id: number for number, source in enumerate(cited, start=1)}
    title = _line(request.timeline.title)
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CONTENT_SECURITY_POLICY, quote=False)}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{title}</title>\n<style>{STYLESHEET}</style>\n</head>\n<body>\n<main>\n",
        f"<h1>{title}</h1>\n",
        _lines_paragraph([_line(line) for line in request.header_lines()], "facts"),
    ]
    for event in request.each_event():
        _event(parts, event, request, numbers)
    if cited:
        parts.append('<h2 id="sources">Sources</h2>\n<ol class="sources">\n')
        parts.extend(_source_item(source, numbers[source.id]) for source in cited)
        parts.append("</ol>\n")
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)


def _event(parts: list[str], event: Event, request: ExportRequest, numbers: dict[str, int]) -> None:
    parts.append(f"<h2>{_line(f'{event.display_date} — {event.title}')}</h2>\n")
    parts.append(_paragraphs(event.summary))
    labels = []
    if event.tags:
        labels.append("Tags: " + _list(event.tags))
    if event.people:
        labels.append("People: " + _list(event.people))
    parts.append(_lines_paragraph(labels, "labels"))
    if event.notes:
        parts.append(_paragraphs(event.notes, label="Notes: "))
    for quote in event.quotes:
        parts.append(f"<blockquote>{_paragraphs(quote.text)}</blockquote>\n")
        parts.append(_credit(quote, request, numbers[quote.source]))
    note = request.reader_note(event)
    if note:
        parts.append(
            f'<section class="reader-note">\n<h3>{html.escape(READER_NOTE)}</h3>\n{_paragraphs(note)}</section>\n'
        )


def _credit(quote: Quote, request: ExportRequest, number: int) -> str:
    """The credit after a quote, with its source's number in the list as a link to it, `[3]`."""
    reference = f'<sup><a href="#source-{number}">[{number}]</a></sup>'
    return f'<p class="credit">— {_line(quote_credit(quote, request.timeline))} {reference}</p>\n'


def _source_item(source: Source, number: int) -> str:
    """The source's citation as `wording.cite_source` words it; its address, if a web address,
    is the only link, and a note follows as paragraphs of the item."""
    citation = one_line(cite_source(source))
    url = source.url
    if url and is_web_address(url) and citation.endswith(url):
        before = citation[: len(citation) - len(url)]
        address = html.escape(url)
        cited = f'{html.escape(before)}<a href="{address}" rel="noreferrer">{address}</a>'
    else:
        cited = html.escape(citation)
    note = "\n" + _paragraphs(source.note, label="Note: ") if source.note else ""
    return f'<li id="source-{number}">{cited}{note}</li>\n'


def _list(items: tuple[str, ...]) -> str:
    return ", ".join(_line(item) for item in items)


def _line(text: str) -> str:
    """Escaped text for a place that holds one line: a heading, a credit, the title."""
    return html.escape(one_line(text))


def _lines_paragraph(lines: list[str], class_name: str) -> str:
    """Lines already escaped, as one paragraph with a line break after each but the last."""
    return f'<p class="{class_name}">{"<br>".join(lines)}</p>\n' if lines else ""


def _paragraphs(text: str, label: str = "") -> str:
    """Escaped text as `<p>` paragraphs, its other line breaks as `<br>`; `label` opens the first."""
    paragraphs = text_paragraphs(text)
    if not paragraphs:
        return ""
    escaped = [[html.escape(line) for line in lines] for lines in paragraphs]
    escaped[0][0] = html.escape(label) + escaped[0][0]
    return "".join(f"<p>{'<br>'.join(lines)}</p>\n" for lines in escaped)
