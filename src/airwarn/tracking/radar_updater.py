"""Association and batched IMM EKF update of tracks with radar plots from any number of radars.

One call handles every plot of a time chunk, whatever radar made it: tracks are kd-tree
pre-gated against the plots' ENU positions and by a Cartesian chi-square, predicted to each
candidate plot's own time, chi-square gated in (range, azimuth, elevation) and assigned by
global nearest neighbour with one (track, radar) node per track and radar, so a track seen by
two radars takes a plot of each. A track's plots are then applied in time order, one layer
of batched updates per plot: the first from the gating prediction, the next ones predicted
again from the updated state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from airwarn.tracking.association import assign
from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.gating import candidate_pairs, chi2_gate, pair_cost
from airwarn.tracking.imm import ImmModels
from airwarn.tracking.kalman import innovation_stats
from airwarn.tracking.models.motion import position_variance_at
from airwarn.tracking.models.radar import RadarGeometry, innovation, jacobian, measure, noise_covariance
from airwarn.tracking.state import TrackTable
from airwarn.tracking.updater import ModelMeasurement, in_free_flight, predict_rows, update_rows

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

COARSE_BLOCK = 4096
"""Candidate pairs per block of the Cartesian pre-gate (bounds its temporaries to ~2 MB)."""


@dataclass(frozen=True)
class PlotAssignment:
    """Updated track rows (A,) (a row once per plot it took), their plots' indices (A,) and pair
    costs (A,)."""

    rows: IntArray
    plots: IntArray
    cost: FloatArray


def gate_candidates(
    tracks: TrackTable, t_plot: FloatArray, pos: FloatArray, cov: FloatArray, cfg: TrackerConfig
) -> tuple[IntArray, IntArray]:
    """kd-tree pre-gate: (track, plot) pairs within each track's predicted search radius."""
    t_lo, t_hi = float(t_plot.min()), float(t_plot.max())
    dt = 0.5 * (t_lo + t_hi) - tracks.t_s
    pred = tracks.x[:, :3] + tracks.x[:, 3:] * dt[:, None]  # p + v dt
    track_sigma = np.sqrt(position_variance_at(tracks.P, dt, tracks.q))
    plot_sigma = float(np.sqrt(cov[:, 0, 0] + cov[:, 1, 1] + cov[:, 2, 2]).max())
    speed = np.sqrt(np.einsum("ki,ki->k", tracks.x[:, 3:], tracks.x[:, 3:]))
    radius = cfg.prefilter_sigmas * (track_sigma + plot_sigma) + speed * (0.5 * (t_hi - t_lo))
    return candidate_pairs(pred, np.minimum(radius, cfg.max_gate_radius_m), pos)


def coarse_gate(
    tracks: TrackTable,
    ti: IntArray,
    pj: IntArray,
    t_plot: FloatArray,
    pos: FloatArray,
    cov: FloatArray,
    models: ImmModels,
    cfg: TrackerConfig,
) -> BoolArray:
    """Cartesian chi-square pre-gate (K,) of candidate pairs, far cheaper than the IMM prediction.

    Each track moves by its moment-matched state (mean known acceleration Σ μ_j a_j) to its plot's
    time; d² = d' (P_pp(dt) + Σ_plot)⁻¹ d on positions, kept within coarse_gate_chi2 (looser than
    the polar gate, which follows for the survivors). Pairs go in blocks of COARSE_BLOCK, so the
    temporaries stay small however many pairs the kd-tree finds in a dense scene."""
    keep = np.zeros(ti.shape[0], dtype=bool)
    for lo in range(0, ti.shape[0], COARSE_BLOCK):
        t, p = ti[lo : lo + COARSE_BLOCK], pj[lo : lo + COARSE_BLOCK]
        dt = t_plot[p] - tracks.t_s[t]
        x, P = tracks.x[t], tracks.P[t]
        accel = tracks.mu[t] @ models.accel_mps2  # Σ μ_j a_j  (K, 3)
        accel[in_free_flight(x, cfg), 2] = models.gravity_up_mps2  # every model falls
        d = pos[p] - (x[:, :3] + x[:, 3:] * dt[:, None] + 0.5 * accel * (dt * dt)[:, None])
        s = dt[:, None, None]
        S = P[:, :3, :3] + s * (P[:, :3, 3:] + P[:, 3:, :3]) + s * s * P[:, 3:, 3:] + cov[p]
        S += (tracks.q[t] * np.abs(dt) ** 3 / 3.0)[:, None, None] * np.eye(3)  # + Q_pp
        d2 = (d * np.linalg.solve(S, d[:, :, None])[:, :, 0]).sum(axis=1)  # d' S⁻¹ d
        keep[lo : lo + COARSE_BLOCK] = d2 <= cfg.coarse_gate_chi2
    return keep


def update_with_plots(
    tracks: TrackTable,
    t_plot: FloatArray,
    z: FloatArray,
    sensor: IntArray,
    pos: FloatArray,
    cov: FloatArray,
    geom: RadarGeometry,
    models: ImmModels,
    cfg: TrackerConfig,
    log_clutter_ratio: float,
) -> PlotAssignment:
    """Gate, assign and IMM-update tracks with plots z (M, 3) at t_plot (M,) from radars sensor (M,)
    (ENU positions pos (M, 3), covariances cov (M, 3, 3)); returns what was assigned."""
    m = t_plot.shape[0]
    none = PlotAssignment(np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0))
    ti, pj = gate_candidates(tracks, t_plot, pos, cov, cfg)
    if ti.shape[0]:
        near = coarse_gate(tracks, ti, pj, t_plot, pos, cov, models, cfg)
        ti, pj = ti[near], pj[near]
    if ti.shape[0] == 0:
        return none
    pred = predict_rows(tracks, ti, t_plot[pj], models, cfg)  # to each plot's own time
    s = sensor[pj]
    H = jacobian(pred.x, s, geom)
    R = noise_covariance(s, geom)
    nu = innovation(z[pj], measure(pred.x, s, geom))
    st = innovation_stats(pred.P, nu, H, R)
    cost = pair_cost(st.mahalanobis2, st.log_det_s, np.full(ti.shape[0], log_clutter_ratio))
    cost[~chi2_gate(st.mahalanobis2, cfg.gate_chi2)] = np.inf
    n_radars = geom.scan_period_s.shape[0]
    node = ti * n_radars + sensor[pj]  # a track takes at most one plot of each radar
    chosen = assign(node, pj, cost, len(tracks) * n_radars, m)
    if chosen.shape[0] == 0:
        return none
    order = chosen[np.lexsort((t_plot[pj[chosen]], ti[chosen]))]  # by track, then time
    rows_all = ti[order]
    layer = np.arange(order.shape[0]) - np.searchsorted(rows_all, rows_all, side="left")

    def per_model_of(plots: IntArray) -> ModelMeasurement:
        def per_model(xs: FloatArray, pair: IntArray) -> tuple[FloatArray, FloatArray]:
            sp = sensor[plots[pair]]
            return innovation(z[plots[pair]], measure(xs, sp, geom)), jacobian(xs, sp, geom)

        return per_model

    for k in range(int(layer.max()) + 1):  # a track's plots in time order, one per layer
        c = order[layer == k]
        rows, plots = ti[c], pj[c]
        p = pred.take(c) if k == 0 else predict_rows(tracks, rows, t_plot[plots], models, cfg)
        update_rows(tracks, rows, t_plot[plots], p, per_model_of(plots), R[c], models, cfg)
    return PlotAssignment(ti[order], pj[order], cost[order])
