"""Citizens' phone reports: sightings where objects pass over populated places, late and
coarse, plus honest-but-wrong reports and floods from a few malicious reporters.

A passage is a run of an object's samples (below MAX_SIGHTING_ALT_M) within
`sighting_radius_m` of a place. Each passage brings Poisson(min(cap, rate * population /
100k * SIGHTING_WEIGHT[kind])) reports, sighted at uniform moments of the passage. Each
reporter belongs to a place (a pool of `reporters_per_100k_people` per 100k, at least
MIN_POOL), lives at the place + N(0, sigma_position_m) per axis, and keeps one reporter_id
("u" + 8 hex digits) across reports, so some report several times. A report carries:

  lat, lon       the reporter's home + GPS_JITTER_M scatter (where the phone was)
  azimuth_deg    bearing from the reporter to the object + N(0, sigma_azimuth_deg); a
                 `wrong_bearing_share` is uniform at random, a `no_bearing_share` is empty
  heading_deg    the object's course + N(0, heading_sigma_deg), empty in `no_heading_share`
  object_kind    the reporter's guess (KIND_GUESS: right, wrong or empty, by true kind)
  t_s            when it arrived: the sighting moment + Gamma(2, mean_delay_s / 2) delay;
                 rows arriving after duration_s are dropped. alt_m is left empty.

False reports (origin ""): honest reporters at places drawn by population, at uniform
times, with random bearing and course, mostly guessing "drone", so that they make up
`false_share` of the honest reports. Malicious reporters: each picks a place (drawn by
population) and a fake target MALICIOUS_TARGET_M away, and sends Poisson(rate * duration)
reports at uniform times, from spoofed positions near the place, bearings pointing at the
fake target (+ N(0, 5 deg)), one consistent fake course and "drone".

Sensor fields: sigma_position_m (default 1500), sigma_azimuth_deg (default 20). Extras:

  sighting_radius_m 3000           horizontal distance from a place's centre
  reports_per_100k_people 3        mean reports per passage per 100k inhabitants
  max_reports_per_passage 20       cap of that mean
  reporters_per_100k_people 50     size of each place's reporter pool
  wrong_bearing_share 0.1, no_bearing_share 0.1, no_heading_share 0.5
  heading_sigma_deg 25, mean_delay_s 30, false_share 0.1
  malicious_reporters 3, malicious_reports_per_hour 60
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from airwarn.errors import ConfigError
from airwarn.geo.frames import LocalFrame, bearing_deg, destination
from airwarn.geo.geography import Places
from airwarn.scenario.model import OBJECT_KINDS, Sensor
from airwarn.sim.sensor_params import extra_float, extra_share, field_or, sorted_output
from airwarn.sim.types import FloatArray, SensorOutput, StrArray, Trajectory

IntArray = npt.NDArray[np.intp]

SIGHTING_WEIGHT: Final[dict[str, float]] = {
    "drone": 1.0,
    "cruise_missile": 0.7,
    "ballistic_missile": 0.3,
    "glide_bomb": 0.3,
}
KIND_GUESS: Final[dict[str, tuple[float, float]]] = {
    "drone": (0.6, 0.1),
    "cruise_missile": (0.3, 0.2),
    "ballistic_missile": (0.2, 0.2),
    "glide_bomb": (0.1, 0.2),
}
"""Per true kind: (share guessing right, share guessing another kind); the rest leave it empty."""
MAX_SIGHTING_ALT_M: Final = 15_000.0
MIN_POOL: Final = 3
GPS_JITTER_M: Final = 30.0
MALICIOUS_TARGET_M: Final = 3000.0
MALICIOUS_SIGMA_DEG: Final = 5.0


@dataclass(frozen=True)
class ObserverParams:
    """The public's figures, read from the observer Sensor with the documented defaults."""

    sigma_position_m: float
    sigma_azimuth_deg: float
    sighting_radius_m: float
    reports_per_100k: float
    max_reports_per_passage: float
    reporters_per_100k: float
    wrong_bearing_share: float
    no_bearing_share: float
    no_heading_share: float
    heading_sigma_deg: float
    mean_delay_s: float
    false_share: float
    malicious_reporters: int
    malicious_reports_per_hour: float

    @classmethod
    def from_sensor(cls, s: Sensor) -> ObserverParams:
        """Figures of an `observer` sensor; ConfigError names an invalid one."""
        false_share = extra_share(s, "false_share", 0.1)
        if false_share >= 1.0:
            raise ConfigError(f"sensor {s.id!r}: false_share must be below 1, got {false_share}")
        return cls(
            sigma_position_m=field_or(s, "sigma_position_m", 1500.0),
            sigma_azimuth_deg=field_or(s, "sigma_azimuth_deg", 20.0),
            sighting_radius_m=extra_float(s, "sighting_radius_m", 3000.0),
            reports_per_100k=extra_float(s, "reports_per_100k_people", 3.0),
            max_reports_per_passage=extra_float(s, "max_reports_per_passage", 20.0),
            reporters_per_100k=extra_float(s, "reporters_per_100k_people", 50.0),
            wrong_bearing_share=extra_share(s, "wrong_bearing_share", 0.1),
            no_bearing_share=extra_share(s, "no_bearing_share", 0.1),
            no_heading_share=extra_share(s, "no_heading_share", 0.5),
            heading_sigma_deg=extra_float(s, "heading_sigma_deg", 25.0),
            mean_delay_s=extra_float(s, "mean_delay_s", 30.0),
            false_share=false_share,
            malicious_reporters=int(extra_float(s, "malicious_reporters", 3.0)),
            malicious_reports_per_hour=extra_float(s, "malicious_reports_per_hour", 60.0),
        )


