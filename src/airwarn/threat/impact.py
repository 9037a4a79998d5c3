"""Impact prediction for threats that come down on a point: glide bombs and ballistic missiles.

Everything is vectorised over N tracks; positions are WGS84, velocities local East-North-Up
(m/s). The ground lies at `ground_alt_m` (metres above the ellipsoid): flat under a glide bomb's
short glide, a sphere under a ballistic missile's arc. Each prediction
is a Gaussian footprint: a mean impact point, and standard deviations along and across the
heading that grow with the distance still to fly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np

from airwarn.geo.frames import EARTH_RADIUS_M, destination, haversine_m
from airwarn.scenario.model import FloatArray

MU_M3_S2: Final = 3.986004418e14
"""Earth's gravitational parameter GM."""
DEFAULT_GROUND_ALT_M: Final = 150.0


@dataclass(frozen=True)
class ImpactPrediction:
    """Predicted impacts of N tracks; every field has shape (N,)."""

    lat: FloatArray
    lon: FloatArray
    t_impact_s: FloatArray
    heading_deg: FloatArray
    range_m: FloatArray
    sigma_along_m: FloatArray
    sigma_cross_m: FloatArray


@dataclass(frozen=True)
class GlideModel:
    """A glide bomb's flight: a straight glide at the current glide ratio down to the dive
    height, then a steep dive. Defaults fit UMPK-type bombs (dive from 1.5-3 km at 35-60°)."""

    min_glide_ratio: float = 3.0
    max_glide_ratio: float = 10.0
    prior_glide_ratio: float = 6.5
    dive_height_m: float = 2250.0
    dive_cot: float = 0.9
    ratio_sigma_share: float = 0.15
    heading_sigma_deg: float = 2.5
    floor_sigma_m: float = 400.0
    descent_sigmas: float = 1.0
    """How many sigmas of a young track's climb-rate error its glide-ratio span covers (measured
    on 19 simulated scenarios and the contract's example: 0.5 and 2 each lost warnings that 1 kept)."""


@dataclass(frozen=True)
class BallisticModel:
    """A ballistic missile's fall: free flight over a spherical Earth under inverse-square
    gravity and drag in an exponential atmosphere, integrated (RK4, step_s) until it reaches the
    ground. The drag follows the body's ballistic coefficient m/(Cd A): ~20,000 kg/m² for a
    slender Iskander-type body (public figures); at 2 km/s low down drag slows it by tens of
    m/s², and over 300 km the Earth curves 7 km away, so neither may be left out. The footprint
    widens with the range still to fly (velocity error of the track) plus a floor."""

    ballistic_coeff_kg_m2: float = 20_000.0
    scale_height_m: float = 7_200.0
    sea_level_density_kg_m3: float = 1.225
    step_s: float = 1.0
    max_flight_s: float = 1_200.0
    along_share: float = 0.08
    cross_share: float = 0.03
    floor_sigma_m: float = 1000.0


def glide_impact(
    t_s: float,
    lat: FloatArray,
    lon: FloatArray,
    alt_m: FloatArray,
    v_enu_mps: FloatArray,
    model: GlideModel = GlideModel(),
    ground_alt_m: float = DEFAULT_GROUND_ALT_M,
    ratio_hint: FloatArray | None = None,
    climb_sigma_mps: FloatArray | None = None,
) -> ImpactPrediction:
    """Glide each track (N,) to the ground along its heading; v_enu_mps is (N, 3).

    The glide ratio is ratio_hint where finite (e.g. path_glide_ratio over the last minute),
    else horizontal over vertical speed (the prior when the track is not descending, or when
    above the dive height it sinks steeper than the model allows: a young track's vertical
    speed is noise), clipped to the model's bounds. Range = glide part x ratio + dive part x dive_cot.
    Where climb_sigma_mps (N,) is finite, the footprint also spans every range the glide ratios
    of descent ± descent_sigmas x that error give (within the bounds): seen from 150 km a
    radar's elevation noise is a kilometre of height, and for a young track a 10:1 glide is as
    likely as a 3:1. A ratio flown over 20-60 s between two such heights is no surer: where
    there is a hint, its range stays the centre and the footprint widens by the span of the
    hint's sink rate (v_h / ratio_hint) ± descent_sigmas x that error.
    """
    v_h = np.hypot(v_enu_mps[:, 0], v_enu_mps[:, 1])
    descent = -v_enu_mps[:, 2]
    h = np.maximum(alt_m - ground_alt_m, 0.0)
    measured = np.where(descent > 1.0, v_h / np.maximum(descent, 1.0), model.prior_glide_ratio)
    steep = (measured < model.min_glide_ratio) & (h > model.dive_height_m)
    measured = np.where(steep, model.prior_glide_ratio, measured)
    if ratio_hint is not None:
        measured = np.where(np.isfinite(ratio_hint), ratio_hint, measured)
    ratio = np.clip(measured, model.min_glide_ratio, model.max_glide_ratio)
    h_glide = np.maximum(h - model.dive_height_m, 0.0)
    h_dive = np.minimum(h, model.dive_height_m)
    dive_cot = np.minimum(ratio, model.dive_cot)
    range_m = h_glide * ratio + h_dive * dive_cot
    sigma_along = model.ratio_sigma_share * h_glide * ratio + 0.4 * h_dive + model.floor_sigma_m
    if climb_sigma_mps is not None:
        range_m, sigma_along = _unsure_descent(
            model, v_h, descent, h_glide, h_dive * dive_cot, range_m, sigma_along, climb_sigma_mps, ratio_hint
        )
    sigma_cross = range_m * np.tan(np.radians(model.heading_sigma_deg)) + model.floor_sigma_m
    speed = np.maximum(np.hypot(v_h, v_enu_mps[:, 2]), 50.0)
    t_go = np.hypot(range_m, h) / speed
    return _prediction(t_s, lat, lon, v_enu_mps, range_m, t_go, sigma_along, sigma_cross)


