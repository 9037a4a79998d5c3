"""A rotating surveillance radar: one plot per detected object per sweep, stamped when the
beam crosses it, plus Poisson clutter.

Geometry. The beam turns clockwise from north once per `scan_period_s`, starting at a
random phase drawn per radar, so a plot at azimuth `a` in sweep `k` carries
t = sweep_start_k + a / 360 * scan_period_s and the object's position at that moment.
Range, azimuth and elevation are measured from the sensor's (lat, lon, alt_m), which is
the antenna; `mast_height_m` says how high that antenna stands above the ground around it
(only the radar horizon uses it).

An object is in coverage while min_range_m <= slant range <= max_range_m, its elevation is
at most max_elevation_deg (the cone of silence above) and it is above the radar horizon:
ground distance <= sqrt(2 ke R h_radar) + sqrt(2 ke R h_target), with ke = 4/3, h_radar the
mast height and h_target the object's height above the radar's ground. Inside coverage it is
detected with Swerling-1 probability Pd = Pfa ** (1 / (1 + SNR)), SNR proportional to
RCS / range**4 and calibrated so that an object of `reference_rcs_m2` is detected with
probability `pd_reference` at `reference_range_fraction` * max_range_m.

Sensor fields: lat, lon, alt_m, max_range_m, scan_period_s (required); sigma_range_m
(default 100), sigma_azimuth_deg (default 0.3), sigma_elevation_deg (if unset the radar is
2-D and elevation_deg is left empty). Extras (scenario.json keys) and their defaults:

  min_range_m 1500            closer objects are unseen
  max_elevation_deg 40        higher elevations are unseen
  mast_height_m 30            antenna height above local ground, for the horizon
  clutter_per_scan 5          Poisson mean of false plots per sweep
  clutter_min_elevation_deg -0.5, clutter_max_elevation_deg 3   clutter elevation band
  pd_reference 0.9, reference_range_fraction 0.8, reference_rcs_m2 0.3, pfa 1e-6
  rcs_m2 {"drone": 0.1, "cruise_missile": 0.3, "ballistic_missile": 0.5, "glide_bomb": 0.3}
        per-kind radar cross-section, merged over RCS_M2; unknown kinds use DEFAULT_RCS_M2
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from airwarn.geo.frames import EARTH_RADIUS_M, aer_from, haversine_m
from airwarn.scenario.model import Sensor
from airwarn.sim.sensor_params import (
    extra_float,
    extra_share,
    extra_table,
    field_or,
    required_field,
    sensor_position,
    sorted_output,
)
from airwarn.sim.types import FloatArray, SensorOutput, Trajectory

RCS_M2: Final[dict[str, float]] = {
    "drone": 0.1,
    "cruise_missile": 0.3,
    "ballistic_missile": 0.5,
    "glide_bomb": 0.3,
}
DEFAULT_RCS_M2: Final = 0.3
EFFECTIVE_EARTH_RADIUS_M: Final = 4.0 / 3.0 * EARTH_RADIUS_M
CROSSING_ITERATIONS: Final = 3
"""Fixed-point steps for the beam-crossing time (the object moves while the beam turns)."""


@dataclass(frozen=True)
class RadarParams:
    """A radar's figures, read from its Sensor entry with the documented defaults."""

    lat: float
    lon: float
    alt_m: float
    max_range_m: float
    scan_period_s: float
    sigma_range_m: float
    sigma_azimuth_deg: float
    sigma_elevation_deg: float | None
    min_range_m: float
    max_elevation_deg: float
    mast_height_m: float
    clutter_per_scan: float
    clutter_elevation_deg: tuple[float, float]
    snr_reference: float
    reference_range_m: float
    reference_rcs_m2: float
    pfa: float
    rcs_m2: dict[str, float]

    @classmethod
    def from_sensor(cls, sensor: Sensor) -> RadarParams:
        """Figures of a `radar` sensor; ConfigError names a missing or invalid one."""
        lat, lon, alt_m = sensor_position(sensor)
        max_range_m = required_field(sensor, "max_range_m", minimum=1.0)
        pd_reference = extra_share(sensor, "pd_reference", 0.9)
        pfa = extra_share(sensor, "pfa", 1e-6)
        # Pd = Pfa ** (1 / (1 + SNR))  =>  SNR = ln(Pfa) / ln(Pd) - 1
        snr_reference = math.log(pfa) / math.log(min(max(pd_reference, 1e-9), 1 - 1e-9)) - 1.0
        elevation = sensor.sigma_elevation_deg
        return cls(
            lat=lat,
            lon=lon,
            alt_m=alt_m,
            max_range_m=max_range_m,
            scan_period_s=required_field(sensor, "scan_period_s", minimum=1e-3),
            sigma_range_m=field_or(sensor, "sigma_range_m", 100.0),
            sigma_azimuth_deg=field_or(sensor, "sigma_azimuth_deg", 0.3),
            sigma_elevation_deg=None if elevation is None else field_or(sensor, "sigma_elevation_deg", 0.0),
            min_range_m=extra_float(sensor, "min_range_m", 1500.0),
            max_elevation_deg=extra_float(sensor, "max_elevation_deg", 40.0, minimum=-90.0),
            mast_height_m=extra_float(sensor, "mast_height_m", 30.0),
            clutter_per_scan=extra_float(sensor, "clutter_per_scan", 5.0),
            clutter_elevation_deg=(
                extra_float(sensor, "clutter_min_elevation_deg", -0.5, minimum=-90.0),
                extra_float(sensor, "clutter_max_elevation_deg", 3.0, minimum=-90.0),
            ),
            snr_reference=max(snr_reference, 0.0),
            reference_range_m=extra_float(sensor, "reference_range_fraction", 0.8) * max_range_m,
            reference_rcs_m2=extra_float(sensor, "reference_rcs_m2", 0.3, minimum=1e-12),
            pfa=pfa,
            rcs_m2=extra_table(sensor, "rcs_m2", RCS_M2),
        )


