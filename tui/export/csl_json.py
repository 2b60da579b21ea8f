"""CSL-JSON, the bibliography format of Zotero and of `pandoc --citeproc`, for the sources the
exported events quote; an item's id is the source's id, as the CSV export's `source_id` column.

Nothing is invented: an item has only the fields its source has. The author is a literal name
(`{"literal": "Baroness Beverley Hughes, Deputy Mayor of …"}`), because a timeline's names are
free text, often with a role, and splitting them into family and given names would be a guess.
A source's date is a date known to the year, the month or the day, never approximate, so
`issued` carries exactly those parts and never `circa`.

A source's kind is free text; `csl_type` reads it as a CSL 1.0.2 item type (Appendix III of the
specification). Where the type says less than the kind (`terms of reference` is a `report`),
the kind goes on as the item's `genre`, which styles print as the kind of document
(`[News release]` in APA). The choices for the kinds the bundled timeline uses:

- `article` is `article-newspaper`: the timeline's articles are news reports, from papers and
  from news sites alike, and CSL's `article` is for preprints and working papers.
- `news release` and `web page` are `webpage` ("intrinsically online"), `blog post` is
  `post-weblog`.
- `report`, `terms of reference`, `government response` and `debate pack` are `report`
  ("a government report, white paper, brief, or similar work distributed by an institution").
- `letter` is `personal_communication`, the type the specification gives letters, published
  ones included (CSL 1.0.2 has no `letter`; Zotero's Letter is this type). APA's style leaves
  personal communications out of its reference list.
- `parliamentary record` is `hearing` ("a hearing by a government committee or transcript
  thereof"), the one type for the record of a legislature's proceedings: a `speech` is one
  person's, where a record holds a debate or a statement with its questions, and
  `legislation` is for laws enacted.
- A kind it does not know is `document`, the specification's catch-all, with the kind as genre.

A source's note is left out: it is the curator's remark, not bibliographic data, and Zotero and
citeproc read `key: value` lines in an item's `note` as fields of the item, so a note could
change how the citation is printed.

The publisher is the `container-title` of an item that is part of something else (an article
of a newspaper, a page of a website, a post of a blog), which is where styles and Zotero look
for the newspaper's or website's name; for the other items it is the `publisher`.
"""

from __future__ import annotations

import json

from ..dates import PartialDate
from ..model import Source
from .request import ExportRequest

CSL_TYPES = frozenset(
    {
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
    }
)
"""The item types of CSL 1.0.2; a kind written as one of them (`speech`, `thesis`) is that type."""

_KINDS_THAT_ARE_TYPES = {
    "article": "article-newspaper",
    "news article": "article-newspaper",
    "newspaper article": "article-newspaper",
    "magazine article": "article-magazine",
    "journal article": "article-journal",
    "web page": "webpage",
    "blog post": "post-weblog",
}
"""Kinds that the type says all of: no genre."""
_KINDS_OF_A_TYPE = {
    "news release": "webpage",
    "press release": "webpage",
    "terms of reference": "report",
    "government response": "report",
    "debate pack": "report",
    "letter": "personal_communication",
    "parliamentary record": "hearing",
}
"""Kinds that the type says less than: the kind goes on as the item's genre."""
_PARTS_OF_A_CONTAINER = frozenset(
    {"article-newspaper", "article-magazine", "article-journal", "webpage", "post-weblog"}
)


def render_csl_json(request: ExportRequest) -> str:
    items = [csl_item(source) for source in request.cited_sources()]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def csl_type(kind: str) -> tuple[str, str | None]:
    """The CSL item type for a source's kind, and the genre to state with it, if any."""
    key = " ".join(kind.casefold().split())
    if key in _KINDS_THAT_ARE_TYPES:
        return _KINDS_THAT_ARE_TYPES[key], None
    if key in _KINDS_OF_A_TYPE:
        return _KINDS_OF_A_TYPE[key], kind
    if key in CSL_TYPES:
        return key, None
    return "document", kind


def csl_item(source: Source) -> dict[str, object]:
    item_type, genre = csl_type(source.kind)
    item: dict[str, object] = {"id": source.id, "type": item_type, "title": source.title}
    if source.author:
        item["author"] = [{"literal": source.author}]
    if source.publisher:
        item["container-title" if item_type in _PARTS_OF_A_CONTAINER else "publisher"] = source.publisher
    if genre:
        item["genre"] = genre
    if source.date:
        item["issued"] = {"date-parts": [_date_parts(source.date)]}
    if source.url:
        item["URL"] = source.url
    return item


def _date_parts(date: PartialDate) -> list[int]:
    return [part for part in (date.year, date.month, date.day) if part is not None]
