"""Danger corridors for threats that fly on and may turn (drones, cruise missiles): a cone ahead
of the track that widens with distance, with the time of arrival over each place in it.

Vectorised over N tracks; positions WGS84, velocities local East-North-Up (m/s).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from airwarn.geo.frames import bearing_deg, haversine_m
from airwarn.scenario.model import FloatArray

MAX_CORRIDOR_SPEED_MPS: Final = 320.0
"""The fastest cruise missile the corridors allow for (m/s)."""


@dataclass(frozen=True)
class Corridor:
    """The cones of N tracks; every field has shape (N,). Arrival over a place at along-track
    distance d is t0_s + d / speed_mps; the cone reaches length_m ahead of the track."""

    lat: FloatArray
    lon: FloatArray
    t0_s: FloatArray
    heading_deg: FloatArray
    speed_mps: FloatArray
    length_m: FloatArray
    half_angle_deg: FloatArray
    base_radius_m: FloatArray


def corridor(
    t_s: float,
    lat: FloatArray,
    lon: FloatArray,
    v_enu_mps: FloatArray,
    horizon_s: float,
    half_angle_deg: FloatArray,
    base_radius_m: float,
    max_speed_mps: float = MAX_CORRIDOR_SPEED_MPS,
) -> Corridor:
    """The cone each track (N,) covers within horizon_s at its current ground speed (capped at
    max_speed_mps: a faster track that is neither a glide bomb nor a ballistic missile is a bad
    velocity estimate, not a threat that covers hundreds of kilometres in ten minutes)."""
    speed = np.minimum(np.hypot(v_enu_mps[:, 0], v_enu_mps[:, 1]), max_speed_mps)
    heading = np.mod(np.degrees(np.arctan2(v_enu_mps[:, 0], v_enu_mps[:, 1])), 360.0)
    n = lat.shape[0]
    return Corridor(
        lat=np.asarray(lat, float),
        lon=np.asarray(lon, float),
        t0_s=np.full(n, float(t_s)),
        heading_deg=heading,
        speed_mps=speed,
        length_m=speed * horizon_s,
        half_angle_deg=np.broadcast_to(np.asarray(half_angle_deg, float), (n,)).copy(),
        base_radius_m=np.full(n, float(base_radius_m)),
    )


def arrival_t_s(c: Corridor, k: int, lat: FloatArray, lon: FloatArray) -> FloatArray:
    """When track k of the corridor gets over each place (M,): along-track distance over speed,
    at least t0_s (a place beside or behind the track is reached now)."""
    d = haversine_m(c.lat[k], c.lon[k], lat, lon)
    off = np.radians(bearing_deg(c.lat[k], c.lon[k], lat, lon) - c.heading_deg[k])
    along = np.maximum(d * np.cos(off), 0.0)
    return np.asarray(c.t0_s[k] + along / max(float(c.speed_mps[k]), 1.0), float)