def _unsure_descent(
    model: GlideModel,
    v_h: FloatArray,
    descent: FloatArray,
    h_glide: FloatArray,
    dive_m: FloatArray,
    range_m: FloatArray,
    sigma_along: FloatArray,
    climb_sigma_mps: FloatArray,
    ratio_hint: FloatArray | None,
) -> tuple[FloatArray, FloatArray]:
    """Range and along-heading sigma (N,) widened, where the climb rate is unsure, to span the
    ranges of descent ± descent_sigmas x climb_sigma_mps (and the range already predicted):
    centred on that span, with a uniform's spread over it (or the model's sigma, if wider).
    Where a ratio_hint is known the descent is v_h / ratio_hint and the centre stays range_m
    (the ratio flown is the best estimate; only its spread is unsure)."""
    unsure = np.isfinite(climb_sigma_mps)
    hinted = np.zeros(unsure.shape, bool)
    if ratio_hint is not None:
        hinted = np.isfinite(ratio_hint)
        descent = np.where(hinted, v_h / np.maximum(np.where(hinted, ratio_hint, 1.0), 1e-3), descent)
    if not unsure.any():
        return range_m, sigma_along
    span = model.descent_sigmas * np.where(unsure, climb_sigma_mps, 0.0)
    slowest = v_h / model.max_glide_ratio  # the shallowest descent the bounds allow
    r_lo = v_h / np.maximum(np.maximum(descent + span, slowest), 1e-3)
    r_hi = v_h / np.maximum(np.maximum(descent - span, slowest), 1e-3)
    bounds = (model.min_glide_ratio, model.max_glide_ratio)
    lo = np.minimum(h_glide * np.clip(r_lo, *bounds) + dive_m, range_m)
    hi = np.maximum(h_glide * np.clip(r_hi, *bounds) + dive_m, range_m)
    spread = (hi - lo) / math.sqrt(12.0)
    return (
        np.where(unsure & ~hinted, 0.5 * (lo + hi), range_m),
        np.where(unsure, np.maximum(spread, sigma_along), sigma_along),
    )


def path_glide_ratio(
    lat0: FloatArray,
    lon0: FloatArray,
    alt0_m: FloatArray,
    lat1: FloatArray,
    lon1: FloatArray,
    alt1_m: FloatArray,
    min_drop_m: float = 300.0,
) -> FloatArray:
    """Glide ratio flown between two positions of each track (N,): ground distance over height
    lost; NaN where it lost less than min_drop_m (too little to tell). Steadier than the ratio
    of one row's velocities, whose vertical part is the noisiest thing a radar track has."""
    drop = np.asarray(alt0_m, float) - np.asarray(alt1_m, float)
    ground = haversine_m(lat0, lon0, lat1, lon1)
    return np.asarray(np.where(drop >= min_drop_m, ground / np.maximum(drop, 1.0), np.nan), float)


