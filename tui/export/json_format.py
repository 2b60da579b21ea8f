"""The selected events as a timeline file of their own, which the app and its loader can open.

The document has the shape of the timeline format (docs/timeline-format.md): the timeline's title
and description, the sources the events quote and the periods they belong to (both in the
timeline's order), and the events, with their dates as the curator wrote them; with the reader's
notes, a `reader_notes` block apart from the events, each note by its event's id. YAML reads JSON,
so `load_timeline` opens the file as it opens a YAML timeline.
"""

from __future__ import annotations

import json
import re

from ..model import Event, Period, Quote, Source
from .request import ExportRequest

_NOT_FOR_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
"""Characters JSON may carry raw but YAML may not: YAML reads U+0085, U+2028 and U+2029 as line
breaks (which would change the text), and libyaml refuses DEL, C1 controls, U+FEFF, U+FFFE and
U+FFFF inside a document. Written as `\\uXXXX` escapes, both read them as the characters they are."""


def render_json(request: ExportRequest) -> str:
    cited = {source.id for source in request.cited_sources()}
    document: dict[str, object] = {"title": request.timeline.title}
    if request.timeline.description:
        document["description"] = request.timeline.description
    document["sources"] = [_source(source) for source in request.timeline.sources if source.id in cited]
    periods = request.used_periods()
    if periods:
        document["periods"] = [_period(period) for period in periods]
    document["events"] = [_event(event) for event in request.each_event()]
    if request.reader_notes is not None:
        # Apart from the events, so that the reader's words are never read as the timeline's;
        # the loader accepts the block and leaves it out of the timeline it opens.
        document["reader_notes"] = {
            event.id: note for event in request.events if (note := request.reader_note(event)) is not None
        }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _NOT_FOR_YAML.sub(lambda match: f"\\u{ord(match[0]):04x}", text) + "\n"


def _fields(**fields: object) -> dict[str, object]:
    """The fields that have a value, in the order given: a field left out is left out of the file."""
    return {name: value for name, value in fields.items() if value is not None}


def _source(source: Source) -> dict[str, object]:
    return _fields(
        id=source.id,
        title=source.title,
        publisher=source.publisher,
        author=source.author,
        kind=source.kind,
        date=source.date.iso() if source.date else None,
        url=source.url,
        note=source.note,
        file=source.file,
    )


def _period(period: Period) -> dict[str, object]:
    return _fields(
        id=period.id, title=period.title, start=period.start.iso(), end=period.end.iso(), summary=period.summary
    )


def _event(event: Event) -> dict[str, object]:
    return _fields(
        id=event.id,
        date=event.when.edtf(),
        title=event.title,
        summary=event.summary,
        period=event.period,
        tags=list(event.tags) or None,
        people=list(event.people) or None,
        quotes=[_quote(quote) for quote in event.quotes],
        notes=event.notes,
    )


def _quote(quote: Quote) -> dict[str, object]:
    return _fields(source=quote.source, text=quote.text, speaker=quote.speaker)
