"""Historical borders: CShapes 2.0 (1886–2019), fetched from its publisher, by date.

CShapes 2.0 (Schvitz et al. 2022) maps every state of the Gleditsch–Ward
system with the borders it had on each day from 1886 to 2019. Its GeoJSON
has one feature per state and border spell: ``gwcode``, ``cntry_name`` and
the spell's first and last day (``gwsyear/gwsmonth/gwsday``,
``gweyear/gwemonth/gweday``). :class:`ShapeIndex` reads it once, simplifies
each outline for the screen, and answers "which shapes are valid on D",
each with the COW code the state directory gives its GW code that day.

>>> import json, tempfile, os
>>> from pathlib import Path
>>> square = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}
>>> def feature(gw, name, start, end):
...     (sy, sm, sd), (ey, em, ed) = start, end
...     props = dict(gwcode=gw, cntry_name=name, gwsyear=sy, gwsmonth=sm, gwsday=sd,
...                  gweyear=ey, gwemonth=em, gweday=ed)
...     return {"type": "Feature", "properties": props, "geometry": square}
>>> data = {"type": "FeatureCollection", "features": [
...     feature(365, "Russia (Soviet Union)", (1886, 1, 1), (1991, 12, 20)),
...     feature(365, "Russia", (1991, 12, 21), (2019, 12, 31))]}
>>> path = Path(tempfile.mkdtemp()) / "CShapes-2.0.geojson"
>>> _ = path.write_text(json.dumps(data))
>>> index = ShapeIndex.load(path)
>>> [s.name for s in index.valid_on(dt.date(1962, 1, 1))]
['Russia (Soviet Union)']
>>> index.valid_on(dt.date(1850, 1, 1)), index.valid_on(dt.date(2024, 1, 1))
([], [])
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foedus.errors import DownloadError, FoedusError, SourceFileError

if TYPE_CHECKING:
    import httpx

    from foedus.codes import StateDirectory

__all__ = [
    "CITATION",
    "CSHAPES_FILE",
    "CSHAPES_URL",
    "Shape",
    "ShapeIndex",
    "fetch_cshapes",
    "find_cshapes",
]

CSHAPES_URL = "https://icr.ethz.ch/data/cshapes/CShapes-2.0.geojson"
CSHAPES_FILE = "CShapes-2.0.geojson"
CITATION = (
    "Schvitz, Guy, Luc Girardin, Seraina Rüegger, Nils B. Weidmann, Lars-Erik Cederman and "
    "Kristian Skrede Gleditsch. 2022. Mapping the International System, 1886-2019: The CShapes "
    "2.0 Dataset. Journal of Conflict Resolution 66(1): 144-161. https://icr.ethz.ch/data/cshapes/"
)
_REQUIRED = ("gwcode", "gwsyear", "gwsmonth", "gwsday", "gweyear", "gwemonth", "gweday")
_TOLERANCE = 0.05  # degrees: finer than a pixel on a world map a phone shows
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class Shape:
    """One state's outline over one border spell (both days inclusive)."""

    gwcode: int
    name: str
    start: dt.date
    end: dt.date
    geometry: dict[str, Any]


def _simplify_ring(ring: Sequence[Sequence[float]]) -> list[list[float]] | None:
    kept: list[list[float]] = []
    for point in ring:
        x, y = round(float(point[0]), 2), round(float(point[1]), 2)
        if not (math.isfinite(x) and math.isfinite(y)):
            return None
        if kept and math.hypot(x - kept[-1][0], y - kept[-1][1]) < _TOLERANCE:
            continue
        kept.append([x, y])
    if len(kept) < 3:
        return None
    if kept[0] != kept[-1]:
        kept.append(list(kept[0]))
    return kept if len(kept) >= 4 else None


def _simplify(geometry: dict[str, Any]) -> dict[str, Any] | None:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        polygons = coords
    else:
        return None
    out = []
    for polygon in polygons:
        rings = [r for r in (_simplify_ring(ring) for ring in polygon) if r]
        if rings:
            out.append(rings)
    if not out:
        return None
    return {"type": "MultiPolygon", "coordinates": out}


def _day(props: dict[str, Any], prefix: str, where: str) -> dt.date:
    try:
        return dt.date(int(props[f"{prefix}year"]), int(props[f"{prefix}month"]),
                       int(props[f"{prefix}day"]))  # fmt: skip
    except (TypeError, ValueError) as exc:
        raise SourceFileError(f"{where}: not a real date in {prefix}year/month/day ({exc})"
                              ) from None  # fmt: skip


