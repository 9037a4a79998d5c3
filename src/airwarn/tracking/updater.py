"""IMM prediction of table rows to measurement times and the write-back of their updates.

Shared by every measurement model (radar plots, acoustic bearings, observer reports): the
caller supplies per-model innovations and Jacobians, this module runs the IMM and stores it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.imm import ImmModels, ImmPrediction, imm_predict, imm_update
from airwarn.tracking.state import TrackTable

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
ModelMeasurement = Callable[[FloatArray, IntArray], tuple[FloatArray, FloatArray]]
"""(states (L, 6), pair index (L,)) -> (innovations (L, m), Jacobians (L, m, 6))."""


def imm_models(cfg: TrackerConfig) -> ImmModels:
    """The IMM models of a configuration."""
    prior = np.asarray(cfg.imm_prior, float)
    accel = np.zeros((prior.shape[0], 3))
    accel[:, 2] = cfg.imm_accel_up_mps2
    return ImmModels(
        q_factor=np.asarray(cfg.imm_q_factors, float),
        accel_mps2=accel,
        prior=prior / prior.sum(),
        switch_rate_per_s=cfg.imm_switch_rate_per_s,
    )


def base_q(x: FloatArray, cfg: TrackerConfig) -> FloatArray:
    """Base process noise density (K,) in m²/s³ for states x (K, 6), interpolated on speed."""
    speed = np.linalg.norm(x[:, 3:], axis=1)
    return np.asarray(np.interp(speed, cfg.q_speed_points_mps, cfg.q_values), float)


def effective_q(x: FloatArray, mu: FloatArray, models: ImmModels, cfg: TrackerConfig) -> FloatArray:
    """Model-weighted noise density (K,) = base q × Σ μ_j factor_j, for coasting and gates."""
    return np.asarray(base_q(x, cfg) * (mu @ models.q_factor), float)


def predict_rows(
    tracks: TrackTable, rows: IntArray, t_s: FloatArray, models: ImmModels, cfg: TrackerConfig
) -> ImmPrediction:
    """IMM prediction of tracks[rows] (K,) to times t_s (K,)."""
    return imm_predict(
        tracks.xm[rows],
        tracks.Pm[rows],
        tracks.mu[rows],
        t_s - tracks.t_s[rows],
        base_q(tracks.x[rows], cfg),
        models,
        in_free_flight(tracks.x[rows], cfg),
    )


def in_free_flight(x: FloatArray, cfg: TrackerConfig) -> npt.NDArray[np.bool_]:
    """Which states (K, 6) fly faster than anything powered does in the air (free_flight_speed_mps)."""
    return np.asarray(np.linalg.norm(x[:, 3:], axis=1) >= cfg.free_flight_speed_mps, bool)


def update_rows(
    tracks: TrackTable,
    rows: IntArray,
    t_s: FloatArray,
    pred: ImmPrediction,
    measure_models: ModelMeasurement,
    R: FloatArray,
    models: ImmModels,
    cfg: TrackerConfig,
) -> None:
    """Update tracks[rows] (K distinct) with predictions pred (K) and write them back at t_s (K,)."""
    k, m, n = pred.xm.shape
    pair = np.repeat(np.arange(k, dtype=np.intp), m)
    nu, H = measure_models(pred.xm.reshape(-1, n), pair)
    dim = nu.shape[1]
    xm, Pm, mu, x, P = imm_update(pred, nu.reshape(k, m, dim), H.reshape(k, m, dim, n), R)
    tracks.xm[rows], tracks.Pm[rows], tracks.mu[rows] = xm, Pm, mu
    tracks.x[rows], tracks.P[rows], tracks.t_s[rows] = x, P, t_s
    tracks.q[rows] = effective_q(x, mu, models, cfg)
