"""Which true objects each detection counts for, per the contract's agreement rules.

A radar plot counts when its measured position is within 2 km (3-D) of the object; an acoustic
bearing when it is within 15 degrees (wrapped) of the true bearing from the post and the object
is within the post's `max_range_m` (3-D slant distance; no limit when the post has none); an
observer report when the reporter stands within 5 km (great-circle) of the object. The object
must be flying (between its first and last truth sample); its position is interpolated at the
detection time. One detection may count for several objects. To stay fast on a million rows,
rows are first culled with a k-d tree around samples of each object's path (the radius covers
the path between samples, so no agreeing row is lost), then tested exactly.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

import numpy as np
from scipy.spatial import cKDTree

from airwarn.evaluate.presentation import IntArray, TruthPaths, ecef_to_enu_matrix
from airwarn.geo.frames import LocalFrame, geodetic_from_aer, haversine_m
from airwarn.scenario.model import BoolArray, Detections, FloatArray, ScenarioInfo, Sensor, StrArray

RADAR_AGREE_M: Final = 2000.0
ACOUSTIC_AGREE_DEG: Final = 15.0
OBSERVER_AGREE_M: Final = 5000.0
PROBE_SPACING_M: Final = 1000.0
"""Spacing of the path samples used to cull rows spatially before the exact test."""


@dataclass(frozen=True)
class Attribution:
    """Per object (aligned with `ids`): detections that counted for it and the first one's time."""

    ids: StrArray
    count: IntArray
    first_t_s: FloatArray


@dataclass(frozen=True)
class _Radar:
    t_s: FloatArray
    xyz_m: FloatArray


@dataclass(frozen=True)
class _Acoustic:
    t_s: FloatArray
    azimuth_deg: FloatArray
    post_xyz_m: FloatArray
    east: FloatArray
    north: FloatArray
    max_range_m: FloatArray


@dataclass(frozen=True)
class _Observer:
    t_s: FloatArray
    lat: FloatArray
    lon: FloatArray
    xyz_m: FloatArray


def attribute(
    info: ScenarioInfo, detections: Detections, paths: TruthPaths, frame: LocalFrame
) -> Attribution:
    """Count, per object, the detections that agree with its true position at their time."""
    kinds = _row_sensors(info, detections)
    radar = _radar_rows(info, detections, kinds, frame)
    acoustic = _acoustic_rows(info, detections, kinds, frame)
    observer = _observer_rows(detections, kinds, frame)
    culls = (
        _cull(radar.xyz_m, RADAR_AGREE_M),
        _cull(acoustic.post_xyz_m, float(np.max(acoustic.max_range_m, initial=0.0))),
        _cull(observer.xyz_m, OBSERVER_AGREE_M * 1.01),
    )
    n = paths.ids.size
    count = np.zeros(n, np.intp)
    first = np.full(n, np.nan)
    for i in range(n):
        lo, hi = float(paths.t_first()[i]), float(paths.t_last()[i])
        probe, spacing_m = _probe(paths, i)
        top_m = float(np.max(np.abs(paths.alt_m[paths.starts[i] : paths.stops[i]])))
        rows = [
            _candidates(c, t, probe, spacing_m + extra, lo, hi)
            for c, t, extra in zip(
                culls, (radar.t_s, acoustic.t_s, observer.t_s), (0.0, 0.0, top_m), strict=True
            )
        ]
        hit_t = np.concatenate(
            [
                _radar_hits(radar, paths, i, rows[0]),
                _acoustic_hits(acoustic, paths, i, rows[1]),
                _observer_hits(observer, paths, i, rows[2]),
            ]
        )
        count[i] = hit_t.size
        if hit_t.size:
            first[i] = float(hit_t.min())
    return Attribution(ids=paths.ids, count=count, first_t_s=first)


@dataclass(frozen=True)
class _Cull:
    """Rows' key positions (scoring frame) in a k-d tree; a row can only agree with an object
    that passes within `reach_m` of its key. No tree (reach unbounded): every row is a candidate."""

    tree: cKDTree | None
    reach_m: float


