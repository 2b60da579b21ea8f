"""CSV for spreadsheets and scripts: one row per quote, RFC 4180, UTF-8 with a byte order mark.

- One row per quote, because the quote is what a reader sorts, filters and checks; the event's
  columns repeat on each of its rows. An event without quotes still has a row, its quote and
  source columns empty, so that no event is lost.
- The file opens with a byte order mark (U+FEFF) because Excel reads a CSV file without one in
  the computer's legacy code page, and `Beverley’s` would show as `Beverleyâ€™s`. LibreOffice,
  Google Sheets and pandas know the mark; Python's `csv` reads it away with `encoding="utf-8-sig"`.
- Fields are quoted only where RFC 4180 needs it (`QUOTE_MINIMAL`: a comma, a double quote or a
  line break inside): quoting every field would make no cell safer, since a spreadsheet decides
  whether a cell is a number, a date or a formula from what it holds, quoted or not. Records end
  with CRLF, as the RFC has them; a line break inside a quote is kept as written, inside its
  quoted field.
- Dates come as written (`c. 2019`, and the EDTF form `2019~`) and as the first and last day
  they could mean (ISO 8601), which is what a spreadsheet sorts and filters by; for a date open
  on one side (`by 2014`, `2018 or later`) that side's day is left empty rather than given as
  year 1 or 9999.
- Formulas: a spreadsheet takes a cell that starts with `=`, `+`, `-` or `@` for a formula
  (`=HYPERLINK(…)` can send the sheet's contents elsewhere), and OWASP and ASVS 1.2.10 add tab,
  carriage return and NUL (a NUL is written as ␀, see `guard`). Such a cell, or one whose first character after blanks is one of the
  four signs, is written with an apostrophe in front, which makes it text; the apostrophe is
  visible, so a quote that starts `- the report said` shows as `'- the report said`. Every
  column is guarded alike; ids and dates never start so. A value that starts with an apostrophe
  of its own gets one more, so that the rule reads back without doubt: a cell that starts with
  an apostrophe had one put in front; drop that first character for the value as written.
- Tags are joined with `; ` in one cell; a tag that holds `; ` itself cannot be told apart.
- A cell holds the whole text, however long: a quote is never cut. Excel keeps at most 32,767
  characters of a cell, and Python's `csv` reads at most 131,072 unless `csv.field_size_limit`
  is raised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from ..dates import Bound
from ..model import Event, Quote, Source
from .request import ExportRequest

BYTE_ORDER_MARK = "\ufeff"
COLUMNS = (
    "event_id",
    "date",
    "date_edtf",
    "start",
    "end",
    "title",
    "tags",
    "quote",
    "speaker",
    "source_id",
    "source_title",
    "publisher",
    "author",
    "source_date",
    "url",
)
"""Names a script can use as they are (pandas, R, SQL); `source_id` is the item id in the CSL-JSON
export. None starts `ID`, which Excel would take for the start of a SYLK file."""
TAG_SEPARATOR = "; "
GUARD = "'"
_GUARDED_FIRST = frozenset("=+-@\t\r" + GUARD)
_FORMULA_SIGNS = frozenset("=+-@")
_QUOTELESS = ("",) * (len(COLUMNS) - 7)


def render_csv(request: ExportRequest) -> str:
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    sources = request.timeline.sources_by_id
    for event in request.each_event():
        cells = _event_cells(event)
        if not event.quotes:
            writer.writerow(cells + _QUOTELESS)
        writer.writerows(cells + _quote_cells(quote, sources) for quote in event.quotes)
    return buffer.getvalue()


def guard(cell: str) -> str:
    """The cell as a spreadsheet will take it for text (see the module's note on formulas).

    A NUL, which no timeline file can hold (the loader shows it as ␀) but a timeline made in
    code can, is written as ␀ too: Python 3.10's csv module cannot write one at all."""
    cell = cell.replace("\0", "\u2400")
    first = cell[:1]
    if first in _GUARDED_FIRST or (first.isspace() and cell.lstrip()[:1] in _FORMULA_SIGNS):
        return GUARD + cell
    return cell


def _event_cells(event: Event) -> tuple[str, ...]:
    first_day = "" if event.bound is Bound.OPEN_START else event.first_day.isoformat()
    last_day = "" if event.bound is Bound.OPEN_END else event.last_day.isoformat()
    when = event.when
    return tuple(
        guard(cell)
        for cell in (
            event.id,
            when.display(),
            when.edtf(),
            first_day,
            last_day,
            event.title,
            TAG_SEPARATOR.join(event.tags),
        )
    )


def _quote_cells(quote: Quote, sources: Mapping[str, Source]) -> tuple[str, ...]:
    source = sources.get(quote.source)
    if source is None:
        # The loader refuses a quote of an unlisted source; a timeline built otherwise keeps its id.
        described: tuple[str | None, ...] = (None,) * 5
    else:
        described = (
            source.title,
            source.publisher,
            source.author,
            source.date.iso() if source.date else None,
            source.url,
        )
    return tuple(guard(cell or "") for cell in (quote.text, quote.speaker, quote.source, *described))
