"""Angle-only association and IMM update of tracks with acoustic bearings.

Tracks within a post's reach are pre-gated by a kd-tree on the posts' positions, predicted
to each bearing's time, compared with the bearing towards where they were when the sound
left (range / 343 s earlier), chi-square gated with the bearing noise, assigned by global
nearest neighbour and updated by the batched IMM EKF (with a level-flight prior on the climb
rate where the post gives no elevation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from airwarn.tracking.association import assign
from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.gating import candidate_pairs, chi2_gate
from airwarn.tracking.imm import ImmModels
from airwarn.tracking.kalman import innovation_stats
from airwarn.tracking.models.bearing import (
    PostGeometry,
    bearing_dims,
    bearing_innovation,
    bearing_noise,
    measure_bearing,
)
from airwarn.tracking.state import TrackTable
from airwarn.tracking.triangulation import BearingSet
from airwarn.tracking.updater import predict_rows, update_rows

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class BearingAssignment:
    """Updated track rows (A,), their bearings' indices (A,) and pair costs (A,)."""

    rows: IntArray
    bearings: IntArray
    cost: FloatArray


def _candidates(
    tracks: TrackTable, b: BearingSet, geom: PostGeometry, cfg: TrackerConfig
) -> tuple[IntArray, IntArray]:
    """(track, bearing) pairs whose track lies within the bearing's post reach."""
    t_mid = 0.5 * (b.t_s.min() + b.t_s.max())
    pos = tracks.x[:, :3] + tracks.x[:, 3:] * (t_mid - tracks.t_s)[:, None]  # p + v dt
    reach = float(geom.max_range_m.max()) + cfg.acoustic_gate_margin_m
    return candidate_pairs(pos, np.full(len(tracks), reach), geom.position_enu[b.post])


def level_flight(
    nu: FloatArray, H: FloatArray, x: FloatArray, level: npt.NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray]:
    """For bearings without elevation (level (K,)), the spare row becomes a climb-rate pseudo-
    measurement 0 = v_up + noise: an engine that is heard flies roughly level, and only this keeps
    an unobservable climb rate (say, from a noisy radar pair) from carrying the height away."""
    nu, H = nu.copy(), H.copy()
    H[level, 1, :] = 0.0
    H[level, 1, 5] = 1.0  # h = v_up
    nu[level, 1] = -x[level, 5]  # 0 - v_up
    return nu, H


def update_with_bearings(
    tracks: TrackTable, b: BearingSet, geom: PostGeometry, models: ImmModels, cfg: TrackerConfig
) -> BearingAssignment:
    """Gate, assign and IMM-update tracks with bearings b; returns what was assigned."""
    ti, bj = _candidates(tracks, b, geom, cfg)
    none = BearingAssignment(np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0))
    if ti.shape[0] == 0:
        return none
    post = b.post[bj]
    z = np.stack([b.az[bj], b.el[bj]], axis=-1)
    pred = predict_rows(tracks, ti, b.t_s[bj], models, cfg)
    z_pred, H = measure_bearing(pred.x, post, geom)
    R = bearing_noise(post, geom)
    nu = bearing_innovation(z, z_pred, post, geom)
    st = innovation_stats(pred.P, nu, H, R)
    dims = bearing_dims(post, geom)
    log_det = st.log_det_s - np.where(dims < 2.0, np.log(R[:, 1, 1]), 0.0)  # drop the dummy row
    log_ratio = np.log(
        cfg.acoustic_clutter_density * (1.0 - cfg.detection_probability) / cfg.detection_probability
    )
    cost = st.mahalanobis2 + log_det + dims * np.log(2.0 * np.pi) + 2.0 * log_ratio  # −2 log LR
    cost[~chi2_gate(st.mahalanobis2, cfg.acoustic_gate_chi2)] = np.inf
    # A radar that has stopped seeing a track it saw (bearing_radar_silence_scans revisits) says
    # the object is gone: sound still arriving from where it fell must not carry the track on.
    lost = b.t_s[bj] - tracks.radar_s[ti] > cfg.bearing_radar_silence_scans * tracks.radar_revisit_s[ti]
    cost[lost] = np.inf
    chosen = assign(ti, bj, cost, len(tracks), len(b))
    if chosen.shape[0] == 0:
        return none
    rows, picked = ti[chosen], bj[chosen]
    R_upd, level = R[chosen].copy(), dims[chosen] < 2.0
    R_upd[level, 1, 1] = cfg.acoustic_climb_sigma_mps**2

    def per_model(xs: FloatArray, pair: IntArray) -> tuple[FloatArray, FloatArray]:
        p = b.post[picked[pair]]
        zp, Hm = measure_bearing(xs, p, geom)
        zz = np.stack([b.az[picked[pair]], b.el[picked[pair]]], axis=-1)
        return level_flight(bearing_innovation(zz, zp, p, geom), Hm, xs, level[pair])

    update_rows(tracks, rows, b.t_s[picked], pred.take(chosen), per_model, R_upd, models, cfg)
    return BearingAssignment(rows, picked, cost[chosen])
