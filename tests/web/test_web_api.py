"""The JSON API: answers as the facade gives them, clear 4xx errors, the safety rules."""

from __future__ import annotations

import subprocess
import sys

import pytest
from webhelp import ARTICLE, TOKEN, csrf

from foedus.web import create_app
from foedus.web.app import CSP


def test_who_defends_north_korea_in_1962_the_two_1961_treaties(client) -> None:
    # July 1961: Moscow (ATOP 3440) and Beijing (ATOP 3445) each pledge to defend the DPRK.
    got = client.get("/api/defends", params={"state": "North Korea", "on": "1962-01-01"})
    assert got.status_code == 200
    body = got.json()
    assert body["state"] == {"ccode": 731, "name": "North Korea", "iso3": "PRK"}
    defense = {(r["obligor_name"], r["treaty"]) for r in body["rows"] if r["type"] == "defense"}
    assert defense == {("Soviet Union", "atop-3440"), ("China", "atop-3445")}
    assert body["rows"][0]["type"] == "defense"  # strongest first
    assert body["counts"]["defense"] == 2
    soviet = next(r for r in body["rows"] if r["treaty"] == "atop-3440" and r["type"] == "defense")
    assert soviet["status"] == "in_force"
    assert soviet["source"]["dataset"] == "ATOP"
    assert soviet["parties"] == [{"ccode": 365, "name": "Soviet Union", "iso3": "RUS"}]
    assert soviet["folded"] is False and body["total"] == 4
    assert any(p["article"] == "Art. 1" for p in soviet["provisions"])


def test_the_answer_is_the_facades(client, kb) -> None:
    params = {"state": "USSR", "on": "1962-01-01", "fold": 0}
    got = client.get("/api/obligations", params=params).json()
    direct = kb.obligations("USSR", "1962-01-01")
    assert got["total"] == len(direct) == len(got["rows"])
    assert sorted((r["beneficiary"], r["type"], r["treaty"]) for r in got["rows"]) == sorted(
        (o.beneficiary, o.type.value, o.treaty) for o in direct
    )


def test_a_type_filter_and_the_2024_pledge_is_signed_not_in_force(client) -> None:
    got = client.get(
        "/api/defends", params={"state": "731", "on": "2024-07-01", "type": ["defense"]}
    ).json()
    assert {r["type"] for r in got["rows"]} == {"defense"}
    russia = [r for r in got["rows"] if r["treaty"] == "rus-prk-2024"]
    assert [r["status"] for r in russia] == ["signed"]


def test_a_big_treaty_folds_into_one_entry_with_its_parties(client, kb) -> None:
    # South Korea, 2010: the 1976 amity treaty (TAC) gives many non-aggression pledges.
    params = {"state": "South Korea", "on": "2010-06-01"}
    got = client.get("/api/defends", params=params).json()
    direct = kb.defends("South Korea", "2010-06-01")
    assert got["total"] == len(direct)
    folded = [e for e in got["rows"] if e["folded"]]
    assert folded and all(e["count"] == len(e["parties"]) > 3 for e in folded)
    assert sum(e["count"] if e["folded"] else 1 for e in got["rows"]) == len(direct)
    tac = next(e for e in folded if e["treaty"] == "atop-3755")
    assert tac["type"] == "nonaggression" and {"ccode": 710, "name": "China", "iso3": "CHN"} in (
        tac["parties"])  # fmt: skip


def test_states_search_by_any_name_or_code(client) -> None:
    assert client.get("/api/states", params={"q": "DPRK"}).json()[0]["ccode"] == 731
    hits = client.get("/api/states", params={"q": "gw:260", "on": "1970-01-01"}).json()
    assert hits[0]["ccode"] == 260 and hits[0]["name"] == "West Germany"
    names = {h["name"] for h in client.get("/api/states", params={"q": "korea"}).json()}
    assert {"North Korea", "South Korea"} <= names
    assert client.get("/api/states", params={"q": "zzzz"}).json() == []
    assert client.get("/api/states", params={"q": "²"}).json() == []


