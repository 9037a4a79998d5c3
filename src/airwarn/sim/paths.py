"""Horizontal routes on the sphere and flying them: great-circle legs joined by constant-radius
turns, then sampled in time at a given speed along the 3-D path (pure, vectorised).

Altitudes here are metres above the ellipsoid; the simulated ground is flat at GROUND_ALT_M.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from airwarn.geo.frames import EARTH_RADIUS_M, bearing_deg, destination, haversine_m

FloatArray = npt.NDArray[np.float64]

GROUND_ALT_M: Final = 150.0
"""Terrain is not modelled: the ground is a flat 150 m above the WGS84 ellipsoid everywhere
(Ukraine's plains plus the local geoid height). Impacts end at this altitude."""


def _wrap180(deg: FloatArray | float) -> FloatArray:
    """Angle difference folded into [-180, 180)."""
    return np.asarray(np.mod(np.asarray(deg, float) + 180.0, 360.0) - 180.0, float)


def _great_circle(lat1: float, lon1: float, lat2: float, lon2: float, step_m: float) -> FloatArray:
    """Points (n, 2) lat/lon from point 1 to point 2 along the great circle, at most step_m apart."""
    dist_m = float(haversine_m(lat1, lon1, lat2, lon2))
    n = max(2, int(np.ceil(dist_m / step_m)) + 1)
    frac = np.linspace(0.0, 1.0, n)
    az = float(bearing_deg(lat1, lon1, lat2, lon2))
    lat, lon = destination(np.full(n, lat1), np.full(n, lon1), np.full(n, az), frac * dist_m)
    lat[-1], lon[-1] = lat2, lon2
    return np.column_stack([lat, lon])


def turn_fits(lat: FloatArray, lon: FloatArray, radius_m: float) -> bool:
    """True if every turn's arc fits in the adjacent legs (tangent length < 45 % of each)."""
    if len(lat) < 3:
        return True
    legs = haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    b_in = bearing_deg(lat[1:-1], lon[1:-1], lat[:-2], lon[:-2]) + 180.0
    b_out = bearing_deg(lat[1:-1], lon[1:-1], lat[2:], lon[2:])
    tangent_m = radius_m * np.tan(np.radians(np.abs(_wrap180(b_out - b_in))) / 2.0)
    return bool(np.all(tangent_m < 0.45 * np.minimum(legs[:-1], legs[1:])))


def _fillet(
    lat: float, lon: float, b_in: float, b_out: float, radius_m: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Turn at a waypoint: (start lat/lon, arc points (n, 2), end lat/lon) of a constant-radius
    arc tangent to both legs, computed in a small equirectangular frame at the waypoint."""
    turn = float(_wrap180(b_out - b_in))
    tangent_m = radius_m * np.tan(np.radians(abs(turn)) / 2.0)
    sgn = 1.0 if turn >= 0 else -1.0
    h0 = np.radians(b_in)
    # frame at the waypoint: x east, y north (m); T1 = W - d * u_in
    t1 = -tangent_m * np.array([np.sin(h0), np.cos(h0)])
    normal0 = np.array([np.sin(h0 + sgn * np.pi / 2), np.cos(h0 + sgn * np.pi / 2)])
    centre = t1 + radius_m * normal0
    n = max(2, int(np.ceil(abs(turn))) + 1)
    headings = h0 + np.radians(np.linspace(0.0, turn, n))
    x = centre[0] - radius_m * np.sin(headings + sgn * np.pi / 2)
    y = centre[1] - radius_m * np.cos(headings + sgn * np.pi / 2)
    arc_lat = lat + np.degrees(y / EARTH_RADIUS_M)
    arc_lon = lon + np.degrees(x / (EARTH_RADIUS_M * np.cos(np.radians(lat))))
    arc = np.column_stack([arc_lat, arc_lon])
    return arc[0], arc, arc[-1]


def route_path(
    lat: FloatArray, lon: FloatArray, radius_m: float, step_m: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """A flyable route through waypoints: (lat, lon, s_m) every step_m metres of ground track,
    great-circle legs joined by turns of radius_m (the waypoints themselves are cut)."""
    pieces: list[FloatArray] = []
    start = np.array([lat[0], lon[0]])
    for i in range(1, len(lat) - 1):
        b_in = float(bearing_deg(lat[i], lon[i], lat[i - 1], lon[i - 1])) + 180.0  # heading on arrival
        b_out = float(bearing_deg(lat[i], lon[i], lat[i + 1], lon[i + 1]))
        t1, arc, t2 = _fillet(float(lat[i]), float(lon[i]), b_in, b_out, radius_m)
        pieces.append(_great_circle(start[0], start[1], t1[0], t1[1], 1000.0))
        pieces.append(arc)
        start = t2
    pieces.append(_great_circle(start[0], start[1], float(lat[-1]), float(lon[-1]), 1000.0))
    pts = np.concatenate(pieces)
    seg = haversine_m(pts[:-1, 0], pts[:-1, 1], pts[1:, 0], pts[1:, 1])
    keep = np.concatenate([[True], seg > 1e-6])
    pts = pts[keep]
    s = np.concatenate([[0.0], np.cumsum(seg[seg > 1e-6])])
    s_grid = np.linspace(0.0, s[-1], max(2, int(np.ceil(s[-1] / step_m)) + 1))
    return np.interp(s_grid, s, pts[:, 0]), np.interp(s_grid, s, pts[:, 1]), s_grid


def fly(
    lat: FloatArray,
    lon: FloatArray,
    alt_m: FloatArray,
    speed_mps: FloatArray,
    dt_s: float,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Sample a 3-D path (dense points with the speed at each) every dt_s, ending exactly at its
    end: (t_s from 0, lat, lon, alt_m). Speed applies along the 3-D path, so dives slow the
    ground speed."""
    ds_h = haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    dl = np.hypot(ds_h, np.diff(alt_m))
    v_mid = 0.5 * (speed_mps[:-1] + speed_mps[1:])
    t_path = np.concatenate([[0.0], np.cumsum(dl / v_mid)])
    t_end = float(t_path[-1])
    t = np.arange(0.0, t_end, dt_s)
    t = np.append(t[t < t_end - 1e-6], t_end)
    return t, np.interp(t, t_path, lat), np.interp(t, t_path, lon), np.interp(t, t_path, alt_m)
