"""Tracks from citizens' reports alone: the fused position of a cluster of agreeing reports."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.enu import up_at_altitude_m
from airwarn.tracking.reports import ReportSet

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


def report_track_states(
    pool: ReportSet,
    z: FloatArray,
    R: FloatArray,
    clusters: list[IntArray],
    cfg: TrackerConfig,
    frame_alt0_m: float = 0.0,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """States x (C, 6), covariances P (C, 6, 6) and times (C,) of one track per cluster.

    Horizontal: information fusion P_h = (Σ R_i⁻¹)⁻¹, p = P_h Σ R_i⁻¹ z_i, widened by the
    object's motion over the mean delay; height the heard-object default above the ellipsoid
    (frame_alt0_m is the frame origin's: far from it the Earth curves away under the frame's
    up axis, 7 km at 300 km); velocity unknown.
    """
    k = len(clusters)
    member = np.concatenate(clusters)
    owner = np.repeat(np.arange(k), [c.shape[0] for c in clusters])
    eye = np.broadcast_to(np.eye(2), R[member].shape)
    Rinv = np.linalg.solve(R[member], eye)  # R_i⁻¹
    info = np.zeros((k, 2, 2))
    np.add.at(info, owner, Rinv)  # Σ R_i⁻¹
    vec = np.zeros((k, 2))
    np.add.at(vec, owner, np.einsum("kij,kj->ki", Rinv, z[member]))  # Σ R_i⁻¹ z_i
    P_h = np.linalg.solve(info, np.broadcast_to(np.eye(2), info.shape))
    x = np.zeros((k, 6))
    x[:, :2] = np.einsum("kij,kj->ki", P_h, vec)
    x[:, 2] = up_at_altitude_m(x[:, :2], np.full(k, cfg.acoustic_default_alt_m), frame_alt0_m)
    P = np.zeros((k, 6, 6))
    P[:, :2, :2] = P_h + np.eye(2) * (cfg.observer_init_speed_mps * cfg.observer_mean_delay_s) ** 2
    P[:, 2, 2] = cfg.acoustic_alt_sigma_m**2
    P[:, 3:, 3:] = np.eye(3) * cfg.acoustic_init_velocity_sigma_mps**2
    P[:, 5, 5] = cfg.acoustic_init_climb_sigma_mps**2
    t0 = np.zeros(k)
    np.maximum.at(t0, owner, pool.t_s[member])
    return x, P, t0
