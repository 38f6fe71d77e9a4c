"""COW Formal Alliances v4.1 by member, on a small hand-written file with its real columns."""

from pathlib import Path

import pytest

from foedus.build import hand_built
from foedus.errors import SourceFileError
from foedus.model import ObligationType as T
from foedus.sources.cow_alliances import read_cow_alliances

HEADER = (
    "version4id,ccode,state_name,all_st_day,all_st_month,all_st_year,all_end_day,all_end_month,"
    "all_end_year,ss_type,mem_st_day,mem_st_month,mem_st_year,mem_end_day,mem_end_month,"
    "mem_end_year,left_censor,right_censor,defense,neutrality,nonaggression,entente,version\n"
)
# Dual Alliance (Germany, Austria-Hungary, 1879) and NATO's first two members, as COW codes them:
# an unknown day is -9, an alliance in effect at the end of 2012 has no end date.
DEFENSE_PACT = '"Type I: Defense Pact"'
ROWS = "".join(
    f"{row}\n"
    for row in (
        f'7,255,"Germany",-9,10,1879,11,11,1918,{DEFENSE_PACT},-9,10,1879,11,11,1918,0,0,1,0,1,1,4.1',
        f'7,300,"Austria-Hungary",-9,10,1879,11,11,1918,{DEFENSE_PACT},'
        "-9,10,1879,11,11,1918,0,0,1,0,1,1,4.1",
        f'200,2,"United States of America",4,4,1949,,,,{DEFENSE_PACT},4,4,1949,,,,0,1,1,0,1,1,4.1',
        f'200,20,"Canada",4,4,1949,,,,{DEFENSE_PACT},4,4,1949,,,,0,1,1,0,1,1,4.1',
    )
)


def _file(tmp_path: Path, rows: str = ROWS) -> Path:
    path = tmp_path / "alliance_v4.1_by_member.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_reads_treaties_members_and_types(tmp_path):
    data = read_cow_alliances(_file(tmp_path))
    dual, nato = data.treaties
    assert (dual.id, dual.begins.iso(), dual.ends.iso()) == ("cow-7", "1879-10", "1918-11-11")
    assert nato.ends is None and nato.attributes["ss_type"] == "Type I: Defense Pact"
    germany = data.memberships[0]
    assert germany.entry.iso() == "1879-10"  # day -9: unknown
    # entente maps to consultation, the nearest ATOP type
    assert germany.obligations == {T.DEFENSE, T.NONAGGRESSION, T.CONSULTATION}


def test_queries_over_cow_records(tmp_path):
    data = read_cow_alliances(_file(tmp_path))
    kb = hand_built(
        data.memberships, treaties=data.treaties,
        states={255: "Germany", 300: "Austria-Hungary", 2: "United States", 20: "Canada"},
    )  # fmt: skip
    rows = kb.defends("Canada", on="2020-01-01", types=["defense"])
    assert [(o.obligor, o.treaty, o.source.dataset) for o in rows] == [
        (2, "cow-200", "COW Formal Alliances")
    ]
    # An unknown entry day widens to the whole month: bound from 1 October 1879.
    assert kb.defends(300, on="1879-10-01") and not kb.defends(300, on="1879-09-30")


def test_bad_row_names_line_and_column(tmp_path):
    bad = ROWS.replace(',"Canada",4,4,1949', ',"Canada",4,4,1949x')
    with pytest.raises(SourceFileError, match="line 5, column 'all_st_year'"):
        read_cow_alliances(_file(tmp_path, bad))


def test_missing_column(tmp_path):
    path = tmp_path / "alliance_v4.1_by_member.csv"
    path.write_text(HEADER.replace("entente", "ententes") + ROWS)
    with pytest.raises(SourceFileError, match="header lacks entente"):
        read_cow_alliances(path)
