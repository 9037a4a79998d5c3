"""Glide bombs (UMPK/FAB type): released by an aircraft at 8-12 km, 40-70 km from the target,
gliding straight at 200-300 m/s for 2-5 minutes, ending in a steeper terminal dive."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from airwarn.geo.frames import destination
from airwarn.sim.paths import GROUND_ALT_M, fly, route_path
from airwarn.sim.types import Trajectory

FloatArray = npt.NDArray[np.float64]

RELEASE_RANGE_M = (40e3, 70e3)
RELEASE_HEIGHT_M = (8e3, 12e3)
MAX_FLIGHT_S = 290.0


def release_point(
    target: tuple[float, float],
    launch_region: BaseGeometry,
    ukraine: BaseGeometry,
    rng: np.random.Generator,
    from_bearing_deg: float | None,
) -> tuple[float, float]:
    """Where the aircraft releases: 40-70 km from the target over the launch region (outside
    Ukraine), preferring the sector within 60° of from_bearing_deg; if no such point exists,
    the point at 70 km nearest to the launch region."""
    n = 256
    centre = rng.uniform(0.0, 360.0) if from_bearing_deg is None else from_bearing_deg
    for spread in (60.0, 180.0):
        az = centre + rng.uniform(-spread, spread, n)
        d = rng.uniform(*RELEASE_RANGE_M, n)
        lat, lon = destination(np.full(n, target[0]), np.full(n, target[1]), az, d)
        ok = shapely.contains_xy(launch_region, lon, lat) & ~shapely.contains_xy(ukraine, lon, lat)
        if ok.any():
            i = int(np.flatnonzero(ok)[0])
            return float(lat[i]), float(lon[i])
    az = np.arange(0.0, 360.0, 2.0)
    lat, lon = destination(np.full(az.size, target[0]), np.full(az.size, target[1]), az, RELEASE_RANGE_M[1])
    gap = shapely.distance(launch_region, shapely.points(lon, lat))
    i = int(np.argmin(gap))
    return float(lat[i]), float(lon[i])


def glide_heights(s_m: FloatArray, release_h_m: float, rng: np.random.Generator) -> tuple[FloatArray, float]:
    """Height above ground along the track (a straight glide down to 1.5-3 km, then a 35-60°
    dive) and the ground distance where the dive starts."""
    total = float(s_m[-1])
    dive_h = rng.uniform(1500.0, 3000.0)
    dive_start_m = total - dive_h / np.tan(np.radians(rng.uniform(35.0, 60.0)))
    return np.interp(s_m, [0.0, dive_start_m, total], [release_h_m, dive_h, 0.0]), dive_start_m


def glide_bomb(
    release: tuple[float, float],
    target: tuple[float, float],
    launch_t_s: float,
    rng: np.random.Generator,
) -> Trajectory:
    """A glide bomb from release to impact, sampled every 1 s: speed eases from the carrier's
    240-270 m/s to 210-250 m/s in the glide and builds to 260-300 m/s in the dive (all sped
    up together, up to 300 m/s, if the flight would last over MAX_FLIGHT_S)."""
    lat_wp = np.array([release[0], target[0]])
    lon_wp = np.array([release[1], target[1]])
    lat, lon, s_m = route_path(lat_wp, lon_wp, 1.0, 50.0)
    heights, dive_m = glide_heights(s_m, rng.uniform(*RELEASE_HEIGHT_M), rng)
    v0, v_glide, v_end = rng.uniform(240, 270), rng.uniform(210, 250), rng.uniform(260, 300)
    in_dive = np.clip((s_m - dive_m) / max(float(s_m[-1]) - dive_m, 1.0), 0.0, 1.0)
    speed = np.where(
        s_m < dive_m,
        v0 + (v_glide - v0) * s_m / dive_m,
        v_glide + (v_end - v_glide) * in_dive,
    )
    dl = np.hypot(np.diff(s_m), np.diff(heights))
    flight_s = float(np.sum(dl / (0.5 * (speed[:-1] + speed[1:]))))
    speed = np.minimum(speed * max(1.0, flight_s / MAX_FLIGHT_S), 300.0)
    t, la, lo, alt = fly(lat, lon, heights + GROUND_ALT_M, speed, 1.0)
    return Trajectory("", "glide_bomb", t + launch_t_s, la, lo, alt, True)
