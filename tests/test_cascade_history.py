"""The cascade on the real knowledge base: famous cases checked by hand, sweeps, the CLI.

Needs the raw datasets (FOEDUS_DATA); skips with a how-to when they are absent.
"""

from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from foedus.analyses.cascade import cascade, war_scenario
from foedus.analyses.honour import HonourTable
from foedus.analyses.judge import Side, Verdict
from foedus.cli import app

USA, UK, FRANCE, BELGIUM, GERMANY, ITALY, RUSSIA = 2, 200, 220, 211, 255, 325, 365
CANADA = 20
PRK, ROK, AUSTRIA, SERBIA = 731, 732, 300, 345
PUBLISHED = HonourTable.published()


@pytest.fixture(scope="module")
def indexed(kb):
    return kb.load_index()


def test_germany_attacks_france_and_belgium_1914(indexed):
    """4 August 1914, built by hand from the treaties: the 1839 Treaty of London binds the
    United Kingdom (and Russia, Austria-Hungary) to Belgium's neutrality; the Triple Alliance
    binds Italy to defend Germany only if Germany is attacked, so Italy stays out (and its
    neutrality pledge forbids it to join Germany's enemies)."""
    war = war_scenario(indexed, ["Germany"], ["France", "Belgium"], "1914-08-04")
    c = cascade(indexed, war)
    first = {p.state: p.side for p in c.states if p.round == 1}
    assert first.get(UK) is Side.TARGET
    assert ITALY not in {p.state for p in c.states}
    italy = {
        s.judgement.obligation.type.value: s.verdict
        for s in c.steps
        if s.obligor == ITALY and s.beneficiary == GERMANY
    }
    # Its defence pledge does not apply (Germany attacks); its neutrality pledge does: Italy
    # may not join Germany's enemies.
    assert italy["defense"] is Verdict.NOT_TRIGGERED
    assert italy["neutrality"] is Verdict.TRIGGERED
    uk = next(p for p in c.states if p.state == UK)
    assert "london-1839" in {s.judgement.obligation.treaty for s in uk.because}


def test_north_korea_attacks_south_korea_2025(indexed):
    """The US pledge (1953 treaty, Art. III) triggers and nothing restrains it: the Treaty of
    Amity and Cooperation's promise not to attack North Korea does not forbid defending the
    state North Korea attacks. With the published figures the US joins when it honours its
    defence pledge (0.164). NATO's Art. 5 does not follow the US in: the fighting is on the
    Korean peninsula, outside the area of Art. 6."""
    war = war_scenario(indexed, ["North Korea"], ["South Korea"], "2025-06-01")
    c = cascade(indexed, war, draws=100_000, seed=1, honour=PUBLISHED)
    us = [s for s in c.steps if s.obligor == USA and s.beneficiary == ROK]
    assert any(s.verdict is Verdict.TRIGGERED and "Art. III" in s.articles for s in us)
    assert USA not in {cf.state for cf in c.conflicts}
    p_us = next(p for p in c.states if p.state == USA)
    assert p_us.p_target == pytest.approx(PUBLISHED.probability("defense", 2025), abs=0.01)
    canada = [s for s in c.steps if s.obligor == CANADA and s.beneficiary == USA
              and s.judgement.obligation.type.value == "defense"]  # fmt: skip
    assert canada and all(s.verdict is Verdict.NOT_TRIGGERED for s in canada)


