"""What to cite for a research table: one BibTeX entry per dataset and method behind it.

Each verb records the datasets it read (:attr:`Table.sources`); :func:`bibtex`
turns their keys into entries, with the version foedus reads noted in each.
foedus itself is always cited last, since the rows were built by it.

>>> print(bibtex(["atop"]).split("\\n")[0])
@article{leeds2002atop,
>>> [e.key for e in entries(["state_system_cow", "atop", "similarity_s"])]
['cow2017states', 'leeds2002atop', 'leeds2022atopcodebook', 'signorino1999tau', 'foedus']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from foedus._version import __version__
from foedus.errors import InputError

__all__ = ["CITATIONS", "SOURCES", "Citation", "bibtex", "entries"]


@dataclass(frozen=True)
class Citation:
    """One BibTeX entry: its type, key and fields in order."""

    kind: str
    key: str
    fields: tuple[tuple[str, str], ...]

    def render(self) -> str:
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in self.fields)
        return f"@{self.kind}{{{self.key},\n{body}\n}}"


def _c(kind: str, key: str, **fields: str) -> Citation:
    return Citation(kind, key, tuple(fields.items()))


CITATIONS: dict[str, Citation] = {
    c.key: c
    for c in (
        _c("misc", "cow2017states", author="{Correlates of War Project}",
           title="State System Membership List, v2016", year="2017",
           url="https://correlatesofwar.org/data-sets/state-system-membership/",
           note="COW state system, version 2016 (1816--2016)"),
        _c("article", "gleditsch1999interstate",
           author="Gleditsch, Kristian S. and Ward, Michael D.",
           title="Interstate System Membership: A Revised List of the Independent States "
                 "since 1816",
           journal="International Interactions", volume="25", number="4", pages="393--413",
           year="1999", doi="10.1080/03050629908434958",
           note="Gleditsch--Ward list of independent states (update to 2017)"),
        _c("article", "leeds2002atop",
           author="Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin "
                  "and Long, Andrew G.",
           title="Alliance Treaty Obligations and Provisions, 1815--1944",
           journal="International Interactions", volume="28", number="3", pages="237--260",
           year="2002", doi="10.1080/03050620213653",
           note="ATOP version 5.1 (1815--2018)"),
        _c("manual", "leeds2022atopcodebook", author="Leeds, Brett Ashley",
           title="Alliance Treaty Obligations and Provisions ({ATOP}) Codebook, Version 5.1",
           organization="Rice University", year="2022", url="http://www.atopdata.org"),
        _c("book", "gibler2009alliances", author="Gibler, Douglas M.",
           title="International Military Alliances, 1648--2008", publisher="CQ Press",
           address="Washington, DC", year="2009",
           note="COW Formal Alliances version 4.1 (1816--2012)"),
        _c("incollection", "singer1972capability",
           author="Singer, J. David and Bremer, Stuart and Stuckey, John",
           title="Capability Distribution, Uncertainty, and Major Power War, 1820--1965",
           booktitle="Peace, War, and Numbers", editor="Russett, Bruce", publisher="Sage",
           address="Beverly Hills", pages="19--48", year="1972",
           note="COW National Material Capabilities version 6.0 (1816--2016)"),
        _c("book", "sarkees2010resort", author="Sarkees, Meredith Reid and Wayman, Frank",
           title="Resort to War: 1816--2007", publisher="CQ Press", address="Washington, DC",
           year="2010", note="COW Inter-State War Data version 4.0"),
        _c("article", "palmer2022mid5",
           author="Palmer, Glenn and McManus, Roseanne W. and D'Orazio, Vito and Kenwick, "
                  "Michael R. and Karstens, Mikaela and Bloch, Chase and Dietrich, Nick and "
                  "Kahn, Kayla and Ritter, Kellan and Soules, Michael J.",
           title="The {MID5} Dataset, 2011--2014: Procedures, Coding Rules, and Description",
           journal="Conflict Management and Peace Science", volume="39", number="4",
           pages="470--482", year="2022", doi="10.1177/0738894221995743",
           note="Militarized Interstate Disputes version 5.0 (1816--2014)"),
        _c("article", "stinnett2002contiguity",
           author="Stinnett, Douglas M. and Tir, Jaroslav and Schafer, Philip and Diehl, "
                  "Paul F. and Gochman, Charles",
           title="The Correlates of War Project Direct Contiguity Data, Version 3",
           journal="Conflict Management and Peace Science", volume="19", number="2",
           year="2002", note="COW Direct Contiguity version 3.2 (1816--2016)"),
        _c("article", "miller2022peacesciencer", author="Miller, Steven V.",
           title="{peacesciencer}: An {R} Package for Quantitative Peace Science Research",
           journal="Conflict Management and Peace Science", volume="39", number="6",
           pages="755--779", year="2022", doi="10.1177/07388942221077926",
           note="conventions of the dyad-year tables; the contiguity spells as packaged "
                "in peacesciencer"),
        _c("article", "signorino1999tau", author="Signorino, Curtis S. and Ritter, Jeffrey M.",
           title="Tau-b or Not Tau-b: Measuring the Similarity of Foreign Policy Positions",
           journal="International Studies Quarterly", volume="43", number="1",
           pages="115--144", year="1999", doi="10.1111/0020-8833.00113"),
        _c("article", "buenodemesquita1975polarity", author="Bueno de Mesquita, Bruce",
           title="Measuring Systemic Polarity", journal="Journal of Conflict Resolution",
           volume="19", number="2", pages="187--216", year="1975",
           doi="10.1177/002200277501900201"),
        _c("article", "hage2011choice", author="H{\\\"a}ge, Frank M.",
           title="Choice or Circumstance? Adjusting Measures of Foreign Policy Similarity "
                 "for Chance Agreement",
           journal="Political Analysis", volume="19", number="3", pages="287--305",
           year="2011", doi="10.1093/pan/mpr023"),
        _c("software", "foedus",
           title="foedus: Alliance Treaties and the Obligations They Create Between States, "
                 "1815 to Today",
           version=__version__,
           note="research tables built with foedus; post-2018 obligations from its curated "
                "register, each fact with its sources"),
    )
}  # fmt: skip

#: The entries each source key of a table calls for, in order.
SOURCES: dict[str, tuple[str, ...]] = {
    "state_system_cow": ("cow2017states",),
    "state_system_gw": ("gleditsch1999interstate",),
    "atop": ("leeds2002atop", "leeds2022atopcodebook"),
    "register": ("leeds2002atop", "leeds2022atopcodebook"),
    "cow_alliance": ("gibler2009alliances",),
    "nmc": ("singer1972capability",),
    "cow_wars": ("sarkees2010resort",),
    "mids": ("palmer2022mid5",),
    "contiguity": ("stinnett2002contiguity", "miller2022peacesciencer"),
    "similarity_s": ("signorino1999tau",),
    "similarity_taub": ("buenodemesquita1975polarity", "signorino1999tau"),
    "similarity_chance": ("hage2011choice",),
}


def entries(sources: Iterable[str]) -> list[Citation]:
    """The citations for ``sources`` (keys of :data:`SOURCES`), each once, foedus last."""
    keys: list[str] = []
    for source in sources:
        if source not in SOURCES:
            raise InputError(f"no citation for {source!r}; known: {', '.join(SOURCES)}")
        keys.extend(SOURCES[source])
    keys.append("foedus")
    return [CITATIONS[k] for k in dict.fromkeys(keys)]


def bibtex(sources: Iterable[str]) -> str:
    """BibTeX for ``sources``, entries separated by a blank line."""
    return "\n\n".join(c.render() for c in entries(sources)) + "\n"
