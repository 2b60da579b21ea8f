"""Knight Lab TimelineJS JSON (timeline.knightlab.com/docs/json-format.html).

TimelineJS puts headlines, texts, credits and blockquotes into the page as HTML, so every string
from the timeline is escaped with `html.escape`: the only markup in the output is the `<p>`,
`<br>` and `<blockquote>` written here. A date carries only the parts the timeline knows, as
numbers, which is what the format documents (`{"year": 2017}` for a date known to the year); the
slide's `display_date` shows it as the app does (`3 July 2017`, `c. 2019`, `2005–2014`).

An event's first quote is its slide's media, a blockquote; the others follow its text.
"""

from __future__ import annotations

import html
import json
import re

from ..dates import PartialDate
from ..model import Event, Period, Quote, Timeline
from ..wording import full_credit
from .lines import one_line, text_paragraphs
from .request import ExportRequest

_MEDIA_TYPE_TRIGGERS = re.compile(
    r"youtu\.be|google|documentcloud|imgur|\.pdf|spotify|iframe|(?:jpe?g|png|gif|svg|webp)\?", re.IGNORECASE
)
r"""Words that make TimelineJS take a blockquote for another kind of media.

TimelineJS picks a media type by matching the media `url` against patterns in turn, and some
patterns tested before "blockquote" are not anchored (`spotify`, `iframe`, `.pdf`, `youtu.be`,
`imgur.com/`, `documentcloud.org/`, Google Maps addresses), and the image pattern,
`(jpg|jpeg|png|gif|svg|webp)(\\?.*)?$`, matches a one-line blockquote holding `png?` anywhere: a
quote that mentions one would be shown as a broken embed or image. Writing the first character as a character reference keeps the text
the same in the page while the pattern no longer matches.
"""


def render_timelinejs(request: ExportRequest) -> str:
    document: dict[str, object] = {
        "title": _title_slide(request),
        "events": [_slide(event, request.timeline) for event in request.each_event()],
    }
    eras = [_era(period) for period in request.used_periods()]
    if eras:
        document["eras"] = eras
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _title_slide(request: ExportRequest) -> dict[str, object]:
    timeline = request.timeline
    paragraphs = ([timeline.description] if timeline.description else []) + request.header_lines()
    return {"text": {"headline": _html_line(timeline.title), "text": "".join(map(_html_paragraphs, paragraphs))}}


def _slide(event: Event, timeline: Timeline) -> dict[str, object]:
    slide: dict[str, object] = {"unique_id": event.id, "start_date": _date(event.date)}
    if event.end is not None:
        slide["end_date"] = _date(event.end)
    slide["display_date"] = html.escape(event.display_date)
    slide["text"] = {"headline": _html_line(event.title), "text": _event_text(event, timeline)}
    if event.quotes:
        first = event.quotes[0]
        slide["media"] = {"url": _blockquote(first.text), "credit": _html_line(full_credit(first, timeline))}
    if event.period is not None:
        slide["group"] = _html_line(timeline.periods_by_id[event.period].title)
    return slide


def _event_text(event: Event, timeline: Timeline) -> str:
    parts = [_html_paragraphs(event.summary)]
    if event.tags:
        parts.append(_html_paragraphs("Tags: " + ", ".join(event.tags)))
    if event.people:
        parts.append(_html_paragraphs("People: " + ", ".join(event.people)))
    if event.notes:
        parts.append(_html_paragraphs("Notes: " + event.notes))
    parts.extend(_quote_with_credit(quote, timeline) for quote in event.quotes[1:])
    return "".join(parts)


def _quote_with_credit(quote: Quote, timeline: Timeline) -> str:
    return _blockquote(quote.text) + _html_paragraphs("— " + full_credit(quote, timeline))


def _era(period: Period) -> dict[str, object]:
    return {
        "start_date": _date(period.start),
        "end_date": _date(period.end),
        "text": {"headline": _html_line(period.title)},
    }


def _date(date: PartialDate) -> dict[str, int]:
    """The parts of the date that are known; a part not written is left out, never guessed."""
    parts = {"year": date.year}
    if date.month is not None:
        parts["month"] = date.month
    if date.day is not None:
        parts["day"] = date.day
    return parts


def _blockquote(text: str) -> str:
    quoted = f"<blockquote>{_html_paragraphs(text)}</blockquote>"
    return _MEDIA_TYPE_TRIGGERS.sub(lambda match: f"&#{ord(match[0][0])};{match[0][1:]}", quoted)


def _html_paragraphs(text: str) -> str:
    """Escaped text as `<p>` paragraphs, its other line breaks as `<br>`."""
    return "".join(f"<p>{'<br>'.join(map(html.escape, lines))}</p>" for lines in text_paragraphs(text))


def _html_line(text: str) -> str:
    """Escaped text for a one-line field: a headline, a credit, a group."""
    return html.escape(one_line(text))
