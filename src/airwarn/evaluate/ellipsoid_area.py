"""Areas of lon/lat polygons on the WGS84 ellipsoid, through an exact equal-area projection.

Lambert's cylindrical equal-area projection of the ellipsoid (Snyder 1987, eq. 3-12 and 10-15):
x = a * lon, y = a * q(lat) / 2. It preserves area exactly, so a planar area there is the
ellipsoidal area. Edges are densified first so that they follow straight lon/lat lines, as
GeoJSON (RFC 7946) draws them; against geodesic edges the difference is negligible at alert
sizes (checked against pyproj.Geod in the tests when pyproj is installed).
"""

from __future__ import annotations

from typing import Final

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from airwarn.scenario.model import FloatArray

WGS84_A_M: Final = 6_378_137.0
WGS84_F: Final = 1.0 / 298.257223563
_E2: Final = WGS84_F * (2.0 - WGS84_F)
_E: Final = float(np.sqrt(_E2))
DENSIFY_DEG: Final = 0.02
"""Longest edge (degrees) kept before projecting."""


def authalic_q(lat_deg: FloatArray) -> FloatArray:
    """Snyder's q(lat) for WGS84: y = a q / 2 is the equal-area northing."""
    s = np.sin(np.radians(lat_deg))
    return np.asarray(
        (1.0 - _E2) * (s / (1.0 - _E2 * s * s) - np.log((1.0 - _E * s) / (1.0 + _E * s)) / (2.0 * _E)),
        float,
    )


def _project(coords: FloatArray) -> FloatArray:
    """(N, 2) lon/lat degrees -> (N, 2) equal-area metres."""
    x = WGS84_A_M * np.radians(coords[:, 0])
    y = WGS84_A_M * authalic_q(coords[:, 1]) / 2.0
    return np.stack([x, y], axis=-1)


def to_equal_area(geom: BaseGeometry) -> BaseGeometry:
    """A lon/lat geometry as planar metres in the equal-area projection (area preserved)."""
    dense = shapely.segmentize(geom, DENSIFY_DEG)
    return shapely.transform(dense, _project)


def area_km2(geom: BaseGeometry) -> float:
    """Ellipsoidal area (km^2) of a lon/lat Polygon or MultiPolygon."""
    return float(to_equal_area(geom).area) / 1e6
