"""A local flat-Earth plane around a point: east and north offsets (m) of nearby places.

Equirectangular at the mean latitude of each pair: within ~1 % over the 200 km a footprint
spans, far inside the footprints' own uncertainty, and a few numpy operations for any number
of points.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from airwarn.geo.frames import EARTH_RADIUS_M
from airwarn.scenario.model import FloatArray


def local_xy(lat0: float, lon0: float, lat: ArrayLike, lon: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """East and north offsets (m) of points (M,) from (lat0, lon0), degrees in."""
    lat_a = np.asarray(lat, float)
    dlon = (np.asarray(lon, float) - lon0 + 180.0) % 360.0 - 180.0
    x = np.radians(dlon) * np.cos(np.radians(0.5 * (lat_a + lat0))) * EARTH_RADIUS_M
    y = np.radians(lat_a - lat0) * EARTH_RADIUS_M
    return x, y


def along_cross(
    lat0: float, lon0: float, heading_deg: float, lat: ArrayLike, lon: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Distance ahead along heading_deg and to its right (m) of points (M,) from (lat0, lon0)."""
    x, y = local_xy(lat0, lon0, lat, lon)
    h = np.radians(heading_deg)
    s, c = np.sin(h), np.cos(h)
    return x * s + y * c, x * c - y * s
