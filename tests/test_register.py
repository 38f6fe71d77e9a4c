"""The curated register: shipped files validate, broken files fail precisely, key facts hold."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from foedus.errors import RegisterError
from foedus.register import (
    AtopRelation,
    ConditionKind,
    EventKind,
    ObligationKind,
    TreatyRecord,
    check_records,
    load_record,
    load_register,
    register_dir,
)
from foedus.sources.atop import read_atop

# --- a small valid record, built by hand, that the broken cases mutate ---------

RATED: dict[str, Any] = {"sources": ["text"], "confidence": "high"}
RATED_NEWS: dict[str, Any] = {"sources": ["news"], "confidence": "high"}

BASE: dict[str, Any] = {
    "id": "aaa-bbb-2030",
    "names": {"official": "Treaty of Example", "common": ["Example pact"]},
    "instrument": "treaty",
    "sources": {
        "text": {"title": "Treaty text", "publisher": "Depositary", "url": "https://example.org/t"},
        "news": {"title": "Report", "publisher": "Agency", "date": "2030-06-02"},
    },
    "parties": [
        {"ccode": 2, "name": "United States", "joined": "2030-06-01", **RATED},
        {"ccode": 20, "name": "Canada", "joined": "2030-06-01", **RATED},
    ],
    "signed": {"date": "2030-05-01", "place": "Ottawa", **RATED},
    "ratifications": [
        {
            "party": 20,
            "date": "2030-05-20",
            "step": "approved",
            "body": "Parliament",
            **RATED_NEWS,
        },
    ],
    "in_force": {"date": "2030-06-01", **RATED_NEWS},
    "articles": [
        {
            "number": "3",
            "obligations": [
                {
                    "type": "defense",
                    "conditions": [{"kind": "geographic-scope", "scope": "North America"}],
                },
            ],
            "text": "Each party assists the other if attacked in North America.",
            "text_kind": "paraphrase",
            **RATED,
        }
    ],
}


def write(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    path = folder / f"{name or data['id']}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def broken(tmp_path: Path, change) -> RegisterError:
    """Write BASE after ``change`` mutates a copy, load the folder, return the error."""
    data = copy.deepcopy(BASE)
    change(data)
    write(tmp_path, data)
    with pytest.raises(RegisterError) as info:
        load_register(tmp_path)
    return info.value


# --- the hand-built record ------------------------------------------------------


def test_base_record_loads_and_resolves_sources(tmp_path: Path) -> None:
    write(tmp_path, BASE)
    (rec,) = load_register(tmp_path)
    assert rec.id == "aaa-bbb-2030"
    assert rec.signed.date.iso() == "2030-05-01"
    assert rec.parties[0].sources[0].title == "Treaty text"
    assert rec.parties[0].sources[0].key == "text"
    assert rec.ratifications[0].sources[0].date.iso() == "2030-06-02"
    cond = rec.article("3").obligations[0].conditions[0]
    assert cond.kind is ConditionKind.GEOGRAPHIC_SCOPE
    assert cond.atop_code("defense") == "defcoloc"
    assert cond.atop_code("nonaggression") is None


def test_yaml_dates_ints_and_locators_are_accepted(tmp_path: Path) -> None:
    # Unquoted YAML dates arrive as datetime.date, a bare year as int, an article as int.
    text = yaml.safe_dump(BASE, sort_keys=False).replace("'2030-05-01'", "2030-05-01")
    data = yaml.safe_load(text)
    data["signed"]["date"] = 2030
    data["articles"][0]["number"] = 3
    data["parties"][0]["sources"] = [{"ref": "text", "locator": "Art. 3"}]
    write(tmp_path, data)
    (rec,) = load_register(tmp_path)
    assert rec.signed.date.iso() == "2030"
    assert rec.article("3").number == "3"
    assert rec.parties[0].sources[0].locator == "Art. 3"


# --- broken files: the error names file and field and says what was expected ----


def test_wrong_date_names_file_and_field(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d["signed"].update(date="2030-13-01"))
    assert err.path.endswith("aaa-bbb-2030.yaml")
    assert err.field == "signed.date"
    assert "YYYY" in str(err) or "not a real date" in str(err)


def test_unparseable_date(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d["parties"][1].update(joined="June 2030"))
    assert err.field == "parties.1.joined"
    assert "YYYY-MM-DD" in str(err)


def test_unknown_obligation_type(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d["articles"][0]["obligations"][0].update(type="alliance"))
    assert err.field == "articles.0.obligations.0.type"
    assert "'defense'" in str(err) and "'consultation'" in str(err)
    assert "'alliance'" in str(err)


def test_unknown_condition_kind(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["articles"][0]["obligations"][0]["conditions"][0]["kind"] = "only-on-tuesdays"

    err = broken(tmp_path, change)
    assert err.field == "articles.0.obligations.0.conditions.0.kind"
    assert "named-adversary" in str(err)


def test_unknown_top_level_key_lists_allowed_keys(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d.update(parites=[]))
    assert err.field == "parites"
    assert "unknown key 'parites'" in str(err)
    assert "parties" in str(err)  # the allowed keys are listed


def test_unknown_nested_key(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d["parties"][0].update(entered="2030-06-01"))
    assert err.field == "parties.0.entered"
    assert "joined" in str(err)


def test_missing_required_key(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d.pop("signed"))
    assert err.field == "signed"
    assert "missing" in str(err)


def test_unknown_source_key(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d["parties"][0].update(sources=["tass"]))
    assert err.field == "parties.0.sources.0"
    assert "unknown source key 'tass'" in str(err)


def test_fact_without_sources(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d["in_force"].update(sources=[]))
    assert err.field == "in_force.sources"


def test_in_force_before_signature(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d["in_force"].update(date="2030-04"))
    assert err.field == "in_force.date"
    assert "before signature" in str(err)


def test_left_before_joined(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d["parties"][0].update(left="2030-01-01"))
    assert err.field == "parties.0"
    assert "before joined" in str(err)


def test_month_precision_is_not_out_of_order(tmp_path: Path) -> None:
    # 2030-05 may be 1 May, so it is not "before" a signature on 2030-05-01.
    data = copy.deepcopy(BASE)
    data["in_force"]["date"] = "2030-05"
    write(tmp_path, data)
    assert load_register(tmp_path)[0].in_force.date.iso() == "2030-05"


def test_party_codes_must_be_parties(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d["articles"][0]["obligations"][0].update(obligors=[365]))
    assert err.field == "articles.0.obligations.0.obligors.0"
    assert "365" in str(err)


def test_party_code_must_be_int(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d["parties"][0].update(ccode="USA"))
    assert err.field == "parties.0.ccode"


def test_geographic_scope_needs_scope(tmp_path: Path) -> None:
    err = broken(
        tmp_path, lambda d: d["articles"][0]["obligations"][0]["conditions"][0].pop("scope")
    )
    assert err.field == "articles.0.obligations.0.conditions.0"
    assert "scope" in str(err)


def test_changes_needs_an_atop_link(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d.update(parties_listed="changes"))
    assert err.field == "parties_listed"


def test_atop_link_needs_match_note(tmp_path: Path) -> None:
    link = {"id": "atop-3180", "relation": "continues", **RATED}
    err = broken(tmp_path, lambda d: d.update(atop=link))
    assert err.field == "atop"
    assert "matched" in str(err)


def test_bad_atop_id(tmp_path: Path) -> None:
    link = {"id": "3180", "relation": "continues", **RATED, "note": "members"}
    err = broken(tmp_path, lambda d: d.update(atop=link))
    assert err.field == "atop.id"


def test_dangling_supersedes(tmp_path: Path) -> None:
    err = broken(tmp_path, lambda d: d.update(supersedes=["zzz-yyy-1990"]))
    assert err.path.endswith("aaa-bbb-2030.yaml")
    assert err.field == "supersedes.0"
    assert "zzz-yyy-1990" in str(err)


def test_supersedes_atop_id_is_allowed(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["supersedes"] = ["atop-4968"]
    write(tmp_path, data)
    assert load_register(tmp_path)[0].supersedes == ["atop-4968"]


def test_supersession_must_be_mutual(tmp_path: Path) -> None:
    old = copy.deepcopy(BASE)
    old["id"] = "aaa-bbb-2000"
    old["signed"]["date"] = "2000-01-01"
    old["in_force"]["date"] = "2000-06-01"
    old["ratifications"][0]["date"] = "2000-03-01"
    for p in old["parties"]:
        p["joined"] = "2000-06-01"
    write(tmp_path, old)
    new = copy.deepcopy(BASE)
    new["supersedes"] = ["aaa-bbb-2000"]
    write(tmp_path, new)
    with pytest.raises(RegisterError) as info:
        load_register(tmp_path)
    assert info.value.field == "supersedes.0"
    assert "superseded_by" in str(info.value)
    old["superseded_by"] = ["aaa-bbb-2030"]
    write(tmp_path, old)
    assert [r.id for r in load_register(tmp_path)] == ["aaa-bbb-2000", "aaa-bbb-2030"]


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    # Two copies of a register (a curator's and the shipped one) checked together.
    first, second = write(tmp_path / "a", BASE), write(tmp_path / "b", BASE)
    with pytest.raises(RegisterError) as info:
        check_records([(load_record(first), first), (load_record(second), second)])
    assert info.value.field == "id"
    assert "duplicate id 'aaa-bbb-2030'" in str(info.value)
    assert str(tmp_path / "a") in str(info.value)


def test_file_name_must_equal_id(tmp_path: Path) -> None:
    write(tmp_path, BASE, name="something-else")
    with pytest.raises(RegisterError) as info:
        load_register(tmp_path)
    assert info.value.field == "id"
    assert info.value.path.endswith("something-else.yaml")


def test_two_records_cannot_continue_one_atop_alliance(tmp_path: Path) -> None:
    for rid in ("aaa-bbb-2030", "aaa-ccc-2030"):
        data = copy.deepcopy(BASE)
        data["id"] = rid
        data["atop"] = {"id": "atop-3180", "relation": "provisions-only",
                        **RATED, "note": "matched by members"}  # fmt: skip
        write(tmp_path, data)
    with pytest.raises(RegisterError) as info:
        load_register(tmp_path)
    assert info.value.field == "atop.id"


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    path.write_text(path.read_text() + "instrument: treaty\n")
    with pytest.raises(RegisterError) as info:
        load_record(path)
    assert "appears twice" in str(info.value)
    assert "line" in str(info.value)


def test_yaml_syntax_error_gives_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: bad\nnames: {official: [unclosed\n")
    with pytest.raises(RegisterError) as info:
        load_record(path)
    assert "not valid YAML" in str(info.value)
    assert "line" in str(info.value)


def test_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    with pytest.raises(RegisterError, match="expected one record"):
        load_record(path)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="not a folder"):
        load_register(tmp_path / "nope")


# --- the shipped register --------------------------------------------------------


@pytest.fixture(scope="module")
def register() -> dict[str, TreatyRecord]:
    return {r.id: r for r in load_register()}


def test_every_shipped_file_validates(register: dict[str, TreatyRecord]) -> None:
    files = sorted(p.stem for p in register_dir().glob("*.yaml"))
    assert files == sorted(register)
    assert len(files) >= 40


def test_every_fact_has_a_source(register: dict[str, TreatyRecord]) -> None:
    for rec in register.values():
        facts = [rec.signed, *rec.parties, *rec.ratifications, *rec.status_events, *rec.articles]
        facts += [f for f in (rec.in_force, rec.atop) if f is not None]
        for fact in facts:
            assert fact.sources, rec.id
            assert all(c.title for c in fact.sources), rec.id


def test_russia_dprk_2024(register: dict[str, TreatyRecord]) -> None:
    rec = register["rus-prk-2024"]
    assert rec.signed.date.iso() == "2024-06-19"
    assert rec.in_force.date.iso() == "2024-12-04"
    assert rec.party_codes == [365, 731]
    art4 = rec.article("4")
    assert [o.type for o in art4.obligations] == [ObligationKind.DEFENSE]
    kinds = {c.kind for c in art4.obligations[0].conditions}
    assert ConditionKind.STATE_OF_WAR_BY_ARMED_ATTACK in kinds
    assert ConditionKind.NATIONAL_LEGISLATION in kinds
    assert ConditionKind.GEOGRAPHIC_SCOPE not in kinds
    assert rec.article("3").obligations[0].type is ObligationKind.CONSULTATION
    assert rec.article("5").obligations[0].type is ObligationKind.NONE
    assert rec.supersedes == ["rus-prk-2000"]
    (invoked,) = [e for e in rec.status_events if e.kind is EventKind.INVOKED]
    assert invoked.article == "4" and invoked.contested and not invoked.legal_effect


def test_korean_lineage(register: dict[str, TreatyRecord]) -> None:
    old = register["ussr-prk-1961"]
    assert old.atop.id == "atop-3440"
    assert old.article("1").obligations[0].type is ObligationKind.DEFENSE
    (lapse,) = old.status_events
    assert lapse.kind is EventKind.LAPSED and lapse.date.year == 1996
    assert [a.date.iso() for a in lapse.alternatives] == ["1995-09-07"]
    mid = register["rus-prk-2000"]
    assert mid.superseded_by == ["rus-prk-2024"] and mid.supersedes == ["ussr-prk-1961"]
    assert all(o.type is not ObligationKind.DEFENSE for a in mid.articles for o in a.obligations)
    (end,) = mid.status_events
    assert end.kind is EventKind.TERMINATED and end.date.iso() == "2024-12-04"
    china = register["prc-prk-1961"]
    assert china.article("II").obligations[0].type is ObligationKind.DEFENSE
    assert not china.status_events  # still in force


def test_nato_accessions(register: dict[str, TreatyRecord]) -> None:
    nato = register["north-atlantic-treaty"]
    assert nato.atop.id == "atop-3180" and nato.atop.relation is AtopRelation.CONTINUES
    joined = {p.ccode: p.joined.iso() for p in nato.parties}
    assert {343: "2020-03-27", 375: "2023-04-04", 380: "2024-03-07"}.items() <= joined.items()
    # Every member is bound from entry into force / deposit, not from signature as in ATOP.
    assert joined[2] == "1949-08-24" and joined[640] == "1952-02-18"
    assert joined[290] == "1999-03-12" and joined[341] == "2017-06-05"
    assert nato.party(290).signed.iso() == "1997-12-16"
    assert nato.party(380).signed.iso() == "2022-07-05"
    art5 = nato.article("5").obligations[0]
    assert art5.type is ObligationKind.DEFENSE
    assert any(c.atop_code("defense") == "defcoloc" for c in art5.conditions)
    assert nato.article("6").applies_to == ["5"]
    assert nato.article("4").obligations[0].type is ObligationKind.CONSULTATION


def test_anzus_suspension_is_between_us_and_nz_only(register: dict[str, TreatyRecord]) -> None:
    anzus = register["anzus"]
    (event,) = anzus.status_events
    assert event.kind is EventKind.SUSPENDED
    assert (event.parties, event.counterparties) == ([2], [920])
    assert event.date.iso() == "1986-08-11"
    (diff,) = [d for d in anzus.atop.differences if d.ccode == 920]
    assert diff.follow == "register"
    assert anzus.in_force.date.iso() == "1952-04-29"


def test_ukraine_agreements_are_consultation_not_defense(
    register: dict[str, TreatyRecord],
) -> None:
    ukr = [r for r in register.values() if r.id.startswith("ukr-")]
    assert {"ukr-gbr-2024", "ukr-deu-2024", "ukr-fra-2024", "ukr-usa-2024", "ukr-jpn-2024"} <= {
        r.id for r in ukr
    }
    for rec in ukr:
        types = {o.type for a in rec.articles for o in a.obligations}
        assert types == {ObligationKind.CONSULTATION}, rec.id
        assert 369 in rec.party_codes
    assert register["ukr-gbr-2024"].signed.date.iso() == "2024-01-12"


def test_post_2018_pacts(register: dict[str, TreatyRecord]) -> None:
    assert register["sau-pak-2025"].signed.date.iso() == "2025-09-17"
    assert register["rus-blr-security-guarantees-2024"].in_force.date.iso() == "2025-03-13"
    assert register["aus-png-pukpuk-2025"].in_force is None  # signed, awaiting ratification
    armenia = [
        e for e in register["collective-security-treaty"].status_events
        if e.kind is EventKind.FROZEN
    ]  # fmt: skip
    assert armenia and all(e.parties == [371] and not e.legal_effect for e in armenia)
    exits = register["ecowas-defence-protocol-1981"]
    assert {p.ccode: p.left.iso() for p in exits.parties} == {439: "2025-01-29", 436: "2025-01-29"}
    assert register["treaty-on-european-union"].article("42(7)").in_force_from.iso() == (
        "2009-12-01"
    )


# --- against the raw ATOP files -----------------------------------------------------


@pytest.fixture(scope="module")
def atop(data_dir: Path):
    folder = data_dir / "atop-5.1"
    return read_atop(folder / "atop5_1a.csv", folder / "atop5_1m.csv")


@pytest.mark.data
def test_atop_links_point_at_matching_alliances(atop, register: dict[str, TreatyRecord]) -> None:
    alliances = {a.treaty.id: a.treaty for a in atop.alliances}
    members: dict[str, set[int]] = {}
    for m in atop.memberships:
        members.setdefault(m.treaty, set()).add(m.ccode)
    linked = [r for r in register.values() if r.atop is not None]
    assert len(linked) >= 15
    for rec in linked:
        assert rec.atop.id in alliances, rec.id
        for ref in rec.supersedes + rec.related:
            if ref.startswith("atop-"):
                assert ref in alliances, (rec.id, ref)
        if rec.atop.relation is AtopRelation.RELATED:
            continue
        # Same treaty: ATOP begins at signature, so the begin dates agree.
        assert alliances[rec.atop.id].begins == rec.signed.date, rec.id
        for party in rec.parties:
            if party.joined is None:  # "as in ATOP": it must be an ATOP member
                assert party.ccode in members[rec.atop.id], (rec.id, party.ccode)


@pytest.mark.data
def test_register_exits_agree_with_atop_where_atop_has_them(
    atop, register: dict[str, TreatyRecord]
) -> None:
    exits = {(m.treaty, m.ccode): m.exit for m in atop.memberships if m.exit is not None}
    rio = register["rio-treaty"]
    for party in rio.parties:
        if party.left is not None:  # the record also lists parties only for their entry date
            assert exits[("atop-3075", party.ccode)] == party.left, party.name
    # ANZUS: ATOP ends New Zealand's membership; the register explains why it does not.
    assert ("atop-3215", 920) in exits
    assert register["anzus"].atop.differences[0].ccode == 920


def _all_codes(rec: TreatyRecord) -> set[int]:
    codes = set(rec.party_codes) | {r.party for r in rec.ratifications}
    for event in rec.status_events:
        codes |= set(event.parties) | set(event.counterparties)
    for art in rec.articles:
        for ob in art.obligations:
            codes |= set(ob.obligors) | set(ob.beneficiaries)
            for cond in ob.conditions:
                codes |= set(cond.adversaries)
    return codes


@pytest.mark.data
def test_every_code_is_a_cow_state(data_dir: Path, register: dict[str, TreatyRecord]) -> None:
    from foedus.sources.states import read_cow_states

    cow = {s.code for s in read_cow_states(data_dir / "cow-states-2016" / "states2016.csv")}
    for rec in register.values():
        unknown = _all_codes(rec) - cow
        assert not unknown, (rec.id, sorted(unknown))


def test_condition_alias_immediately(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["articles"][0]["obligations"][0]["conditions"].append({"kind": "immediately"})
    write(tmp_path, data)
    (rec,) = load_register(tmp_path)
    assert rec.article("3").obligations[0].conditions[1].kind is ConditionKind.WITHOUT_DELAY
