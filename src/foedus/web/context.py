"""What every request shares: the settings, the open knowledge base, the shapes, the notices.

One :class:`Explorer` per app. It opens the knowledge base once with its
in-memory index (microsecond answers) and calls ``refresh()`` before each
question, so an import that swaps the store file in is seen at the next
request. Questions that reach the store itself (treaties, lineage, review)
take a lock, since one DuckDB connection serves every thread.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foedus.errors import StoreError

if TYPE_CHECKING:
    from foedus.kb import KnowledgeBase
    from foedus.web.shapes import ShapeIndex

__all__ = ["Explorer", "Settings", "settle"]

DEFAULT_MAX_BODY = 1_000_000  # bytes: a long article with its markup fits, a flood does not
ANSWER_CACHE = 64_000_000  # bytes of rendered answers kept: slider moves and shared links repeat


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns)


@dataclass
class Settings:
    """How ``foedus serve`` (or a test) starts the app.

    ``token`` enables writes (accepting or rejecting proposals, storing proposals from
    an article, fetching an article's URL): without it the explorer is read-only.
    ``notice`` is shown on every page (an empty store, shapes still downloading…).
    """

    db: Path | None = None
    token: str | None = None
    proposals: Path | None = None
    register: Path | None = None
    shapes: Path | None = None
    notice: str | None = None
    max_body: int = DEFAULT_MAX_BODY


@dataclass
class Explorer:
    """The app's state: settings, the knowledge base (None when there is none) and shapes."""

    settings: Settings
    kb: KnowledgeBase | None = None
    problem: str | None = None  # why there is no knowledge base
    shapes: ShapeIndex | None = None
    shapes_note: str | None = None
    notices: list[str] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)
    # Rendered answers by question, dropped whenever the store file is swapped.
    answers: OrderedDict[tuple[object, ...], bytes] = field(default_factory=OrderedDict)
    answer_bytes: int = 0
    # Folded entries of answers by their records' identities (foedus.web.api._document).
    entries: dict[tuple[object, ...], dict[str, Any]] = field(default_factory=dict)
    stamp: tuple[int, int] | None = None  # the store file's inode and mtime when opened
    csrf_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @classmethod
    def open(cls, settings: Settings) -> Explorer:
        from foedus.kb import KnowledgeBase

        out = cls(settings)
        if settings.notice:
            out.notices.append(settings.notice)
        try:
            out.kb = KnowledgeBase(settings.db).load_index()
            out.kb.states  # noqa: B018 - load the directory now, not in the first request
            out.stamp = _stamp(out.kb.path)
        except StoreError as exc:
            out.problem = str(exc)
            if not settings.notice:  # ensure_store's notice already says it, and how to fix it
                out.notices.append(
                    f"No knowledge base: {exc}. Only the review page works until one is built."
                )
        if settings.shapes is not None:
            out.load_shapes(settings.shapes)
        return out

    def load_shapes(self, path: Path) -> None:
        from foedus.errors import FoedusError
        from foedus.web.shapes import ShapeIndex

        try:
            self.shapes = ShapeIndex.load(path)
            self.shapes_note = None
        except FoedusError as exc:
            self.shapes_note = f"historical borders unavailable: {exc}"

    @property
    def writable(self) -> bool:
        return bool(self.settings.token)

    @contextmanager
    def knowledge(self) -> Iterator[KnowledgeBase]:
        """The knowledge base, refreshed if an import swapped its file; 503 when there is none."""
        with self.lock:
            if self.kb is None:
                raise StoreError(self.problem or "no knowledge base")
            self._follow_swap()
            yield self.kb

    def cached(self, key: tuple[object, ...]) -> bytes | None:
        with self.lock:
            self._follow_swap()
            found = self.answers.get(key)
            if found is not None:
                self.answers.move_to_end(key)
            return found

    def remember(self, key: tuple[object, ...], body: bytes) -> None:
        with self.lock:
            if key not in self.answers:
                self.answers[key] = body
                self.answer_bytes += len(body)
            while self.answer_bytes > ANSWER_CACHE:
                self.answer_bytes -= len(self.answers.popitem(last=False)[1])

    def forget(self) -> None:
        """Drop every rendered answer (the store file was swapped)."""
        self.answers.clear()
        self.answer_bytes = 0
        self.entries.clear()

    def _follow_swap(self) -> None:
        """Open the new store file if an import swapped one in (one ``stat`` per request).

        ``KnowledgeBase.refresh()`` would do it, but it closes the lookup's SQLite
        connection, which refuses to close from another thread than the one that
        opened it; so a fresh knowledge base is opened and the old one left to the
        garbage collector.
        """
        if self.kb is None or _stamp(self.kb.path) == self.stamp:
            return
        from foedus.kb import KnowledgeBase

        fresh = KnowledgeBase(self.kb.path).load_index()
        fresh.states  # noqa: B018 - as in open()
        self.kb, self.stamp = fresh, _stamp(fresh.path)
        self.forget()
        settle()

    def check_token(self, given: str | None) -> bool:
        token = self.settings.token
        return bool(token) and given is not None and secrets.compare_digest(given, token or "")

    def csrf_token(self) -> str:
        return self.csrf_secret

    def close(self) -> None:
        if self.kb is not None:
            self.kb.close()


def settle() -> None:
    """Leave the knowledge base just loaded out of the garbage collector's full passes.

    The in-memory index is a quarter of a million objects that live as long as the
    server; each full collection walked them all (about a tenth of a second, every
    request waiting), which set the slowest answers under load.
    """
    import gc

    gc.collect()
    gc.freeze()
