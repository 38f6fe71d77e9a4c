r"""Reading a delimited raw file with checks that name the file, line and column.

Line numbers are the file's own, whatever its line endings: LF, CRLF, CR
alone (COW's war files), or CR CR LF (a CRLF file converted once more), so a
citation ``row 937`` is line 937 in any editor. The text is UTF-8 (with or
without a byte-order mark), UTF-16 with a byte-order mark, or else cp1252.

>>> split_lines("a\r\r\nb\r\r\n"), split_lines("a\rb\r"), split_lines("a\r\nb")
(['a', 'b'], ['a', 'b'], ['a', 'b'])
"""

from __future__ import annotations

import builtins
import calendar
import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foedus.errors import SourceFileError
from foedus.model import PartialDate
from foedus.sources.files import SourceFile

__all__ = ["Row", "read_rows", "read_text", "split_lines"]

#: Cell values that mean "unknown" (0, -9) or "not applicable" (-8) in ATOP's and COW's
#: date columns; an empty cell means the same.
UNKNOWN = (0, -9, -8)


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (a byte-order mark is dropped), UTF-16 with a byte-order
    mark, else cp1252 (COW's older files)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceFileError(f"cannot read the file ({exc.strerror})", path=path) from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceFileError(
                f"starts as UTF-16 but does not decode as it (byte {exc.start})", path=path
            ) from None
    if b"\x00" in data[:4096]:
        raise SourceFileError("this is a binary file, not delimited text", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def split_lines(text: str) -> list[str]:
    """The file's lines as an editor numbers them, without their endings.

    A file with any LF is split at LF (carriage returns before it belong to the
    ending); a file without LF is split at CR. Unlike :meth:`str.splitlines`,
    no other character (form feed, U+2028, cp1252's NEL) ends a line.
    """
    lines = re.split(r"\r*\n", text) if "\n" in text else text.split("\r")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@dataclass(frozen=True)
class Row:
    """One data row with its line number, and typed accessors that report bad cells.

    ``years`` is the span the file covers (its :class:`SourceFile`'s); a year
    outside it is an error.
    """

    values: dict[str, str]
    line: int
    path: Path
    years: tuple[int, int] | None = None
    dataset: str = ""

    def _error(self, message: str, column: str) -> SourceFileError:
        return SourceFileError(message, path=self.path, line=self.line, column=column)

    def year(self, column: str) -> int:
        """A year inside the file's span."""
        value = self.int(column)
        self.check_year(value, column)
        return value

    def check_year(self, value: int, column: str) -> None:
        if self.years and not self.years[0] <= value <= self.years[1]:
            first, last = self.years
            raise self._error(
                f"expected a year from {first} to {last} (the years {self.dataset} covers), "
                f"got {value}",
                column,
            )

    def date(
        self, year: str, month: str | None, day: str | None, *, required: bool = True
    ) -> PartialDate | None:
        """The date in three columns, each checked on its own: the year inside the file's
        span, the month 1-12, the day real for its month. 0, -9 and -8 (and an empty
        cell) mean unknown: an unknown day or month widens the date; an unknown year
        gives None, or an error when ``required``."""
        y = self._part(year)
        if y is None:
            if required:
                raise self._error(f"expected a year, got {self.text(year)!r}", year)
            return None
        self.check_year(y, year)
        m = self._part(month) if month else None
        if m is not None and not 1 <= m <= 12:
            raise self._error(f"expected a month 1-12 (0 or -9 when unknown), got {m}", month or "")
        d = self._part(day) if day and m is not None else None
        if d is not None and m is not None:
            last = calendar.monthrange(y, m)[1]
            if not 1 <= d <= last:
                raise self._error(
                    f"expected a day 1-{last} for {y}-{m:02d} (0 or -9 when unknown), got {d}",
                    day or "",
                )
        return PartialDate(y, m, d)

    def _part(self, column: str) -> builtins.int | None:
        value = self.int_or_none(column)
        if value is None or value in UNKNOWN:
            return None
        if value < 0:
            raise self._error(
                f"expected a positive number, or 0, -8 or -9 for unknown, got {value}", column
            )
        return value

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
    lines = split_lines(read_text(path))
    reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise SourceFileError(f"the file is empty; expected {spec.filename}", path=path) from None
    except csv.Error as exc:
        raise SourceFileError(f"not a readable header ({exc})", path=path, line=1) from None
    missing = [c for c in spec.required_columns if c not in header]
    if missing:
        raise SourceFileError(
            f"the header lacks {', '.join(missing)}; is this really {spec.filename} "
            f"({spec.dataset} {spec.version})?",
            path=path,
            line=1,
            column=missing[0],
        )
    rows = list(_rows(reader, header, path, spec))
    if spec.rows is not None and len(rows) != spec.rows:
        state = "truncated" if len(rows) < spec.rows else "longer than expected"
        raise SourceFileError(
            f"{state}: {len(rows)} data rows, expected {spec.rows} for "
            f"{spec.dataset} {spec.version}; download it again",
            path=path,
            line=len(rows) + 2 if len(rows) < spec.rows else None,
        )
    return rows


def _rows(reader: Any, header: list[str], path: Path, spec: SourceFile) -> Iterator[Row]:
    width = len(header)
    while True:
        # A record starts on the line after the last one read (a quoted cell may span lines).
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceFileError(
                f"not a readable line ({exc})", path=path, line=reader.line_num
            ) from None
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != width:
            raise SourceFileError(
                f"expected {width} fields as in the header, found {len(cells)} "
                "(a truncated or damaged line)",
                path=path,
                line=line,
            )
        values = dict(zip(header, cells, strict=True))
        yield Row(values, line, path, spec.years, f"{spec.dataset} {spec.version}")