def test_treaty_with_articles_events_and_lineage(client) -> None:
    got = client.get("/api/treaties/rus-prk-2024")
    assert got.status_code == 200
    view = got.json()
    art4 = next(p for p in view["provisions"] if p["article"] == "Art. 4")
    assert "armed attack" in art4["text"] and art4["obligations"] == ["defense"]
    assert art4["sources"]
    chain = [link["treaty"] for link in view["lineage"] if link["bilateral"]]
    assert chain == ["atop-3440", "atop-4940", "rus-prk-2024"]
    assert {m["ccode"] for p in view["phases"] for m in p["members"]} == {365, 731}
    assert client.get("/api/treaties/3180").json()["id"] == "atop-3180"


def test_lineage_endpoint(client) -> None:
    got = client.get("/api/lineage", params={"a": "Russia", "b": "North Korea"}).json()
    assert [link["begins"][:4] for link in got["links"] if link["bilateral"]] == [
        "1961", "2000", "2024"]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/api/defends", {"state": "Narnia", "on": "2000-01-01"}, 404, "Unknown state"),
        ("/api/defends", {"state": "Korea", "on": "1962-01-01"}, 409, "could mean"),
        ("/api/defends", {"state": "731", "on": "1962-13-01"}, 400, "not a real date"),
        ("/api/defends", {"state": "731", "on": "yesterday"}, 422, "on"),
        ("/api/defends", {"state": "731", "on": "1700-01-01"}, 400, "1815"),
        ("/api/defends", {"state": "731"}, 422, "on"),
        ("/api/defends", {"state": "731", "on": "2000-01-01", "type": "hugs"}, 400, "type"),
        ("/api/defends", {"state": "x" * 81, "on": "2000-01-01"}, 422, "state"),
        ("/api/defends", {"state": "²", "on": "2000-01-01"}, 400, "digits 0-9"),
        ("/api/lineage", {"a": "٣٦٥", "b": "731"}, 400, "digits 0-9"),
        ("/api/treaties/no-such-treaty", {}, 404, "no treaty"),
        ("/api/treaties/bad%20id", {}, 422, "treaty_id"),
        ("/api/shapes", {"on": "1962-01-01"}, 404, "CShapes"),
        ("/api/nothing", {}, 404, "Not Found"),
    ],
)
def test_bad_input_is_a_clear_4xx(client, path, params, status, words) -> None:
    got = client.get(path, params=params)
    assert got.status_code == status, got.text
    assert words in got.json()["error"]


def test_pages_are_served_with_the_csrf_cookie_and_a_strict_policy(client) -> None:
    for path in ("/", "/defends?state=731&on=1962-01-01", "/owes", "/treaty/rus-prk-2024",
                 "/review"):  # fmt: skip
        got = client.get(path)
        assert got.status_code == 200 and '<script src="/static/app.js"' in got.text
        assert "foedus_csrf" in got.headers["set-cookie"]
        assert "samesite=strict" in got.headers["set-cookie"].lower()
        assert "default-src 'self'" in got.headers["content-security-policy"]
    assert client.get("/static/countries-50m.json").status_code == 200


def test_openapi_documents_every_endpoint(client) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/defends", "/api/obligations", "/api/treaties/{treaty_id}", "/api/states",
            "/api/lineage", "/api/shapes", "/api/status", "/api/review/ingest",
            "/api/review/proposals/{pid}/accept"} <= set(spec["paths"])  # fmt: skip


def test_reading_an_article_without_token_shows_events_and_stores_nothing(client) -> None:
    got = client.post("/api/review/ingest", json={"text": ARTICLE.read_text(),
                      "published": "2024-06-19"}, headers=csrf(client))  # fmt: skip
    assert got.status_code == 200, got.text
    body = got.json()
    event = body["articles"][0]["events"][0]
    assert event["kind"] == "signed" and {p["cow"] for p in event["parties"]} == {365, 731}
    text = body["articles"][0]["text"]
    place = next(e for e in event["evidence"] if e["field"] == "place")
    assert text[place["start"] : place["end"]] == "Pyongyang"
    assert body["proposals"] == [] and not body["stored"]
    assert "token" in body["problem"]
    assert client.get("/api/review/proposals").json() == []


