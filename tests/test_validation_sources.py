"""Raw files: citations right whatever the line endings or encoding; impossible values refused.

Issue 13: with CRLF endings converted once more (CR CR LF) every ``source.row`` of the
ATOP member file doubled (937 became 1873); an ATOP month of 13 was blamed on
``dayent``; a ``yrent`` of 2500 and a member 99999 imported quietly (and broke later
questions with "Unknown state"). Expected values here come from the raw bytes, not
from foedus.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from foedus.errors import SourceFileError
from foedus.sources.atop import read_atop
from foedus.sources.files import FILES, find_files
from foedus.sources.states import read_cow_states, read_gw_states
from foedus.sources.tables import read_rows

pytestmark = pytest.mark.data

SPECS = {f.key: f for f in FILES}
LINE = 937  # a member row; its atopid and member are read from the raw bytes below


def _raw_lines(path: Path) -> list[bytes]:
    data = path.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n"), "the publisher's file is CRLF"
    return data.split(b"\r\n")


def _variants(data: bytes) -> dict[str, bytes]:
    lf = data.replace(b"\r\n", b"\n")
    return {
        "crlf": data,
        "lf": lf,
        "cr": lf.replace(b"\n", b"\r"),
        "crcrlf": lf.replace(b"\n", b"\r\r\n"),  # a CRLF file converted to CRLF again
        "bom": b"\xef\xbb\xbf" + data,
        "utf16": data.decode("utf-8").encode("utf-16"),
        "cp1252": data.decode("utf-8").encode("cp1252"),
    }


@pytest.fixture()
def raw_copy(data_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the required raw files, which a test may damage."""
    folder = tmp_path / "raw"
    for sub in ("atop-5.1", "cow-states-2016", "gw-states"):
        shutil.copytree(data_dir / sub, folder / sub)
    return folder


@pytest.mark.parametrize("variant", ["crlf", "lf", "cr", "crcrlf", "bom", "utf16", "cp1252"])
def test_member_rows_cite_the_files_own_line_numbers(raw_copy: Path, variant: str) -> None:
    files = find_files(raw_copy)
    member_file = files["atop_m"]
    original = member_file.read_bytes()
    raw = _raw_lines(member_file)
    cells = dict(zip(raw[0].decode().split(","), raw[LINE - 1].decode().split(","), strict=True))
    member_file.write_bytes(_variants(original)[variant])
    data = read_atop(files["atop_a"], member_file)
    found = [
        m for m in data.memberships
        if m.treaty == f"atop-{cells['atopid']}" and m.ccode == int(cells["member"])
        and m.phase == int(cells["phase"])
    ]  # fmt: skip
    assert [m.source.row for m in found if m.source] == [LINE]
    last = data.memberships[-1].source
    assert last is not None and last.row == 2511  # 2510 data rows after the header


@pytest.mark.parametrize("variant", ["crlf", "lf", "cr", "crcrlf", "bom", "cp1252"])
def test_state_names_and_lines_survive_any_encoding(raw_copy: Path, variant: str) -> None:
    files = find_files(raw_copy)
    states = files["cow_states"]
    text = states.read_bytes().decode("utf-8").replace("Ivory Coast", "Côte d'Ivoire")
    states.write_bytes(_variants(text.encode("utf-8"))[variant])
    spells = read_cow_states(states)
    (ivory,) = [s for s in spells if s.code == 437]
    assert ivory.name == "Côte d'Ivoire"
    wanted = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("CDI,437"))
    assert ivory.source.row == wanted
    gw = files["gw_states"]
    # The publisher's spelling, as its own cp1252 file has it (the shared copy lost the ü).
    gw_text = gw.read_bytes().decode("utf-8").replace("W\ufffdrttemberg", "Württemberg")
    gw_text = gw_text.replace("D\ufffdIvoire", "D'Ivoire")
    gw.write_bytes(_variants(gw_text.replace("\n", "\r\n").encode("utf-8"))[variant])
    gw_spells = read_gw_states(gw)
    wurt = [s for s in gw_spells if s.code == 271]
    assert wurt and wurt[0].name == "Württemberg"
    assert wurt[0].source.row == next(
        i for i, line in enumerate(gw_text.splitlines(), 1) if line.startswith("271\t")
    )


