"""States by any name: names, abbreviations, ISO3 and Gleditsch-Ward codes to COW codes, and back.

A :class:`StateDirectory` is built from the COW state list and (optionally) the
Gleditsch-Ward list, plus the curated ``foedus/data/states.yaml`` that holds
what neither list has: names as they changed over time, aliases, ISO3 codes
and the days on which a GW code means a different COW code.

>>> import datetime as dt
>>> from foedus.model import Source, StateSpell
>>> src = Source("COW State System", "2016")
>>> def cow(code, abbrev, name, start, end=None):
...     return StateSpell("cow", code, abbrev, name, dt.date(*start), end and dt.date(*end), src)
>>> states = StateDirectory.build([
...     cow(255, "GMY", "Germany", (1816, 1, 1), (1945, 5, 8)),
...     cow(255, "GMY", "Germany", (1990, 10, 3)),
...     cow(260, "GFR", "German Federal Republic", (1955, 5, 5), (1990, 10, 2)),
...     cow(265, "GDR", "German Democratic Republic", (1954, 3, 25), (1990, 10, 2)),
...     cow(365, "RUS", "Russia", (1816, 1, 1)),
...     cow(731, "PRK", "North Korea", (1948, 9, 9)),
...     cow(732, "ROK", "South Korea", (1949, 6, 29)),
... ])

Any name, abbreviation, ISO3 or code gives the COW code:

>>> [states.resolve(q) for q in ("North Korea", "DPRK", "PRK", 731, "731", "Korea, North")]
[731, 731, 731, 731, 731, 731]
>>> [states.resolve(q) for q in ("USSR", "Soviet Union", "russia", "RUS", "gw:365")]
[365, 365, 365, 365, 365]

The name shown is the one valid on the day asked:

>>> [states.name(365, dt.date(y, 1, 1)) for y in (1914, 1962, 2010)]
['Russia', 'Soviet Union', 'Russia']
>>> states.name(255, dt.date(1866, 6, 1)), states.name(255, dt.date(1914, 8, 1))
('Prussia', 'Germany')

Words that meant several states on that day are an error that lists them:

>>> states.resolve("Germany", on=dt.date(1960, 1, 1))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
foedus.errors.AmbiguousState: 'Germany' on 1960-01-01 could mean West Germany (260) or East ...
>>> states.resolve("Germany", on=dt.date(1995, 1, 1)), states.resolve("FRG", on=dt.date(1960, 1, 1))
(255, 260)

Gleditsch-Ward codes are written ``gw:CODE`` (or passed to :meth:`StateDirectory.gw_to_cow`);
GW keeps 260 for Germany after unification, where COW returns to 255:

>>> [states.resolve("gw:260", on=dt.date(year, 1, 1)) for year in (1980, 2000)]
[260, 255]

How a query is read
-------------------
1. An ``int`` or a string of digits is a COW code (or ATOP's 8152, Annam).
2. ``gw:260`` (also ``gw 260``, ``GW260``) is a Gleditsch-Ward code; ``cow:AUS`` reads
   only COW names, abbreviations and codes; ``iso3:AUS`` only ISO3 codes.
3. Anything else is compared after folding case, accents and punctuation away
   ("Côte d'Ivoire" = "cote divoire", "St. Lucia" = "Saint Lucia", a leading
   "the" is dropped, "Korea, North" is also tried as "North Korea").
4. When the words belong to several states, the ones valid on the day asked
   win (if none is, the ones valid nearest to it). Without a date, the words
   mean what they mean today (or, failing that, what they meant last): "Yemen"
   is 679, "Austria" 305, "Republic of China" Taiwan. Then the better kind of
   match wins, in the order of :data:`KINDS`: a shown name beats an alias,
   which beats COW's name, the COW abbreviation, ISO3 ... A COW abbreviation
   or ISO3 code is valid while COW lists its state, so "CZE" is Czechoslovakia
   in 1960 and the Czech Republic (ISO3) in 2000, "KOR" is Korea in 1900 and
   South Korea (ISO3) after 1948. Where both states exist, the COW abbreviation
   wins: "AUS" is Austria, not Australia (also SLV, MNG, SWZ); write
   ``iso3:AUS`` for the ISO3 reading. A tie left after that raises
   :class:`AmbiguousState`: "Germany" between 23 May 1949 and 2 Oct 1990,
   "Korea" after 1948 (and undated), "Vietnam" 1954-1975, "Yemen" 1967-1990.
   An error, not a guess: taking "Germany" in 1960 as the FRG would silently
   leave out the GDR's pledges, and "West Germany", "FRG", "GDR" are one word away.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from foedus.errors import AmbiguousState, NoCowCode, RegisterError, UnknownState
from foedus.model import Source, State, StateSpell, parse_date

__all__ = [
    "KINDS",
    "Alias",
    "AmbiguousState",
    "GwLink",
    "NoCowCode",
    "StateDirectory",
    "load_curated",
    "name_key",
]

#: Kinds of :class:`Alias`, best first; a better kind wins a tie between states.
KINDS = (
    "name",  # the name foedus shows for the state in that period
    "alias",  # curated: other names, short names, acronyms (USSR, DPRK, FRG)
    "cow_name",  # COW's own name where it differs from the one shown
    "abbrev",  # COW abbreviation (or foedus's, for an entity COW does not list)
    "iso3",  # ISO 3166-1 alpha-3 of a state that exists today
    "iso3_former",  # withdrawn ISO 3166 code (SUN, DDR, YUG, ZAR)
    "gw_name",  # Gleditsch-Ward name
    "gw_abbrev",  # Gleditsch-Ward abbreviation
)
_RANK = {kind: i for i, kind in enumerate(KINDS)}
_DateLike = dt.date | str


@dataclass(frozen=True, slots=True)
class Alias:
    """One way to write a state, and the days on which it means that state.

    ``valid_from`` and ``valid_to`` are inclusive; None is open.
    """

    text: str
    ccode: int
    kind: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def distance(self, day: dt.date) -> int:
        """Days between ``day`` and this window (0 inside it)."""
        if self.valid_from is not None and day < self.valid_from:
            return (self.valid_from - day).days
        if self.valid_to is not None and day > self.valid_to:
            return (day - self.valid_to).days
        return 0

    @property
    def rank(self) -> int:
        return _RANK[self.kind]


@dataclass(frozen=True, slots=True)
class GwLink:
    """A Gleditsch-Ward code that means a COW code on the days given (inclusive)."""

    gw: int
    cow: int
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def distance(self, day: dt.date) -> int:
        return Alias("", 0, "name", self.valid_from, self.valid_to).distance(day)

    def window(self) -> str:
        """The days in words: "until 1990-10-02", "from 1990-10-03", "from A to B"."""
        if self.valid_from and self.valid_to:
            return f"from {self.valid_from} to {self.valid_to}"
        if self.valid_to:
            return f"until {self.valid_to}"
        return f"from {self.valid_from}" if self.valid_from else "always"


@lru_cache(maxsize=16384)
def name_key(text: str) -> str:
    """The form names are compared in: no case, accents, punctuation, spaces or leading "the".

    >>> name_key("Côte d'Ivoire"), name_key("Cote D'Ivoire"), name_key("St. Lucia")
    ('cotedivoire', 'cotedivoire', 'saintlucia')
    >>> name_key("The Gambia"), name_key("Antigua & Barbuda")
    ('gambia', 'antiguaandbarbuda')
    """
    if text.isascii():  # most names: NFKD leaves ASCII as it is and no character combines
        folded = text.casefold()
    else:
        folded = unicodedata.normalize("NFKD", text)
        folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    words = re.findall(r"[^\W_]+", folded.replace("&", " and "))
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return "".join("saint" if w == "st" else w for w in words)


def _swap_comma(text: str) -> str | None:
    """ "Korea, North" -> "North Korea"; None when there is not exactly one comma."""
    if text.count(",") != 1:
        return None
    head, tail = (part.strip() for part in text.split(","))
    return f"{tail} {head}" if head and tail else None


# --- the curated file ------------------------------------------------------------------------

_CURATED = "states.yaml"


def load_curated(path: str | Path | None = None) -> dict[str, Any]:
    """The curated state data (``foedus/data/states.yaml`` unless ``path`` names another file).

    Checked on load: a broken entry raises :class:`~foedus.errors.RegisterError`
    naming the field.
    """
    if path is None:
        text = resources.files("foedus").joinpath("data", _CURATED).read_text(encoding="utf-8")
        where: str | Path = f"foedus/data/{_CURATED}"
    else:
        text, where = Path(path).read_text(encoding="utf-8"), path
    import yaml  # only when the curated file is read: a one-shot query loads a built directory

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise RegisterError(f"not valid YAML ({exc})", path=where) from exc
    _check_curated(data, where)
    return data


def _check_curated(data: Any, where: str | Path) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("states"), list):
        raise RegisterError("expected a mapping with a 'states' list", path=where, field="states")
    seen: set[int] = set()
    for i, entry in enumerate(data["states"]):
        field = f"states[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("ccode"), int):
            raise RegisterError("each state needs an integer ccode", path=where, field=field)
        code = entry["ccode"]
        if code in seen:
            raise RegisterError(f"ccode {code} appears twice", path=where, field=field)
        seen.add(code)
        if entry.get("cow") is False and not (entry.get("abbrev") and entry.get("names")):
            raise RegisterError(
                f"ccode {code} is not a COW state, so it needs its own abbrev and names",
                path=where,
                field=field,
            )
        for key in ("names", "aliases", "iso3_former"):
            if not isinstance(entry.get(key, []), list):
                raise RegisterError(f"{key} must be a list", path=where, field=f"{field}.{key}")
        for item in entry.get("names", []):
            if not isinstance(item, dict) or not item.get("name"):
                raise RegisterError("a name needs 'name'", path=where, field=f"{field}.names")
            _check_window(item, where, f"{field}.names")
        for item in entry.get("aliases", []):
            if isinstance(item, dict):
                if not item.get("text"):
                    raise RegisterError(
                        "an alias needs 'text'", path=where, field=f"{field}.aliases"
                    )
                _check_window(item, where, f"{field}.aliases")
            elif not isinstance(item, str):
                raise RegisterError(
                    "an alias is text or a mapping", path=where, field=f"{field}.aliases"
                )
        codes = entry.get("iso3", [])
        for item in [codes] if isinstance(codes, str) else codes + entry.get("iso3_former", []):
            code3 = item if isinstance(item, str) else item.get("code")
            if not (isinstance(code3, str) and re.fullmatch(r"[A-Z]{3}", code3)):
                raise RegisterError(
                    f"not an ISO3 code: {code3!r}", path=where, field=f"{field}.iso3"
                )
    for i, link in enumerate(data.get("gw_links", [])):
        if not isinstance(link, dict) or not all(
            isinstance(link.get(k), int) for k in ("gw", "cow")
        ):
            raise RegisterError(
                "a link needs integer gw and cow", path=where, field=f"gw_links[{i}]"
            )
        _check_window(link, where, f"gw_links[{i}]")


def _check_window(item: Mapping[str, Any], where: str | Path, field: str) -> None:
    start, end = item.get("from"), item.get("to")
    for value in (start, end):
        if value is not None and not isinstance(value, dt.date):
            raise RegisterError(f"dates are YYYY-MM-DD, got {value!r}", path=where, field=field)
    if start is not None and end is not None and end < start:
        raise RegisterError(f"'to' {end} is before 'from' {start}", path=where, field=field)


# --- the directory ---------------------------------------------------------------------------


def _span(spells: Sequence[StateSpell]) -> tuple[dt.date | None, dt.date | None]:
    """First day and last day (None while ongoing) over a code's spells."""
    ends = [s.end for s in spells]
    return min(s.start for s in spells), None if None in ends else max(e for e in ends if e)


