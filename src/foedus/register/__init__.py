"""The curated treaty register: post-2018 events and article-level provisions, with sources.

One YAML file per treaty under ``data/register/`` (see its README.md for the
format). :func:`load_register` reads and checks them all::

    >>> from foedus.register import load_register
    >>> nato = {r.id: r for r in load_register()}["north-atlantic-treaty"]
    >>> nato.atop.id, nato.party(375).joined.iso()
    ('atop-3180', '2023-04-04')
"""

from __future__ import annotations

from foedus.register.load import (
    check_records,
    load_record,
    load_register,
    record_paths,
    register_dir,
)
from foedus.register.schema import (
    ATOP_CONDITION_CODES,
    Alternative,
    Article,
    ArticleObligation,
    AtopDifference,
    AtopLink,
    AtopRelation,
    Citation,
    Condition,
    ConditionKind,
    Confidence,
    EventKind,
    InForce,
    Instrument,
    Names,
    ObligationKind,
    Party,
    Ratification,
    RatificationStep,
    Signed,
    StatusEvent,
    TreatyRecord,
)

__all__ = [
    "ATOP_CONDITION_CODES",
    "Alternative",
    "Article",
    "ArticleObligation",
    "AtopDifference",
    "AtopLink",
    "AtopRelation",
    "Citation",
    "Condition",
    "ConditionKind",
    "Confidence",
    "EventKind",
    "InForce",
    "Instrument",
    "Names",
    "ObligationKind",
    "Party",
    "Ratification",
    "RatificationStep",
    "Signed",
    "StatusEvent",
    "TreatyRecord",
    "check_records",
    "load_record",
    "load_register",
    "record_paths",
    "register_dir",
]
