"""WGS84 <-> local East-North-Up frames, vectorised over numpy arrays (pymap3d underneath)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pymap3d

FloatArray = npt.NDArray[np.float64]
ArrayLike = FloatArray | float

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), for great-circle distances."""


@dataclass(frozen=True)
class LocalFrame:
    """A local tangent ENU frame at a WGS84 origin; x east, y north, z up, metres."""

    lat0: float
    lon0: float
    alt0_m: float = 0.0

    def to_enu(
        self, lat: ArrayLike, lon: ArrayLike, alt_m: ArrayLike
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Geodetic (deg, deg, m above ellipsoid) -> (east_m, north_m, up_m) in this frame."""
        e, n, u = pymap3d.geodetic2enu(lat, lon, alt_m, self.lat0, self.lon0, self.alt0_m)
        return np.asarray(e, float), np.asarray(n, float), np.asarray(u, float)

    def to_geodetic(
        self, east_m: ArrayLike, north_m: ArrayLike, up_m: ArrayLike
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(east_m, north_m, up_m) in this frame -> geodetic (lat deg, lon deg, alt m)."""
        lat, lon, alt = pymap3d.enu2geodetic(east_m, north_m, up_m, self.lat0, self.lon0, self.alt0_m)
        return np.asarray(lat, float), np.asarray(lon, float), np.asarray(alt, float)


def aer_from(
    lat0: float, lon0: float, alt0_m: float, lat: ArrayLike, lon: ArrayLike, alt_m: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Azimuth (deg clockwise from true north, [0, 360)), elevation (deg) and slant range (m)
    of targets seen from an observer at (lat0, lon0, alt0_m), on the WGS84 ellipsoid."""
    az, el, rng = pymap3d.geodetic2aer(lat, lon, alt_m, lat0, lon0, alt0_m)
    return np.mod(np.asarray(az, float), 360.0), np.asarray(el, float), np.asarray(rng, float)


def geodetic_from_aer(
    lat0: float,
    lon0: float,
    alt0_m: float,
    azimuth_deg: ArrayLike,
    elevation_deg: ArrayLike,
    range_m: ArrayLike,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Inverse of aer_from: the geodetic point at (azimuth, elevation, slant range)."""
    lat, lon, alt = pymap3d.aer2geodetic(azimuth_deg, elevation_deg, range_m, lat0, lon0, alt0_m)
    return np.asarray(lat, float), np.asarray(lon, float), np.asarray(alt, float)


def haversine_m(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> FloatArray:
    """Great-circle distance in metres on the mean sphere (good to ~0.5 % anywhere)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))), float)


def bearing_deg(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> FloatArray:
    """Initial great-circle bearing from point 1 to point 2, degrees clockwise from north."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    x = np.sin(dl) * np.cos(p2)
    y = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return np.asarray(np.mod(np.degrees(np.arctan2(x, y)), 360.0), float)


def destination(
    lat: ArrayLike, lon: ArrayLike, bearing: ArrayLike, distance_m: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """The point reached from (lat, lon) after distance_m along a great circle at bearing."""
    p1, l1 = np.radians(lat), np.radians(lon)
    b = np.radians(bearing)
    d = np.asarray(distance_m) / EARTH_RADIUS_M
    p2 = np.arcsin(np.sin(p1) * np.cos(d) + np.cos(p1) * np.sin(d) * np.cos(b))
    l2 = l1 + np.arctan2(np.sin(b) * np.sin(d) * np.cos(p1), np.cos(d) - np.sin(p1) * np.sin(p2))
    lon2 = np.mod(np.degrees(l2) + 540.0, 360.0) - 180.0
    return np.asarray(np.degrees(p2), float), np.asarray(lon2, float)
