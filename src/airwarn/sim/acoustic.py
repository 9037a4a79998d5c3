"""Acoustic posts: microphones that hear engines nearby and report a bearing every few
seconds, late by the sound's travel time, plus occasional false detections.

Each post reports at its own clock, t = phase + k * report_period_s (random phase per post).
A report at reception time t is about the sound emitted at t_e with t = t_e + d(t_e) / 343,
d being the slant distance from the post to the object; t_e is found exactly on the object's
sampled track (linear between samples) by tiling reception time with the samples' arrival
times. The object is heard when that slant distance is at most the post's max_range_m
(slant, not horizontal: sound travels the straight line) and its kind has an engine
(HEARD_KINDS: drones and cruise missiles; glide bombs and ballistic missiles are silent).
Each such report is kept with probability falling from `p_detect` at the post to
`p_detect_at_max_range` at max_range_m, linearly in (d / max_range_m)**2 (spherical spreading).

Rows carry azimuth_deg (true bearing to the emission point + N(0, sigma_azimuth_deg)) and,
only for posts with sigma_elevation_deg, elevation_deg likewise.

Sensor fields: lat, lon, alt_m, max_range_m (required), sigma_azimuth_deg (default 6),
sigma_elevation_deg (optional). Extras and defaults:

  report_period_s 2          seconds between a post's reports while it hears something
  p_detect 0.9               report probability close to the post
  p_detect_at_max_range 0.5  report probability at max_range_m
  false_per_hour 0.5         Poisson rate of false detections per post (uniform bearing;
                             elevation uniform in [0, 60] deg where the post measures it)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import pymap3d
from scipy.spatial import cKDTree

from airwarn.errors import ConfigError
from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import Sensor
from airwarn.sim.sensor_params import (
    extra_float,
    extra_share,
    field_or,
    required_field,
    sensor_position,
    sorted_output,
)
from airwarn.sim.types import FloatArray, SensorOutput, Trajectory

SPEED_OF_SOUND_MPS: Final = 343.0
HEARD_KINDS: Final = frozenset({"drone", "cruise_missile"})
FALSE_MAX_ELEVATION_DEG: Final = 60.0
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Posts:
    """All posts' figures as columns (one entry per post), positions also in one ENU frame."""

    ids: npt.NDArray[np.object_]
    lat: FloatArray
    lon: FloatArray
    alt_m: FloatArray
    enu: FloatArray
    max_range_m: FloatArray
    sigma_azimuth_deg: FloatArray
    sigma_elevation_deg: FloatArray
    report_period_s: FloatArray
    p_detect: FloatArray
    p_detect_far: FloatArray
    false_per_hour: FloatArray
    frame: LocalFrame

    @classmethod
    def from_sensors(cls, posts: Sequence[Sensor]) -> Posts:
        """Columns of the posts' figures with the documented defaults (NaN: no elevation)."""
        table = np.array([_post_row(s) for s in posts], dtype=float).reshape(-1, 10)
        lat, lon, alt_m = table[:, 0], table[:, 1], table[:, 2]
        frame = LocalFrame(float(np.mean(lat)), float(np.mean(lon)), 0.0) if len(posts) else LocalFrame(0, 0)
        return cls(
            ids=np.array([s.id for s in posts], dtype=object),
            lat=lat,
            lon=lon,
            alt_m=alt_m,
            enu=np.column_stack(frame.to_enu(lat, lon, alt_m)).reshape(-1, 3),
            max_range_m=table[:, 3],
            sigma_azimuth_deg=table[:, 4],
            sigma_elevation_deg=table[:, 5],
            report_period_s=table[:, 6],
            p_detect=table[:, 7],
            p_detect_far=table[:, 8],
            false_per_hour=table[:, 9],
            frame=frame,
        )


def _post_row(sensor: Sensor) -> tuple[float, ...]:
    """One post's figures in Posts column order."""
    if sensor.kind != "acoustic":
        raise ConfigError(f"sensor {sensor.id!r} is {sensor.kind!r}, not an acoustic post")
    lat, lon, alt_m = sensor_position(sensor)
    sigma_el = sensor.sigma_elevation_deg
    return (
        lat,
        lon,
        alt_m,
        required_field(sensor, "max_range_m", minimum=0.0),
        field_or(sensor, "sigma_azimuth_deg", 6.0),
        np.nan if sigma_el is None else field_or(sensor, "sigma_elevation_deg", 0.0),
        extra_float(sensor, "report_period_s", 2.0, minimum=1e-3),
        extra_share(sensor, "p_detect", 0.9),
        extra_share(sensor, "p_detect_at_max_range", 0.5),
        extra_float(sensor, "false_per_hour", 0.5),
    )


