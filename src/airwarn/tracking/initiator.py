"""Two-plot initiation: unassociated radar plots that a real threat could join start tracks.

Unassociated plots wait in a bounded pool (the last `init_max_dt_s` seconds). A new plot
pairs with pooled plots when the implied speed lies in [min_speed, max_speed] within the
plots' noise and both altitudes are sane; the pair gives a two-point state and covariance.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from airwarn.tracking.config import TrackerConfig

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass
class PlotSet:
    """Radar plots in the frame's ENU axes: t_s (P,), pos (P, 3), cov (P, 3, 3), sensor (P,)."""

    t_s: FloatArray
    pos: FloatArray
    cov: FloatArray
    sensor: IntArray

    def __len__(self) -> int:
        return int(self.t_s.shape[0])

    @classmethod
    def empty(cls) -> PlotSet:
        """No plots."""
        return cls(np.zeros(0), np.zeros((0, 3)), np.zeros((0, 3, 3)), np.zeros(0, dtype=np.intp))

    def take(self, index: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> PlotSet:
        """The plots selected by an index array or boolean mask."""
        return PlotSet(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def extend(self, other: PlotSet) -> PlotSet:
        """These plots followed by `other`'s."""
        return PlotSet(
            **{f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)]) for f in fields(self)}
        )


def pair_plots(pool: PlotSet, new: PlotSet, cfg: TrackerConfig) -> tuple[IntArray, IntArray]:
    """Plausible pairs (pool index (K,), new index (K,)), at most max_pairs_per_plot per new plot;
    the pooled plot is the earlier (the pool may hold the new plots too: each pair comes once)."""
    empty = np.zeros(0, dtype=np.intp)
    if len(pool) == 0 or len(new) == 0:
        return empty, empty
    radius = cfg.max_speed_mps * cfg.init_max_dt_s
    hits = cKDTree(pool.pos).query_ball_point(new.pos, r=radius, return_sorted=False)
    counts = np.fromiter(map(len, hits), dtype=np.intp, count=len(hits))
    if counts.sum() == 0:
        return empty, empty
    jn = np.repeat(np.arange(len(new), dtype=np.intp), counts)
    ip = np.concatenate([h for h in hits if h]).astype(np.intp)
    dt = np.abs(new.t_s[jn] - pool.t_s[ip])
    dist = np.linalg.norm(new.pos[jn] - pool.pos[ip], axis=1)
    sigma = np.sqrt(np.einsum("kii->k", new.cov[jn] + pool.cov[ip]))  # noise of the difference
    tol = cfg.init_speed_sigmas * sigma
    ok = (dt >= cfg.init_min_dt_s) & (dt <= cfg.init_max_dt_s) & (pool.t_s[ip] < new.t_s[jn])
    ok &= (dist <= cfg.max_speed_mps * dt + tol) & (dist >= cfg.min_speed_mps * dt - tol)
    ip, jn, speed = ip[ok], jn[ok], dist[ok] / np.maximum(dt[ok], 1e-9)
    order = np.lexsort((speed, jn))  # by new plot, slowest first
    ip, jn = ip[order], jn[order]
    first = np.searchsorted(jn, jn, side="left")
    rank = np.arange(jn.shape[0]) - first
    keep = rank < cfg.max_pairs_per_plot
    return ip[keep], jn[keep]


def two_point_states(
    a: PlotSet, b: PlotSet, velocity_sigma_mps: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """States x (K, 6), covariances P (K, 6, 6) and times (K,) from plot pairs, at the later plot."""
    later = b.t_s >= a.t_s
    t_new = np.where(later, b.t_s, a.t_s)
    p_new = np.where(later[:, None], b.pos, a.pos)
    p_old = np.where(later[:, None], a.pos, b.pos)
    c_new = np.where(later[:, None, None], b.cov, a.cov)
    c_old = np.where(later[:, None, None], a.cov, b.cov)
    dt = np.abs(b.t_s - a.t_s)
    x = np.concatenate([p_new, (p_new - p_old) / dt[:, None]], axis=1)  # v = (p2 - p1) / dt
    P = np.zeros((t_new.shape[0], 6, 6))
    P[:, :3, :3] = c_new  # cov(p2)
    P[:, :3, 3:] = c_new / dt[:, None, None]  # cov(p2, v) = Σ2 / dt
    P[:, 3:, :3] = c_new / dt[:, None, None]
    P[:, 3:, 3:] = (c_new + c_old) / dt[:, None, None] ** 2  # cov(v) = (Σ1 + Σ2) / dt²
    P[:, 3:, 3:] += velocity_sigma_mps**2 * np.eye(3)
    return x, P, t_new
