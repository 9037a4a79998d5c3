"""Likely targets: drones and cruise missiles are sent at places, so the places ahead of a track
(within its reach and a sector around its heading) are where it will most likely come down.

Pure numpy; places are WGS84 points with a built-up radius. Vectorised over places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from airwarn.scenario.model import FloatArray
from airwarn.threat.plane import local_xy

BUILT_UP_M_PER_SQRT_100K: Final = 2500.0
"""Built-up radius of a place of 100,000 people (m); it grows with the square root of population."""
MIN_BUILT_UP_M: Final = 2000.0
MAX_BUILT_UP_M: Final = 12_000.0


def built_up_radius_m(population: FloatArray) -> FloatArray:
    """Radius of each place's built-up area (m): 2.5 km x sqrt(population / 100,000), 2-12 km."""
    r = BUILT_UP_M_PER_SQRT_100K * np.sqrt(np.maximum(np.asarray(population, float), 0.0) / 1e5)
    return np.asarray(np.clip(r, MIN_BUILT_UP_M, MAX_BUILT_UP_M), float)


@dataclass(frozen=True)
class TargetPlaces:
    """Places a threat may be aimed at: centres (degrees) and built-up radii (m), shape (P,)."""

    lat: FloatArray
    lon: FloatArray
    radius_m: FloatArray

    @classmethod
    def from_population(cls, lat: FloatArray, lon: FloatArray, population: FloatArray) -> TargetPlaces:
        """Places with radii from their population (built_up_radius_m)."""
        return cls(np.asarray(lat, float), np.asarray(lon, float), built_up_radius_m(population))

    @classmethod
    def none(cls) -> TargetPlaces:
        """No places: corridors alone."""
        e = np.zeros(0)
        return cls(e, e, e)

    def __len__(self) -> int:
        return int(self.lat.size)


def likely_targets(
    places: TargetPlaces,
    lat: float,
    lon: float,
    heading_deg: float,
    reach_m: float,
    half_angle_deg: float,
) -> tuple[npt.NDArray[np.intp], FloatArray]:
    """Places a track at (lat, lon) flying heading_deg may be aimed at: the nearest edge within
    reach_m and the centre within half_angle_deg of the heading (or the track over the place).

    Returns the places' indices and the distance (m) to each one's built-up edge (0 when inside).
    """
    box_deg = (reach_m + MAX_BUILT_UP_M) / 111_000.0
    near = np.flatnonzero(np.abs(places.lat - lat) <= box_deg)
    if near.size == 0:
        return np.zeros(0, np.intp), np.zeros(0)
    x, y = local_xy(lat, lon, places.lat[near], places.lon[near])
    edge = np.maximum(np.hypot(x, y) - places.radius_m[near], 0.0)
    off = np.abs((np.degrees(np.arctan2(x, y)) - heading_deg + 180.0) % 360.0 - 180.0)
    ok = (edge <= reach_m) & ((off <= half_angle_deg) | (edge == 0.0))
    return near[ok], edge[ok]