def test_accepting_a_proposal_needs_token_and_csrf_and_writes_the_register(
    client, web_settings
) -> None:
    headers = {**csrf(client), "X-Foedus-Token": TOKEN}
    got = client.post("/api/review/ingest", json={"text": ARTICLE.read_text(),
                      "published": "2024-06-19"}, headers=headers).json()  # fmt: skip
    assert got["stored"] and got["proposals"]
    pid = got["proposals"][0]["id"]
    target = web_settings.register / got["proposals"][0]["target"]
    before = target.read_text()
    decision = {"reviewer": "A. Curator"}
    url = f"/api/review/proposals/{pid}/accept"
    # No CSRF token: refused before anything runs.
    assert client.post(url, json=decision, headers={"X-Foedus-Token": TOKEN}).status_code == 403
    # A foreign page posting with the cookie: refused by its Origin.
    foreign = {**headers, "Origin": "http://evil.example"}
    assert client.post(url, json=decision, headers=foreign).status_code == 403
    # No or wrong write token: refused.
    assert client.post(url, json=decision, headers=csrf(client)).status_code == 403
    wrong = {**csrf(client), "X-Foedus-Token": "nope"}
    assert client.post(url, json=decision, headers=wrong).status_code == 403
    assert target.read_text() == before
    done = client.post(url, json=decision, headers=headers)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "accepted"
    assert "A. Curator" in target.read_text() and target.read_text() != before
    again = client.post(url, json=decision, headers=headers)
    assert again.status_code == 400 and "already accepted" in again.json()["error"]


def test_reading_a_url_needs_the_token(client) -> None:
    got = client.post("/api/review/ingest", json={"url": "http://127.0.0.1:9/a"},
                      headers=csrf(client))  # fmt: skip
    assert got.status_code == 403 and "token" in got.json()["error"]


def test_request_bodies_are_capped(client, app) -> None:
    limit = app.state.explorer.settings.max_body
    got = client.post("/api/review/ingest", content=b"x" * (limit + 1),
                      headers={**csrf(client), "Content-Type": "application/json"})  # fmt: skip
    assert got.status_code == 413 and "larger than" in got.json()["error"]


def test_read_only_without_a_token(kb_file, tmp_path) -> None:
    from fastapi.testclient import TestClient

    from foedus.web import Settings, create_app

    with TestClient(create_app(Settings(db=kb_file, proposals=tmp_path))) as c:
        assert c.get("/api/status").json()["writable"] is False
        got = c.post("/api/review/proposals/abc/accept", json={"reviewer": "x"}, headers=csrf(c))
        assert got.status_code == 403 and "--token" in got.json()["error"]


def test_no_store_serves_a_notice_and_503(tmp_path) -> None:
    from fastapi.testclient import TestClient

    from foedus.web import Settings, create_app

    with TestClient(create_app(Settings(db=tmp_path / "none.duckdb"))) as c:
        status = c.get("/api/status").json()
        assert status["ready"] is False and "No knowledge base" in status["notices"][0]
        got = c.get("/api/defends", params={"state": "731", "on": "2000-01-01"})
        assert got.status_code == 503 and "foedus data import" in got.json()["error"]


