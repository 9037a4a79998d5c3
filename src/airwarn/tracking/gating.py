"""Gating: a kd-tree pre-gate on Cartesian positions, then a chi-square gate on candidates."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


def candidate_pairs(
    track_pos: FloatArray, radius_m: FloatArray, plot_pos: FloatArray
) -> tuple[IntArray, IntArray]:
    """Pairs (track index (K,), plot index (K,)) whose plot lies within the track's radius.

    track_pos (N, 3) and plot_pos (M, 3) in ENU metres; radius_m (N,) per track.
    """
    if track_pos.shape[0] == 0 or plot_pos.shape[0] == 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    tree = cKDTree(plot_pos)
    hits = tree.query_ball_point(track_pos, r=radius_m, return_sorted=False)
    counts = np.fromiter(map(len, hits), dtype=np.intp, count=len(hits))
    ti = np.repeat(np.arange(track_pos.shape[0], dtype=np.intp), counts)
    if counts.sum() == 0:
        return ti, np.zeros(0, dtype=np.intp)
    pj = np.concatenate([h for h in hits if h]).astype(np.intp)
    return ti, pj


def chi2_gate(mahalanobis2: FloatArray, threshold: float) -> npt.NDArray[np.bool_]:
    """True where the squared Mahalanobis distance (K,) is inside the gate."""
    return np.asarray(mahalanobis2 <= threshold)


def pair_cost(mahalanobis2: FloatArray, log_det_s: FloatArray, log_clutter_ratio: FloatArray) -> FloatArray:
    """Assignment cost (K,): −2 × log-likelihood ratio of 'target' against 'clutter or miss'.

    cost = d² + log det(2π S) + 2 log(λ (1 − Pd) / Pd); negative means the plot is more
    likely the track's than clutter. log_clutter_ratio holds log(λ (1 − Pd) / Pd) per pair.
    """
    m = 3.0
    return np.asarray(mahalanobis2 + log_det_s + m * np.log(2.0 * np.pi) + 2.0 * log_clutter_ratio, float)
