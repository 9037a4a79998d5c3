"""The reference geography airwarn runs on: borders and land (atlas) plus Ukraine's places."""

from __future__ import annotations

import functools

from airwarn.geo.geography import Geography
from airwarn.refdata.atlas import load_atlas
from airwarn.refdata.places import load_places


@functools.lru_cache(maxsize=1)
def load_geography() -> Geography:
    """Countries, land and Ukraine's places (population >= 500), loaded once per process."""
    countries, land = load_atlas()
    return Geography(countries=countries, land=land, places=load_places("UA", 500))