def test_the_cli_and_import_foedus_do_not_load_the_web_stack() -> None:
    script = (
        "import sys\nimport foedus\nfrom foedus.cli import app\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('fastapi', 'starlette', 'uvicorn') or m.startswith('foedus.web')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, timeout=60)  # fmt: skip
    assert out.stdout.strip() == "[]"


def test_answers_are_cached_until_the_store_is_swapped(kb_file, tmp_path) -> None:
    import os
    import shutil

    from fastapi.testclient import TestClient

    from foedus.lookup import lookup_path
    from foedus.web import Settings, create_app

    db = tmp_path / "kb.duckdb"
    shutil.copy(kb_file, db)
    shutil.copy(lookup_path(kb_file), lookup_path(db))
    app = create_app(Settings(db=db))
    params = {"state": "731", "on": "1962-01-01"}
    with TestClient(app) as c:
        first = c.get("/api/defends", params=params).content
        assert app.state.explorer.answers and c.get("/api/defends", params=params).content == first
        # An import swaps a new file in (a new inode): the next question reopens and recomputes.
        shutil.copy(db, tmp_path / "new.duckdb")
        os.replace(tmp_path / "new.duckdb", db)
        assert c.get("/api/status").status_code == 200
        again = c.get("/api/defends", params=params)
        assert again.status_code == 200 and again.content == first
        # Only the new store's answer is kept: by the question, and by the records it holds.
        kept = app.state.explorer.answers
        assert len(kept) == 2 and len([k for k in kept if k[0] == "/api/defends"]) == 1


def test_what_if_germany_attacks_poland_in_1939(client) -> None:
    params = {"attacker": "Germany", "target": "Poland", "on": "1939-09-01"}
    got = client.get("/api/whatif", params=params)
    assert got.status_code == 200, got.text
    sides = {s["name"]: (s["side"], s["round"]) for s in got.json()["states"]}
    assert sides["Germany"] == ("attacker", 0) and sides["Poland"] == ("target", 0)
    assert sides["United Kingdom"] == ("target", 1) and sides["France"] == ("target", 1)
    drawn = client.get("/api/whatif", params={**params, "draws": 50, "seed": 3}).json()
    again = client.get("/api/whatif", params={**params, "draws": 50, "seed": 3}).json()
    assert drawn["monte_carlo"]["draws"] == 50 and drawn["states"] == again["states"]
    assert all(0 <= s["p_join"] <= 1 for s in drawn["states"])
    bad = client.get("/api/whatif", params={**params, "draws": 10**6})
    assert bad.status_code == 422 and "draws" in bad.json()["error"]


def test_reliability_panel_is_the_analysis(client, kb) -> None:
    from foedus.analyses.reliability import reliability

    got = client.get("/api/reliability")
    assert got.status_code == 200, got.text
    body = got.json()
    direct = reliability(kb).to_dict()
    assert body["overall"] == direct["overall"] and body["by_type"] == direct["by_type"]
    assert body["cases"] == len(direct["cases"])


QUICK_QUERIES = [
    "state=731&on=1962-01-01",
    "state=North%20Korea&on=2025-01-01&fold=0",
    "state=2&on=1990-06-01&type=defense&type=consultation&extra=ignored",
    "state=365&on=1993-01-01&fold=1000",
    "state=Korea&on=1962-01-01",  # ambiguous: 409
    "state=Narnia&on=2000-01-01",  # unknown: 404
    "state=731&on=2000-01-01&type=hugs",  # unknown type: 400
    "state=731&on=1962-13-01",  # not a real date: 400
    "state=731&on=1962-01-01&fold=",
    "state=731&on=1962-01-01&fold=%2B3",
    "state=731&on=1962-01-01&fold=1001",
    "state=&on=1962-01-01",
    "state=731&state=2&on=1962-01-01",
    "state=731&on=%D9%A1%D9%A9%D9%A6%D9%A2-01-01",  # Arabic-Indic digits
    "state=731&on=1962-01-01%0A",
    "state=731&on=1962",
    "state=731&on=1962-01-01" + "&type=defense" * 6,
    "on=1962-01-01",
]


@pytest.mark.parametrize("path", ["/api/defends", "/api/obligations"])
def test_the_quick_answers_are_fastapis_answers(web_settings, path, monkeypatch) -> None:
    """Every question answered in front of FastAPI gets the very status and body FastAPI
    gives when it answers alone; the odd ones go on to it."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from foedus.web.app import ExplorerApp

    with TestClient(create_app(web_settings)) as quick:
        got = {q: quick.get(f"{path}?{q}") for q in QUICK_QUERIES}
    monkeypatch.setattr(ExplorerApp, "build_middleware_stack", FastAPI.build_middleware_stack)
    with TestClient(create_app(web_settings)) as alone:
        for q in QUICK_QUERIES:
            want = alone.get(f"{path}?{q}")
            assert (got[q].status_code, got[q].json()) == (want.status_code, want.json()), q
            assert got[q].headers["content-security-policy"] == CSP, q
            assert got[q].headers["cache-control"] == "no-store", q
    assert {r.status_code for r in got.values()} >= {200, 400, 404, 409, 422}


def test_a_day_with_the_same_records_reuses_the_answer_but_its_date(client, app) -> None:
    params = {"state": "North Korea", "on": "1993-01-01"}
    first = client.get("/api/defends", params=params).json()
    kept = len(app.state.explorer.answers)
    second = client.get("/api/defends", params={**params, "on": "1993-01-02"}).json()
    # One more entry (the question); the document by its records was there already.
    assert len(app.state.explorer.answers) == kept + 1
    assert second.pop("on") == "1993-01-02" and first.pop("on") == "1993-01-01"
    assert first == second
    # Across the Soviet Union's end the same pledge is another record: Russia's.
    soviet = client.get("/api/defends", params={**params, "on": "1991-06-01"}).json()
    assert "Soviet Union" in {r["obligor_name"] for r in soviet["rows"] if not r["folded"]}
    assert "Russia" in {r["obligor_name"] for r in second["rows"] if not r["folded"]}
