"""CShapes 2.0: the loader on small files built here, its download, and the borders by date."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from foedus.errors import DownloadError, SourceFileError
from foedus.web.shapes import CSHAPES_FILE, ShapeIndex, fetch_cshapes, find_cshapes

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from httpserver import FileServer, dead_url


def _square(x: float, y: float, size: float = 10.0, steps: int = 1) -> dict:
    """A square ring, with ``steps`` points per side (to test simplification)."""
    ring = []
    corners = [(x, y), (x + size, y), (x + size, y + size), (x, y + size)]
    for (ax, ay), (bx, by) in zip(corners, [*corners[1:], corners[0]], strict=True):
        ring += [[ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps] for i in range(steps)]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def _feature(gw, name, start, end, geometry) -> dict:  # type: ignore[no-untyped-def]
    (sy, sm, sd), (ey, em, ed) = start, end
    props = {"gwcode": gw, "cntry_name": name, "gwsyear": sy, "gwsmonth": sm, "gwsday": sd,
             "gweyear": ey, "gwemonth": em, "gweday": ed, "capname": "x"}  # fmt: skip
    return {"type": "Feature", "properties": props, "geometry": geometry}


def tiny_cshapes() -> dict:
    """Four states over a few spells, the way CShapes 2.0 writes them (GW codes)."""
    return {
        "type": "FeatureCollection",
        "features": [
            _feature(365, "Russia (Soviet Union)", (1886, 1, 1), (1991, 12, 20),
                     _square(40, 50, 30, steps=2000)),
            _feature(365, "Russia", (1991, 12, 21), (2019, 12, 31), _square(40, 50, 25)),
            _feature(260, "German Federal Republic", (1949, 9, 21), (1990, 10, 2),
                     _square(6, 48, 5)),
            _feature(731, "Korea, People's Republic of", (1948, 9, 9), (2019, 12, 31),
                     _square(125, 38, 3)),
            _feature(-1, "Antarctica", (1886, 1, 1), (2019, 12, 31), _square(0, -80, 10)),
        ],
    }  # fmt: skip


@pytest.fixture
def cshapes_file(tmp_path: Path) -> Path:
    path = tmp_path / "cshapes" / CSHAPES_FILE
    path.parent.mkdir()
    path.write_text(json.dumps(tiny_cshapes()))
    return path


def test_outlines_valid_on_a_date(cshapes_file: Path) -> None:
    index = ShapeIndex.load(cshapes_file)
    assert len(index.shapes) == 4  # the area outside the state system (gwcode -1) is left out
    names = lambda day: sorted(s.name for s in index.valid_on(day))  # noqa: E731
    assert names(dt.date(1962, 1, 1)) == ["German Federal Republic", "Korea, People's Republic of",
                                          "Russia (Soviet Union)"]  # fmt: skip
    assert "Russia (Soviet Union)" in names(dt.date(1991, 12, 20))  # the last day is inclusive
    assert "Russia" in names(dt.date(1991, 12, 21))
    assert names(dt.date(1885, 12, 31)) == [] and names(dt.date(2020, 1, 1)) == []
    assert index.describe()["first"] == "1886-01-01" and index.describe()["last"] == "2019-12-31"


def test_outlines_are_simplified_and_closed(cshapes_file: Path) -> None:
    soviet = ShapeIndex.load(cshapes_file).valid_on(dt.date(1962, 1, 1))
    ring = next(s for s in soviet if s.gwcode == 365).geometry["coordinates"][0][0]
    assert ring[0] == ring[-1]
    assert len(ring) < 8001 / 2  # 8,000 points 0.015 degrees apart thinned to under half
    assert all(round(x, 2) == x and round(y, 2) == y for x, y in ring)


def test_cow_codes_on_the_day(cshapes_file: Path, kb) -> None:
    got = ShapeIndex.load(cshapes_file).on(dt.date(1970, 1, 1), kb.states)
    by_gw = {f["properties"]["gwcode"]: f["properties"]["ccode"] for f in got["features"]}
    assert by_gw == {365: 365, 260: 260, 731: 731}
    assert "Schvitz" in got["citation"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not json", "not JSON"),
        ('{"type": "Topology"}', "FeatureCollection"),
        ('{"type": "FeatureCollection", "features": [{"properties": {"gwcode": 2}}]}',
         "feature 0 lacks gwsyear"),
        ('{"type": "FeatureCollection", "features": []}', "no state outlines"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_cshapes_says_so(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / CSHAPES_FILE
    path.write_text(content)
    with pytest.raises(SourceFileError, match=words) as caught:
        ShapeIndex.load(path)
    assert str(path) in str(caught.value)


def test_a_bad_date_names_the_feature(tmp_path: Path) -> None:
    data = tiny_cshapes()
    data["features"][2]["properties"]["gwemonth"] = 13
    path = tmp_path / CSHAPES_FILE
    path.write_text(json.dumps(data))
    with pytest.raises(SourceFileError, match="feature 2: not a real date"):
        ShapeIndex.load(path)


def test_find_cshapes_under_a_folder(cshapes_file: Path, tmp_path: Path) -> None:
    assert find_cshapes([None, tmp_path / "nowhere", tmp_path]) == cshapes_file
    assert find_cshapes([tmp_path / "nowhere"]) is None


def test_fetch_from_the_publisher(tmp_path: Path) -> None:
    body = json.dumps(tiny_cshapes()).encode()
    seen: list[tuple[int, int | None]] = []
    with FileServer() as server:
        url = server.add("/data/cshapes/CShapes-2.0.geojson", body)
        got = fetch_cshapes(tmp_path / "dest", url=url, progress=lambda a, b: seen.append((a, b)))
    assert got == tmp_path / "dest" / CSHAPES_FILE and got.read_bytes() == body
    assert seen[-1] == (len(body), len(body))
    assert [p.name for p in got.parent.iterdir()] == [CSHAPES_FILE]


def test_fetch_refuses_what_is_not_cshapes_and_leaves_nothing(tmp_path: Path) -> None:
    with FileServer() as server:
        url = server.add("/c.geojson", b"<html>moved</html>")
        with pytest.raises(DownloadError, match=r"not CShapes 2\.0"):
            fetch_cshapes(tmp_path, url=url)
        missing = server.url("/missing.geojson")
        with pytest.raises(DownloadError, match="HTTP 404"):
            fetch_cshapes(tmp_path, url=missing)
    with pytest.raises(DownloadError, match="by hand"):
        fetch_cshapes(tmp_path, url=dead_url("/c.geojson"))
    assert list(tmp_path.iterdir()) == []


def test_the_api_serves_borders_by_date(web_settings, cshapes_file: Path) -> None:
    from fastapi.testclient import TestClient

    from foedus.web import create_app

    web_settings.shapes = cshapes_file
    with TestClient(create_app(web_settings)) as c:
        status = c.get("/api/status").json()
        assert status["shapes"]["historical"] is True and status["shapes"]["outlines"] == 4
        got = c.get("/api/shapes", params={"on": "1962-01-01"})
        assert got.status_code == 200
        assert {f["properties"]["ccode"] for f in got.json()["features"]} == {365, 260, 731}
        outside = c.get("/api/shapes", params={"on": "1850-01-01"})
        assert outside.status_code == 404 and "1886-01-01" in outside.json()["error"]