def test_war_json_contract(kb_file):
    out = CliRunner().invoke(
        app,
        [
            "--db",
            str(kb_file),
            "war",
            "--attacker",
            "South Korea",
            "--target",
            "North Korea",
            "--on",
            "2025-06-01",
            "--draws",
            "20000",
            "--seed",
            "3",
            "--json",
            "--honour",
            "published",
        ],
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    russia = [v for v in data["verdicts"] if v["obligor"] == RUSSIA and v["type"] == "defense"]
    assert russia and russia[0]["treaty"] == "rus-prk-2024"
    assert russia[0]["verdict"] == "triggered" and russia[0]["round"] == 1
    assert set(russia[0]) >= {"obligor", "beneficiary", "type", "treaty", "verdict", "reason"}
    states = {s["state"]: s for s in data["states"]}
    assert states[ROK]["side"] == "attacker" and states[ROK]["round"] == 0
    assert states[RUSSIA]["side"] == "target" and 0 < states[RUSSIA]["p_join"] < 1
    again = CliRunner().invoke(
        app,
        [
            "--db",
            str(kb_file),
            "war",
            "-a",
            "South Korea",
            "-t",
            "North Korea",
            "--on",
            "2025-06-01",
            "--draws",
            "20000",
            "--seed",
            "3",
            "--json",
            "--honour",
            "published",
        ],
    )
    assert json.loads(again.stdout)["states"] == data["states"]


def test_war_writes_graphml_and_a_picture(kb_file, tmp_path):
    graphml, picture = tmp_path / "c.graphml", tmp_path / "c.png"
    out = CliRunner().invoke(
        app,
        [
            "--db",
            str(kb_file),
            "war",
            "-a",
            "Germany",
            "-t",
            "France",
            "-t",
            "Belgium",
            "--on",
            "1914-08-04",
            "--graphml",
            str(graphml),
            "--picture",
            str(picture),
        ],
    )
    assert out.exit_code == 0, out.output
    assert "United Kingdom" in out.stdout
    g = nx.read_graphml(graphml)
    assert g.nodes[str(UK)]["side"] == "target"
    assert picture.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-a", "Atlantis", "-t", "France", "--on", "1914-08-04"], "Unknown state"),
        (["-a", "Germany", "-t", "France", "--on", "1700-01-01"], "outside 1816"),
        (["-a", "Germany", "-t", "France", "--on", "2999-01-01"], "outside 1816"),
        (["-a", "Ukraine", "-t", "Russia", "--on", "1900-01-01"], "not a state on"),
        (["-a", "France", "-t", "France", "--on", "1914-08-04"], "both attack and are attacked"),
        (["-a", "Germany", "-t", "France", "--on", "1914-08-04", "--seed", "3"], "--draws"),
        (["-a", "Germany", "-t", "France", "--on", "1914-08-04", "--draws", "-5"], "--draws"),
        (
            ["-a", "Germany", "-t", "France", "--on", "1914-08-04", "--where", "Atlantis"],
            "Unknown state 'Atlantis'",
        ),
    ],
)
def test_war_errors_are_one_clean_line(kb_file, args, says):
    out = CliRunner().invoke(app, ["--db", str(kb_file), "war", *args])
    assert out.exit_code != 0
    assert says in out.output
    assert "Traceback" not in out.output


def test_sweep_equals_the_single_scenario_and_runs_on_dask(indexed):
    from distributed import Client, LocalCluster

    from foedus.analyses.sweep import sweep

    pairs = [(PRK, ROK), (ROK, PRK), (GERMANY, FRANCE)]
    local = sweep(indexed, "2025-06-01", pairs, draws=1000, seed=2, honour=PUBLISHED, workers=1)
    single = cascade(
        indexed,
        war_scenario(indexed, [ROK], [PRK], "2025-06-01"),
        draws=1000,
        seed=2,
        honour=PUBLISHED,
    )
    rows = local[(local.attacker == ROK) & (local.target == PRK)]
    by_state = {int(r.state): (r.p_attacker, r.p_target) for r in rows.itertuples()}
    assert by_state[RUSSIA] == (single.outcome.p_join[RUSSIA])
    with (
        LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        remote = sweep(
            indexed,
            "2025-06-01",
            pairs,
            draws=1000,
            seed=2,
            honour=PUBLISHED,
            scheduler=client,
            task_size=1,
        )
    key = ["day", "attacker", "target", "state"]
    assert (
        remote.sort_values(key)
        .reset_index(drop=True)
        .equals(local.sort_values(key).reset_index(drop=True))
    )


def test_validation_starts_from_the_first_day_of_each_war(indexed):
    from foedus.analyses.validate import scores, validate

    checks = validate(indexed)
    ww1 = next(c for c in checks if c.name == "World War I")
    # COW: Austria-Hungary against Serbia on 29 July 1914; Germany, France, Russia and the
    # United Kingdom enter later.
    assert ww1.attackers == {AUSTRIA} and ww1.targets == {SERBIA}
    assert {GERMANY, FRANCE, RUSSIA, UK} <= set(ww1.joined)
    assert ww1.joined[GERMANY] is Side.ATTACKER and ww1.joined[FRANCE] is Side.TARGET
    table = scores(checks).rows
    total = table[("cascade", "all")]
    assert total.wars == len(checks)
    assert total.actual == sum(len(c.joined) for c in checks)
    assert total.hits <= min(total.predicted, total.actual)


@pytest.mark.parametrize("day", ["1914-08-01", "1939-09-01", "1962-10-20", "2025-06-01"])
def test_draws_with_every_pledge_honoured_bring_in_whom_the_verdicts_do(indexed, day):
    # The Monte Carlo graph (pledges judged once per role and theatre) and the deterministic
    # cascade (judged round by round) must agree when every pledge is honoured.
    import random

    from foedus.analyses.judge import Scenario
    from foedus.analyses.sweep import all_pairs

    always = PUBLISHED.with_overrides(
        {"defense": 1.0, "offense": 1.0, "nonaggression": 1.0, "neutrality": 1.0}
    )
    for a, t in random.Random(day).sample(all_pairs(indexed, day), 4):
        det = cascade(indexed, Scenario({a}, {t}, day))
        drawn = cascade(indexed, Scenario({a}, {t}, day), draws=64, seed=1, honour=always)
        assert {p.state for p in drawn.states if p.p_join > 0} == {p.state for p in det.states}
