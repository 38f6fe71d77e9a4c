"""The public API is a short explicit list; changing it is a decision, not an accident."""

import foedus


def test_public_api_is_pinned():
    assert sorted(foedus.__all__) == sorted([
        "AmbiguousState", "Citation", "DownloadError", "FoedusError", "InputError",
        "KnowledgeBase", "Membership", "NoCowCode", "NotFound", "Obligation", "ObligationType",
        "PartialDate", "Provision", "RegisterError", "Source", "SourceFileError", "State",
        "Status", "StoreError", "Treaty", "TreatyEvent", "TreatyView", "UnknownState",
        "__version__",
    ])  # fmt: skip
    for name in foedus.__all__:
        assert hasattr(foedus, name)


def test_every_error_is_a_foedus_error():
    for name in foedus.__all__:
        obj = getattr(foedus, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, foedus.FoedusError)
