"""Batched extended Kalman update (Joseph form) for any measurement model.

Shapes: states x (K, n), covariances P (K, n, n), innovations nu (K, m),
Jacobians H (K, m, n), noise R (K, m, m). S is never inverted: it is solved.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class InnovationStats:
    """Innovation covariances S (K, m, m), squared Mahalanobis distances (K,) and log det S (K,)."""

    S: FloatArray
    mahalanobis2: FloatArray
    log_det_s: FloatArray


def innovation_stats(P: FloatArray, nu: FloatArray, H: FloatArray, R: FloatArray) -> InnovationStats:
    """S = H P H' + R, d² = nu' S⁻¹ nu (via Cholesky) and log det S for each pair."""
    S = H @ P @ np.swapaxes(H, 1, 2) + R  # S = H P H' + R
    L = np.linalg.cholesky(S)  # S = L L'
    w = np.linalg.solve(L, nu[:, :, None])[:, :, 0]  # w = L⁻¹ nu
    d2 = (w * w).sum(axis=1)  # d² = nu' S⁻¹ nu = |w|²
    log_det = 2.0 * np.log(np.diagonal(L, axis1=1, axis2=2)).sum(axis=1)  # log det S = 2 Σ log L_ii
    return InnovationStats(S=S, mahalanobis2=d2, log_det_s=log_det)


def kalman_update(
    x: FloatArray, P: FloatArray, nu: FloatArray, H: FloatArray, R: FloatArray, S: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Updated (x, P) from innovations nu; Joseph form keeps P symmetric positive definite."""
    PHt = P @ np.swapaxes(H, 1, 2)  # P H'  (K, n, m)
    K = np.swapaxes(np.linalg.solve(S, np.swapaxes(PHt, 1, 2)), 1, 2)  # K = P H' S⁻¹ (S symmetric)
    x_new = x + (K @ nu[:, :, None])[:, :, 0]  # x = x + K nu
    n = x.shape[1]
    IKH = np.eye(n)[None, :, :] - K @ H  # I - K H
    P_new = IKH @ P @ np.swapaxes(IKH, 1, 2)  # (I - K H) P (I - K H)'
    P_new += K @ R @ np.swapaxes(K, 1, 2)  # + K R K'
    P_new = 0.5 * (P_new + np.swapaxes(P_new, 1, 2))
    return x_new, P_new
