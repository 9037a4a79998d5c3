"""Coarse late update of confirmed tracks with citizens' reports (see reports.py for the model).

Confirmed tracks near a report (kd-tree) are predicted to the later of their own time and the
report's, compared at the report's lag with its pseudo-position (R inflated by the delay and
by 1 / reputation), chi-square gated, assigned by global nearest neighbour and IMM-updated.
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
from airwarn.tracking.reports import ReportSet, delay_noise, lagged_measurement
from airwarn.tracking.state import TrackTable
from airwarn.tracking.updater import predict_rows, update_rows

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class ReportMatch:
    """Which reports (R,) gated with a confirmed track, and the updated rows (A,)."""

    gated: npt.NDArray[np.bool_]
    rows: IntArray


def update_with_reports(
    tracks: TrackTable,
    r: ReportSet,
    z: FloatArray,
    R: FloatArray,
    models: ImmModels,
    cfg: TrackerConfig,
) -> ReportMatch:
    """Gate the reports' pseudo-positions z (R, 2), R (R, 2, 2) against confirmed tracks; update."""
    gated = np.zeros(len(r), dtype=bool)
    conf = np.flatnonzero(tracks.confirmed)
    pos = tracks.x[conf, :2] - tracks.x[conf, 3:5] * cfg.observer_mean_delay_s  # where seen, roughly
    ci, rj = candidate_pairs(pos, np.full(conf.shape[0], cfg.observer_gate_radius_m), z)
    if ci.shape[0] == 0:
        return ReportMatch(gated, np.zeros(0, np.intp))
    ti = conf[ci]
    t_upd = np.maximum(tracks.t_s[ti], r.t_s[rj])
    lag = t_upd - (r.t_s[rj] - cfg.observer_mean_delay_s)  # the report describes t_s - mean delay
    pred = predict_rows(tracks, ti, t_upd, models, cfg)
    h, H = lagged_measurement(pred.x, lag)
    Rp = R[rj] + delay_noise(pred.x, cfg)  # R + σ_d² v v'
    st = innovation_stats(pred.P, z[rj] - h, H, Rp)
    inside = chi2_gate(st.mahalanobis2, cfg.observer_gate_chi2)
    gated[rj[inside]] = True
    cost = np.where(inside, st.mahalanobis2 - cfg.observer_gate_chi2, np.inf)
    if not cfg.observer_update_tracks:
        return ReportMatch(gated, np.zeros(0, np.intp))
    chosen = assign(ti, rj, cost, len(tracks), len(r))
    rows, picked = ti[chosen], rj[chosen]

    def per_model(xs: FloatArray, pair: IntArray) -> tuple[FloatArray, FloatArray]:
        hm, Hm = lagged_measurement(xs, lag[chosen][pair])
        return z[picked[pair]] - hm, Hm

    update_rows(tracks, rows, t_upd[chosen], pred.take(chosen), per_model, Rp[chosen], models, cfg)
    return ReportMatch(gated, rows)