def _cull(key_xyz_m: FloatArray, reach_m: float) -> _Cull:
    """A k-d tree over the keys when the reach is finite."""
    if not np.isfinite(reach_m) or key_xyz_m.shape[0] == 0:
        return _Cull(None, reach_m)
    return _Cull(cKDTree(np.nan_to_num(key_xyz_m, nan=1e12)), reach_m)


def _probe(paths: TruthPaths, i: int) -> tuple[FloatArray, float]:
    """Samples of object i's path about every kilometre, and the most path between two of them."""
    xyz = paths.xyz_m[paths.starts[i] : paths.stops[i]]
    step_m = float(np.max(np.linalg.norm(np.diff(xyz, axis=0), axis=1), initial=0.0))
    stride = max(1, int(PROBE_SPACING_M // step_m)) if step_m > 0 else xyz.shape[0]
    keep = np.unique(np.append(np.arange(0, xyz.shape[0], stride), xyz.shape[0] - 1))
    return xyz[keep], stride * step_m


def _candidates(
    c: _Cull, t_s: FloatArray, probe: FloatArray, extra_m: float, lo: float, hi: float
) -> IntArray:
    """Sorted row indices that are flying-time rows and, when culling, near the probed path."""
    w = _window(t_s, lo, hi)
    if c.tree is None:
        return np.arange(w.start, w.stop, dtype=np.intp)
    found = c.tree.query_ball_point(probe, c.reach_m + extra_m + 1.0, return_sorted=False)
    idx = np.unique(np.fromiter(itertools.chain.from_iterable(found), dtype=np.intp))
    return np.asarray(idx[(idx >= w.start) & (idx < w.stop)], np.intp)


def _row_sensors(info: ScenarioInfo, detections: Detections) -> StrArray:
    """The sensor kind of each detection row ("" when its sensor_id is not in scenario.json)."""
    by_id = {s.id: s.kind for s in info.sensors}
    return np.array([by_id.get(x, "") for x in detections.sensor_id.tolist()], dtype=object)


def _by_sensor(info: ScenarioInfo, rows: Detections, kind: str) -> list[tuple[Sensor, BoolArray]]:
    """The sensors of this kind with a position that have rows, with each one's row mask."""
    usable = [s for s in info.sensors if s.kind == kind and _has_position(s)]
    code_of = {s.id: k for k, s in enumerate(usable)}
    codes = np.array([code_of.get(x, -1) for x in rows.sensor_id.tolist()], dtype=np.intp)
    present = np.unique(codes[codes >= 0])
    return [(usable[int(k)], codes == k) for k in present]


def _window(t_s: FloatArray, lo: float, hi: float) -> slice:
    """Rows of a time-sorted array with lo <= t_s <= hi."""
    return slice(int(np.searchsorted(t_s, lo, "left")), int(np.searchsorted(t_s, hi, "right")))


def _sorted_take(det: Detections, mask: BoolArray) -> Detections:
    """The masked rows, sorted by time."""
    return det.take(np.flatnonzero(mask)).sorted_by_time()


def _radar_rows(info: ScenarioInfo, det: Detections, kinds: StrArray, frame: LocalFrame) -> _Radar:
    """Radar plots turned into positions in the scoring frame."""
    ok = (kinds == "radar") & np.isfinite(det.range_m) & np.isfinite(det.azimuth_deg)
    ok &= np.isfinite(det.elevation_deg) & np.isfinite(det.t_s)
    rows = _sorted_take(det, ok)
    xyz = np.full((len(rows), 3), np.nan)
    for sensor, sel in _by_sensor(info, rows, "radar"):
        lat, lon, alt = geodetic_from_aer(
            float(sensor.lat or 0.0),
            float(sensor.lon or 0.0),
            float(sensor.alt_m or 0.0),
            rows.azimuth_deg[sel],
            rows.elevation_deg[sel],
            rows.range_m[sel],
        )
        xyz[sel] = np.stack(frame.to_enu(lat, lon, alt), axis=-1)
    return _Radar(rows.t_s, xyz)


def _has_position(sensor: Sensor) -> bool:
    """True when the sensor entry gives lat and lon."""
    return sensor.lat is not None and sensor.lon is not None


def _acoustic_rows(info: ScenarioInfo, det: Detections, kinds: StrArray, frame: LocalFrame) -> _Acoustic:
    """Acoustic bearings with their post's position and local east/north axes in the scoring frame."""
    ok = (kinds == "acoustic") & np.isfinite(det.azimuth_deg) & np.isfinite(det.t_s)
    rows = _sorted_take(det, ok)
    n = len(rows)
    post, east, north = np.full((n, 3), np.nan), np.zeros((n, 3)), np.zeros((n, 3))
    max_range = np.full(n, np.inf)
    rot = ecef_to_enu_matrix(frame)
    for sensor, sel in _by_sensor(info, rows, "acoustic"):
        lat, lon = float(sensor.lat or 0.0), float(sensor.lon or 0.0)
        post[sel] = np.stack(frame.to_enu(lat, lon, float(sensor.alt_m or 0.0)), axis=-1)
        phi, lam = np.radians(lat), np.radians(lon)
        east[sel] = rot @ np.array([-np.sin(lam), np.cos(lam), 0.0])
        north[sel] = rot @ np.array([-np.sin(phi) * np.cos(lam), -np.sin(phi) * np.sin(lam), np.cos(phi)])
        if sensor.max_range_m is not None:
            max_range[sel] = float(sensor.max_range_m)
    return _Acoustic(rows.t_s, rows.azimuth_deg, post, east, north, max_range)


def _observer_rows(det: Detections, kinds: StrArray, frame: LocalFrame) -> _Observer:
    """Observer reports: the reporter's own position (and, to cull with, it at height 0 in ENU)."""
    ok = (kinds == "observer") & np.isfinite(det.lat) & np.isfinite(det.lon) & np.isfinite(det.t_s)
    rows = _sorted_take(det, ok)
    xyz = np.stack(frame.to_enu(rows.lat, rows.lon, np.zeros(len(rows))), axis=-1).reshape(-1, 3)
    return _Observer(rows.t_s, rows.lat, rows.lon, xyz)


def _radar_hits(r: _Radar, paths: TruthPaths, i: int, w: IntArray) -> FloatArray:
    """Times of radar plots (rows w) within 2 km (3-D) of object i."""
    d = np.linalg.norm(paths.at(i, r.t_s[w]) - r.xyz_m[w], axis=1)
    return np.asarray(r.t_s[w][d <= RADAR_AGREE_M], float)


def _acoustic_hits(a: _Acoustic, paths: TruthPaths, i: int, w: IntArray) -> FloatArray:
    """Times of bearings (rows w) within 15 degrees of object i, the object within the post's range."""
    rel = paths.at(i, a.t_s[w]) - a.post_xyz_m[w]
    slant = np.linalg.norm(rel, axis=1)
    az = np.degrees(np.arctan2(np.sum(rel * a.east[w], axis=1), np.sum(rel * a.north[w], axis=1)))
    off = np.abs((a.azimuth_deg[w] - az + 180.0) % 360.0 - 180.0)
    return np.asarray(a.t_s[w][(off <= ACOUSTIC_AGREE_DEG) & (slant <= a.max_range_m[w])], float)


def _observer_hits(o: _Observer, paths: TruthPaths, i: int, w: IntArray) -> FloatArray:
    """Times of observer reports (rows w) made within 5 km (great-circle) of object i."""
    lat, lon = paths.latlon_at(i, o.t_s[w])
    return o.t_s[w][haversine_m(o.lat[w], o.lon[w], lat, lon) <= OBSERVER_AGREE_M]