def acoustic_bearings(
    posts: Sequence[Sensor], trajectories: Sequence[Trajectory], duration_s: float, rng: np.random.Generator
) -> SensorOutput:
    """Bearings (azimuth_deg, elevation_deg where measured) from all posts over [0, duration_s]."""
    p = Posts.from_sensors(posts)
    phase_s = rng.uniform(0.0, 1.0, p.ids.shape[0]) * p.report_period_s
    tree = cKDTree(p.enu) if p.ids.shape[0] else None
    parts = [
        _heard(p, tree, traj, index, phase_s, duration_s)
        for index, traj in enumerate(trajectories)
        if traj.kind in HEARD_KINDS and tree is not None
    ]
    heard = [np.concatenate(col) for col in zip(*parts, strict=True)] if parts else [np.zeros(0)] * 6
    t_s, post, obj, lat, lon, alt = heard
    post, obj = post.astype(np.intp), obj.astype(np.intp)
    az, el, dist = pymap3d.geodetic2aer(lat, lon, alt, p.lat[post], p.lon[post], p.alt_m[post])
    dist = np.asarray(dist, float)
    frac_sq = (dist / np.maximum(p.max_range_m[post], 1e-9)) ** 2
    pd = p.p_detect[post] + (p.p_detect_far[post] - p.p_detect[post]) * frac_sq
    keep = (dist <= p.max_range_m[post]) & (rng.random(t_s.shape[0]) < pd)
    t_s, post, obj = t_s[keep], post[keep], obj[keep]
    az = np.asarray(az, float)[keep] + rng.normal(0.0, 1.0, t_s.shape[0]) * p.sigma_azimuth_deg[post]
    el = np.asarray(el, float)[keep] + rng.normal(0.0, 1.0, t_s.shape[0]) * p.sigma_elevation_deg[post]
    false_t, false_post, false_az, false_el = _false_detections(p, duration_s, rng)
    ids = np.array([t.object_id for t in trajectories] + [""], dtype=object)
    all_post = np.concatenate([post, false_post])
    all_t = np.concatenate([t_s, false_t])
    columns = {
        "t_s": all_t,
        "sensor_id": p.ids[all_post],
        "azimuth_deg": np.mod(np.concatenate([az, false_az]), 360.0),
        "elevation_deg": np.concatenate([el, false_el]),
    }
    origin = ids[np.concatenate([obj, np.full(false_t.shape[0], len(ids) - 1, dtype=np.intp)])]
    return sorted_output(all_t.shape[0], columns, origin)


def _heard(
    p: Posts,
    tree: cKDTree,
    traj: Trajectory,
    index: int,
    phase_s: FloatArray,
    duration_s: float,
) -> tuple[FloatArray, ...]:
    """Candidate reports of one object: (t_s, post, object, lat, lon, alt at emission)."""
    xyz = np.column_stack(p.frame.to_enu(traj.lat, traj.lon, traj.alt_m))
    step_m = float(np.max(np.linalg.norm(np.diff(xyz, axis=0), axis=1), initial=0.0))
    radius_m = float(np.max(p.max_range_m)) + step_m
    near = tree.query_ball_point(xyz[:-1], radius_m)
    counts = np.fromiter(map(len, near), dtype=np.intp, count=len(near))
    sample = np.repeat(np.arange(len(near)), counts)
    post = np.fromiter(itertools.chain.from_iterable(near), dtype=np.intp, count=int(counts.sum()))
    # Arrival times at the post of the sound emitted at samples i and i + 1: reception window.
    arrive0 = traj.t_s[sample] + np.linalg.norm(xyz[sample] - p.enu[post], axis=1) / SPEED_OF_SOUND_MPS
    arrive1 = (
        traj.t_s[sample + 1] + np.linalg.norm(xyz[sample + 1] - p.enu[post], axis=1) / SPEED_OF_SOUND_MPS
    )
    period = p.report_period_s[post]
    k0 = np.ceil((arrive0 - phase_s[post]) / period)
    k1 = np.ceil((arrive1 - phase_s[post]) / period)  # exclusive
    n_reports = np.maximum(k1 - k0, 0).astype(np.intp)
    pair = np.repeat(np.arange(post.shape[0]), n_reports)
    offset = np.arange(pair.shape[0]) - np.repeat(np.cumsum(n_reports) - n_reports, n_reports)
    t_s = phase_s[post[pair]] + (k0[pair] + offset) * period[pair]
    # The emission moment within the sample interval, by the same fraction as reception.
    frac = (t_s - arrive0[pair]) / np.maximum(arrive1[pair] - arrive0[pair], 1e-9)
    i = sample[pair]
    t_emit = traj.t_s[i] + frac * (traj.t_s[i + 1] - traj.t_s[i])
    lat, lon, alt = traj.position_at(t_emit)
    keep = (t_s >= 0.0) & (t_s <= duration_s)
    obj = np.full(t_s.shape[0], float(index))
    return t_s[keep], post[pair][keep].astype(float), obj[keep], lat[keep], lon[keep], alt[keep]


def _false_detections(
    p: Posts, duration_s: float, rng: np.random.Generator
) -> tuple[FloatArray, IntArray, FloatArray, FloatArray]:
    """Poisson false detections per post: (t_s, post index, azimuth_deg, elevation_deg)."""
    counts = rng.poisson(p.false_per_hour * duration_s / 3600.0)
    post = np.repeat(np.arange(p.ids.shape[0]), counts)
    n = post.shape[0]
    t_s = rng.uniform(0.0, duration_s, n)
    azimuth_deg = rng.uniform(0.0, 360.0, n)
    elevation_deg = rng.uniform(0.0, FALSE_MAX_ELEVATION_DEG, n)
    elevation_deg[np.isnan(p.sigma_elevation_deg[post])] = np.nan
    return t_s, post, azimuth_deg, elevation_deg
