"""Areas of the world, to check a pledge's geographic scope against where a war is fought.

A treaty limits its casus foederis to an area in words ("an armed attack in
Europe or North America", "in the Pacific area"); a war is fought somewhere,
given as an area or territory name ("Korean peninsula", "Kursk") or as COW's
WhereFought code (2 = Europe, 12 = Europe & Asia, ...). Both become sets of
*base regions*; a scope is met when the fighting touches one of its regions.

The base regions follow COW's country-code blocks (so every state has a home
region) split a little finer where treaties draw lines: North America apart
from Central America and the Caribbean (NATO Art. 6), East, South-East, South
and Central Asia apart (the Pacific pacts cover East and South-East Asia and
Oceania).

>>> sorted(r.value for r in area("Europe or North America"))
['europe', 'north-america']
>>> sorted(r.value for r in area(12))          # COW WhereFought 12: Europe & Asia
['central-asia', 'east-asia', 'europe', 'south-asia', 'southeast-asia']
>>> home_region(732).value, home_region(365).value, home_region(2).value
('east-asia', 'europe', 'north-america')
>>> overlaps(area("the Pacific area"), area("Korean peninsula"))
True
>>> overlaps(area("Europe or North America"), area("the Falkland Islands"))
False

Names foedus does not know give an empty area (``area("Atlantis") == frozenset()``);
the judge reports such a scope as one it cannot settle instead of guessing.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

__all__ = [
    "AREAS",
    "WHERE_FOUGHT",
    "Region",
    "area",
    "describe",
    "home_area",
    "home_region",
    "overlaps",
]


class Region(StrEnum):
    """The base regions every area is made of."""

    NORTH_AMERICA = "north-america"
    CENTRAL_AMERICA = "central-america"  # with the Caribbean
    SOUTH_AMERICA = "south-america"
    EUROPE = "europe"
    AFRICA = "africa"
    MIDDLE_EAST = "middle-east"
    CENTRAL_ASIA = "central-asia"  # with Afghanistan
    SOUTH_ASIA = "south-asia"
    EAST_ASIA = "east-asia"
    SOUTHEAST_ASIA = "southeast-asia"
    OCEANIA = "oceania"


R = Region
_AMERICAS = frozenset({R.NORTH_AMERICA, R.CENTRAL_AMERICA, R.SOUTH_AMERICA})
_ASIA = frozenset({R.CENTRAL_ASIA, R.SOUTH_ASIA, R.EAST_ASIA, R.SOUTHEAST_ASIA})

#: COW WhereFought codes (Inter-State War codebook v4.0) as base regions.
WHERE_FOUGHT: dict[int, frozenset[Region]] = {
    1: _AMERICAS,
    2: frozenset({R.EUROPE}),
    4: frozenset({R.AFRICA}),
    6: frozenset({R.MIDDLE_EAST}),
    7: _ASIA,
    9: frozenset({R.OCEANIA}),
    11: frozenset({R.EUROPE, R.MIDDLE_EAST}),
    12: frozenset({R.EUROPE}) | _ASIA,
    13: _AMERICAS | _ASIA,
    14: frozenset({R.EUROPE, R.AFRICA, R.MIDDLE_EAST}),
    15: frozenset({R.EUROPE, R.AFRICA, R.MIDDLE_EAST}) | _ASIA,
    16: frozenset({R.AFRICA, R.MIDDLE_EAST, R.OCEANIA}) | _ASIA,
    17: _ASIA | {R.OCEANIA},
    18: frozenset({R.AFRICA, R.MIDDLE_EAST}),
    19: frozenset({R.EUROPE, R.AFRICA, R.MIDDLE_EAST, R.OCEANIA}) | _ASIA,
}

#: Named areas and territories, lower case, as base regions. Longer names are matched
#: first, so "north atlantic" wins over "atlantic" and "east asia" over "asia".
AREAS: dict[str, frozenset[Region]] = {
    # continents and the areas treaties name
    "europe": frozenset({R.EUROPE}),
    "north america": frozenset({R.NORTH_AMERICA}),
    "central america": frozenset({R.CENTRAL_AMERICA}),
    "caribbean": frozenset({R.CENTRAL_AMERICA}),
    "south america": frozenset({R.SOUTH_AMERICA}),
    "latin america": frozenset({R.CENTRAL_AMERICA, R.SOUTH_AMERICA}),
    "western hemisphere": _AMERICAS,
    "americas": _AMERICAS,
    "american continent": _AMERICAS,
    "america": _AMERICAS,
    "africa": frozenset({R.AFRICA}),
    "north africa": frozenset({R.AFRICA}),
    "middle east": frozenset({R.MIDDLE_EAST}),
    "near east": frozenset({R.MIDDLE_EAST}),
    "persian gulf": frozenset({R.MIDDLE_EAST}),
    "gulf": frozenset({R.MIDDLE_EAST}),
    "arabian peninsula": frozenset({R.MIDDLE_EAST}),
    "levant": frozenset({R.MIDDLE_EAST}),
    "asia": _ASIA,
    "central asia": frozenset({R.CENTRAL_ASIA}),
    "south asia": frozenset({R.SOUTH_ASIA}),
    "indian subcontinent": frozenset({R.SOUTH_ASIA}),
    "east asia": frozenset({R.EAST_ASIA}),
    "far east": frozenset({R.EAST_ASIA, R.SOUTHEAST_ASIA}),
    "southeast asia": frozenset({R.SOUTHEAST_ASIA}),
    "south-east asia": frozenset({R.SOUTHEAST_ASIA}),
    "oceania": frozenset({R.OCEANIA}),
    # Pacific pacts (US–ROK Art. III, ANZUS Art. IV, US–Philippines Art. IV): the western
    # Pacific, its rim in East and South-East Asia, and Oceania.
    "pacific": frozenset({R.EAST_ASIA, R.SOUTHEAST_ASIA, R.OCEANIA}),
    # NATO Art. 6: Europe, North America and the North Atlantic north of the Tropic of Cancer.
    "north atlantic": frozenset({R.EUROPE, R.NORTH_AMERICA}),
    "atlantic": frozenset({R.EUROPE, R.NORTH_AMERICA, R.SOUTH_AMERICA, R.AFRICA}),
    "mediterranean": frozenset({R.EUROPE, R.MIDDLE_EAST, R.AFRICA}),
    "baltic": frozenset({R.EUROPE}),
    "balkans": frozenset({R.EUROPE}),
    "black sea": frozenset({R.EUROPE}),
    "caucasus": frozenset({R.EUROPE, R.MIDDLE_EAST}),
    "scandinavia": frozenset({R.EUROPE}),
    # territories
    "korea": frozenset({R.EAST_ASIA}),
    "korean peninsula": frozenset({R.EAST_ASIA}),
    "japan": frozenset({R.EAST_ASIA}),
    "okinawa": frozenset({R.EAST_ASIA}),
    "senkaku": frozenset({R.EAST_ASIA}),
    "taiwan": frozenset({R.EAST_ASIA}),
    "taiwan strait": frozenset({R.EAST_ASIA}),
    "manchuria": frozenset({R.EAST_ASIA}),
    "china": frozenset({R.EAST_ASIA}),
    "mongolia": frozenset({R.EAST_ASIA}),
    "south china sea": frozenset({R.SOUTHEAST_ASIA}),
    "philippines": frozenset({R.SOUTHEAST_ASIA}),
    "indochina": frozenset({R.SOUTHEAST_ASIA}),
    "vietnam": frozenset({R.SOUTHEAST_ASIA}),
    "kashmir": frozenset({R.SOUTH_ASIA}),
    "india": frozenset({R.SOUTH_ASIA}),
    "afghanistan": frozenset({R.CENTRAL_ASIA}),
    "hawaii": frozenset({R.OCEANIA}),
    "guam": frozenset({R.OCEANIA}),
    "australia": frozenset({R.OCEANIA}),
    "new zealand": frozenset({R.OCEANIA}),
    "alaska": frozenset({R.NORTH_AMERICA}),
    "falkland islands": frozenset({R.SOUTH_AMERICA}),
    "falklands": frozenset({R.SOUTH_AMERICA}),
    "malvinas": frozenset({R.SOUTH_AMERICA}),
    # Turkey lies in Europe and Asia; NATO Art. 6 names its territory.
    "turkey": frozenset({R.EUROPE, R.MIDDLE_EAST}),
    "anatolia": frozenset({R.MIDDLE_EAST}),
    "algeria": frozenset({R.AFRICA}),
    "egypt": frozenset({R.MIDDLE_EAST}),
    "suez": frozenset({R.MIDDLE_EAST}),
    "sinai": frozenset({R.MIDDLE_EAST}),
    "iran": frozenset({R.MIDDLE_EAST}),
    "persia": frozenset({R.MIDDLE_EAST}),
    "iraq": frozenset({R.MIDDLE_EAST}),
    "ukraine": frozenset({R.EUROPE}),
    "crimea": frozenset({R.EUROPE}),
    "kursk": frozenset({R.EUROPE}),
    "donbas": frozenset({R.EUROPE}),
    "russia": frozenset({R.EUROPE}),
    "siberia": frozenset({R.EAST_ASIA}),
    "poland": frozenset({R.EUROPE}),
    "belgium": frozenset({R.EUROPE}),
    "france": frozenset({R.EUROPE}),
    "germany": frozenset({R.EUROPE}),
    "serbia": frozenset({R.EUROPE}),
    "finland": frozenset({R.EUROPE}),
}


def _pattern() -> re.Pattern[str]:
    names = sorted(AREAS, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")


_NAMES = _pattern()


@lru_cache(maxsize=4096)
def area(where: str | int | None) -> frozenset[Region]:
    """The base regions an area name, a territory, a region value or a WhereFought code covers.

    Text may name several areas ("Europe or North America"): the area is their
    union. Unknown names and unknown codes give the empty set.
    """
    if where is None:
        return frozenset()
    if isinstance(where, int):
        return WHERE_FOUGHT.get(where, frozenset())
    text = where.strip().lower().replace("_", " ")
    if text.isdigit():
        return WHERE_FOUGHT.get(int(text), frozenset())
    try:
        return frozenset({Region(text.replace(" ", "-"))})
    except ValueError:
        pass
    found: set[Region] = set()
    for match in _NAMES.finditer(text):
        found |= AREAS[match.group(1)]
    return frozenset(found)


# COW country-code blocks, lowest code first: (first code of the block, region).
_BLOCKS: tuple[tuple[int, Region], ...] = (
    (2, R.NORTH_AMERICA),
    (31, R.CENTRAL_AMERICA),
    (100, R.SOUTH_AMERICA),
    (200, R.EUROPE),
    (400, R.AFRICA),
    (630, R.MIDDLE_EAST),
    (700, R.CENTRAL_ASIA),
    (710, R.EAST_ASIA),
    (750, R.SOUTH_ASIA),
    (800, R.SOUTHEAST_ASIA),
    (900, R.OCEANIA),
)
_HOME_EXCEPTIONS = {
    70: R.NORTH_AMERICA,  # Mexico: North America by NATO's and Rio's reading
    20: R.NORTH_AMERICA,  # Canada
    651: R.MIDDLE_EAST,  # Egypt
    640: R.MIDDLE_EAST,  # Turkey / the Ottoman Empire (Europe too: see AREAS["turkey"])
    740: R.EAST_ASIA,  # Japan
}


def home_region(ccode: int) -> Region:
    """The region a state's home territory lies in, from its COW code block.

    >>> home_region(640).value, home_region(710).value, home_region(900).value
    ('middle-east', 'east-asia', 'oceania')
    """
    if ccode in _HOME_EXCEPTIONS:
        return _HOME_EXCEPTIONS[ccode]
    region = _BLOCKS[0][1]
    for first, block in _BLOCKS:
        if ccode >= first:
            region = block
    return region


# States whose home territory spans regions (the judge's default for where a war is fought).
_SPANNING: dict[int, frozenset[Region]] = {
    640: frozenset({R.EUROPE, R.MIDDLE_EAST}),  # Turkey, the Ottoman Empire
    365: frozenset({R.EUROPE, R.CENTRAL_ASIA, R.EAST_ASIA}),  # Russia, the Soviet Union
    2: frozenset({R.NORTH_AMERICA, R.OCEANIA}),  # the United States (Hawaii, Guam)
}


def home_area(ccode: int) -> frozenset[Region]:
    """Every region a state's home territory lies in (Turkey in Europe and the Middle East).

    >>> sorted(r.value for r in home_area(640))
    ['europe', 'middle-east']
    >>> home_area(732) == {Region.EAST_ASIA}
    True
    """
    return _SPANNING.get(ccode, frozenset({home_region(ccode)}))


def overlaps(scope: frozenset[Region], fighting: frozenset[Region]) -> bool:
    """Whether fighting in ``fighting`` touches the area ``scope``."""
    return bool(scope & fighting)


def describe(regions: frozenset[Region]) -> str:
    """Regions in words, in a fixed order: ``'Europe and East Asia'``.

    >>> describe(area("Europe or North America"))
    'North America and Europe'
    """
    words = [r.value.replace("-", " ").title().replace("Southeast", "South-East")
             for r in Region if r in regions]
    if not words:
        return "nowhere foedus can place"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
