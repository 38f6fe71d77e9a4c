"""Raw-file readers: good files load, bad ones name the file, line and column."""

import shutil
from pathlib import Path

import pytest

from foedus.errors import SourceFileError
from foedus.sources.atop import read_atop
from foedus.sources.files import find_files
from foedus.sources.states import read_cow_majors, read_cow_states, read_gw_states

STATES_HEADER = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_cow_states_open_spells_end_as_ongoing(tmp_path):
    from foedus.sources import states

    spec = {f.key: f for f in states.FILES}["cow_states"]
    rows = STATES_HEADER + "USA,2,United States of America,1816,1,1,2016,12,31,2016\n"
    rows += "CUB,40,Cuba,1902,5,20,1906,9,25,2016\n"
    path = _write(tmp_path / "states2016.csv", rows)
    original = spec.rows
    object.__setattr__(spec, "rows", 2)
    try:
        usa, cuba = read_cow_states(path)
    finally:
        object.__setattr__(spec, "rows", original)
    assert usa.end is None and str(cuba.end) == "1906-09-25"
    assert usa.source.row == 2 and cuba.source.row == 3


def test_truncated_states_file_is_reported(tmp_path):
    path = _write(
        tmp_path / "states2016.csv", STATES_HEADER + "USA,2,USA,1816,1,1,2016,12,31,2016\n"
    )
    with pytest.raises(SourceFileError, match="truncated: 1 data rows, expected 243") as err:
        read_cow_states(path)
    assert err.value.path == str(path)


def test_missing_column_names_the_column(tmp_path):
    path = _write(tmp_path / "states2016.csv", STATES_HEADER.replace("stday", "sday"))
    with pytest.raises(SourceFileError, match="header lacks stday") as err:
        read_cow_states(path)
    assert err.value.line == 1 and err.value.column == "stday"


def test_empty_and_binary_files(tmp_path):
    with pytest.raises(SourceFileError, match="empty"):
        read_cow_majors(_write(tmp_path / "majors2016.csv", ""))
    binary = tmp_path / "majors.bin"
    binary.write_bytes(b"\x00\x01\x02PK")
    with pytest.raises(SourceFileError, match="binary"):
        read_cow_majors(binary)


def test_gw_list_rejects_a_bad_date(tmp_path):
    line = "2\tUSA\tUnited States of America\t01:01:1816\t31:12:2017\n"
    path = _write(
        tmp_path / "iisystem.dat", line * 160 + "20\tCAN\tCanada\t1867-07-01\t31:12:2017\n"
    )
    with pytest.raises(SourceFileError, match="dd:mm:yyyy") as err:
        read_gw_states(path)
    assert err.value.line == 161 and err.value.column == "start"


def test_gw_list_repairs_replacement_characters(tmp_path):
    lines = "271\tWRT\tW\ufffdrttemberg\t01:01:1816\t17:01:1871\n" * 151
    (spell, *_) = read_gw_states(_write(tmp_path / "iisystem.dat", lines))
    assert spell.name == "Württemberg" and spell.end is not None


def test_find_files_names_what_is_missing(tmp_path):
    _write(tmp_path / "atop5_1a.csv", "x")
    with pytest.raises(SourceFileError, match=r"missing atop5_1m\.csv, states2016\.csv"):
        find_files(tmp_path)
    with pytest.raises(SourceFileError, match="not a folder"):
        find_files(tmp_path / "nowhere")


# --- against the real files -------------------------------------------------


@pytest.fixture()
def atop_copy(data_dir, tmp_path):
    src = data_dir / "atop-5.1"
    for name in ("atop5_1a.csv", "atop5_1m.csv"):
        shutil.copy(src / name, tmp_path / name)
    return tmp_path


@pytest.mark.data
def test_real_atop_files_load(atop_copy):
    data = read_atop(atop_copy / "atop5_1a.csv", atop_copy / "atop5_1m.csv")
    assert len(data.alliances) == 789 and len(data.memberships) == 2510
    nato = next(a.treaty for a in data.alliances if a.treaty.atopid == 3180)
    assert nato.begins.iso() == "1949-04-04" and nato.ends is None
    unknown_day = [m for m in data.memberships if m.entry.precision.value == "month"]
    assert len(unknown_day) == 5  # ATOP leaves DAYENT blank five times


def _rewrite_line(path: Path, line_no: int, change) -> None:
    lines = path.read_bytes().split(b"\r\n")
    lines[line_no - 1] = change(lines[line_no - 1])
    path.write_bytes(b"\r\n".join(lines))


@pytest.mark.data
def test_malformed_cell_names_line_and_column(atop_copy):
    member_file = atop_copy / "atop5_1m.csv"
    _rewrite_line(member_file, 10, lambda line: line.replace(b",300,", b",3o0,", 1))
    with pytest.raises(SourceFileError, match="line 10, column 'member': expected a whole"):
        read_atop(atop_copy / "atop5_1a.csv", member_file)


@pytest.mark.data
def test_truncated_member_file(atop_copy):
    member_file = atop_copy / "atop5_1m.csv"
    lines = member_file.read_bytes().split(b"\r\n")
    member_file.write_bytes(b"\r\n".join(lines[:1500]))
    with pytest.raises(SourceFileError, match="truncated: 1499 data rows, expected 2510"):
        read_atop(atop_copy / "atop5_1a.csv", member_file)


@pytest.mark.data
def test_cut_off_last_line(atop_copy):
    member_file = atop_copy / "atop5_1m.csv"
    data = member_file.read_bytes().rstrip(b"\r\n")
    member_file.write_bytes(data[: data.rfind(b",", 0, len(data) - 40)])
    with pytest.raises(SourceFileError, match="line 2511: expected 105 fields"):
        read_atop(atop_copy / "atop5_1a.csv", member_file)
