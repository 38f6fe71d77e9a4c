"""The public surface of foedus.news, pinned."""

from __future__ import annotations

import foedus.news


def test_public_api() -> None:
    assert sorted(foedus.news.__all__) == [
        "Article", "Cleaned", "Dropped", "Event", "Extraction", "Gazetteer", "IngestResult",
        "Mention", "Party", "Quote", "SetAside", "Span", "build_gazetteer", "clean_text", "decode",
        "default_gazetteer", "entries_from_directory", "extract_events", "format_summary",
        "html_to_text", "ingest", "load_aliases",
    ]  # fmt: skip
    for name in foedus.news.__all__:
        assert getattr(foedus.news, name).__doc__, name
