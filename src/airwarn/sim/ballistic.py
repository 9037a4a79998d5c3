"""Ballistic missiles (Iskander-M type): a parametric boost, then free flight under inverse-
square gravity and drag over a spherical Earth, aimed by shooting on the burnout speed.

Public-domain figures: range up to ~500 km, apogee ~40-50 km, 3-6 minutes of flight, impact
above 1 km/s. The body keeps m/(Cd·A) ≈ 20,000 kg/m² (slender body, supersonic).
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt
import shapely
from scipy.integrate import solve_ivp
from scipy.optimize import brentq
from shapely.geometry.base import BaseGeometry

from airwarn.geo.frames import EARTH_RADIUS_M, bearing_deg, destination, haversine_m
from airwarn.sim.paths import GROUND_ALT_M
from airwarn.sim.types import Trajectory

FloatArray = npt.NDArray[np.float64]

MU_M3_S2: Final = 3.986004418e14
BALLISTIC_COEFF_KG_M2: Final = 20_000.0
SCALE_HEIGHT_M: Final = 7_200.0
RHO0_KG_M3: Final = 1.225
LAUNCH_RANGE_M: Final = (300e3, 500e3)
DT_S: Final = 0.5


def launch_site(
    target: tuple[float, float], region: BaseGeometry, rng: np.random.Generator
) -> tuple[float, float]:
    """A launcher position in the launch region 300-500 km from the target; if the region has
    no such point, the nearest point of it beyond 300 km (the range then exceeds 500 km)."""
    n = 2048
    az = rng.uniform(0.0, 360.0, n)
    d = rng.uniform(*LAUNCH_RANGE_M, n)
    lat, lon = destination(np.full(n, target[0]), np.full(n, target[1]), az, d)
    ok = shapely.contains_xy(region, lon, lat)
    if ok.any():
        i = int(np.flatnonzero(ok)[0])
        return float(lat[i]), float(lon[i])
    az_g, d_g = np.meshgrid(np.arange(0.0, 360.0, 1.0), np.arange(LAUNCH_RANGE_M[0], 2.5e6, 5e3))
    lat, lon = destination(
        np.full(az_g.size, target[0]), np.full(az_g.size, target[1]), az_g.ravel(), d_g.ravel()
    )
    ok = shapely.contains_xy(region, lon, lat)
    if not ok.any():
        raise ValueError("no launch site within 2,500 km of the target in the launch region")
    i = int(np.flatnonzero(ok)[np.argmin(d_g.ravel()[ok])])
    return float(lat[i]), float(lon[i])


def _boost(t_b: float, v_b: float, gamma_b_deg: float) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Boost on a fine grid: (t_s, downrange_m, height_m); speed grows as (t/t_b)^1.3 and the
    flight-path angle pitches over smoothly from vertical to gamma_b."""
    t = np.linspace(0.0, t_b, int(t_b / 0.02) + 1)
    u = t / t_b
    v = v_b * u**1.3
    gamma = np.radians(90.0 - (90.0 - gamma_b_deg) * (3 * u**2 - 2 * u**3))
    dt = np.diff(t)
    vx, vz = v * np.cos(gamma), v * np.sin(gamma)
    x = np.concatenate([[0.0], np.cumsum(0.5 * (vx[:-1] + vx[1:]) * dt)])
    z = np.concatenate([[0.0], np.cumsum(0.5 * (vz[:-1] + vz[1:]) * dt)])
    return t, x, z


def _rhs(_t: float, y: FloatArray) -> FloatArray:
    """d/dt of (x, y, vx, vy) in the great-circle plane, Earth's centre at the origin."""
    r = float(np.hypot(y[0], y[1]))
    v = float(np.hypot(y[2], y[3]))
    rho = RHO0_KG_M3 * np.exp(-max(r - EARTH_RADIUS_M, 0.0) / SCALE_HEIGHT_M)
    drag = 0.5 * rho * v / BALLISTIC_COEFF_KG_M2
    g = MU_M3_S2 / r**3
    return np.array([y[2], y[3], -g * y[0] - drag * y[2], -g * y[1] - drag * y[3]])


def _ground(_t: float, y: FloatArray) -> float:
    """Zero when the missile is back at ground level."""
    return float(np.hypot(y[0], y[1])) - (EARTH_RADIUS_M + GROUND_ALT_M)


_ground.terminal = True  # type: ignore[attr-defined]
_ground.direction = -1.0  # type: ignore[attr-defined]


def _free_flight(t_b: float, v_b: float, gamma_b_deg: float) -> tuple[Any, FloatArray]:
    """Solve the free flight from burnout; returns the solution and the boost grid as (t, x, z)."""
    t, x, z = _boost(t_b, v_b, gamma_b_deg)
    theta = x[-1] / EARTH_RADIUS_M
    r = EARTH_RADIUS_M + GROUND_ALT_M + z[-1]
    up = np.array([np.sin(theta), np.cos(theta)])
    east = np.array([np.cos(theta), -np.sin(theta)])
    g = np.radians(gamma_b_deg)
    vel = v_b * (np.cos(g) * east + np.sin(g) * up)
    y0 = np.concatenate([r * up, vel])
    sol = solve_ivp(_rhs, (t_b, t_b + 3000.0), y0, events=_ground, dense_output=True, rtol=1e-9, atol=1e-3)
    return sol, np.vstack([t, x, z])


def _range_m(sol: Any) -> float:
    """Ground range at impact along the sphere."""
    y = sol.y_events[0][0]
    return float(EARTH_RADIUS_M * np.arctan2(y[0], y[1]))


def ballistic_missile(
    launch: tuple[float, float], target: tuple[float, float], launch_t_s: float, rng: np.random.Generator
) -> Trajectory:
    """An Iskander-type flight from launch to target, sampled every 0.5 s, ending at impact."""
    range_m = float(haversine_m(launch[0], launch[1], target[0], target[1]))
    t_b = rng.uniform(18.0, 24.0)
    apogee_m = rng.uniform(44e3, 52e3)
    gamma_b = float(np.degrees(np.arctan(4.0 * (apogee_m - 13e3) / max(range_m - 10e3, 50e3))))
    v_b = brentq(lambda v: _range_m(_free_flight(t_b, v, gamma_b)[0]) - range_m, 600.0, 4500.0, xtol=0.01)
    sol, boost = _free_flight(t_b, v_b, gamma_b)
    t_end = float(sol.t_events[0][0])
    t = np.arange(0.0, t_end, DT_S)
    t = np.append(t[t < t_end - 1e-3], t_end)
    in_boost = t < t_b
    down_m = np.empty_like(t)
    alt_m = np.empty_like(t)
    down_m[in_boost] = np.interp(t[in_boost], boost[0], boost[1])
    alt_m[in_boost] = GROUND_ALT_M + np.interp(t[in_boost], boost[0], boost[2])
    xy = sol.sol(t[~in_boost])
    down_m[~in_boost] = EARTH_RADIUS_M * np.arctan2(xy[0], xy[1])
    alt_m[~in_boost] = np.hypot(xy[0], xy[1]) - EARTH_RADIUS_M
    alt_m[-1] = GROUND_ALT_M
    az = float(bearing_deg(launch[0], launch[1], target[0], target[1]))
    lat, lon = destination(
        np.full(t.size, launch[0]), np.full(t.size, launch[1]), np.full(t.size, az), down_m
    )
    return Trajectory("", "ballistic_missile", t + launch_t_s, lat, lon, alt_m, True)
