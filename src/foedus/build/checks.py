"""Checks a curator runs before a re-import: where does the register contradict ATOP?"""

from __future__ import annotations

import json
from pathlib import Path

from foedus.build.merge import Conflict, merge_register
from foedus.build.validate import StateCheck, validate_register
from foedus.model import Membership, ObligationType, PartialDate, Source, StateSpell, Treaty
from foedus.register import load_register, register_dir
from foedus.sources import atop_partners
from foedus.store import Store

__all__ = ["check_register"]


def check_register(store: Store, folder: str | Path | None = None) -> list[Conflict]:
    """Every register fact that contradicts ATOP, explained or not.

    Reads the register afresh (``folder``, default the one foedus uses), so a
    curator sees the effect of an edit before re-importing; ATOP's rows come
    from ``store``. A record that breaks the schema, or whose state codes, dates
    or party names the store's state system contradicts, raises RegisterError
    naming file and field.
    """
    root = Path(folder) if folder else register_dir()
    records = load_register(root)
    validate_register(records, _state_check(store), root)
    treaties = [
        Treaty(
            tid,
            name,
            PartialDate.at(b, bp),
            PartialDate.at(e, ep) if e else None,
            Source(ds, ver, row),
            atopid=atopid,
            attributes=json.loads(attrs or "{}"),
        )
        for tid, name, b, bp, e, ep, atopid, attrs, ds, ver, row in store.atop_treaty_rows()
    ]
    memberships = [
        Membership(
            tid,
            phase,
            ccode,
            PartialDate.at(b, bp),
            PartialDate.at(e, ep) if e else None,
            frozenset(ObligationType(o) for o in obls),
            (),
            Source(ds, ver, row),
        )
        for tid, phase, ccode, b, bp, e, ep, obls, ds, ver, row in store.atop_member_rows()
    ]
    return merge_register(treaties, memberships, records, atop_partners.load_rules()).conflicts


def _state_check(store: Store) -> StateCheck:
    def spells(system: str) -> list[StateSpell]:
        return [
            StateSpell(system, code, abbrev, name, start, end, Source(dataset, version, row))
            for code, abbrev, name, start, end, dataset, version, row in store.spell_rows(system)
        ]

    return StateCheck.build(spells("cow"), spells("gw"))
