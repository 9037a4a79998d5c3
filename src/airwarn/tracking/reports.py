"""Citizens' phone reports: reporter reputation, coarse late updates of confirmed tracks,
and tracks started only when >= 3 distinct reputable reporters agree.

A report is sent tens of seconds after the sighting (delay ~ Gamma, mean `observer_mean_delay_s`)
from where the reporter stands, maybe with the phone's azimuth. It becomes a 2-D pseudo-position
of the object: z = s + r0 u(az) with R = σ_pos² I + σ_r² u u' + (r0 σ_az)² n n' (with a bearing),
else z = s with R = (σ_pos² + r0²) I. It describes the object `observer_mean_delay_s` before it
was sent, so the track is compared at that lag, h(x) = p - v lag, H = [I 0 -lag I 0], and the
unknown delay adds σ_d² v v'. Each reporter's weight w is the mean of a Beta posterior on
"their reports gate with a confirmed track"; R is inflated by 1 / w.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from airwarn.tracking.config import TrackerConfig

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

KIND_NONE, KIND_DRONE, KIND_CRUISE, KIND_OTHER = 0, 1, 2, 3
"""What a reporter called the object: nothing, a drone, a cruise missile, anything else."""


def kind_codes(object_kind: npt.NDArray[np.object_]) -> IntArray:
    """KIND_* codes (R,) of reported object kinds (empty or NaN: KIND_NONE)."""
    out = np.full(object_kind.shape[0], KIND_OTHER, dtype=np.intp)
    text = np.array([k if isinstance(k, str) else "" for k in object_kind], dtype=object)
    out[text == ""] = KIND_NONE
    out[text == "drone"] = KIND_DRONE
    out[text == "cruise_missile"] = KIND_CRUISE
    return out


@dataclass
class ReportSet:
    """Reports: sent times t_s (R,), reporter positions xy (R, 2) in frame ENU, azimuth az (R,)
    in rad (NaN: none), reporter indices (R,) into a Reputation, and, where the reporter gave
    them, the object's course heading (R,) in rad (NaN: none) and its kind (R,) as a KIND_* code."""

    t_s: FloatArray
    xy: FloatArray
    az: FloatArray
    reporter: IntArray
    heading: FloatArray
    kind: IntArray

    def __len__(self) -> int:
        return int(self.t_s.shape[0])

    @classmethod
    def empty(cls) -> ReportSet:
        """No reports."""
        e = np.zeros(0)
        return cls(e, np.zeros((0, 2)), e, np.zeros(0, dtype=np.intp), e, np.zeros(0, dtype=np.intp))

    def take(self, index: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> ReportSet:
        """The reports selected by an index array or boolean mask."""
        return ReportSet(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def extend(self, other: ReportSet) -> ReportSet:
        """These reports followed by `other`'s."""
        return ReportSet(
            **{f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)]) for f in fields(self)}
        )


class Reputation:
    """A Beta(alpha, beta) posterior per reporter_id on 'this reporter's reports match a track'."""

    def __init__(self, cfg: TrackerConfig) -> None:
        self.prior = (cfg.observer_prior_alpha, cfg.observer_prior_beta)
        self.index: dict[str, int] = {}
        self.alpha = np.zeros(0)
        self.beta = np.zeros(0)

    def lookup(self, reporter_id: npt.NDArray[np.object_]) -> IntArray:
        """Indices (R,) of the reporters, adding unseen ones with the prior."""
        for rid in reporter_id:
            self.index.setdefault(str(rid), len(self.index))
        grow = len(self.index) - self.alpha.shape[0]
        self.alpha = np.concatenate([self.alpha, np.full(grow, self.prior[0])])
        self.beta = np.concatenate([self.beta, np.full(grow, self.prior[1])])
        return np.fromiter((self.index[str(r)] for r in reporter_id), dtype=np.intp, count=len(reporter_id))

    def weight(self, idx: IntArray) -> FloatArray:
        """Posterior mean (R,) = alpha / (alpha + beta)."""
        return np.asarray(self.alpha[idx] / (self.alpha[idx] + self.beta[idx]), float)

    def record(self, idx: IntArray, matched: npt.NDArray[np.bool_]) -> None:
        """Count a match (alpha + 1) or a miss (beta + 1) per report."""
        np.add.at(self.alpha, idx[matched], 1.0)
        np.add.at(self.beta, idx[~matched], 1.0)


def pseudo_positions(r: ReportSet, sigma_pos_m: float, cfg: TrackerConfig) -> tuple[FloatArray, FloatArray]:
    """Object positions z (R, 2) the reports suggest and their covariances R (R, 2, 2)."""
    has = np.isfinite(r.az)
    az = np.where(has, r.az, 0.0)
    u = np.stack([np.sin(az), np.cos(az)], axis=-1)  # towards the azimuth (east, north)
    n = np.stack([-u[:, 1], u[:, 0]], axis=-1)
    r0 = cfg.observer_sight_range_m
    z = r.xy + np.where(has, r0, 0.0)[:, None] * u  # z = s + r0 u
    along = cfg.observer_sight_range_sigma_m**2 * np.einsum("ki,kj->kij", u, u)  # σ_r² u u'
    across = (r0 * np.radians(cfg.observer_azimuth_sigma_deg)) ** 2 * np.einsum("ki,kj->kij", n, n)
    no_bearing = np.eye(2) * r0**2
    R = np.eye(2) * sigma_pos_m**2 + np.where(has[:, None, None], along + across, no_bearing)
    return np.asarray(z, float), np.asarray(R, float)


def lagged_measurement(x: FloatArray, lag_s: FloatArray) -> tuple[FloatArray, FloatArray]:
    """h(x) (K, 2) = p_xy - v_xy lag, where the object was when sighted, and H (K, 2, 6)."""
    h = x[:, :2] - x[:, 3:5] * lag_s[:, None]
    H = np.zeros((x.shape[0], 2, 6))
    H[:, [0, 1], [0, 1]] = 1.0
    H[:, [0, 1], [3, 4]] = -lag_s[:, None]  # ∂h/∂v = -lag I
    return np.asarray(h, float), H


def delay_noise(x: FloatArray, cfg: TrackerConfig) -> FloatArray:
    """Covariance (K, 2, 2) of the unknown delay: σ_d² v v' (horizontal velocity v)."""
    v = x[:, 3:5]
    return np.asarray(cfg.observer_delay_sigma_s**2 * np.einsum("ki,kj->kij", v, v), float)


def agreeing_clusters(
    pool: ReportSet, z: FloatArray, reputable: npt.NDArray[np.bool_], new: IntArray, cfg: TrackerConfig
) -> list[IntArray]:
    """For each new pooled report (indices `new`), the reputable pooled reports within
    observer_agree_m of it, kept when they come from >= observer_confirm_reporters reporters;
    clusters are disjoint (a report joins the first cluster that claims it)."""
    if new.shape[0] == 0 or not reputable.any():
        return []
    cand = np.flatnonzero(reputable)
    hits = cKDTree(z[cand]).query_ball_point(z[new], cfg.observer_agree_m)
    claimed = np.zeros(len(pool), dtype=bool)
    clusters: list[IntArray] = []
    for j, h in zip(new, hits, strict=True):  # per new report (a few per step), not per pair
        members = cand[np.asarray(h, dtype=np.intp)]
        members = members[~claimed[members]]
        if not reputable[j] or np.unique(pool.reporter[members]).shape[0] < cfg.observer_confirm_reporters:
            continue
        claimed[members] = True
        clusters.append(members)
    return clusters
