"""Search: the query language (`query`), one table of searchable fields (`fields`), and two
engines held to each other by property tests: the naive reference (`naive`), which also
searches small timelines, and the block engine for large ones (`blocks`)."""

from .fields import FIELDS, Field
from .index import ReaderMarks, SearchIndex, SearchResult, quick_engine
from .query import MARKED, DateTerm, Query, QueryError, ReaderTerm, TextTerm, highlight_spans, parse_query, query_fields
from .sets import SearchCancelled

__all__ = [
    "FIELDS",
    "MARKED",
    "DateTerm",
    "Field",
    "Query",
    "QueryError",
    "ReaderMarks",
    "ReaderTerm",
    "SearchCancelled",
    "SearchIndex",
    "SearchResult",
    "TextTerm",
    "highlight_spans",
    "parse_query",
    "query_fields",
    "quick_engine",
]
