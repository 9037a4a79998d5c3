"""Drones (Shahed/Geran type) and cruise missiles (Kh-101/Kalibr type): waypoint routes flown
at constant airspeed with coordinated turns, an altitude profile, and a terminal dive.

Public-domain figures: Shahed-136 ~185 km/h (≈51 m/s), cruise ~2 km, often low near the
target, diving steeply at the end; Kh-101/Kalibr ~0.7-0.8 Mach (220-250 m/s) at 30-150 m
above the ground. Altitudes in the bands are above the simulated ground (GROUND_ALT_M).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from airwarn.sim.paths import GROUND_ALT_M, fly, route_path, turn_fits
from airwarn.sim.types import Trajectory

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class WingedSpec:
    """Performance band of a winged threat; heights are above ground, speeds along the path."""

    speed_mps: tuple[float, float]
    turn_rate_deg_s: tuple[float, float]
    knot_spacing_m: tuple[float, float]
    step_m: float


DRONE = WingedSpec(
    speed_mps=(46.0, 54.0), turn_rate_deg_s=(1.5, 2.8), knot_spacing_m=(15e3, 35e3), step_m=50.0
)
CRUISE = WingedSpec(
    speed_mps=(222.0, 246.0), turn_rate_deg_s=(1.2, 2.5), knot_spacing_m=(3e3, 8e3), step_m=200.0
)


def _knot_profile(s_m: FloatArray, knots_s: list[float], knots_h: list[float]) -> FloatArray:
    """Height above ground along the ground track, linear between (distance, height) knots."""
    return np.asarray(np.interp(s_m, np.asarray(knots_s), np.asarray(knots_h)), dtype=float)


def drone_heights(s_m: FloatArray, rng: np.random.Generator, dive: bool) -> FloatArray:
    """A drone's height above ground (m) along its track: ~2 km cruise for most (some fly low),
    wandering by a few hundred metres, down to 200-1000 m near the target, then a 25-50° dive."""
    total = float(s_m[-1])
    base = rng.uniform(1500.0, 2300.0) if rng.uniform() < 0.65 else rng.uniform(150.0, 700.0)
    ks, kh = [0.0], [float(np.clip(base + rng.normal(0, 250), 60.0, 2450.0))]
    approach_h = min(rng.uniform(200.0, 1000.0), base)
    dive_m = approach_h / np.tan(np.radians(rng.uniform(25.0, 50.0))) if dive else 0.0
    descent_start = total - dive_m - (rng.uniform(10e3, 20e3) if dive else 0.0)
    s = rng.uniform(*DRONE.knot_spacing_m)
    while s < descent_start:
        ks.append(s)
        kh.append(float(np.clip(base + rng.normal(0, 250), 60.0, 2450.0)))
        s += rng.uniform(*DRONE.knot_spacing_m)
    if dive:
        for s_k, h_k in ((descent_start, kh[-1]), (total - dive_m, approach_h), (total, 0.0)):
            if s_k > ks[-1]:
                ks.append(s_k)
                kh.append(h_k)
    else:
        ks.append(total)
        kh.append(kh[-1])
    return _knot_profile(s_m, ks, kh)


def cruise_heights(s_m: FloatArray, rng: np.random.Generator) -> FloatArray:
    """A cruise missile's height above ground: terrain-following 40-140 m, then a 15-35° dive."""
    total = float(s_m[-1])
    ks, kh = [0.0], [rng.uniform(40.0, 140.0)]
    dive_start = total - rng.uniform(40.0, 140.0) / np.tan(np.radians(rng.uniform(15.0, 35.0)))
    s = rng.uniform(*CRUISE.knot_spacing_m)
    while s < dive_start:
        ks.append(s)
        kh.append(rng.uniform(40.0, 140.0))
        s += rng.uniform(*CRUISE.knot_spacing_m)
    if dive_start > ks[-1]:
        ks.append(dive_start)
        kh.append(kh[-1])
    ks.append(total)
    kh.append(0.0)
    return _knot_profile(s_m, ks, kh)


def _turn_radius_m(
    spec: WingedSpec, speed_mps: float, lat: FloatArray, lon: FloatArray, rate: float
) -> float:
    """Turn radius v/ω for the drawn rate, tightened only where legs are too short for it
    (routes are pruned so that this does not happen with the default leg lengths)."""
    radius = speed_mps / np.radians(rate)
    while not turn_fits(lat, lon, radius) and radius > 50.0:
        radius *= 0.8
    return float(radius)


def fly_winged(
    kind: str,
    lat_wp: FloatArray,
    lon_wp: FloatArray,
    launch_t_s: float,
    impact: bool,
    rng: np.random.Generator,
) -> Trajectory:
    """Fly a drone or cruise missile through waypoints from launch_t_s, sampled every 1 s."""
    spec = DRONE if kind == "drone" else CRUISE
    speed = rng.uniform(*spec.speed_mps)
    radius = _turn_radius_m(spec, speed, lat_wp, lon_wp, rng.uniform(*spec.turn_rate_deg_s))
    lat, lon, s_m = route_path(lat_wp, lon_wp, radius, spec.step_m)
    heights = drone_heights(s_m, rng, impact) if kind == "drone" else cruise_heights(s_m, rng)
    wander = 1.0 + 0.015 * np.sin(2 * np.pi * s_m / rng.uniform(20e3, 60e3) + rng.uniform(0, 2 * np.pi))
    t, la, lo, alt = fly(lat, lon, heights + GROUND_ALT_M, speed * wander, 1.0)
    return Trajectory("", kind, t + launch_t_s, la, lo, alt, impact)