def ballistic_impact(
    t_s: float,
    lat: FloatArray,
    lon: FloatArray,
    alt_m: FloatArray,
    v_enu_mps: FloatArray,
    model: BallisticModel = BallisticModel(),
    ground_alt_m: float = DEFAULT_GROUND_ALT_M,
) -> ImpactPrediction:
    """Fly each track (N,) on to the ground in free flight (see BallisticModel); v_enu_mps (N, 3).

    Each track flies in its own great-circle plane: x along its heading, y up through the
    start point, Earth's centre at the origin; range is the ground arc to where r = R + ground.
    """
    n = np.shape(lat)[0]
    r_ground = EARTH_RADIUS_M + ground_alt_m
    state = np.zeros((4, n))
    state[1] = EARTH_RADIUS_M + np.maximum(alt_m, ground_alt_m)
    state[2] = np.hypot(v_enu_mps[:, 0], v_enu_mps[:, 1])
    state[3] = v_enu_mps[:, 2]
    t_go = np.full(n, np.nan)
    landed_xy = np.zeros((2, n))
    at_ground = np.hypot(state[0], state[1]) <= r_ground
    t_go[at_ground], landed_xy[:, at_ground] = 0.0, state[:2, at_ground]
    flying = np.flatnonzero(~at_ground)  # only tracks still in the air are stepped on
    state = state[:, flying]
    h, t = model.step_s, 0.0
    while t < model.max_flight_s and flying.size:
        nxt = _rk4_step(state, h, model)
        r_next = np.hypot(nxt[0], nxt[1])
        down = r_next <= r_ground
        if down.any():
            r_now = np.hypot(state[0, down], state[1, down])
            f = (r_now - r_ground) / np.maximum(r_now - r_next[down], 1e-9)  # linear in the last step
            t_go[flying[down]] = t + f * h
            landed_xy[:, flying[down]] = state[:2, down] + f * (nxt[:2, down] - state[:2, down])
            flying, nxt = flying[~down], nxt[:, ~down]
        state, t = nxt, t + h
    t_go[flying], landed_xy[:, flying] = t, state[:2]
    range_m = EARTH_RADIUS_M * np.arctan2(landed_xy[0], landed_xy[1])
    sigma_along = model.along_share * range_m + model.floor_sigma_m
    sigma_cross = model.cross_share * range_m + model.floor_sigma_m
    return _prediction(t_s, lat, lon, v_enu_mps, range_m, t_go, sigma_along, sigma_cross)


def _rk4_step(state: FloatArray, h: float, model: BallisticModel) -> FloatArray:
    """One RK4 step of (x, y, vx, vy) (4, N) under gravity and drag."""
    k1 = _free_flight_rate(state, model)
    k2 = _free_flight_rate(state + 0.5 * h * k1, model)
    k3 = _free_flight_rate(state + 0.5 * h * k2, model)
    k4 = _free_flight_rate(state + h * k3, model)
    return np.asarray(state + (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4), float)


def _free_flight_rate(state: FloatArray, model: BallisticModel) -> FloatArray:
    """d/dt of (x, y, vx, vy) (4, N): inverse-square gravity and drag 0.5 rho v |v| / beta."""
    x, y, vx, vy = state
    r = np.hypot(x, y)
    rho = model.sea_level_density_kg_m3 * np.exp(-np.maximum(r - EARTH_RADIUS_M, 0.0) / model.scale_height_m)
    drag = 0.5 * rho * np.hypot(vx, vy) / model.ballistic_coeff_kg_m2
    g = MU_M3_S2 / r**3
    return np.stack([vx, vy, -g * x - drag * vx, -g * y - drag * vy])


def _prediction(
    t_s: float,
    lat: FloatArray,
    lon: FloatArray,
    v_enu_mps: FloatArray,
    range_m: FloatArray,
    t_go_s: FloatArray,
    sigma_along_m: FloatArray,
    sigma_cross_m: FloatArray,
) -> ImpactPrediction:
    """Put the impact point range_m ahead along the track's heading."""
    heading = np.mod(np.degrees(np.arctan2(v_enu_mps[:, 0], v_enu_mps[:, 1])), 360.0)
    lat_i, lon_i = destination(lat, lon, heading, range_m)
    return ImpactPrediction(
        lat=lat_i,
        lon=lon_i,
        t_impact_s=t_s + t_go_s,
        heading_deg=heading,
        range_m=range_m,
        sigma_along_m=sigma_along_m,
        sigma_cross_m=sigma_cross_m,
    )
