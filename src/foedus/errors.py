"""Exceptions raised by foedus.

Every error foedus raises on purpose derives from :class:`FoedusError`, so a
caller can catch one class. Each carries its context as keyword attributes and
a message that says what to do next::

    FoedusError
    ├── UnknownState          a name or code that matches no state
    │   ├── AmbiguousState    words that meant several states on the day asked
    │   └── NoCowCode         a Gleditsch-Ward state COW does not list
    ├── SourceFileError       a raw dataset file is missing, truncated or malformed
    ├── DownloadError         a publisher could not be reached or sent bad bytes
    ├── StoreError            the database file is missing, locked or from another version
    ├── RegisterError         a curated register file breaks its schema
    ├── NotFound              a treaty, article or record that does not exist
    └── InputError            any other bad argument (a date, a type name, an article file)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "AmbiguousState",
    "DownloadError",
    "FoedusError",
    "InputError",
    "NoCowCode",
    "NotFound",
    "RegisterError",
    "SourceFileError",
    "StoreError",
    "UnknownState",
]


class FoedusError(Exception):
    """Base class of every error foedus raises on purpose."""


class InputError(FoedusError, ValueError):
    """A bad argument: a date that does not parse, an unknown obligation type."""


class NotFound(FoedusError, LookupError):
    """A treaty, article or record that is not in the knowledge base."""


class UnknownState(FoedusError, LookupError):
    """A state name or code that matches no state; ``suggestions`` holds close matches."""

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(
            f"Unknown state {query!r}.{hint} Names, COW codes (365), "
            "abbreviations (RUS), ISO3 codes (PRK) and Gleditsch-Ward codes (gw:260) work."
        )


class AmbiguousState(UnknownState):
    """The words (or code) meant several states on the day asked; ``suggestions`` lists them."""

    def __init__(self, query: str, suggestions: Sequence[str], message: str) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        LookupError.__init__(self, message)


class NoCowCode(UnknownState):
    """A Gleditsch-Ward state that COW does not list, so no COW-coded source can name it."""

    def __init__(self, query: str, gwcode: int, name: str) -> None:
        self.query = query
        self.suggestions = []
        self.gwcode = gwcode
        LookupError.__init__(
            self,
            f"{query!r} is {name} (Gleditsch-Ward gw:{gwcode}), which has no COW code; "
            "COW-coded sources such as ATOP do not list it.",
        )


class SourceFileError(FoedusError):
    """A raw dataset file is missing, truncated or malformed.

    ``path``, ``line`` (1-based, the header is line 1) and ``column`` say where.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        where = self.path or "<input>"
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


class DownloadError(FoedusError):
    """A publisher could not be reached, or what it sent failed its checks."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        self.url = url
        super().__init__(message)


class StoreError(FoedusError):
    """The database file cannot be used: missing data, locked, or a newer schema.

    ``reason`` names the kind of failure when it is known: ``missing``,
    ``directory``, ``permission``, ``locked``, ``damaged`` (not a DuckDB file, or
    a page that fails its checksum), ``foreign`` (another program's DuckDB file),
    ``schema`` (another foedus version's file), ``full`` (no space left, or a
    file-size limit), ``unreadable`` or ``unwritable``.
    """

    def __init__(
        self, message: str, *, path: str | Path | None = None, reason: str | None = None
    ) -> None:
        self.path = str(path) if path is not None else None
        self.reason = reason
        super().__init__(message)


class RegisterError(FoedusError):
    """A curated register record breaks its schema; ``path`` and ``field`` say where."""

    def __init__(
        self, message: str, *, path: str | Path | None = None, field: str | None = None
    ) -> None:
        self.path = str(path) if path is not None else None
        self.field = field
        where = self.path or "<register>"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")
