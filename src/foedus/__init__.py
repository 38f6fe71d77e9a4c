"""foedus: alliance treaties and the obligations they create between states, 1815 to today.

>>> import foedus
>>> foedus.ObligationType.parse("defence").value
'defense'
"""

__version__ = "0.1.0"

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
from foedus.kb import KnowledgeBase, TreatyView
from foedus.model import (
    Membership,
    Obligation,
    ObligationType,
    PartialDate,
    Source,
    State,
    Status,
    Treaty,
)

__all__ = [
    "AmbiguousState",
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
    "RegisterError",
    "Source",
    "SourceFileError",
    "State",
    "Status",
    "StoreError",
    "Treaty",
    "TreatyView",
    "UnknownState",
    "__version__",
]
