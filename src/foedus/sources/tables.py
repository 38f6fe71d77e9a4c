"""Reading a delimited raw file with checks that name the file, line and column."""

from __future__ import annotations

import builtins
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foedus.errors import SourceFileError
from foedus.sources.files import SourceFile

__all__ = ["Row", "read_rows", "read_text"]


def read_text(path: Path) -> str:
    """The file's text; UTF-8 if it decodes, else cp1252 (COW's older files)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceFileError(f"cannot read the file ({exc.strerror})", path=path) from exc
    if b"\x00" in data[:4096]:
        raise SourceFileError("this is a binary file, not delimited text", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@dataclass(frozen=True)
class Row:
    """One data row with its line number, and typed accessors that report bad cells."""

    values: dict[str, str]
    line: int
    path: Path

    def text(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def int(self, column: str) -> int:
        value = self.int_or_none(column)
        if value is None:
            raise SourceFileError(
                "expected a whole number, got an empty cell",
                path=self.path,
                line=self.line,
                column=column,
            )
        return value

    def int_or_none(self, column: str) -> builtins.int | None:
        raw = self.text(column)
        if raw in ("", "NA", "."):
            return None
        try:
            number = float(raw)
        except ValueError:
            raise SourceFileError(
                f"expected a whole number, got {raw!r}",
                path=self.path,
                line=self.line,
                column=column,
            ) from None
        if number != int(number):
            raise SourceFileError(
                f"expected a whole number, got {raw!r}",
                path=self.path,
                line=self.line,
                column=column,
            )
        return int(number)

    def flag(self, column: str) -> bool:
        value = self.int_or_none(column)
        if value not in (None, 0, 1):
            raise SourceFileError(
                f"expected 0 or 1, got {value}", path=self.path, line=self.line, column=column
            )
        return value == 1


def read_rows(path: Path, spec: SourceFile, *, delimiter: str = ",") -> list[Row]:
    """All data rows of ``path``, after checking the header and the row count."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise SourceFileError(f"the file is empty; expected {spec.filename}", path=path) from None
    missing = [c for c in spec.required_columns if c not in header]
    if missing:
        raise SourceFileError(
            f"the header lacks {', '.join(missing)}; is this really {spec.filename} "
            f"({spec.dataset} {spec.version})?",
            path=path,
            line=1,
            column=missing[0],
        )
    rows = list(_rows(reader, header, path))
    if spec.rows is not None and len(rows) != spec.rows:
        state = "truncated" if len(rows) < spec.rows else "longer than expected"
        raise SourceFileError(
            f"{state}: {len(rows)} data rows, expected {spec.rows} for "
            f"{spec.dataset} {spec.version}; download it again",
            path=path,
            line=len(rows) + 2 if len(rows) < spec.rows else None,
        )
    return rows


def _rows(reader: Any, header: list[str], path: Path) -> Iterator[Row]:
    width = len(header)
    for cells in reader:
        line = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != width:
            raise SourceFileError(
                f"expected {width} fields as in the header, found {len(cells)} "
                "(a truncated or damaged line)",
                path=path,
                line=line,
            )
        yield Row(dict(zip(header, cells, strict=True)), line, path)
