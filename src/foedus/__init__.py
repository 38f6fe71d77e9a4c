"""foedus: alliance treaties and the obligations they create between states, 1815 to today.

>>> import foedus
>>> foedus.ObligationType.parse("defence").value
'defense'

Names are loaded on first use, so ``import foedus`` stays cheap for a
command-line call that needs only part of the package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from foedus._version import __version__

if TYPE_CHECKING:
    from foedus.errors import (
        AmbiguousState,
        DownloadError,
        FoedusError,
        InputError,
        NoCowCode,
        NotFound,
        RegisterError,
        SourceFileError,
        StoreError,
        UnknownState,
    )
    from foedus.kb import KnowledgeBase
    from foedus.model import (
        Citation,
        Membership,
        Obligation,
        ObligationType,
        PartialDate,
        Provision,
        Source,
        State,
        Status,
        Treaty,
        TreatyEvent,
        TreatyView,
    )

_HOME = {
    **dict.fromkeys(
        (
            "AmbiguousState",
            "DownloadError",
            "FoedusError",
            "InputError",
            "NoCowCode",
            "NotFound",
            "RegisterError",
            "SourceFileError",
            "StoreError",
            "UnknownState",
        ),
        "foedus.errors",
    ),
    "KnowledgeBase": "foedus.kb",
    **dict.fromkeys(
        (
            "Citation",
            "Membership",
            "Obligation",
            "ObligationType",
            "PartialDate",
            "Provision",
            "Source",
            "State",
            "Status",
            "Treaty",
            "TreatyEvent",
            "TreatyView",
        ),
        "foedus.model",
    ),
}

__all__ = [
    "AmbiguousState",
    "Citation",
    "DownloadError",
    "FoedusError",
    "InputError",
    "KnowledgeBase",
    "Membership",
    "NoCowCode",
    "NotFound",
    "Obligation",
    "ObligationType",
    "PartialDate",
    "Provision",
    "RegisterError",
    "Source",
    "SourceFileError",
    "State",
    "Status",
    "StoreError",
    "Treaty",
    "TreatyEvent",
    "TreatyView",
    "UnknownState",
    "__version__",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'foedus' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
