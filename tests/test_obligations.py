"""Obligations on a date, against the real ATOP data (answers checked by hand in atop5_1m.csv)."""

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from foedus.errors import NotFound, UnknownState

pytestmark = pytest.mark.data

REGISTER = Path(__file__).resolve().parents[1] / "data" / "register"


def _by(rows, attr):
    return {getattr(o, attr) for o in rows}


def test_who_must_defend_south_korea_in_2010(kb):
    rows = kb.defends("South Korea", on="2010-06-01", types=["defense"])
    assert [(o.obligor, o.treaty) for o in rows] == [(2, "atop-3240")]
    (pledge,) = rows
    assert pledge.obligor_name == "United States of America"
    # ATOP dates the pledge from signature (1 October 1953); it binds from the treaty's
    # entry into force on 17 November 1954 (usa-rok-1953.yaml).
    assert pledge.valid_from == dt.date(1954, 11, 17) and pledge.valid_to is None
    assert pledge.source.dataset == "ATOP" and pledge.source.version == "5.1"
    assert pledge.source.row == 937 and "usa-rok-1953.yaml" in (pledge.source.note or "")


def test_every_type_toward_south_korea_in_2010(kb):
    rows = kb.defends(732, on="2010-06-01")
    # The US treaty (defense, consultation, non-aggression), the 1991 inter-Korean
    # basic agreement, the 1992 Russia treaty and the Treaty of Amity in Southeast Asia.
    assert {"atop-3240", "atop-4125", "atop-4365", "atop-3755"} == _by(rows, "treaty")
    assert {o.type.value for o in rows if o.obligor == 731} == {"nonaggression"}


def test_what_the_soviet_union_owed_on_1_january_1962(kb):
    rows = kb.obligations("Soviet Union", on="1962-01-01")
    defended = {o.beneficiary for o in rows if o.type.value == "defense"}
    assert defended == {712, 315, 290, 360, 310, 355, 375, 710, 265, 339, 731}
    afghanistan = {o.type.value for o in rows if o.beneficiary == 700}
    assert afghanistan == {"neutrality", "nonaggression"}
    assert all(o.obligor_name == "Soviet Union" for o in rows)


def test_asymmetric_pledge_france_belgium_1832(kb):
    assert [o.obligor for o in kb.defends("Belgium", on="1833-01-01")] == [220]
    assert kb.obligations("Belgium", on="1833-01-01") == []


def test_exit_day_is_inclusive(kb):
    # ATOP 1060 ends 21 May 1833.
    assert kb.defends(211, on="1833-05-21") and not kb.defends(211, on="1833-05-22")


def test_alliances_in_effect_at_the_end_of_2018_stay_in_effect(kb):
    rows = kb.defends("Japan", on="2025-01-01", types=["defense"])
    assert 2 in _by(rows, "obligor")
    assert all(o.valid_to is None for o in rows if o.obligor == 2)


def test_names_follow_the_date(kb):
    (ussr,) = {o.obligor_name for o in kb.defends(731, on="1970-01-01") if o.obligor == 365}
    assert ussr == "Soviet Union"
    rows = kb.defends("Germany", on="2000-01-01", types=["defense"])
    assert {o.beneficiary_name for o in rows} == {"Germany"}


def test_the_index_makes_one_record_per_pledge_and_name(kb_file):
    from foedus.kb import KnowledgeBase

    def key(o):
        return (o.treaty, o.obligor, o.type.value, o.valid_from)

    with KnowledgeBase(kb_file) as plain, KnowledgeBase(kb_file).load_index() as fast:
        for day in ("1990-01-01", "1993-01-01", "1993-06-01"):
            got, want = fast.defends(731, day), plain.defends(731, day)
            assert sorted(got, key=key) == sorted(want, key=key)
        before, after = fast.defends(731, "1993-01-01"), fast.defends(731, "1993-06-01")
        assert all(a is b for a, b in zip(before, after, strict=True))
        # The 1961 pledge across the Soviet Union's end: one record per name it carries.
        (soviet,) = [o for o in fast.defends(731, "1990-01-01", ["defense"]) if o.obligor == 365]
        (russia,) = [o for o in after if o.obligor == 365 and o.type.value == "defense"]
        assert (soviet.obligor_name, russia.obligor_name) == ("Soviet Union", "Russia")
        assert soviet.valid_from == russia.valid_from