class ShapeIndex:
    """CShapes outlines by date; ``on(day, directory)`` is what ``/api/shapes`` returns."""

    def __init__(self, shapes: Iterable[Shape], path: Path | None = None) -> None:
        self.shapes = sorted(shapes, key=lambda s: (s.start, s.gwcode))
        self.path = path
        self._on = lru_cache(maxsize=64)(self._compute)

    @classmethod
    def load(cls, path: str | Path) -> ShapeIndex:
        """Read a CShapes 2.0 GeoJSON file (or foedus's simplified copy of one).

        Raises :class:`SourceFileError` naming the file and the feature at fault.
        """
        file = Path(path)
        try:
            data = json.loads(file.read_bytes())
        except OSError as exc:
            raise SourceFileError(f"cannot read the file ({exc.strerror})", path=file) from None
        except ValueError as exc:
            raise SourceFileError(f"not JSON ({exc}); download it again", path=file) from None
        features = data.get("features") if isinstance(data, dict) else None
        if not isinstance(features, list):
            raise SourceFileError("not a GeoJSON FeatureCollection; is this CShapes 2.0?",
                                  path=file)  # fmt: skip
        shapes = []
        for i, feature in enumerate(features):
            where = f"feature {i}"
            props = (feature or {}).get("properties") or {}
            missing = [k for k in _REQUIRED if props.get(k) is None]
            if missing:
                raise SourceFileError(f"{where} lacks {', '.join(missing)}; is this CShapes 2.0?",
                                      path=file)  # fmt: skip
            try:
                gw = int(props["gwcode"])
            except (TypeError, ValueError):
                raise SourceFileError(f"{where}: gwcode {props['gwcode']!r} is not a number",
                                      path=file) from None  # fmt: skip
            if gw < 0:  # areas outside the state system
                continue
            start, end = _day(props, "gws", where), _day(props, "gwe", where)
            geometry = _simplify(feature.get("geometry") or {})
            if geometry is None:
                continue
            name = str(props.get("cntry_name") or f"GW {gw}")
            shapes.append(Shape(gw, name, start, end, geometry))
        if not shapes:
            raise SourceFileError("no state outlines in the file; is this CShapes 2.0?", path=file)
        return cls(shapes, file)

    def valid_on(self, day: dt.date) -> list[Shape]:
        """The outlines valid on ``day`` (none before 1886 or after 2019)."""
        return [s for s in self.shapes if s.start <= day <= s.end]

    def describe(self) -> dict[str, Any]:
        return {
            "source": "CShapes 2.0",
            "first": min(s.start for s in self.shapes).isoformat(),
            "last": max(s.end for s in self.shapes).isoformat(),
            "outlines": len(self.shapes),
            "citation": CITATION,
        }

    def on(self, day: dt.date, directory: StateDirectory) -> dict[str, Any]:
        """GeoJSON features valid on ``day``, each with ``gwcode``, ``ccode`` (None when COW
        lists no state for it that day) and ``name``; NotFound outside CShapes' years."""
        return self._on(day, directory)  # type: ignore[no-any-return]

    def _compute(self, day: dt.date, directory: StateDirectory) -> dict[str, Any]:
        from foedus.errors import NotFound

        valid = self.valid_on(day)
        if not valid:
            info = self.describe()
            raise NotFound(f"CShapes has no borders on {day} (it covers {info['first']} to "
                           f"{info['last']}); the map shows today's borders")  # fmt: skip
        features = []
        for s in valid:
            try:
                code: int | None = directory.gw_to_cow(s.gwcode, day)
            except FoedusError:
                code = None
            features.append({
                "type": "Feature",
                "properties": {"gwcode": s.gwcode, "ccode": code, "name": s.name},
                "geometry": s.geometry,
            })  # fmt: skip
        return {"on": day.isoformat(), "source": "CShapes 2.0", "citation": CITATION,
                "features": features}  # fmt: skip


def find_cshapes(folders: Iterable[Path | None]) -> Path | None:
    """The first ``CShapes-2.0.geojson`` under any of ``folders`` (searched recursively)."""
    for folder in folders:
        if folder is None or not folder.is_dir():
            continue
        direct = folder / CSHAPES_FILE
        if direct.is_file():
            return direct
        for found in sorted(folder.rglob(CSHAPES_FILE)):
            if found.is_file():
                return found
    return None


def fetch_cshapes(
    dest: str | Path,
    *,
    url: str = CSHAPES_URL,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
    timeout: float = 30.0,
) -> Path:
    """Download CShapes 2.0 into ``dest`` from its publisher; check it reads, then move it
    into place (nothing half-written appears under the final name).

    Raises :class:`DownloadError` when the publisher cannot be reached or sends
    something that is not CShapes, saying how to put the file in place by hand.
    """
    import httpx

    from foedus._version import __version__

    folder = Path(dest).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / CSHAPES_FILE
    part = folder / f".{CSHAPES_FILE}.{os.getpid()}.part"
    http = client or httpx.Client(timeout=timeout, headers={"User-Agent": f"foedus/{__version__}"})
    by_hand = (f"download {url} by hand and put it in {folder} (or under the FOEDUS_DATA "
               "folder); the map shows today's borders meanwhile")  # fmt: skip
    try:
        with http.stream("GET", url, follow_redirects=True) as resp:
            if resp.status_code != 200:
                raise DownloadError(f"{url} answered HTTP {resp.status_code}; {by_hand}", url=url)
            length = resp.headers.get("Content-Length", "")
            total = int(length) if length.isdigit() else None
            have = 0
            with part.open("wb") as out:
                for chunk in resp.iter_bytes():
                    out.write(chunk)
                    have += len(chunk)
                    if progress:
                        progress(have, total)
        if total is not None and have != total:
            raise DownloadError(f"the download of {url} broke off ({have} of {total} bytes); "
                                f"try again, or {by_hand}", url=url)  # fmt: skip
        try:
            ShapeIndex.load(part)
        except SourceFileError as exc:
            raise DownloadError(f"what {url} sent is not CShapes 2.0 ({exc}); {by_hand}",
                                url=url) from None  # fmt: skip
        os.replace(part, final)
        return final
    except httpx.HTTPError as exc:
        raise DownloadError(f"cannot reach {url} ({type(exc).__name__}: {exc}); {by_hand}",
                            url=url) from None  # fmt: skip
    finally:
        part.unlink(missing_ok=True)
        if client is None:
            http.close()
