"""Impact prediction for threats that come down on a point: glide bombs and ballistic missiles.

Everything is vectorised over N tracks; positions are WGS84, velocities local East-North-Up
(m/s). The ground is taken flat at `ground_alt_m` (metres above the ellipsoid). Each prediction
is a Gaussian footprint: a mean impact point, and standard deviations along and across the
heading that grow with the distance still to fly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from airwarn.geo.frames import destination, haversine_m
from airwarn.scenario.model import FloatArray

G_MPS2: Final = 9.80665
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


@dataclass(frozen=True)
class BallisticModel:
    """A ballistic missile's fall: a drag-free arc under constant gravity, its range shortened
    by `range_factor` and its fall time stretched by `time_factor` for drag (fitted on the
    simulator's Iskander-type arcs: the vacuum arc is ~2 % long and ~10 % quick in the last 40 km)."""

    range_factor: float = 0.98
    time_factor: float = 1.1
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
) -> ImpactPrediction:
    """Glide each track (N,) to the ground along its heading; v_enu_mps is (N, 3).

    The glide ratio is ratio_hint where finite (e.g. path_glide_ratio over the last minute),
    else horizontal over vertical speed (the prior when the track is not descending, or when
    above the dive height it sinks steeper than the model allows: a young track's vertical
    speed is noise), clipped to the model's bounds. Range = glide part x ratio + dive part x dive_cot.
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
    sigma_cross = range_m * np.tan(np.radians(model.heading_sigma_deg)) + model.floor_sigma_m
    speed = np.maximum(np.hypot(v_h, v_enu_mps[:, 2]), 50.0)
    t_go = np.hypot(range_m, h) / speed
    return _prediction(t_s, lat, lon, v_enu_mps, range_m, t_go, sigma_along, sigma_cross)


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
    """Fall each track (N,) on a drag-free arc: h + v_up t - g t^2 / 2 = 0; v_enu_mps is (N, 3).

    Fall time t = (v_up + sqrt(v_up^2 + 2 g h)) / g; range = v_h t x range_factor.
    """
    v_h = np.hypot(v_enu_mps[:, 0], v_enu_mps[:, 1])
    v_up = v_enu_mps[:, 2]
    h = np.maximum(alt_m - ground_alt_m, 0.0)
    t_fall = (v_up + np.sqrt(v_up**2 + 2.0 * G_MPS2 * h)) / G_MPS2
    range_m = v_h * t_fall * model.range_factor
    sigma_along = model.along_share * range_m + model.floor_sigma_m
    sigma_cross = model.cross_share * range_m + model.floor_sigma_m
    t_go = t_fall * model.time_factor
    return _prediction(t_s, lat, lon, v_enu_mps, range_m, t_go, sigma_along, sigma_cross)


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
