"""The casus-foederis judge on hand-built pledges whose answers were worked out by hand.

Each condition kind has a rule (foedus.analyses.judge.RULES); RULE_CASES holds,
per kind, a scenario that meets it and one that does not (or that the data
leaves open), and one parametrised test runs them all. A kind with no case
fails the build. The famous cases (1914, 1939, NATO and the Falklands, the
Korean pacts) are worked from the treaty texts and ATOP's codes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from foedus.analyses.judge import (
    LENIENT,
    RULES,
    STRICT,
    Assume,
    Assumptions,
    Scenario,
    Side,
    Sides,
    Verdict,
    at_stake,
    hypothetical,
    judge,
    judge_war,
    make_scenario,
)
from foedus.build import hand_built
from foedus.errors import InputError
from foedus.model import Condition, ConditionKind, Membership, Status, Term
from foedus.model import ObligationType as T
from foedus.model import PartialDate as P

K = ConditionKind
USA, UK, ARG, FRANCE, GERMANY, POLAND, RUSSIA, ITALY, AUSTRIA, SERBIA, ROMANIA = (
    2, 200, 160, 220, 255, 290, 365, 325, 300, 345, 360,
)  # fmt: skip
NKOREA, SKOREA, CHINA, JAPAN, TURKEY = 731, 732, 710, 740, 640
NAMES = {
    USA: "United States", UK: "United Kingdom", ARG: "Argentina", FRANCE: "France",
    GERMANY: "Germany", POLAND: "Poland", RUSSIA: "Russia", ITALY: "Italy",
    AUSTRIA: "Austria-Hungary", SERBIA: "Serbia", ROMANIA: "Romania", NKOREA: "North Korea",
    SKOREA: "South Korea", CHINA: "China", JAPAN: "Japan", TURKEY: "Turkey",
}  # fmt: skip


def pledge(obligor, beneficiary, kind, *terms, since="1900-01-01", until=None, **extra):
    o = hypothetical(obligor, beneficiary, kind, since, terms=terms, names=NAMES,
                     treaty=extra.pop("treaty", "t"), until=until)  # fmt: skip
    return dataclasses.replace(o, **extra) if extra else o


def war(attackers, targets, on="1914-08-01", **options):
    return Scenario(frozenset(attackers), frozenset(targets), dt.date.fromisoformat(on), **options)


def one(o, scenario, sides=None, assume=STRICT):
    (j,) = judge([o], scenario, sides, assume=assume, names=lambda c: NAMES.get(c, str(c)))
    return j


# -- one rule per condition kind: a case that meets it, a case that does not ------------------

adversary = Term(K.NAMED_ADVERSARY, "only against Germany", adversaries=(GERMANY,))
RULE_CASES: list[tuple[ConditionKind, Term, Scenario, bool | None]] = [
    (K.NAMED_ADVERSARY, adversary, war([GERMANY], [RUSSIA]), True),
    (K.NAMED_ADVERSARY, adversary, war([AUSTRIA], [RUSSIA]), False),
    (K.NAMED_ADVERSARY, Term(K.NAMED_ADVERSARY, "a particular adversary"),
     war([GERMANY], [RUSSIA]), None),
    (K.GEOGRAPHIC_SCOPE, Term(K.GEOGRAPHIC_SCOPE, "Europe", scope="Europe"),
     war([GERMANY], [RUSSIA], where=2), True),
    (K.GEOGRAPHIC_SCOPE, Term(K.GEOGRAPHIC_SCOPE, "Europe", scope="Europe"),
     war([GERMANY], [RUSSIA], where="Manchuria"), False),
    (K.GEOGRAPHIC_SCOPE, Term(K.GEOGRAPHIC_SCOPE, "a particular location"),
     war([GERMANY], [RUSSIA]), None),
    (K.SPECIFIC_CONFLICT, Term(K.SPECIFIC_CONFLICT, "an ongoing conflict"),
     war([GERMANY], [RUSSIA], began=dt.date(1899, 1, 1)), True),
    (K.SPECIFIC_CONFLICT, Term(K.SPECIFIC_CONFLICT, "an ongoing conflict"),
     war([GERMANY], [RUSSIA]), False),
    (K.NUMBER_OF_ATTACKERS, Term(K.NUMBER_OF_ATTACKERS, "attacked by two or more Great Powers"),
     war([GERMANY, AUSTRIA], [RUSSIA]), True),
    (K.NUMBER_OF_ATTACKERS, Term(K.NUMBER_OF_ATTACKERS, "attacked by two or more Great Powers"),
     war([GERMANY], [RUSSIA]), False),
    (K.NUMBER_OF_ATTACKERS, Term(K.NUMBER_OF_ATTACKERS, "the number of adversaries"),
     war([GERMANY], [RUSSIA]), None),
    (K.DEMANDS, Term(K.DEMANDS, "demands"), war([GERMANY], [RUSSIA], demands_refused=True), True),
    (K.DEMANDS, Term(K.DEMANDS, "demands"), war([GERMANY], [RUSSIA], demands_refused=False), False),
    (K.DEMANDS, Term(K.DEMANDS, "demands"), war([GERMANY], [RUSSIA]), None),
    (K.NON_PROVOCATION, Term(K.NON_PROVOCATION, "unprovoked"), war([GERMANY], [RUSSIA]), True),
    (K.NON_PROVOCATION, Term(K.NON_PROVOCATION, "unprovoked"),
     war([GERMANY], [RUSSIA], provoked=True), False),
    (K.NON_PROVOCATION, Term(K.NON_PROVOCATION, "unprovoked"),
     war([GERMANY], [RUSSIA], provoked=None), None),
    (K.ONLY_IF_ATTACKED, Term(K.ONLY_IF_ATTACKED, "if attacked"), war([GERMANY], [RUSSIA]), True),
    (K.ONLY_IF_ATTACKED, Term(K.ONLY_IF_ATTACKED, "if attacked"), war([RUSSIA], [GERMANY]), False),
    (K.ONLY_IF_REQUESTED, Term(K.ONLY_IF_REQUESTED, "on request"),
     war([GERMANY], [RUSSIA], requested=True), True),
    (K.ONLY_IF_REQUESTED, Term(K.ONLY_IF_REQUESTED, "on request"),
     war([GERMANY], [RUSSIA], requested=False), False),
    (K.STATE_OF_WAR_BY_ARMED_ATTACK, Term(K.STATE_OF_WAR_BY_ARMED_ATTACK, "armed attack"),
     war([GERMANY], [RUSSIA]), True),
    (K.STATE_OF_WAR_BY_ARMED_ATTACK, Term(K.STATE_OF_WAR_BY_ARMED_ATTACK, "armed attack"),
     war([RUSSIA], [GERMANY]), False),
    (K.CONSTITUTIONAL_PROCESSES, Term(K.CONSTITUTIONAL_PROCESSES, "constitutional processes"),
     war([GERMANY], [RUSSIA]), True),
    (K.WITHOUT_DELAY, Term(K.WITHOUT_DELAY, "immediately"), war([GERMANY], [RUSSIA]), True),
    (K.UN_CHARTER_ART_51, Term(K.UN_CHARTER_ART_51, "Art. 51"), war([GERMANY], [RUSSIA]), True),
    (K.NATIONAL_LEGISLATION, Term(K.NATIONAL_LEGISLATION, "national law"),
     war([GERMANY], [RUSSIA]), True),
    (K.DISCRETION, Term(K.DISCRETION, "such action as it deems necessary"),
     war([GERMANY], [RUSSIA]), True),
    (K.OTHER, Term(K.OTHER, "a further condition"), war([GERMANY], [RUSSIA]), None),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "term", "scenario", "met"), RULE_CASES)
def test_rule(kind, term, scenario, met):
    # Neutrality toward Russia: Russia is at war whichever side it is on, so the check decides.
    o = pledge(FRANCE, RUSSIA, T.NEUTRALITY, term)
    j = one(o, scenario)
    (check,) = j.checks
    assert (check.kind, check.met) == (kind, met), check.reason
    expected = {True: Verdict.TRIGGERED, False: Verdict.NOT_TRIGGERED, None: Verdict.UNDETERMINED}
    assert j.verdict is expected[met]


def test_every_condition_kind_has_a_rule_and_cases():
    assert set(RULES) == set(ConditionKind)
    for kind in ConditionKind:
        answers = {met for k, _, _, met in RULE_CASES if k is kind}
        if kind is K.OTHER:  # nothing in a scenario settles "a further condition"
            assert answers == {None}
            continue
        assert True in answers, kind
        qualifier = RULES[kind].__name__ == "_qualifier"
        assert qualifier or answers & {False, None}, kind


# -- obligation types ------------------------------------------------------------------------


def test_defence_covers_the_attacked_ally_only():
    o = pledge(FRANCE, RUSSIA, T.DEFENSE)
    j = one(o, war([GERMANY], [RUSSIA]))
    assert (j.verdict, j.joins, j.may_not_join) == (Verdict.TRIGGERED, Side.TARGET, None)
    j = one(o, war([RUSSIA], [GERMANY]))
    assert j.verdict is Verdict.NOT_TRIGGERED and "attacking side" in j.reason
    j = one(o, war([GERMANY], [SERBIA]))
    assert j.verdict is Verdict.NOT_TRIGGERED and "Russia is not at war" in j.reason


def test_defence_of_a_joiner_depends_on_whether_it_counts_as_attacked():
    o = pledge(FRANCE, RUSSIA, T.DEFENSE)
    sc = war([AUSTRIA], [SERBIA])
    joined = sc.sides.join(RUSSIA, Side.TARGET)
    assert one(o, sc, joined).verdict is Verdict.TRIGGERED
    volunteer = sc.sides.join(RUSSIA, Side.TARGET, attacked=False)
    j = one(o, sc, volunteer)
    assert j.verdict is Verdict.NOT_TRIGGERED and "not attacked" in j.reason


def test_offence_covers_the_war_the_ally_wages():
    o = pledge(GERMANY, AUSTRIA, T.OFFENSE)
    j = one(o, war([AUSTRIA], [SERBIA]))
    assert (j.verdict, j.joins) == (Verdict.TRIGGERED, Side.ATTACKER)
    assert one(o, war([SERBIA], [AUSTRIA])).verdict is Verdict.NOT_TRIGGERED


def test_neutrality_and_non_aggression_forbid_joining_against_the_ally():
    # Neutrality holds whichever side the ally is on; non-aggression when the ally is attacked.
    for kind, scenario in ((T.NEUTRALITY, war([AUSTRIA], [SERBIA])),
                           (T.NONAGGRESSION, war([SERBIA], [AUSTRIA]))):  # fmt: skip
        j = one(pledge(ITALY, AUSTRIA, kind), scenario)
        assert j.verdict is Verdict.TRIGGERED
        other = Side.TARGET if scenario.attackers == {AUSTRIA} else Side.ATTACKER
        assert (j.joins, j.may_not_join, j.may_not_fight) == (None, other,
                                                              frozenset({AUSTRIA}))  # fmt: skip
        assert not j.breached


def test_non_aggression_does_not_forbid_defending_the_allys_victims():
    # Austria-Hungary attacks Serbia: Italy's promise not to attack Austria-Hungary is no
    # promise to stand by (collective self-defence, UN Charter Art. 51).
    j = one(pledge(ITALY, AUSTRIA, T.NONAGGRESSION), war([AUSTRIA], [SERBIA]))
    assert j.verdict is Verdict.NOT_TRIGGERED and "attacking side" in j.reason
    assert j.may_not_fight == frozenset()


def test_a_state_fighting_its_ally_is_a_breach():
    # Italy joins the war against Austria-Hungary (23 May 1915) while bound to neutrality.
    sc = war([AUSTRIA], [SERBIA])
    sides = sc.sides.join(ITALY, Side.TARGET)
    j = one(pledge(ITALY, AUSTRIA, T.NEUTRALITY), sc, sides)
    assert j.verdict is Verdict.TRIGGERED and j.breached
    assert "Italy already fights against Austria-Hungary" in j.reason
    # The attacker bound by non-aggression to its victim breaches it by attacking.
    j = one(pledge(GERMANY, POLAND, T.NONAGGRESSION), war([GERMANY], [POLAND]))
    assert j.breached


def test_consultation_has_no_side():
    j = one(pledge(UK, FRANCE, T.CONSULTATION), war([GERMANY], [FRANCE]))
    assert (j.verdict, j.joins, j.may_not_join) == (Verdict.TRIGGERED, None, None)


def test_a_guarantee_is_judged_like_a_defence_pledge():
    # 1839 Treaty of London: the United Kingdom guarantees Belgium; Germany invades in 1914.
    j = one(pledge(UK, 211, T.GUARANTEE), war([GERMANY], [211]))
    assert (j.verdict, j.joins) == (Verdict.TRIGGERED, Side.TARGET)


# -- status, dates and the scenario's overrides --------------------------------------------------


def test_pledges_not_in_force_do_not_trigger():
    sc = war([GERMANY], [RUSSIA])
    signed = pledge(FRANCE, RUSSIA, T.DEFENSE, status=Status.SIGNED)
    assert "signed, not in force" in one(signed, sc).reason
    ended = pledge(FRANCE, RUSSIA, T.DEFENSE, until="1913-12-31")
    assert one(ended, sc).verdict is Verdict.NOT_TRIGGERED
    later = pledge(FRANCE, RUSSIA, T.DEFENSE, since="1914-08-02")
    assert "not in force on 1914-08-01" in one(later, sc).reason


def test_void_overrides_by_treaty_obligor_and_pair():
    o = pledge(FRANCE, RUSSIA, T.DEFENSE, treaty="atop-1385")
    for key in ("atop-1385", "atop-1385/220", "atop-1385/220>365"):
        j = one(o, war([GERMANY], [RUSSIA], void=frozenset({key})))
        assert j.verdict is Verdict.NOT_TRIGGERED and "void" in j.reason
    assert one(o, war([GERMANY], [RUSSIA], void={"atop-1385/365"})).verdict is Verdict.TRIGGERED


def test_held_out_keeps_the_verdict_and_flags_it():
    j = one(pledge(FRANCE, RUSSIA, T.DEFENSE), war([GERMANY], [RUSSIA], held_out={FRANCE}))
    assert j.verdict is Verdict.TRIGGERED and j.held_out and "held out" in j.reason


def test_scenario_rejects_contradictions():
    with pytest.raises(InputError, match="both attack and are attacked"):
        war([GERMANY], [GERMANY, RUSSIA])
    with pytest.raises(InputError, match="at least one attacker"):
        war([], [RUSSIA])
    with pytest.raises(InputError, match="cannot place 'Atlantis'"):
        war([GERMANY], [RUSSIA], where="Atlantis")
    with pytest.raises(InputError, match="both sides"):
        Sides(frozenset({1}), frozenset({1}))


def test_assumptions_settle_what_the_data_leaves_open():
    o = pledge(FRANCE, RUSSIA, T.DEFENSE, Term(K.NAMED_ADVERSARY, "a particular adversary"),
               Term(K.GEOGRAPHIC_SCOPE, "a particular location"))  # fmt: skip
    sc = war([GERMANY], [RUSSIA], where=2)
    assert one(o, sc).verdict is Verdict.UNDETERMINED
    j = one(o, sc, assume=LENIENT)
    assert j.verdict is Verdict.TRIGGERED and all(c.assumed for c in j.checks)
    far = war([JAPAN], [RUSSIA], where="Manchuria")  # home region of Russia includes East Asia
    assert one(o, far, assume=LENIENT).verdict is Verdict.TRIGGERED
    strict_where = Assumptions(where=Assume.UNDETERMINED, unknown={K.NAMED_ADVERSARY: Assume.MET})
    scope = pledge(USA, SKOREA, T.DEFENSE, Term(K.GEOGRAPHIC_SCOPE, "Pacific", scope="Pacific"))
    assert one(scope, war([NKOREA], [SKOREA]), assume=strict_where).verdict is Verdict.UNDETERMINED
    assert one(scope, war([NKOREA], [SKOREA])).verdict is Verdict.TRIGGERED
    refuse = Assumptions(unknown={K.NAMED_ADVERSARY: Assume.NOT_MET})
    assert one(o, sc, assume=refuse).verdict is Verdict.NOT_TRIGGERED


def test_other_conditions_are_settled_only_by_assumption():
    o = pledge(FRANCE, RUSSIA, T.DEFENSE, Term(K.OTHER, "a further condition"))
    sc = war([GERMANY], [RUSSIA])
    assert one(o, sc, assume=LENIENT).verdict is Verdict.TRIGGERED
    refuse = Assumptions(unknown={K.OTHER: Assume.NOT_MET})
    assert one(o, sc, assume=refuse).verdict is Verdict.NOT_TRIGGERED


def test_a_named_scope_overrides_atops_bare_location_code():
    # The foedus view gives US–ROK Art. III both ATOP's bare "defcoloc" and the register's area.
    o = pledge(USA, SKOREA, T.DEFENSE, Term(K.GEOGRAPHIC_SCOPE, "a location", "defcoloc"),
               Term(K.GEOGRAPHIC_SCOPE, "the Pacific area", scope="the Pacific area"))
    j = one(o, war([NKOREA], [SKOREA]))
    assert j.verdict is Verdict.TRIGGERED and len(j.checks) == 1


# -- famous cases, worked by hand ---------------------------------------------------------------

# The Triple Alliance as ATOP 1350 codes Italy's pledges in phase 4 (from 1913): defence limited
# to France as adversary, to the number of attackers and to an unprovoked attack; neutrality
# limited to France as adversary. Art. 3 of the 1912 text: "attacked by two or more Great Powers".
ITALY_DEF = pledge(ITALY, AUSTRIA, T.DEFENSE,
                   Term(K.NAMED_ADVERSARY, "France", adversaries=(FRANCE,)),
                   Term(K.NUMBER_OF_ATTACKERS, "attacked by two or more Great Powers"),
                   Term(K.NON_PROVOCATION, "unprovoked"), since="1913-08-02", until="1915-05-23")
ITALY_NEU = pledge(ITALY, AUSTRIA, T.NEUTRALITY,
                   Term(K.NAMED_ADVERSARY, "France", adversaries=(FRANCE,)),
                   since="1913-08-02", until="1915-05-23")  # fmt: skip


def test_italy_1914_no_casus_foederis_for_defence():
    # Austria-Hungary attacked Serbia (COW: initiator); Germany fought on its side.
    sc = war([AUSTRIA], [SERBIA], on="1914-07-29")
    sides = Sides(frozenset({AUSTRIA, GERMANY}), frozenset({SERBIA, RUSSIA, FRANCE}))
    j = one(ITALY_DEF, sc, sides)
    assert j.verdict is Verdict.NOT_TRIGGERED
    assert "Austria-Hungary is on the attacking side" in j.reason


def test_italy_1914_neutrality_binds_once_france_fights_austria():
    sc = war([AUSTRIA], [SERBIA], on="1914-07-29")
    assert one(ITALY_NEU, sc).verdict is Verdict.NOT_TRIGGERED  # only Serbia: not France
    sides = Sides(frozenset({AUSTRIA, GERMANY}), frozenset({SERBIA, RUSSIA, FRANCE}))
    j = one(ITALY_NEU, sc, sides)
    assert j.verdict is Verdict.TRIGGERED and j.may_not_join is Side.TARGET
    assert "France fights Austria-Hungary" in j.reason


def test_romania_1914_defensive_treaty_not_triggered_by_austrias_war():
    # ATOP 1355: Romania's defence of Austria-Hungary, limited to a location and to an
    # unprovoked attack. Austria-Hungary attacked Serbia: no casus foederis, whatever the place.
    o = pledge(ROMANIA, AUSTRIA, T.DEFENSE, Term(K.GEOGRAPHIC_SCOPE, "a location"),
               Term(K.NON_PROVOCATION, "unprovoked"), since="1883-10-30", until="1916-08-27")
    sides = Sides(frozenset({AUSTRIA, GERMANY}), frozenset({SERBIA, RUSSIA}))
    j = one(o, war([AUSTRIA], [SERBIA], on="1914-07-29"), sides, assume=LENIENT)
    assert j.verdict is Verdict.NOT_TRIGGERED


# ATOP 2440 (UK–Poland, 25 August 1939) limits the UK's defence of Poland to Germany (the
# secret protocol's "European power"); ATOP 2060 (France–Poland 1921) names Germany and Russia.
UK_POL = pledge(UK, POLAND, T.DEFENSE, Term(K.NAMED_ADVERSARY, "Germany", adversaries=(GERMANY,)),
                since="1939-08-25", until="1939-09-27")
FR_POL = pledge(FRANCE, POLAND, T.DEFENSE,
                Term(K.NAMED_ADVERSARY, "Germany, Russia", adversaries=(GERMANY, RUSSIA)),
                Term(K.NON_PROVOCATION, "unprovoked"), since="1921-02-19", until="1939-09-27")


def test_1939_guarantees_to_poland_trigger_when_germany_attacks():
    sc = war([GERMANY], [POLAND], on="1939-09-01", where=2)
    for o in (UK_POL, FR_POL):
        j = one(o, sc)
        assert (j.verdict, j.joins) == (Verdict.TRIGGERED, Side.TARGET), j.reason


def test_1939_soviet_invasion_of_poland_is_outside_the_british_pledge():
    sc = war([RUSSIA], [POLAND], on="1939-09-17", where=2)
    j = one(UK_POL, sc)
    assert j.verdict is Verdict.NOT_TRIGGERED and "limited to Germany" in j.reason
    assert one(FR_POL, sc).verdict is Verdict.TRIGGERED  # the 1921 treaty names Russia too


NATO_AREA = Term(K.GEOGRAPHIC_SCOPE, "an armed attack in Europe or North America (Art. 6)",
                 scope="Europe or North America", article="Art. 6")


def test_nato_article_5_does_not_reach_the_falklands():
    o = pledge(USA, UK, T.DEFENSE, NATO_AREA, since="1949-08-24")
    sc = war([ARG], [UK], on="1982-04-02", where="Falkland Islands")
    j = one(o, sc)
    assert j.verdict is Verdict.NOT_TRIGGERED and "South America" in j.reason
    assert one(o, war([RUSSIA], [UK], on="1982-04-02")).verdict is Verdict.TRIGGERED
    turkey = pledge(USA, TURKEY, T.DEFENSE, NATO_AREA, since="1952-02-18")
    assert one(turkey, war([RUSSIA], [TURKEY], on="1982-04-02")).verdict is Verdict.TRIGGERED


def test_russia_dprk_2024_article_4():
    terms = (Term(K.STATE_OF_WAR_BY_ARMED_ATTACK, "armed attack, state of war"),
             Term(K.UN_CHARTER_ART_51, "Art. 51"), Term(K.NATIONAL_LEGISLATION, "laws"))
    o = pledge(NKOREA, RUSSIA, T.DEFENSE, *terms, since="2024-12-04")
    assert one(o, war([667], [RUSSIA], on="2025-01-01")).verdict is Verdict.TRIGGERED
    assert one(o, war([RUSSIA], [369], on="2025-01-01")).verdict is Verdict.NOT_TRIGGERED


# -- with a knowledge base ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def kb_1914():
    fr_ru = [Membership("fr-ru", 0, c, P(1894, 1, 4), P(1917, 11, 7), frozenset({T.DEFENSE}))
             for c in (FRANCE, RUSSIA)]
    cond = (Condition(T.NEUTRALITY, "neucoadv", "only against a particular adversary"),)
    triple = [
        Membership("triple", 4, GERMANY, P(1913, 8, 2), P(1918, 11, 3),
                   frozenset({T.DEFENSE, T.OFFENSE, T.NEUTRALITY})),
        Membership("triple", 4, AUSTRIA, P(1913, 8, 2), P(1918, 11, 3),
                   frozenset({T.DEFENSE, T.NEUTRALITY})),
        Membership("triple", 4, ITALY, P(1913, 8, 2), P(1915, 5, 23),
                   frozenset({T.DEFENSE, T.NEUTRALITY}), conditions=cond),
    ]  # fmt: skip
    return hand_built([*fr_ru, *triple], states={c: NAMES[c] for c in
                      (FRANCE, RUSSIA, GERMANY, AUSTRIA, ITALY, SERBIA)})  # fmt: skip


def test_at_stake_and_judge_war_on_a_hand_built_1914(kb_1914):
    sc = make_scenario(kb_1914, "Austria-Hungary", "Serbia", "1914-07-29")
    sides = sc.sides.join(GERMANY, Side.ATTACKER).join(RUSSIA, Side.TARGET)
    got = {(j.obligation.obligor, j.obligation.beneficiary, j.obligation.type): j
           for j in judge_war(kb_1914, sc, sides)}  # fmt: skip
    assert got[(FRANCE, RUSSIA, T.DEFENSE)].verdict is Verdict.TRIGGERED
    assert got[(GERMANY, AUSTRIA, T.OFFENSE)].verdict is Verdict.TRIGGERED
    assert got[(ITALY, AUSTRIA, T.DEFENSE)].verdict is Verdict.NOT_TRIGGERED
    neu = got[(ITALY, AUSTRIA, T.NEUTRALITY)]
    assert neu.verdict is Verdict.UNDETERMINED  # hand-built: ATOP's adversary not named
    assert "Italy" in neu.reason and "Austria-Hungary" in neu.reason
    assert len(at_stake(kb_1914, sc, sides)) == len(got)


def test_extra_hypothetical_pledges_join_the_judgement(kb_1914):
    extra = hypothetical(ITALY, SERBIA, "defense", "1914-07-01", names=NAMES)
    sc = make_scenario(kb_1914, "Austria-Hungary", "Serbia", "1914-07-29", extra=(extra,))
    got = [j for j in judge_war(kb_1914, sc) if j.obligation.source.dataset == "scenario"]
    assert [(j.verdict, j.joins) for j in got] == [(Verdict.TRIGGERED, Side.TARGET)]


def test_make_scenario_resolves_names_and_places(kb_1914):
    sc = make_scenario(kb_1914, ["Germany"], "Russia", "1914-08-01", where="Italy",
                       held_out=["Italy"])  # fmt: skip
    assert (sc.attackers, sc.targets, sc.held_out) == ({GERMANY}, {RUSSIA}, {ITALY})
    assert sc.where == "europe"


@pytest.mark.data
def test_real_kb_korea_2025(kb):
    sc = make_scenario(kb, "North Korea", "South Korea", "2025-06-01")
    got = {(j.obligation.obligor, j.obligation.beneficiary, j.obligation.type): j
           for j in judge_war(kb, sc)}  # fmt: skip
    us = got[(USA, SKOREA, T.DEFENSE)]
    assert us.verdict is Verdict.TRIGGERED and "Pacific" in us.reason
    assert got[(CHINA, NKOREA, T.DEFENSE)].verdict is Verdict.NOT_TRIGGERED
    assert got[(RUSSIA, NKOREA, T.DEFENSE)].verdict is Verdict.NOT_TRIGGERED
    # ...and the other way round, Russia's 2024 pledge (Art. 4) triggers.
    back = {(j.obligation.obligor, j.obligation.type): j for j in
            judge_war(kb, make_scenario(kb, "South Korea", "North Korea", "2025-06-01"))}
    assert back[(RUSSIA, T.DEFENSE)].verdict is Verdict.TRIGGERED
    assert back[(CHINA, T.DEFENSE)].verdict is Verdict.TRIGGERED


@pytest.mark.data
def test_real_kb_1939_atop_view(kb_file):
    from foedus.kb import KnowledgeBase

    with KnowledgeBase(kb_file, view="ATOP") as atop:
        sc = make_scenario(atop, "Germany", "Poland", "1939-09-01", where=2)
        got = {(j.obligation.obligor, j.obligation.treaty, j.obligation.type): j
               for j in judge_war(atop, sc)}  # fmt: skip
    assert got[(UK, "atop-2440", T.DEFENSE)].verdict is Verdict.TRIGGERED
    assert got[(FRANCE, "atop-2060", T.DEFENSE)].verdict is Verdict.TRIGGERED
    assert got[(FRANCE, "atop-2135", T.DEFENSE)].verdict is Verdict.TRIGGERED
    # The Soviet Union's 1932 non-aggression pledge to Poland binds it not to join Germany.
    nonagg = got[(RUSSIA, "atop-2295", T.NONAGGRESSION)]
    assert nonagg.verdict is Verdict.TRIGGERED and nonagg.may_not_join is Side.ATTACKER