def test_type_filter_and_unknown_state(kb):
    with pytest.raises(UnknownState, match="Did you mean"):
        kb.defends("Nroth Korea", on="2010-01-01")
    assert all(
        o.type.value == "consultation"
        for o in kb.defends("Finland", on="1960-01-01", types=["consultation"])
    )


def test_treaty_show_nato(kb):
    view = kb.treaty(3180)
    assert view.id == "atop-3180" and view.begins == "1949-04-04" and view.ends is None
    founders = {m.ccode for m in view.phases[0].members if m.entry == "1949-04-04"}
    assert {2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395} <= founders
    assert "defense" in view.phases[0].members[0].obligations
    with pytest.raises(NotFound, match="atop-3180"):
        kb.treaty("atop-99999")


def test_json_contract(kb, data_dir):
    # Expected values from the raw files: line 937 of atop5_1m.csv is the United States'
    # row in ATOP 3240 (defense, consultation and non-aggression, defcoloc = 1), and the
    # register record usa-rok-1953.yaml dates entry into force 17 November 1954.
    (path,) = data_dir.rglob("atop5_1m.csv")
    with path.open(newline="", encoding="utf-8") as f:
        header, *lines = list(csv.reader(f))
    raw = dict(zip(header, lines[937 - 2], strict=True))
    assert (raw["atopid"], raw["member"], raw["defense"], raw["defcoloc"]) == (
        "3240",
        "2",
        "1",
        "1",
    )
    record = yaml.safe_load((REGISTER / "usa-rok-1953.yaml").read_text(encoding="utf-8"))
    in_force = record["in_force"]["date"]

    (first,) = kb.defends("South Korea", on="2010-06-01", types=["defense"])
    payload = json.loads(json.dumps(first.to_dict()))  # what --json prints
    assert {k: payload[k] for k in payload if k not in ("conditions", "provisions", "terms")} == {
        "obligor": int(raw["member"]),
        "obligor_name": "United States of America",
        "beneficiary": 732,
        "beneficiary_name": "South Korea",
        "type": "defense",
        "treaty": f"atop-{raw['atopid']}",
        "treaty_name": "US–South Korea Mutual Defense Treaty",
        "phase": int(raw["phase"]),
        "valid_from": in_force.isoformat(),
        "valid_to": None,  # ATOP: still in effect in 2018 (ineffect = 1)
        "valid_from_precision": "day",
        "valid_to_precision": None,
        "status": "in_force",
        "source": {
            "dataset": "ATOP",
            "version": raw["version"],
            "row": 937,
            "note": "changed by foedus register usa-rok-1953.yaml (joined)",
        },
        "notes": [],
    }
    assert raw["ineffect"] == "1"
    # ATOP's coded condition first, then the register's article, with its article number.
    assert payload["conditions"][0] == "only for conflict in a particular location"
    assert [t["text"] for t in payload["terms"]] == payload["conditions"]
    assert payload["terms"][0] == {
        "kind": "geographic-scope",
        "text": "only for conflict in a particular location",
        "atop_code": "defcoloc",
    }
    assert all(c.endswith("(Art. III)") for c in payload["conditions"][1:])
    assert len(payload["conditions"]) == len(payload["terms"]) == 3
    (article,) = payload["provisions"]
    assert (article["article"], article["record"], article["obligations"]) == (
        "Art. III",
        "usa-rok-1953",
        ["defense"],
    )
    assert "armed attack in the Pacific area" in article["text"]