def _intersect(
    a: tuple[dt.date | None, dt.date | None], b: tuple[dt.date | None, dt.date | None]
) -> tuple[dt.date | None, dt.date | None] | None:
    starts = [d for d in (a[0], b[0]) if d is not None]
    ends = [d for d in (a[1], b[1]) if d is not None]
    start, end = (max(starts) if starts else None), (min(ends) if ends else None)
    return None if start and end and end < start else (start, end)


def _on(day: _DateLike | None) -> dt.date | None:
    if day is None or (isinstance(day, dt.date) and not isinstance(day, dt.datetime)):
        return day  # type: ignore[return-value]
    return parse_date(day)


class StateDirectory:
    """Every state foedus knows, by code, by any of its names, and as it was named on a day.

    Build one with :meth:`build`; lookups are dictionary reads (about a microsecond).
    """

    def __init__(
        self,
        *,
        cow: Mapping[int, tuple[StateSpell, ...]],
        abbrevs: Mapping[int, str],
        aliases: Iterable[Alias],
        iso3: Mapping[int, str],
        links: Mapping[int, tuple[GwLink, ...]],
        gw_only: Mapping[int, tuple[str, str]],
        have_gw: bool,
    ) -> None:
        self._cow = dict(cow)
        self._abbrev = dict(abbrevs)
        self._iso3 = dict(iso3)
        self._links = dict(links)
        self._gw_only = dict(gw_only)
        self._have_gw = have_gw
        reverse: dict[int, list[GwLink]] = defaultdict(list)
        for group in self._links.values():
            for link in group:
                reverse[link.cow].append(link)
        self._reverse = {
            c: tuple(sorted(g, key=lambda link: link.valid_from or dt.date.min))
            for c, g in reverse.items()
        }

        unique: dict[tuple[str, int, str, dt.date | None, dt.date | None], Alias] = {}
        for a in aliases:
            unique.setdefault((name_key(a.text), a.ccode, a.kind, a.valid_from, a.valid_to), a)
        self._aliases = sorted(unique.values(), key=lambda a: (a.ccode, a.rank, a.text))
        index: dict[str, list[Alias]] = defaultdict(list)
        for a in self._aliases:
            key = name_key(a.text)
            if key:
                index[key].append(a)
        self._index = {k: tuple(v) for k, v in index.items()}
        # Most keys name one state whatever the date: answer those with one dict read.
        self._single = {
            k: v[0].ccode for k, v in self._index.items() if len({a.ccode for a in v}) == 1
        }

        names: dict[int, list[Alias]] = defaultdict(list)
        for a in self._aliases:
            if a.kind == "name":
                names[a.ccode].append(a)
        self._names = {
            c: tuple(
                sorted(v, key=lambda a: (a.valid_from or dt.date.min, a.valid_to or dt.date.max))
            )
            for c, v in names.items()
        }
        self._current = {c: v[-1].text for c, v in self._names.items()}
        # GW states without a COW code, by name and abbreviation, for a helpful error.
        self._gw_only_keys = {
            name_key(text): (code, name)
            for code, (name, abbrev) in self._gw_only.items()
            for text in (name, abbrev)
        }

    # -- building --------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        cow: Sequence[StateSpell],
        gw: Sequence[StateSpell] = (),
        curated: Mapping[str, Any] | str | Path | None = None,
    ) -> StateDirectory:
        """A directory from COW spells, GW spells and the curated file (default: the packaged one).

        Curated entries for codes absent from ``cow`` are left out (so a small
        hand-built list gives a small directory), except entities marked
        ``cow: false`` such as ATOP's 8152 (Annam).
        """
        data = curated if isinstance(curated, Mapping) else load_curated(curated)
        by_code: dict[int, list[StateSpell]] = defaultdict(list)
        for s in cow:
            by_code[s.code].append(s)
        spells = {c: tuple(sorted(v, key=lambda s: s.start)) for c, v in by_code.items()}
        entries = {e["ccode"]: e for e in data["states"]}
        codes = set(spells) | {c for c, e in entries.items() if e.get("cow") is False}

        aliases: list[Alias] = []
        abbrevs: dict[int, str] = {}
        iso3: dict[int, str] = {}
        for code in sorted(codes):
            entry = entries.get(code, {})
            own = spells.get(code, ())
            if own:
                abbrevs[code] = own[-1].abbrev
                cow_name = own[-1].name
                span = _span(own)
            else:
                abbrevs[code] = entry["abbrev"]
                cow_name, span = None, (None, None)
            shown = [
                Alias(n["name"], code, "name", n.get("from"), n.get("to"))
                for n in entry.get("names", [])
            ]
            if not shown and cow_name:
                shown = [Alias(cow_name, code, "name", *span)]
            aliases += shown
            if cow_name and name_key(cow_name) not in {name_key(a.text) for a in shown}:
                aliases.append(Alias(cow_name, code, "cow_name", *span))
            # A code means its state while COW lists it (CZE: Czechoslovakia until 1992,
            # then ISO3 of the Czech Republic); outside every window the nearest wins.
            aliases.append(Alias(abbrevs[code], code, "abbrev", *span))
            for item in entry.get("aliases", []):
                if isinstance(item, str):
                    aliases.append(Alias(item, code, "alias"))
                else:
                    aliases.append(
                        Alias(item["text"], code, "alias", item.get("from"), item.get("to"))
                    )
            # ISO3 codes, like abbreviations, hold from the state's first COW day unless
            # the file says otherwise; a withdrawn one ends with the state.
            current = entry.get("iso3")
            items: list[dict[str, Any]] = (
                [{"code": current}] if isinstance(current, str) else current or []
            )
            for item in items:
                start = item.get("from", span[0])
                aliases.append(Alias(item["code"], code, "iso3", start, item.get("to")))
            if current:
                iso3[code] = current if isinstance(current, str) else current[-1]["code"]
            for item in entry.get("iso3_former", []):
                start, end = item.get("from", span[0]), item.get("to", span[1])
                aliases.append(Alias(item["code"], code, "iso3_former", start, end))

        # GW spellings add to COW's, never take one over: GW calls unified Germany
        # "German Federal Republic" (GFR), which in COW is West Germany, 260.
        cow_words = {
            name_key(text): code
            for code, group in spells.items()
            for text in (group[-1].name, group[-1].abbrev)
        }
        gw_spells: dict[int, list[StateSpell]] = defaultdict(list)
        for s in gw:
            gw_spells[s.code].append(s)
        curated_links: dict[int, list[GwLink]] = defaultdict(list)
        for link in data.get("gw_links", []):
            if link["cow"] in codes:
                curated_links[link["gw"]].append(
                    GwLink(
                        link["gw"], link["cow"], link.get("from"), link.get("to"), link.get("note")
                    )
                )
        links: dict[int, tuple[GwLink, ...]] = {g: tuple(v) for g, v in curated_links.items()}
        gw_only: dict[int, tuple[str, str]] = {}
        curated_gw_only = {e["gw"]: e.get("note", "") for e in data.get("gw_only", [])}
        for code, group in sorted(gw_spells.items()):
            if code in links:
                pass
            elif code in codes and code not in curated_gw_only:
                links[code] = (GwLink(code, code),)
            else:
                gw_only[code] = (group[-1].name, group[-1].abbrev)
                continue
            span = _span(group)
            for link in links[code]:
                window = _intersect(span, (link.valid_from, link.valid_to))
                if window is None:
                    continue
                for s in group:
                    for text, kind in ((s.name, "gw_name"), (s.abbrev, "gw_abbrev")):
                        if cow_words.get(name_key(text), link.cow) == link.cow:
                            aliases.append(Alias(text, link.cow, kind, *window))

        # "Korea, People's Republic of" also as "People's Republic of Korea".
        swapped = [
            Alias(t, a.ccode, a.kind, a.valid_from, a.valid_to)
            for a in aliases
            if (t := _swap_comma(a.text)) is not None
        ]
        return cls(
            cow=spells,
            abbrevs=abbrevs,
            aliases=aliases + swapped,
            iso3=iso3,
            links=links,
            gw_only=gw_only,
            have_gw=bool(gw_spells),
        )

    # -- a built directory as text (the one-shot query path reads it instead of rebuilding) ----

    def dumps(self) -> str:
        """The directory as JSON; :meth:`loads` gives back an equal directory."""

        def day(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return json.dumps(
            {
                "cow": [
                    [s.code, s.abbrev, s.name, day(s.start), day(s.end), *_source_list(s)]
                    for group in self._cow.values()
                    for s in group
                ],
                "abbrevs": self._abbrev,
                "aliases": [
                    [a.text, a.ccode, a.kind, day(a.valid_from), day(a.valid_to)]
                    for a in self._aliases
                ],
                "iso3": self._iso3,
                "links": [
                    [k.gw, k.cow, day(k.valid_from), day(k.valid_to), k.note]
                    for group in self._links.values()
                    for k in group
                ],
                "gw_only": self._gw_only,
                "have_gw": self._have_gw,
            }
        )

    @classmethod
    def loads(cls, text: str) -> StateDirectory:
        """A directory from :meth:`dumps`' JSON."""
        data = json.loads(text)

        def day(value: str | None) -> dt.date | None:
            return dt.date.fromisoformat(value) if value else None

        cow: dict[int, list[StateSpell]] = defaultdict(list)
        for code, abbrev, name, start, end, dataset, version, row in data["cow"]:
            start_day = day(start)
            assert start_day is not None
            cow[code].append(
                StateSpell(
                    "cow", code, abbrev, name, start_day, day(end), Source(dataset, version, row)
                )
            )
        links: dict[int, list[GwLink]] = defaultdict(list)
        for gw, code, start, end, note in data["links"]:
            links[gw].append(GwLink(gw, code, day(start), day(end), note))
        return cls(
            cow={c: tuple(v) for c, v in cow.items()},
            abbrevs={int(k): v for k, v in data["abbrevs"].items()},
            aliases=[Alias(t, c, k, day(a), day(b)) for t, c, k, a, b in data["aliases"]],
            iso3={int(k): v for k, v in data["iso3"].items()},
            links={g: tuple(v) for g, v in links.items()},
            gw_only={int(k): tuple(v) for k, v in data["gw_only"].items()},
            have_gw=data["have_gw"],
        )

    # -- lookups -----------------------------------------------------------------------------

    def __contains__(self, ccode: object) -> bool:
        return ccode in self._abbrev

    def __len__(self) -> int:
        return len(self._abbrev)

    def codes(self) -> list[int]:
        """Every code the directory knows: COW codes and curated extras (8152)."""
        return sorted(self._abbrev)

    def resolve(self, query: str | int, on: _DateLike | None = None) -> int:
        """The COW code for a name, abbreviation, ISO3 code, ``gw:CODE`` or code.

        ``on`` picks among states that shared a name (see the module notes).
        Raises :class:`~foedus.errors.UnknownState` with up to five close matches,
        :class:`AmbiguousState` when the words meant several states that day.
        """
        if isinstance(query, int) and not isinstance(query, bool):
            return self._known(query, str(query))
        text = str(query).strip()
        if text.isascii() and text.isdigit():  # "²" is a digit to Python, not to int()
            return self._known(int(text), text)
        key = name_key(text)
        code = self._single.get(key)
        if code is not None:
            return code
        day = _on(on)
        hits = self._index.get(key)
        if hits is not None:
            return self._choose(text, hits, day)
        return self._resolve_other(text, day)

    def _known(self, code: int, query: str) -> int:
        if code in self._abbrev:
            return code
        near = sorted(self._abbrev, key=lambda c: (abs(c - code), c))[:5]
        raise UnknownState(
            query, [f"{self._current[c]} ({c})" for c in near if abs(c - code) <= 10]
        )

    def _resolve_other(self, text: str, day: dt.date | None) -> int:
        m = re.fullmatch(r"(?i)gw\s*[:=]?\s*(\d+)", text)
        if m:
            return self.gw_to_cow(int(m.group(1)), day, query=text)
        m = re.fullmatch(r"(?i)(cow|iso3?)\s*:\s*(.+)", text)
        if m:
            system, rest = m.group(1).lower(), m.group(2).strip()
            if system == "cow" and rest.isascii() and rest.isdigit():
                return self._known(int(rest), text)
            kinds = ("name", "cow_name", "abbrev") if system == "cow" else ("iso3", "iso3_former")
            hits = tuple(a for a in self._index.get(name_key(rest), ()) if a.kind in kinds)
            if hits:
                return self._choose(text, hits, day)
            raise UnknownState(text, self._suggest(rest))
        swapped = _swap_comma(text)
        if swapped is not None and name_key(swapped) in self._index:
            return self._choose(text, self._index[name_key(swapped)], day)
        if name_key(text) in self._gw_only_keys:
            code, name = self._gw_only_keys[name_key(text)]
            raise NoCowCode(text, code, name)
        raise UnknownState(text, self._suggest(text))

    def _choose(self, text: str, hits: Sequence[Alias], day: dt.date | None) -> int:
        pool = list(hits)
        if day is not None:
            nearest = min(a.distance(day) for a in pool)
            pool = [a for a in pool if a.distance(day) == nearest]
        else:
            # Undated: what the words mean today, else the last thing they meant.
            ongoing = [a for a in pool if a.valid_to is None]
            last = max(a.valid_to for a in pool if a.valid_to) if not ongoing else None
            pool = ongoing or [a for a in pool if a.valid_to == last]
        best = min(a.rank for a in pool)
        codes = {a.ccode for a in pool if a.rank == best}
        if len(codes) == 1:
            return codes.pop()
        options = [f"{self.name(c, day)} ({c})" for c in sorted(codes)]
        when = f" on {day.isoformat()}" if day else ""
        raise AmbiguousState(
            text,
            options,
            f"{text!r}{when} could mean {_either(options)}. "
            "Ask by one of those names or by COW code.",
        )

    def _suggest(self, text: str) -> list[str]:
        import difflib

        out: dict[int, str] = {}  # one suggestion per state, best match first
        for match in difflib.get_close_matches(name_key(text), list(self._index), n=12, cutoff=0.6):
            a = min(self._index[match], key=lambda a: a.rank)
            out.setdefault(a.ccode, f"{a.text} ({a.ccode})")
        return list(out.values())[:5]

    def name(self, ccode: int, on: _DateLike | None = None) -> str:
        """The state's name on ``on`` (today's, or the last it had, without a date).

        >>> from foedus.model import Source, StateSpell
        >>> start = dt.date(1816, 1, 1)
        >>> spell = StateSpell("cow", 640, "TUR", "Turkey", start, None, Source("COW", "2016"))
        >>> turkey = StateDirectory.build([spell])
        >>> turkey.name(640, dt.date(1914, 8, 1)), turkey.name(640, "1950-01-01"), turkey.name(640)
        ('Ottoman Empire', 'Turkey', 'Turkey')
        """
        spells = self._names.get(ccode)
        if spells is None:
            self._known(ccode, str(ccode))
            raise AssertionError("unreachable")  # _known raises for unknown codes
        if on is None or len(spells) == 1:
            return self._current[ccode] if on is None else spells[0].text
        day = _on(on)
        assert day is not None
        for a in spells:
            if a.covers(day):
                return a.text
        # Outside every window (e.g. 255 between 1949 and 1990): the nearest name, earlier first.
        return min(
            spells, key=lambda a: (a.distance(day), a.valid_to is None or a.valid_to >= day)
        ).text

    def renamed(self) -> frozenset[int]:
        """The codes whose name changed over time (for the others :meth:`name` ignores the
        date)."""
        return frozenset(c for c, spells in self._names.items() if len(spells) > 1)

    def history(self, ccode: int) -> tuple[Alias, ...]:
        """The names the state was shown under, in order, with their validity."""
        self._known(ccode, str(ccode))
        return self._names[ccode]

    def state(self, ccode: int, on: _DateLike | None = None) -> State:
        """The state as a :class:`~foedus.model.State`, named as on ``on``."""
        self._known(ccode, str(ccode))
        return State(ccode, self._abbrev[ccode], self.name(ccode, on))

    def is_member(self, ccode: int, on: _DateLike) -> bool:
        """Whether COW counts the state as a system member that day (8152 never is)."""
        self._known(ccode, str(ccode))
        day = _on(on)
        assert day is not None
        return any(s.covers(day) for s in self._cow.get(ccode, ()))

    def iso3(self, ccode: int) -> str | None:
        """Today's ISO 3166-1 alpha-3 code; None for a state that no longer exists (and Kosovo)."""
        self._known(ccode, str(ccode))
        return self._iso3.get(ccode)

    def gw_to_cow(
        self, gwcode: int, on: _DateLike | None = None, *, query: str | None = None
    ) -> int:
        """The COW code for a Gleditsch-Ward code; some depend on the date (260, 340, 678).

        Without the GW list, a code is read through the curated exceptions and
        otherwise as the same COW code.
        """
        label = query or f"gw:{gwcode}"
        links = self._links.get(gwcode)
        if links is None:
            if gwcode in self._gw_only:
                raise NoCowCode(label, gwcode, self._gw_only[gwcode][0])
            if not self._have_gw and gwcode in self._abbrev:
                return gwcode
            raise UnknownState(label)
        return self._pick(label, links, _on(on), "cow")

    def cow_to_gw(self, ccode: int, on: _DateLike | None = None) -> int | None:
        """The Gleditsch-Ward code for a COW code, or None when GW does not list the state."""
        self._known(ccode, str(ccode))
        links = self._reverse.get(ccode)
        if links:
            return self._pick(f"cow:{ccode}", links, _on(on), "gw")
        if not self._have_gw:
            return ccode
        return None

    def _pick(self, label: str, links: Sequence[GwLink], day: dt.date | None, side: str) -> int:
        targets = sorted({getattr(link, side) for link in links})
        if len(targets) == 1:
            return targets[0]
        if day is None:
            if side == "gw":
                options = [f"gw:{link.gw} {link.window()}" for link in links]
            else:
                options = [
                    f"{self.name(link.cow, link.valid_to or link.valid_from)} ({link.cow}) "
                    f"{link.window()}"
                    for link in links
                ]
            raise AmbiguousState(
                label,
                options,
                f"{label!r} means {_either(options)}: give a date.",
            )
        link = min(links, key=lambda link: link.distance(day))
        return int(getattr(link, side))

    def aliases(self) -> Iterator[Alias]:
        """Every way the directory knows to write each state, with its kind and validity.

        Names shown, curated aliases, COW names and abbreviations, ISO3 (current
        and withdrawn), GW names and abbreviations; "X, Y" forms also as "Y X".
        """
        return iter(self._aliases)


def _source_list(spell: StateSpell) -> list[Any]:
    src = spell.source
    return [src.dataset, src.version, src.row]


def _either(options: Sequence[str]) -> str:
    return options[0] if len(options) == 1 else f"{', '.join(options[:-1])} or {options[-1]}"