def _edit_cell(path: Path, line: int, column: str, value: str) -> None:
    lines = _raw_lines(path)
    header = lines[0].decode().split(",")
    cells = lines[line - 1].decode().split(",")
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells).encode()
    path.write_bytes(b"\r\n".join(lines))


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("moent", "13", "expected a month 1-12"),
        ("dayent", "32", "expected a day 1-"),
        ("yrent", "2500", "expected a year from 1815 to 2018"),
        ("yrent", "1700", "expected a year from 1815 to 2018"),
        ("moent", "-3", "expected a positive number"),
    ],
)
def test_an_impossible_date_is_blamed_on_its_own_column(
    raw_copy: Path, column: str, value: str, message: str
) -> None:
    files = find_files(raw_copy)
    _edit_cell(files["atop_m"], LINE, column, value)
    with pytest.raises(SourceFileError, match=message) as err:
        read_atop(files["atop_a"], files["atop_m"])
    assert (err.value.line, err.value.column) == (LINE, column)
    assert Path(err.value.path or "").name == "atop5_1m.csv"
    assert value in str(err.value)


def test_a_year_outside_the_state_list_is_refused(raw_copy: Path) -> None:
    path = find_files(raw_copy)["cow_states"]
    lines = _raw_lines(path)
    header = lines[0].decode().split(",")
    cells = lines[5].decode().split(",")
    cells[header.index("endyear")] = "2250"
    lines[5] = ",".join(cells).encode()
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(SourceFileError, match="from 1816 to 2016") as err:
        read_cow_states(path)
    assert (err.value.line, err.value.column) == (6, "endyear")


def test_an_unknown_member_code_is_refused_before_anything_is_written(
    raw_copy: Path, tmp_path: Path
) -> None:
    from foedus.build import build_store

    files = find_files(raw_copy)
    _edit_cell(files["atop_m"], LINE, "member", "99999")
    db = tmp_path / "kb.duckdb"
    with pytest.raises(SourceFileError, match="99999 is not a state") as err:
        build_store(raw_copy, db)
    assert (err.value.line, err.value.column) == (LINE, "member")
    assert "expected a COW code" in str(err.value)
    assert not db.exists()


def test_a_member_while_its_state_did_not_exist_is_refused(raw_copy: Path) -> None:
    from foedus.build.importer import read_sources

    files = find_files(raw_copy)
    rows = read_rows(files["atop_m"], SPECS["atop_m"])
    # A member that entered and left after 1991: the German Democratic Republic (265)
    # ended on 3 October 1990.
    row = next(r for r in rows if r.int("yrent") > 1991 and r.int("yrexit") > 1991)
    _edit_cell(files["atop_m"], row.line, "member", "265")
    with pytest.raises(SourceFileError, match=r"East Germany \(265\) did not exist") as e:
        read_sources(files)
    assert (e.value.line, e.value.column) == (row.line, "member")


def test_an_unknown_threat_code_is_refused(raw_copy: Path) -> None:
    from foedus.build.importer import read_sources

    files = find_files(raw_copy)
    rows = read_rows(files["atop_a"], SPECS["atop_a"])
    row = next(r for r in rows if (r.int_or_none("statthr1") or 0) > 0)
    lines = _raw_lines(files["atop_a"])
    header = lines[0].decode().split(",")
    cells = lines[row.line - 1].decode().split(",")
    cells[header.index("statthr1")] = "997"
    lines[row.line - 1] = ",".join(cells).encode()
    files["atop_a"].write_bytes(b"\r\n".join(lines))
    with pytest.raises(SourceFileError, match="997 is not a state") as err:
        read_sources(files)
    assert (Path(err.value.path or "").name, err.value.line) == ("atop5_1a.csv", row.line)
    assert err.value.column == "statthr1"


def test_a_damaged_line_is_an_error_with_its_number_not_a_traceback(raw_copy: Path) -> None:
    path = find_files(raw_copy)["atop_m"]
    lines = _raw_lines(path)
    lines[99] = lines[99].replace(b",", b',"', 1)  # an unclosed quote runs to the end
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(SourceFileError) as err:
        read_rows(path, SPECS["atop_m"])
    assert err.value.line is not None and err.value.line >= 100