@dataclass(frozen=True)
class _Crossings:
    """Where the beam met objects: one entry per object per sweep (true, noise-free)."""

    t_s: FloatArray
    range_m: FloatArray
    azimuth_deg: FloatArray
    elevation_deg: FloatArray
    ground_m: FloatArray
    alt_m: FloatArray
    rcs_m2: FloatArray
    object_index: npt.NDArray[np.intp]


def radar_plots(
    sensor: Sensor, trajectories: Sequence[Trajectory], duration_s: float, rng: np.random.Generator
) -> SensorOutput:
    """Plots (range_m, azimuth_deg, elevation_deg) of one rotating radar over [0, duration_s]."""
    p = RadarParams.from_sensor(sensor)
    phase_s = rng.uniform(0.0, p.scan_period_s)
    n_scans = math.ceil((duration_s + phase_s) / p.scan_period_s) + 1
    sweep_start_s: FloatArray = np.arange(n_scans, dtype=np.float64) * p.scan_period_s - phase_s
    crossings = _crossings(p, trajectories, sweep_start_s, duration_s)
    seen = detection_probability(p, crossings) > rng.random(crossings.t_s.shape[0])
    n = int(seen.sum())
    range_m = crossings.range_m[seen] + rng.normal(0.0, p.sigma_range_m, n)
    azimuth_deg = crossings.azimuth_deg[seen] + rng.normal(0.0, p.sigma_azimuth_deg, n)
    elevation_deg = crossings.elevation_deg[seen] + rng.normal(0.0, p.sigma_elevation_deg or 0.0, n)
    ids = np.array([t.object_id for t in trajectories] + [""], dtype=object)
    clutter = _clutter(p, sweep_start_s, duration_s, rng)
    t_all = np.concatenate([crossings.t_s[seen], clutter[0]])
    elevation_all = np.concatenate([elevation_deg, clutter[3]])
    if p.sigma_elevation_deg is None:
        elevation_all = np.full_like(elevation_all, np.nan)
    columns = {
        "t_s": t_all,
        "sensor_id": np.full(t_all.shape[0], sensor.id, dtype=object),
        "range_m": np.abs(np.concatenate([range_m, clutter[1]])),
        "azimuth_deg": np.mod(np.concatenate([azimuth_deg, clutter[2]]), 360.0),
        "elevation_deg": elevation_all,
    }
    origin = ids[np.concatenate([crossings.object_index[seen], np.full(clutter[0].shape[0], len(ids) - 1)])]
    return sorted_output(t_all.shape[0], columns, origin)


