"""The verbs by short name, for the command line and for scripts that list them as text.

``foedus table dyad-years --add atop,similarity`` runs :func:`apply` with
those names, in the order given; :data:`VERBS` is the one table of what each
name runs and what it adds.

>>> [v.value for v in Verb]
['atop', 'cow', 'register', 'majors', 'nmc', 'contiguity', 'wars', 'mids', 'similarity', 'prd']
>>> parse_verbs("atop, similarity")
[<Verb.ATOP: 'atop'>, <Verb.SIMILARITY: 'similarity'>]
>>> parse_verbs("atop,peace")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
foedus.errors.InputError: unknown verb 'peace'; known: atop, cow, register, majors, ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import TYPE_CHECKING, Any

from foedus.errors import InputError

if TYPE_CHECKING:
    from foedus.datasets.table import Table

__all__ = ["VERBS", "Verb", "VerbSpec", "apply", "parse_verbs"]


class Verb(StrEnum):
    ATOP = "atop"
    COW = "cow"
    REGISTER = "register"
    MAJORS = "majors"
    NMC = "nmc"
    CONTIGUITY = "contiguity"
    WARS = "wars"
    MIDS = "mids"
    SIMILARITY = "similarity"
    PRD = "prd"


@dataclass(frozen=True)
class VerbSpec:
    """What a short name runs and, in a few words, what it adds.

    ``verb`` names the function as ``module:function`` under :mod:`foedus.datasets`,
    imported when it runs: a command that adds ATOP's columns does not load the
    similarity code (start-up is a good part of a table built as a whole process).
    """

    verb: str
    adds: str
    sources: tuple[str, ...]  # what it cites (keys of foedus.datasets.citations.SOURCES)

    @property
    def run(self) -> Callable[..., Table]:
        module, name = self.verb.split(":")
        found: Callable[..., Table] = getattr(import_module(f"foedus.datasets.{module}"), name)
        return found


_SIMILARITY = ("atop", "similarity_s", "similarity_taub", "similarity_chance", "nmc")

VERBS: dict[Verb, VerbSpec] = {
    Verb.ATOP: VerbSpec(
        "alliances:add_atop_alliance", "ATOP 5.1 obligations (atop_defense …)", ("atop",)
    ),
    Verb.COW: VerbSpec(
        "alliances:add_cow_alliance", "COW Formal Alliances 4.1 (cow_defense …)", ("cow_alliance",)
    ),
    Verb.REGISTER: VerbSpec(
        "alliances:add_register_alliance",
        "ATOP with the register (foedus_defense …)",
        ("register",),
    ),
    Verb.MAJORS: VerbSpec(
        "covariates:add_major_powers", "COW major powers (cowmaj1, cowmaj2)", ("state_system_cow",)
    ),
    Verb.NMC: VerbSpec("covariates:add_nmc", "national capabilities and CINC (NMC 6.0)", ("nmc",)),
    Verb.CONTIGUITY: VerbSpec(
        "covariates:add_contiguity", "direct contiguity (conttype; land, sea)", ("contiguity",)
    ),
    Verb.WARS: VerbSpec(
        "conflict:add_cow_wars", "COW inter-state wars (cowinteronset …)", ("cow_wars",)
    ),
    Verb.MIDS: VerbSpec("conflict:add_cow_mids", "militarized disputes (cowmidonset …)", ("mids",)),
    Verb.SIMILARITY: VerbSpec(
        "similarity:add_similarity", "portfolio similarity (S, tau-b, kappa, pi)", _SIMILARITY
    ),
    Verb.PRD: VerbSpec(
        "covariates:filter_prd",
        "keeps politically relevant dyads (prd)",
        ("contiguity", "state_system_cow"),
    ),
}


def parse_verbs(text: str | Iterable[str]) -> list[Verb]:
    """Verb names from ``"atop,similarity"`` (or a list), in order; unknown names raise."""
    names = text.split(",") if isinstance(text, str) else list(text)
    out = []
    for name in (n.strip().lower() for n in names):
        if not name:
            continue
        try:
            out.append(Verb(name))
        except ValueError:
            known = ", ".join(v.value for v in Verb)
            raise InputError(f"unknown verb {name!r}; known: {known}") from None
    return out


def apply(
    table: Table,
    verbs: Iterable[Verb],
    *,
    progress: Callable[[str, int | None, int | None], None] | None = None,
) -> Table:
    """Run ``verbs`` on ``table`` in order; ``progress(step, done, total)`` hears each one
    (and each year of the similarity computation)."""
    for verb in verbs:
        spec = VERBS[verb]
        if progress is not None:
            progress(spec.adds, None, None)
        kwargs: dict[str, Any] = {}
        if verb is Verb.SIMILARITY and progress is not None:
            report = progress

            def years(done: int, total: int, report: Any = report, adds: str = spec.adds) -> None:
                report(adds, done, total)

            kwargs["progress"] = years
        table = spec.run(table, **kwargs)
    return table
