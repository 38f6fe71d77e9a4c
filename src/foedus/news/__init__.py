"""News ingestion: an article in, treaty events with their evidence out.

>>> from foedus.news import ingest
>>> result = ingest("Finland joined NATO on Tuesday.", published="2023-04-04")
>>> [(e.kind, [p.name for p in e.parties], e.date.iso()) for e in result.events]
[('acceded', ['Finland'], '2023-04-04')]

The pipeline: :func:`decode` and :func:`html_to_text` read the input,
:func:`clean_text` drops scraper junk (and says what it dropped), a
:class:`Gazetteer` finds states and people, :func:`extract_events` finds the
treaty events with the evidence for every field, and :func:`format_summary`
renders them for people. :meth:`IngestResult.to_dict` is the JSON contract.
"""

from foedus.news.actors import (
    Gazetteer,
    Mention,
    build_gazetteer,
    default_gazetteer,
    entries_from_directory,
    load_aliases,
)
from foedus.news.clean import Cleaned, Dropped, clean_text, decode, html_to_text
from foedus.news.events import Extraction, extract_events
from foedus.news.ingest import Article, IngestResult, ingest
from foedus.news.records import Event, Party, Quote, SetAside, Span
from foedus.news.summary import format_summary

__all__ = [
    "Article",
    "Cleaned",
    "Dropped",
    "Event",
    "Extraction",
    "Gazetteer",
    "IngestResult",
    "Mention",
    "Party",
    "Quote",
    "SetAside",
    "Span",
    "build_gazetteer",
    "clean_text",
    "decode",
    "default_gazetteer",
    "entries_from_directory",
    "extract_events",
    "format_summary",
    "html_to_text",
    "ingest",
    "load_aliases",
]