def detection_probability(p: RadarParams, c: _Crossings) -> FloatArray:
    """Swerling-1 Pd of each crossing, zero outside coverage (range, elevation, horizon)."""
    range_m = np.maximum(c.range_m, 1.0)
    # SNR = SNR_ref * (sigma / sigma_ref) * (R_ref / R)^4
    snr = p.snr_reference * (c.rcs_m2 / p.reference_rcs_m2) * (p.reference_range_m / range_m) ** 4
    pd = p.pfa ** (1.0 / (1.0 + snr))
    covered = (
        (c.range_m >= p.min_range_m)
        & (c.range_m <= p.max_range_m)
        & (c.elevation_deg <= p.max_elevation_deg)
        & (c.ground_m <= horizon_distance_m(p.mast_height_m, c.alt_m - (p.alt_m - p.mast_height_m)))
    )
    return np.where(covered, pd, 0.0)


def horizon_distance_m(antenna_height_m: float, target_height_m: FloatArray) -> FloatArray:
    """Ground distance out to which a target is above the radar horizon (4/3 Earth radius)."""
    two_kr = 2.0 * EFFECTIVE_EARTH_RADIUS_M
    h_t = np.maximum(target_height_m, 0.0)
    return np.asarray(np.sqrt(two_kr * max(antenna_height_m, 0.0)) + np.sqrt(two_kr * h_t), float)


def _crossings(
    p: RadarParams, trajectories: Sequence[Trajectory], sweep_start_s: FloatArray, duration_s: float
) -> _Crossings:
    """Beam-crossing time and true geometry of every object in every sweep it lives through."""
    parts: list[tuple[FloatArray, ...]] = []
    for index, traj in enumerate(trajectories):
        start_s, end_s = float(traj.t_s[0]), float(traj.t_s[-1])
        k = np.nonzero((sweep_start_s <= end_s) & (sweep_start_s + p.scan_period_s >= start_s))[0]
        sweep_s = sweep_start_s[k]
        t_s = sweep_s + 0.5 * p.scan_period_s
        for _ in range(CROSSING_ITERATIONS):
            lat, lon, alt = traj.position_at(np.clip(t_s, start_s, end_s))
            az, _, _ = aer_from(p.lat, p.lon, p.alt_m, lat, lon, alt)
            t_s = sweep_s + az / 360.0 * p.scan_period_s
        keep = (t_s >= max(start_s, 0.0)) & (t_s <= min(end_s, duration_s))
        t_s = t_s[keep]
        lat, lon, alt = traj.position_at(t_s)
        az, el, rng_m = aer_from(p.lat, p.lon, p.alt_m, lat, lon, alt)
        ground = haversine_m(p.lat, p.lon, lat, lon)
        rcs = np.full(t_s.shape[0], p.rcs_m2.get(traj.kind, DEFAULT_RCS_M2))
        parts.append((t_s, rng_m, az, el, ground, alt, rcs, np.full(t_s.shape[0], float(index))))
    if not parts:
        parts.append(tuple(np.zeros(0) for _ in range(8)))
    cols = [np.concatenate([part[i] for part in parts]) for i in range(8)]
    t_s, range_m, azimuth_deg, elevation_deg, ground_m, alt_m, rcs_m2, obj_index = cols
    return _Crossings(
        t_s, range_m, azimuth_deg, elevation_deg, ground_m, alt_m, rcs_m2, obj_index.astype(np.intp)
    )


def _clutter(
    p: RadarParams, sweep_start_s: FloatArray, duration_s: float, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Poisson false plots per sweep, uniform in azimuth and in area: (t_s, range, az, el)."""
    counts = rng.poisson(p.clutter_per_scan, sweep_start_s.shape[0])
    sweep_s = np.repeat(sweep_start_s, counts)
    n = sweep_s.shape[0]
    azimuth_deg = rng.uniform(0.0, 360.0, n)
    r0_sq, r1_sq = p.min_range_m**2, p.max_range_m**2
    range_m = np.sqrt(r0_sq + rng.random(n) * (r1_sq - r0_sq))
    elevation_deg = rng.uniform(*p.clutter_elevation_deg, n)
    t_s = sweep_s + azimuth_deg / 360.0 * p.scan_period_s
    keep = (t_s >= 0.0) & (t_s <= duration_s)
    return t_s[keep], range_m[keep], azimuth_deg[keep], elevation_deg[keep]