@dataclass(frozen=True)
class _Sightings:
    """Honest sightings before reporters are assigned: one entry per report."""

    t_s: FloatArray
    place: IntArray
    lat: FloatArray
    lon: FloatArray
    heading_deg: FloatArray
    kind: StrArray
    origin_id: StrArray


def observer_reports(
    sensor: Sensor,
    trajectories: Sequence[Trajectory],
    places: Places,
    duration_s: float,
    rng: np.random.Generator,
) -> SensorOutput:
    """Phone reports (lat, lon, reporter_id, azimuth/heading/kind when given) over [0, duration_s]."""
    p = ObserverParams.from_sensor(sensor)
    if len(places) == 0:
        return sorted_output(0, {}, np.zeros(0, dtype=object))
    frame = LocalFrame(float(np.mean(places.lat)), float(np.mean(places.lon)), 0.0)
    tree = cKDTree(np.column_stack(frame.to_enu(places.lat, places.lon, np.zeros(len(places)))))
    real = [_object_sightings(p, places, frame, tree, traj, duration_s, rng) for traj in trajectories]
    honest = _concat([*real, _false_sightings(p, places, sum(len(s.t_s) for s in real), duration_s, rng)])
    return _reports(sensor.id, p, places, honest, duration_s, rng)


def _object_sightings(
    p: ObserverParams,
    places: Places,
    frame: LocalFrame,
    tree: cKDTree,
    traj: Trajectory,
    duration_s: float,
    rng: np.random.Generator,
) -> _Sightings:
    """Sightings of one object in [0, duration_s]: Poisson reports per passage over a place."""
    low = (traj.alt_m <= MAX_SIGHTING_ALT_M) & (traj.t_s >= 0.0) & (traj.t_s <= duration_s)
    xyz = np.column_stack(frame.to_enu(traj.lat, traj.lon, np.zeros(traj.lat.shape[0])))
    near = tree.query_ball_point(xyz, p.sighting_radius_m)
    counts = np.fromiter(map(len, near), dtype=np.intp, count=len(near)) * low
    sample = np.repeat(np.arange(len(near)), counts)
    place = np.concatenate(
        [np.asarray(near[i], dtype=np.intp) for i in np.nonzero(counts)[0]] or [np.zeros(0, np.intp)]
    )
    order = np.lexsort((sample, place))
    sample, place = sample[order], place[order]
    new = np.ones(sample.shape[0], dtype=bool)
    new[1:] = (place[1:] != place[:-1]) | (sample[1:] != sample[:-1] + 1)
    passage = np.cumsum(new) - 1
    first = sample[new]
    last = np.zeros_like(first)
    np.maximum.at(last, passage, sample)
    p_place = place[new]
    mean = np.minimum(
        p.max_reports_per_passage,
        p.reports_per_100k * places.population[p_place] / 1e5 * SIGHTING_WEIGHT.get(traj.kind, 0.5),
    )
    n = rng.poisson(np.nan_to_num(mean))
    which = np.repeat(np.arange(first.shape[0]), n)
    t0, t1 = traj.t_s[first[which]], traj.t_s[last[which]]
    t_s = t0 + rng.random(which.shape[0]) * (t1 - t0)
    lat, lon, _ = traj.position_at(t_s)
    lat_a, lon_a, _ = traj.position_at(np.maximum(t_s - 1.0, traj.t_s[0]))
    lat_b, lon_b, _ = traj.position_at(np.minimum(t_s + 1.0, traj.t_s[-1]))
    heading = bearing_deg(lat_a, lon_a, lat_b, lon_b)
    size = t_s.shape[0]
    return _Sightings(
        t_s,
        p_place[which],
        lat,
        lon,
        heading,
        np.full(size, traj.kind, dtype=object),
        np.full(size, traj.object_id, dtype=object),
    )


