"""The main flows in a real browser: Debian's chromium driven by Playwright over loopback.

Each test is a journalist's or curator's step: pick a state and a date, read the
table, move the slider, open a treaty, follow a deep link, review an article, and
read it all on a phone. Screenshots go to docs/screenshots when FOEDUS_SCREENSHOTS=1.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from test_web_shapes import tiny_cshapes
from webhelp import ARTICLE, TOKEN, shoot


def _rows(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("#answer-table tbody tr").all_inner_texts()


def test_pick_a_state_and_a_date_then_read_the_table(page) -> None:
    page.goto("/")
    page.wait_for_selector("body[data-ready]")
    page.fill("#search-input", "North Korea")
    page.locator("#search-hits a", has_text="North Korea (731").first.click()
    page.wait_for_selector("#answer-table")
    assert re.search(r"state=731", page.url)
    page.fill("#date-input", "1962-01-01")
    page.dispatch_event("#date-input", "change")
    page.wait_for_function("document.querySelector('#lead').textContent.includes('1962-01-01')")
    rows = _rows(page)
    soviet = next(r for r in rows if r.startswith("Soviet Union (365)") and "defense" in r)
    assert "in force" in soviet and "Soviet–North Korean alliance treaty (1961)" in soviet
    assert "armed attack" in soviet and "ATOP 5.1, row 1067" in soviet
    assert any(r.startswith("China (710)") and "defense" in r for r in rows)
    assert "4 obligations" in page.inner_text("#count")
    # The map colours both defenders and marks the chosen state.
    assert page.locator("svg.map path.fill-defense[data-key=RUS]").count() == 1
    assert page.locator("svg.map path.fill-defense[data-key=CHN]").count() == 1
    assert page.locator("svg.map path.selected[data-key=PRK]").count() == 1
    shoot(page, "defends-north-korea-1962")


def test_move_the_slider(page) -> None:
    page.goto("/defends?state=731&on=2024-07-01")
    page.wait_for_selector("#answer-table")
    assert not any(r.startswith("Soviet Union") for r in _rows(page))
    slider = page.locator("#date-slider")
    box = slider.bounding_box()
    first, last = dt.date(1815, 1, 1), dt.date.today()
    aim = dt.date(1963, 7, 1)
    fraction = (aim - first).days / (last - first).days
    page.mouse.click(box["x"] + 8 + fraction * (box["width"] - 16), box["y"] + box["height"] / 2)
    page.wait_for_function(
        "document.querySelector('#lead').textContent.includes('Soviet') "
        "|| /19[56]\\d-/.test(document.querySelector('#lead').textContent)"
    )
    label = page.inner_text("#slider-label")
    assert abs(dt.date.fromisoformat(label).year - 1963) <= 1, label
    page.wait_for_function(f"location.search.includes('on={label}')")
    page.wait_for_selector("#answer-table")
    assert any(r.startswith("Soviet Union (365)") for r in _rows(page))
    # The keyboard moves it one day at a time.
    slider.focus()
    page.keyboard.press("ArrowRight")
    after = (dt.date.fromisoformat(label) + dt.timedelta(days=1)).isoformat()
    page.wait_for_function(f"document.querySelector('#slider-label').textContent === '{after}'")
    page.wait_for_function(f"location.search.includes('on={after}')")


def test_open_a_treaty(page) -> None:
    page.goto("/defends?state=North%20Korea&on=2025-01-01&type=defense")
    page.wait_for_selector("#answer-table")
    page.locator("#answer-table a", has_text="Comprehensive Strategic Partnership").first.click()
    page.wait_for_selector("#treaty-title")
    assert page.url.endswith("/treaty/rus-prk-2024")
    assert "Russia–North Korea" in page.inner_text("#treaty-title")
    assert page.locator("svg.timeline rect.bar").count() >= 2
    labels = page.locator("svg.timeline text.member-label").all_text_contents()
    assert sorted(labels) == ["North Korea", "Russia"]
    articles = page.inner_text("#articles")
    assert "Art. 4" in articles and "armed attack" in articles
    lineage = page.inner_text("#lineage")
    assert lineage.index("1961-07-06") < lineage.index("2000-02-09") < lineage.index("2024-06-19")
    assert "adds defense" in lineage
    assert "invoked" in page.inner_text("#history")
    shoot(page, "treaty-rus-prk-2024")
    page.locator("#lineage a", has_text="1961").click()
    page.wait_for_function("location.pathname === '/treaty/atop-3440'")
    page.wait_for_function(
        "document.querySelector('#treaty-title') && "
        "document.querySelector('#treaty-title').textContent.includes('1961')"
    )
    page.go_back()
    page.wait_for_function("location.pathname === '/treaty/rus-prk-2024'")


def test_follow_a_deep_link(page) -> None:
    page.goto("/owes?state=Soviet%20Union&on=1962-01-01")
    page.wait_for_selector("#answer-table")
    assert "What Soviet Union owes to whom" in page.inner_text("h1")
    rows = _rows(page)
    assert any(r.startswith("North Korea (731)") and "defense" in r for r in rows)
    assert page.locator(".tabs a.active").inner_text() == "What it owes"
    # A state on the answer without a shape on the map is listed beside it, not dropped.
    page.goto("/defends?state=West%20Germany&on=1970-01-01")
    page.wait_for_selector("#answer-table")
    beside = page.inner_text(".unmapped")
    assert "West Germany (260)" in beside
    shoot(page, "owes-deep-link")


def test_review_an_article(page, web_settings) -> None:
    page.goto("/review")
    page.wait_for_selector("#ingest-form")
    page.fill("#token", TOKEN)
    page.dispatch_event("#token", "change")
    page.fill("#article-text", ARTICLE.read_text())
    page.fill("#published", "2024-06-19")
    page.click("#read-article")
    page.wait_for_selector("#article-view mark")
    marks = page.locator("#article-view mark").all_inner_texts()
    assert "Pyongyang" in marks and "Wednesday" in marks
    assert page.locator("mark[data-fields~=place]", has_text="Pyongyang").count() == 1
    card = page.inner_text(".event-card")
    assert "signed" in card and "Russia (365)" in card and "North Korea (731)" in card
    page.wait_for_selector(".proposal-pending")
    proposal = page.locator(".proposal-pending").first
    pid = proposal.get_attribute("data-pid")
    target = web_settings.register / proposal.locator("h3").inner_text().split(" · ")[1].split()[0]
    before = target.read_text()
    shoot(page, "review-article")
    proposal.locator("input.reviewer").fill("A. Curator")
    proposal.locator("button.accept").click()
    page.wait_for_selector(f".proposal-accepted[data-pid='{pid}']")
    assert "A. Curator" in target.read_text() and target.read_text() != before


def test_read_on_a_phone(browser, live) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=live,
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
    )
    page = context.new_page()
    page.goto("/defends?state=South%20Korea&on=2010-06-01")
    page.wait_for_selector("#answer-table")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the page is {width}px wide on a 390px phone"
    # Table rows become cards: each cell with its label.
    assert page.locator("#answer-table thead").is_hidden()
    assert "United States of America (2)" in page.inner_text("#answer-table tbody tr >> nth=0")
    shoot(page, "phone-defends-south-korea")
    page.goto("/treaty/atop-3240")
    page.wait_for_selector("#treaty-title")
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
    context.close()


def test_the_map_draws_the_borders_of_the_day(page, app, tmp_path) -> None:
    shapes = tmp_path / "CShapes-2.0.geojson"
    shapes.write_text(json.dumps(tiny_cshapes()))
    app.state.explorer.load_shapes(shapes)
    page.goto("/defends?state=North%20Korea&on=1962-01-01")
    page.wait_for_selector("#answer-table")
    page.wait_for_selector("#map[data-source=cshapes]")
    assert "Borders of 1962-01-01: CShapes 2.0" in page.inner_text(".map-figure figcaption")
    assert page.locator("svg.map path.fill-defense[data-key='365']").count() == 1
    assert page.locator("svg.map path.selected[data-key='731']").count() == 1
    # China has no outline in this small CShapes file: listed beside the map, not dropped.
    assert "China (710)" in page.inner_text("#unmapped-list")
    # After 2019 CShapes has no borders: today's are drawn.
    page.goto("/defends?state=North%20Korea&on=2024-07-01")
    page.wait_for_selector("#map[data-source=natural-earth]")


def test_what_if(page) -> None:
    page.goto("/whatif")
    page.wait_for_selector("#whatif-form")
    page.fill("#attacker", "Germany")
    page.fill("#target", "Poland")
    page.fill("#whatif-date", "1939-09-01")
    page.click("#run-whatif")
    page.wait_for_selector("#whatif-table")
    assert "attacker=Germany" in page.url and "on=1939-09-01" in page.url
    rows = page.locator("#whatif-table tbody tr").all_inner_texts()
    # The guarantees of March-April 1939 call Britain and France in for Poland in round 1.
    uk = next(r for r in rows if r.startswith("United Kingdom (200)"))
    assert "target's side" in uk and "\t1\t" in uk and "Poland" in uk
    assert any(r.startswith("France (220)") and "target's side" in r for r in rows)
    assert page.locator("svg.cascade g.node").count() == len(rows)
    assert page.locator("svg.cascade path.edge").count() >= len(rows) - 2
    page.select_option("#draws", "200")
    page.click("#run-whatif")
    page.wait_for_function(
        "document.querySelector('#whatif-table thead')?.textContent.includes('Chance of joining')"
    )
    page.wait_for_selector("#reliability-table", timeout=60000)
    assert "defense" in page.inner_text("#reliability-table")
    shoot(page, "whatif-germany-poland-1939")
