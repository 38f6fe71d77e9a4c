"""Review edits through ruamel.yaml's round trip: the smallest diff a reviewer has to read.

Measured on every real register file with the change an add-source proposal makes (a
new source, cited by the signature, and a review entry): the hand-written rewriter this
replaced removed 248 lines over 69 files (it rewrote whole records whose layout it did
not follow); the round trip removes only the one flow list that gains the new key.
"""

from __future__ import annotations

import difflib

import pytest

from foedus.curation.yamledit import apply_changes, load_text, normal, render
from foedus.register import register_dir

FILES = sorted(register_dir().glob("*.yaml"))
REVIEW = {
    "accepted_by": "A. Curator",
    "accepted_at": "2025-06-01T12:00:00Z",
    "proposal": "abcd1234",
    "action": "add-source",
    "event": "signed",
    "article": {"title": "Example article", "url": "https://example.org/a"},
    "evidence": [{"field": "date", "start": 1, "end": 9, "text": "Wednesday"}],
}


def _add_source(data: dict) -> list[dict]:  # type: ignore[type-arg]
    source = {"title": "Example", "publisher": "Example Wire", "date": "2025-06-01"}
    return [
        {"op": "add", "path": ["sources", "example-wire-2025-06-01"], "value": source},
        {"op": "append", "path": ["signed", "sources"], "value": "example-wire-2025-06-01"},
        {"op": "append", "path": ["reviews"], "value": REVIEW},
    ]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_an_add_source_edit_removes_at_most_the_list_it_extends(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    data = load_text(text)
    assert render(text, data) == text  # nothing to change, nothing changed
    new = apply_changes(data, _add_source(data))
    out = render(text, new)
    assert normal(load_text(out)) == normal(new)
    removed = [
        line
        for line in difflib.unified_diff(text.splitlines(), out.splitlines(), lineterm="", n=0)
        if line.startswith("-") and not line.startswith("---")
    ]
    # Only the signature's flow list of sources, which gains the new key, is rewritten.
    assert len(removed) <= 1 and all(r.startswith("-  sources: [") for r in removed), removed
    assert "date: 2025-06-01\n" in out  # a date written as the register writes dates