def _false_sightings(
    p: ObserverParams, places: Places, n_real: int, duration_s: float, rng: np.random.Generator
) -> _Sightings:
    """Honest-but-wrong reports making up false_share of honest ones: nothing was there."""
    n = int(rng.poisson(n_real * p.false_share / (1.0 - p.false_share)))
    place = _draw_places(places, n, rng)
    t_s = rng.uniform(0.0, duration_s, n)
    lat, lon = destination(
        places.lat[place], places.lon[place], rng.uniform(0, 360, n), rng.uniform(0, p.sighting_radius_m, n)
    )
    kind = np.where(rng.random(n) < 0.7, "drone", "").astype(object)
    return _Sightings(t_s, place, lat, lon, rng.uniform(0.0, 360.0, n), kind, np.full(n, "", dtype=object))


def _draw_places(places: Places, n: int, rng: np.random.Generator) -> IntArray:
    """n place indices drawn with probability proportional to population."""
    weight = np.maximum(np.nan_to_num(places.population), 0.0) + 1.0
    return np.asarray(rng.choice(len(places), size=n, p=weight / weight.sum()), dtype=np.intp)


def _concat(parts: list[_Sightings]) -> _Sightings:
    """All parts' sightings in one."""
    return _Sightings(
        *(np.concatenate([getattr(s, name) for s in parts]) for name in _Sightings.__dataclass_fields__)
    )


