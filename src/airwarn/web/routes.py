"""The live map's HTTP routes: the page, its static files, Leaflet, and the vector base map.

`router` is included by the service's app factory; nothing here imports airwarn.service.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Final

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse, Response

from airwarn.web.basemap import UKRAINE_REGION, BBox, basemap_json
from airwarn.web.vendor import find_leaflet, safe_file

STATIC_DIR: Final = Path(__file__).resolve().parent / "static"
NO_CACHE: Final = {"Cache-Control": "no-cache"}
VENDOR_CACHE: Final = {"Cache-Control": "public, max-age=86400"}
BASEMAP_CACHE: Final = {"Cache-Control": "public, max-age=3600"}
MAX_SPAN_DEG: Final = (30.0, 45.0)
"""Largest box the base map is cut for (latitude, longitude): a scenario's region, not the world."""

router = APIRouter(tags=["map"])


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    """The live map page."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8", headers=NO_CACHE)


@router.get("/static/{path:path}", include_in_schema=False)
def static_file(path: str) -> FileResponse:
    """The page's own scripts, styles and images (installed with the package)."""
    found = safe_file(STATIC_DIR, path)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no static file {path!r}")
    return FileResponse(found, headers=NO_CACHE)


@router.get("/vendor/leaflet/{path:path}", include_in_schema=False)
def leaflet_file(path: str) -> FileResponse:
    """Leaflet 1.9.4's dist/ files (leaflet.js, leaflet.css, images/) from the npm install."""
    found = safe_file(find_leaflet(), path)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no Leaflet file {path!r}")
    return FileResponse(found, headers=VENDOR_CACHE)


def _problem(name: str, msg: str, kind: str = "value_error") -> dict[str, object]:
    """One entry of a 422 answer, in FastAPI's shape, naming the query parameter at fault."""
    return {"loc": ["query", name], "msg": msg, "type": kind}


def _bbox(lat_min: float | None, lat_max: float | None, lon_min: float | None, lon_max: float | None) -> BBox:
    """The requested box, the default region when none is given; 422 naming the bad bound."""
    if lat_min is None and lat_max is None and lon_min is None and lon_max is None:
        return UKRAINE_REGION
    if lat_min is None or lat_max is None or lon_min is None or lon_max is None:
        given = {"lat_min": lat_min, "lat_max": lat_max, "lon_min": lon_min, "lon_max": lon_max}
        need = "give all four of lat_min, lat_max, lon_min, lon_max or none"
        raise HTTPException(422, [_problem(n, need, "missing") for n, v in given.items() if v is None])
    errors = []
    if lat_min >= lat_max:
        errors.append(_problem("lat_max", f"lat_max {lat_max} must exceed lat_min {lat_min}"))
    if lon_min >= lon_max:
        errors.append(_problem("lon_max", f"lon_max {lon_max} must exceed lon_min {lon_min}"))
    span = f"the base map covers a region: at most {MAX_SPAN_DEG[0]:g} degrees of latitude and "
    if lat_max - lat_min > MAX_SPAN_DEG[0]:
        errors.append(_problem("lat_max", f"{span}{MAX_SPAN_DEG[1]:g} of longitude"))
    elif lon_max - lon_min > MAX_SPAN_DEG[1]:
        errors.append(_problem("lon_max", f"{span}{MAX_SPAN_DEG[1]:g} of longitude"))
    if errors:
        raise HTTPException(status_code=422, detail=errors)
    # Round outwards to 0.5 degree so nearby areas share one cached base map.
    return BBox(
        _floor_half(lon_min), _floor_half(lat_min), -_floor_half(-lon_max), -_floor_half(-lat_max)
    ).padded(0.25)


def _floor_half(value: float) -> float:
    """value rounded down to a multiple of 0.5."""
    return float(int(value * 2 // 1)) / 2


LAT = Annotated[float | None, Query(ge=-90.0, le=90.0, description="degrees north")]
LON = Annotated[float | None, Query(ge=-180.0, le=180.0, description="degrees east")]


@router.get(
    "/api/v1/basemap",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}, "description": "a GeoJSON FeatureCollection"}},
)
def basemap(lat_min: LAT = None, lat_max: LAT = None, lon_min: LON = None, lon_max: LON = None) -> Response:
    """GeoJSON base map of an area (default: Ukraine and its border regions): countries (layer
    "country", Crimea is Ukraine), coastline (layer "coast") and cities (layer "city")."""
    bbox = _bbox(lat_min, lat_max, lon_min, lon_max)
    return Response(basemap_json(bbox), media_type="application/geo+json", headers=BASEMAP_CACHE)
