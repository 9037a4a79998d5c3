"""Track deletion: silence, growing uncertainty, failed confirmation, the ground, and duplicates."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.enu import approx_altitude_m
from airwarn.tracking.models.motion import cv_predict, position_variance_at
from airwarn.tracking.state import TrackTable

BoolArray = npt.NDArray[np.bool_]


def expired(tracks: TrackTable, t_now_s: float, cfg: TrackerConfig, alt0_m: float = 0.0) -> BoolArray:
    """True (N,) for tracks to delete at t_now_s for silence, uncertainty, no confirmation, or a
    height three sigmas below ground_alt_m (the frame's origin is alt0_m above the ellipsoid).
    Uncertainty deletes only a track that has missed its expected revisit: a two-plot track of a
    missile 280 km out outgrows the cap within seconds, and its next plot can still be gated."""
    silence = t_now_s - tracks.t_s
    tentative = ~tracks.confirmed
    drop = tentative & (silence > cfg.tentative_silence_scans * tracks.revisit_s)
    drop |= tentative & (t_now_s - tracks.created_s > cfg.confirm_window_scans * tracks.revisit_s)
    drop |= tracks.confirmed & (silence > cfg.delete_silence_s)
    pos_var = position_variance_at(tracks.P, silence, tracks.q)
    drop |= (pos_var > cfg.max_position_sigma_m**2) & (silence > tracks.revisit_s)
    alt_hi = approx_altitude_m(tracks.x[:, :3], alt0_m) + 3.0 * np.sqrt(tracks.P[:, 2, 2])
    drop |= alt_hi < cfg.ground_alt_m  # three sigmas under the ground: it has come down
    return np.asarray(drop, dtype=bool)


def _seniority(tracks: TrackTable) -> npt.NDArray[np.float64]:
    """A score (N,): confirmed before tentative, then more hits, then the older number."""
    return np.asarray(tracks.confirmed * 1e12 + tracks.hits * 1e6 - tracks.number.astype(float) * 1e-3, float)


def duplicates(tracks: TrackTable, t_now_s: float, cfg: TrackerConfig) -> BoolArray:
    """True (N,) for the junior track of each pair whose states agree within duplicate_chi2."""
    drop = np.zeros(len(tracks), dtype=bool)
    if len(tracks) < 2:
        return drop
    pos = tracks.x[:, :3] + tracks.x[:, 3:] * (t_now_s - tracks.t_s)[:, None]
    pairs = cKDTree(pos).query_pairs(cfg.duplicate_max_distance_m, output_type="ndarray")
    if pairs.shape[0] == 0:
        return drop
    i, j = pairs[:, 0], pairs[:, 1]
    xi, Pi = cv_predict(tracks.x[i], tracks.P[i], t_now_s - tracks.t_s[i], tracks.q[i])
    xj, Pj = cv_predict(tracks.x[j], tracks.P[j], t_now_s - tracks.t_s[j], tracks.q[j])
    dx = xi - xj
    d2 = np.einsum("ki,ki->k", dx, np.linalg.solve(Pi + Pj, dx[:, :, None])[:, :, 0])  # dx' (Pi+Pj)⁻¹ dx
    same = d2 < cfg.duplicate_chi2
    score = _seniority(tracks)
    i, j = i[same], j[same]
    junior = np.where(score[i] >= score[j], j, i)
    drop[junior] = True
    return drop