def _scatter(
    lat: FloatArray, lon: FloatArray, sigma_m: float, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    """Points displaced by N(0, sigma_m) east and north from (lat, lon)."""
    east_m = rng.normal(0.0, sigma_m, lat.shape[0])
    north_m = rng.normal(0.0, sigma_m, lat.shape[0])
    return destination(lat, lon, np.degrees(np.arctan2(east_m, north_m)), np.hypot(east_m, north_m))


def _reporter_ids(n: int, rng: np.random.Generator) -> StrArray:
    """n distinct ids "u" + 8 hex digits."""
    codes = np.unique(rng.integers(0, 2**32, size=2 * n + 8, dtype=np.uint64))
    codes = rng.permutation(codes)[:n]
    if codes.shape[0] < n:
        raise ConfigError(f"could not draw {n} distinct reporter ids")
    return np.array([f"u{int(c):08x}" for c in codes], dtype=object)


def _guess_kind(kind: StrArray, honest_false: npt.NDArray[np.bool_], rng: np.random.Generator) -> StrArray:
    """The reporter's guess of each sighted object's kind: right, another kind, or empty."""
    right = np.array([KIND_GUESS.get(k, (0.0, 0.0))[0] for k in kind])
    wrong = np.array([KIND_GUESS.get(k, (0.0, 0.0))[1] for k in kind])
    u = rng.random(kind.shape[0])
    other_pick = rng.integers(0, len(OBJECT_KINDS) - 1, kind.shape[0])
    others = np.array([[o for o in OBJECT_KINDS if o != k] or [""] for k in OBJECT_KINDS], dtype=object)
    kind_row = np.array([OBJECT_KINDS.index(k) if k in OBJECT_KINDS else 0 for k in kind], dtype=np.intp)
    guess = np.where(u < right, kind, np.where(u < right + wrong, others[kind_row, other_pick], ""))
    return np.asarray(np.where(honest_false, kind, guess), dtype=object)


def _reports(
    sensor_id: str,
    p: ObserverParams,
    places: Places,
    s: _Sightings,
    duration_s: float,
    rng: np.random.Generator,
) -> SensorOutput:
    """Honest sightings turned into rows by persistent reporters, plus malicious floods."""
    pool = np.maximum(MIN_POOL, np.round(p.reporters_per_100k * np.nan_to_num(places.population) / 1e5))
    slot = np.floor(rng.random(s.t_s.shape[0]) * pool[s.place]).astype(np.int64)
    keys, reporter = np.unique(s.place.astype(np.int64) * (2**31) + slot, return_inverse=True)
    home_place = (keys // (2**31)).astype(np.intp)
    home_lat, home_lon = _scatter(places.lat[home_place], places.lon[home_place], p.sigma_position_m, rng)
    ids = _reporter_ids(keys.shape[0] + p.malicious_reporters, rng)
    n = s.t_s.shape[0]
    lat, lon = _scatter(home_lat[reporter], home_lon[reporter], GPS_JITTER_M, rng)
    azimuth = bearing_deg(lat, lon, s.lat, s.lon) + rng.normal(0.0, p.sigma_azimuth_deg, n)
    azimuth = np.where(rng.random(n) < p.wrong_bearing_share, rng.uniform(0.0, 360.0, n), azimuth)
    azimuth[rng.random(n) < p.no_bearing_share] = np.nan
    heading = s.heading_deg + rng.normal(0.0, p.heading_sigma_deg, n)
    heading[rng.random(n) < p.no_heading_share] = np.nan
    kind = _guess_kind(s.kind, s.origin_id == "", rng)
    arrive_s = s.t_s + rng.gamma(2.0, p.mean_delay_s / 2.0, n)
    mal = _malicious(p, places, ids[keys.shape[0] :], duration_s, rng)
    columns = {
        "t_s": np.concatenate([arrive_s, mal["t_s"]]),
        "lat": np.concatenate([lat, mal["lat"]]),
        "lon": np.concatenate([lon, mal["lon"]]),
        "reporter_id": np.concatenate([ids[reporter], mal["reporter_id"]]),
        "azimuth_deg": np.mod(np.concatenate([azimuth, mal["azimuth_deg"]]), 360.0),
        "heading_deg": np.mod(np.concatenate([heading, mal["heading_deg"]]), 360.0),
        "object_kind": np.concatenate([kind, mal["object_kind"]]),
    }
    origin = np.concatenate([s.origin_id, np.full(mal["t_s"].shape[0], "", dtype=object)])
    keep = columns["t_s"] <= duration_s
    columns = {name: col[keep] for name, col in columns.items()}
    columns["sensor_id"] = np.full(int(keep.sum()), sensor_id, dtype=object)
    return sorted_output(int(keep.sum()), columns, origin[keep])


def _malicious(
    p: ObserverParams, places: Places, ids: StrArray, duration_s: float, rng: np.random.Generator
) -> dict[str, npt.NDArray[np.float64] | StrArray]:
    """Floods of fake reports, each reporter pointing consistently at its fake target."""
    m = ids.shape[0]
    place = _draw_places(places, m, rng)
    target_lat, target_lon = destination(
        places.lat[place], places.lon[place], rng.uniform(0.0, 360.0, m), np.full(m, MALICIOUS_TARGET_M)
    )
    fake_heading = np.asarray(rng.uniform(0.0, 360.0, m), dtype=np.float64)
    who = np.repeat(np.arange(m), rng.poisson(p.malicious_reports_per_hour * duration_s / 3600.0, m))
    n = who.shape[0]
    lat, lon = _scatter(places.lat[place[who]], places.lon[place[who]], p.sigma_position_m, rng)
    azimuth = bearing_deg(lat, lon, target_lat[who], target_lon[who]) + rng.normal(
        0.0, MALICIOUS_SIGMA_DEG, n
    )
    return {
        "t_s": rng.uniform(0.0, duration_s, n),
        "lat": lat,
        "lon": lon,
        "reporter_id": ids[who],
        "azimuth_deg": azimuth,
        "heading_deg": fake_heading[who] + rng.normal(0.0, MALICIOUS_SIGMA_DEG, n),
        "object_kind": np.full(n, "drone", dtype=object),
    }
