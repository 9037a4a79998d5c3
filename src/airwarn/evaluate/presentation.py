"""What the scorer compares each whole second: true objects and confirmed tracks, online.

All positions are 3-D in one LocalFrame ENU at the area centre (metres). ENU is a rigid
transform of ECEF, so 3-D distances there are exact anywhere in the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import FloatArray, ScenarioInfo, StrArray, Tracks, Truth

IntArray = npt.NDArray[np.intp]

MAX_TRACK_AGE_S: Final = 30.0
"""A confirmed row carries its track for at most this long (contract: 'at most 30 s old')."""


@dataclass(frozen=True)
class Presented:
    """Things shown at whole seconds, flattened: row k is thing `index[k]` at second `second[k]`.

    Rows are sorted by second. `ids[i]` names thing i; `xyz_m` is (K, 3) in the scoring frame.
    """

    ids: StrArray
    second: IntArray
    index: IntArray
    xyz_m: FloatArray

    def rows_at(self, n_seconds: int) -> IntArray:
        """Row offsets (n_seconds + 1,) so rows of second s are [off[s], off[s+1])."""
        return np.searchsorted(self.second, np.arange(n_seconds + 1), side="left").astype(np.intp)


def scoring_frame(info: ScenarioInfo) -> LocalFrame:
    """The LocalFrame (ENU, ellipsoid height 0) at the scenario's area centre."""
    lat0, lon0 = info.area.center
    return LocalFrame(lat0, lon0, 0.0)


def score_seconds(duration_s: float) -> IntArray:
    """The scored whole seconds 0, 1, ..., floor(duration_s)."""
    return np.arange(int(np.floor(duration_s)) + 1, dtype=np.intp)


def local_enu_to_frame(
    frame: LocalFrame, lat: FloatArray, lon: FloatArray, enu_local: FloatArray
) -> FloatArray:
    """Rotate vectors (N, 3) given in each point's own ENU into `frame`'s ENU axes."""
    phi, lam = np.radians(lat), np.radians(lon)
    east = np.stack([-np.sin(lam), np.cos(lam), np.zeros_like(lam)], axis=-1)
    north = np.stack([-np.sin(phi) * np.cos(lam), -np.sin(phi) * np.sin(lam), np.cos(phi)], axis=-1)
    up = np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=-1)
    ecef = enu_local[:, :1] * east + enu_local[:, 1:2] * north + enu_local[:, 2:3] * up
    return np.asarray(ecef @ ecef_to_enu_matrix(frame).T, float)


def ecef_to_enu_matrix(frame: LocalFrame) -> FloatArray:
    """The 3x3 rotation taking ECEF vectors into `frame`'s ENU axes (rows: east, north, up)."""
    phi, lam = np.radians(frame.lat0), np.radians(frame.lon0)
    return np.array(
        [
            [-np.sin(lam), np.cos(lam), 0.0],
            [-np.sin(phi) * np.cos(lam), -np.sin(phi) * np.sin(lam), np.cos(phi)],
            [np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)],
        ]
    )


