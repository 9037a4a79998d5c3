"""The map's router on a real loopback server: the page, its files, Leaflet and the base map."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from shapely.geometry import Point, shape

from airwarn.web.routes import STATIC_DIR, router
from tests.web.loopback import ThreadServer


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    app = FastAPI()
    app.include_router(router)
    server = ThreadServer(app).start()
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c
    server.stop()


def test_page_loads_leaflet_and_its_module_from_this_server(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<script src="/vendor/leaflet/leaflet.js">' in html
    assert 'src="/static/js/main.js"' in html
    for path in re.findall(r'(?:src|href)="(/[^"]+)"', html):
        assert client.get(path).status_code == 200, path


def test_no_static_file_names_another_host():
    # No CDN, no tile server: every URL the page's files hold is relative to this server.
    for path in STATIC_DIR.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"https?://", text), f"{path.relative_to(STATIC_DIR)} names another host"


def test_static_modules_are_served_as_javascript(client):
    for path in sorted((STATIC_DIR / "js").glob("*.js")):
        response = client.get(f"/static/js/{path.name}")
        assert response.status_code == 200
        assert "javascript" in response.headers["content-type"], path.name


@pytest.mark.parametrize(
    "path",
    [
        "/static/../routes.py",
        "/static/%2e%2e/routes.py",
        "/static/js/nope.js",
        "/vendor/leaflet/../package.json",
        "/static/",
    ],
)
def test_nothing_outside_the_static_folders_is_served(client, path):
    assert client.get(path).status_code == 404


def test_leaflet_comes_from_the_npm_install(client):
    js = client.get("/vendor/leaflet/leaflet.js")
    assert js.status_code == 200
    assert "1.9.4" in js.text[:300]
    assert client.get("/vendor/leaflet/leaflet.css").status_code == 200
    assert client.get("/vendor/leaflet/images/layers.png").headers["content-type"] == "image/png"


def test_base_map_draws_crimea_in_ukraine_with_coast_and_cities(client):
    response = client.get("/api/v1/basemap")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    features = response.json()["features"]
    countries = {
        f["properties"]["a3"]: shape(f["geometry"]) for f in features if f["properties"]["layer"] == "country"
    }
    simferopol, belgorod = Point(34.10, 44.95), Point(36.59, 50.60)
    assert countries["UKR"].contains(simferopol)
    assert not countries["RUS"].contains(simferopol)
    assert countries["RUS"].contains(belgorod)
    assert sum(f["properties"]["layer"] == "coast" for f in features) == 1
    cities = {
        f["properties"]["name"]: f["properties"] for f in features if f["properties"]["layer"] == "city"
    }
    assert cities["Kharkiv"]["name_uk"] == "Харків"
    assert cities["Odesa"]["name_uk"] == "Одеса"
    assert cities["Kyiv"]["population"] > 2_000_000


def test_base_map_of_an_area_holds_only_its_cities(client):
    area = {"lat_min": 49.5, "lat_max": 50.5, "lon_min": 35.5, "lon_max": 37.0}
    features = client.get("/api/v1/basemap", params=area).json()["features"]
    cities = [f for f in features if f["properties"]["layer"] == "city"]
    assert "Kharkiv" in {f["properties"]["name"] for f in cities}
    assert "Kyiv" not in {f["properties"]["name"] for f in cities}
    for f in cities:
        lon, lat = f["geometry"]["coordinates"]
        assert 48.5 <= lat <= 51.5 and 34.5 <= lon <= 38.0


def test_bad_base_map_box_names_the_bound_at_fault(client):
    inverted = client.get(
        "/api/v1/basemap", params={"lat_min": 50, "lat_max": 49, "lon_min": 35, "lon_max": 37}
    )
    assert inverted.status_code == 422
    assert inverted.json()["detail"][0]["loc"] == ["query", "lat_max"]
    partial = client.get("/api/v1/basemap", params={"lat_min": 49})
    assert partial.status_code == 422
    assert {tuple(d["loc"]) for d in partial.json()["detail"]} == {
        ("query", "lat_max"),
        ("query", "lon_min"),
        ("query", "lon_max"),
    }
    world = client.get(
        "/api/v1/basemap", params={"lat_min": -80, "lat_max": 80, "lon_min": -170, "lon_max": 170}
    )
    assert world.status_code == 422
    assert world.json()["detail"][0]["loc"] == ["query", "lat_max"]
    assert "region" in world.json()["detail"][0]["msg"]
    off_earth = client.get(
        "/api/v1/basemap", params={"lat_min": -95, "lat_max": 49, "lon_min": 35, "lon_max": 37}
    )
    assert off_earth.status_code == 422
    assert off_earth.json()["detail"][0]["loc"] == ["query", "lat_min"]


def test_every_static_file_is_package_data():
    # pyproject.toml's package-data globs (expanded as setuptools does) carry the page into a wheel.
    root = Path(__file__).resolve().parents[2]
    setuptools = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    package = root / "src" / "airwarn"
    packaged = {p for g in setuptools["package-data"]["airwarn"] for p in package.glob(g) if p.is_file()}
    static = {p for p in STATIC_DIR.rglob("*") if p.is_file()}
    assert static, "the page has no static files"
    assert static <= packaged, f"not in pyproject.toml's package-data: {sorted(map(str, static - packaged))}"