@dataclass(frozen=True)
class TruthPaths:
    """Truth grouped by object, rows sorted by (object, t_s), positions in the scoring frame."""

    ids: StrArray
    kinds: StrArray
    starts: IntArray
    stops: IntArray
    t_s: FloatArray
    xyz_m: FloatArray
    lat: FloatArray
    lon: FloatArray
    alt_m: FloatArray

    def t_first(self) -> FloatArray:
        """First sample time of each object (s)."""
        return self.t_s[self.starts]

    def t_last(self) -> FloatArray:
        """Last sample time of each object (s)."""
        return self.t_s[self.stops - 1]

    def at(self, i: int, t_s: FloatArray) -> FloatArray:
        """Positions (N, 3) of object i at times t_s by linear interpolation (clamped at the ends)."""
        sl = slice(int(self.starts[i]), int(self.stops[i]))
        tt = self.t_s[sl]
        return np.stack([np.interp(t_s, tt, self.xyz_m[sl, k]) for k in range(3)], axis=-1)

    def latlon_at(self, i: int, t_s: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(lat, lon) in degrees of object i at times t_s by linear interpolation."""
        sl = slice(int(self.starts[i]), int(self.stops[i]))
        tt = self.t_s[sl]
        return np.interp(t_s, tt, self.lat[sl]), np.interp(t_s, tt, self.lon[sl])


def truth_paths(truth: Truth, frame: LocalFrame) -> TruthPaths:
    """Group truth rows by object (first-seen order) and convert them to the scoring frame."""
    ids, first, inverse = np.unique(truth.object_id, return_index=True, return_inverse=True)
    order_ids = np.argsort(first, kind="stable")
    rank = np.empty_like(order_ids)
    rank[order_ids] = np.arange(order_ids.size)
    obj = rank[inverse]
    order = np.lexsort((truth.t_s, obj))
    t_s = truth.t_s[order]
    e, n, u = frame.to_enu(truth.lat[order], truth.lon[order], truth.alt_m[order])
    counts = np.bincount(obj, minlength=ids.size)
    stops = np.cumsum(counts).astype(np.intp)
    starts = (stops - counts).astype(np.intp)
    return TruthPaths(
        ids=ids[order_ids],
        kinds=truth.object_kind[order][starts] if ids.size else np.array([], dtype=object),
        starts=starts,
        stops=stops,
        t_s=t_s,
        xyz_m=np.stack([e, n, u], axis=-1).reshape(-1, 3),
        lat=truth.lat[order],
        lon=truth.lon[order],
        alt_m=truth.alt_m[order],
    )


def present_truth(paths: TruthPaths, seconds: IntArray) -> Presented:
    """Each object at every scored second between its first and last sample, interpolated."""
    parts_s: list[IntArray] = []
    parts_i: list[IntArray] = []
    parts_xyz: list[FloatArray] = []
    t_first, t_last = paths.t_first(), paths.t_last()
    for i in range(paths.ids.size):
        lo = np.searchsorted(seconds, t_first[i], side="left")
        hi = np.searchsorted(seconds, t_last[i], side="right")
        sec = seconds[lo:hi]
        parts_s.append(sec)
        parts_i.append(np.full(sec.size, i, dtype=np.intp))
        parts_xyz.append(paths.at(i, sec.astype(float)))
    return _flatten(paths.ids, parts_s, parts_i, parts_xyz)


def _flatten(
    ids: StrArray, parts_s: list[IntArray], parts_i: list[IntArray], parts_xyz: list[FloatArray]
) -> Presented:
    """Concatenate per-thing parts and sort the rows by second (stable)."""
    if not parts_s:
        return Presented(ids, np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros((0, 3)))
    second = np.concatenate(parts_s)
    order = np.argsort(second, kind="stable")
    return Presented(
        ids=ids,
        second=second[order],
        index=np.concatenate(parts_i)[order],
        xyz_m=np.concatenate(parts_xyz).reshape(-1, 3)[order],
    )


def present_tracks(tracks: Tracks, frame: LocalFrame, seconds: IntArray) -> Presented:
    """Confirmed tracks as an operator saw them at each scored second (contract, 'How a run is scored').

    A track is present from its first confirmed row to its last; at second t it sits at its
    latest confirmed row at or before t, moved on by that row's velocity, while that row is at
    most 30 s old. Unconfirmed rows and anything later than t are never used. Rows with an
    empty position are skipped; an empty velocity component counts as 0 (the track is held).
    """
    finite = np.isfinite(tracks.t_s) & np.isfinite(tracks.lat) & np.isfinite(tracks.lon)
    keep = np.asarray(tracks.confirmed, bool) & finite & np.isfinite(tracks.alt_m)
    ids, tid = np.unique(tracks.track_id[keep], return_inverse=True)
    if ids.size == 0 or seconds.size == 0:
        return _flatten(ids, [], [], [])
    t_row = tracks.t_s[keep]
    order = np.lexsort((t_row, tid))
    tid, t_row = tid[order], t_row[order]
    lat, lon = tracks.lat[keep][order], tracks.lon[keep][order]
    e, n, u = frame.to_enu(lat, lon, tracks.alt_m[keep][order])
    pos = np.stack([e, n, u], axis=-1).reshape(-1, 3)
    v_local = np.stack(
        [tracks.v_east_mps[keep][order], tracks.v_north_mps[keep][order], tracks.v_up_mps[keep][order]],
        axis=-1,
    ).reshape(-1, 3)
    vel = local_enu_to_frame(frame, lat, lon, np.nan_to_num(v_local))
    counts = np.bincount(tid, minlength=ids.size)
    stops = np.cumsum(counts)
    first_t, last_t = t_row[stops - counts], t_row[stops - 1]
    lo = np.searchsorted(seconds, first_t, side="left")
    hi = np.searchsorted(seconds, last_t, side="right")
    n_sec = np.maximum(hi - lo, 0)
    pair_track = np.repeat(np.arange(ids.size), n_sec)
    pair_sec = seconds[np.repeat(lo, n_sec) + _ramp(n_sec)]
    t0 = float(t_row.min())
    span = float(t_row.max()) - t0 + 2.0
    keys = tid * span + (t_row - t0)
    row = np.searchsorted(keys, pair_track * span + (pair_sec - t0), side="right") - 1
    age_s = pair_sec - t_row[row]
    fresh = age_s <= MAX_TRACK_AGE_S
    xyz = pos[row[fresh]] + vel[row[fresh]] * age_s[fresh, None]
    return _flatten(ids, [pair_sec[fresh]], [pair_track[fresh]], [xyz])


def _ramp(counts: npt.NDArray[np.intp]) -> IntArray:
    """0..c-1 for each c in counts, concatenated."""
    total = int(counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return (np.arange(total) - starts).astype(np.intp)
