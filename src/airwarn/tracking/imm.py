"""Interacting multiple model (IMM) predictor and updater, batched over tracks or pairs.

Every model shares the state x = [e, n, u, ve, vn, vu] (ENU, m and m/s) and differs in its
white-acceleration density (a factor on the track's base q) and a known acceleration
(gravity for the ballistic/diving model). Per-model states xm (K, M, 6), covariances
Pm (K, M, 6, 6) and model probabilities mu (K, M) are kept; x, P are their moment match.
Model switching over dt follows Π(dt) = e^{-r|dt|} I + (1 - e^{-r|dt|}) 1 π' (π the prior).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from airwarn.tracking.kalman import innovation_stats, kalman_update
from airwarn.tracking.models.motion import GRAVITY_MPS2, cv_predict

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ImmModels:
    """M motion models: q factors (M,), known accelerations (M, 3), prior π (M,), switch rate r (1/s)."""

    q_factor: FloatArray
    accel_mps2: FloatArray
    prior: FloatArray
    switch_rate_per_s: float

    @property
    def size(self) -> int:
        """Number of models M."""
        return int(self.q_factor.shape[0])

    @property
    def gravity_up_mps2(self) -> float:
        """The strongest downward known acceleration of the models (gravity), or -g if none has it."""
        return float(min(float(np.min(self.accel_mps2[:, 2], initial=0.0)), -GRAVITY_MPS2))


@dataclass(frozen=True)
class ImmPrediction:
    """Predicted per-model xm (K, M, 6), Pm (K, M, 6, 6), predicted model probabilities c (K, M),
    and their moment match x (K, 6), P (K, 6, 6)."""

    xm: FloatArray
    Pm: FloatArray
    c: FloatArray
    x: FloatArray
    P: FloatArray

    def take(self, index: npt.NDArray[np.intp]) -> ImmPrediction:
        """The predictions of the selected pairs."""
        return ImmPrediction(self.xm[index], self.Pm[index], self.c[index], self.x[index], self.P[index])


def transition_probabilities(dt_s: FloatArray, models: ImmModels) -> FloatArray:
    """Π(dt) (K, M, M), rows i -> columns j: e^{-r|dt|} δ_ij + (1 - e^{-r|dt|}) π_j."""
    stay = np.exp(-models.switch_rate_per_s * np.abs(np.asarray(dt_s, float)))
    eye = np.eye(models.size)[None]
    return np.asarray(stay[:, None, None] * eye + (1.0 - stay)[:, None, None] * models.prior[None, None, :])


def mix(
    xm: FloatArray, Pm: FloatArray, mu: FloatArray, Pi: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """IMM interaction: mixed initial states x0 (K, M, 6), P0 (K, M, 6, 6) and c (K, M)."""
    k, m, n = xm.shape
    c = (mu[:, None, :] @ Pi)[:, 0, :]  # c_j = Σ_i π_ij μ_i
    w = mu[:, :, None] * Pi / np.maximum(c[:, None, :], 1e-300)  # w_ij = π_ij μ_i / c_j
    wt = np.swapaxes(w, 1, 2)  # (K, j, i)
    x0 = wt @ xm  # x0_j = Σ_i w_ij x_i
    d = xm[:, :, None, :] - x0[:, None, :, :]  # x_i - x0_j  (K, i, j, n)
    P0 = (wt @ Pm.reshape(k, m, n * n)).reshape(k, m, n, n)  # Σ_i w_ij P_i
    wd = (w[:, :, :, None] * d).transpose(0, 2, 3, 1)  # w_ij (x_i - x0_j)  (K, j, n, i)
    P0 += wd @ d.transpose(0, 2, 1, 3)  # + Σ_i w_ij (x_i - x0_j)(x_i - x0_j)'
    return x0, P0, c


def combine(xm: FloatArray, Pm: FloatArray, mu: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Moment match (x (K, 6), P (K, 6, 6)) of the Gaussian mixture Σ_j μ_j N(xm_j, Pm_j)."""
    k, m, n = xm.shape
    x = (mu[:, None, :] @ xm)[:, 0, :]  # x = Σ μ_j x_j
    d = xm - x[:, None, :]
    P = (mu[:, None, :] @ Pm.reshape(k, m, n * n)).reshape(k, n, n)  # Σ μ_j P_j
    P += np.swapaxes(mu[:, :, None] * d, 1, 2) @ d  # + Σ μ_j d d'
    return x, 0.5 * (P + np.swapaxes(P, 1, 2))


def imm_predict(
    xm: FloatArray,
    Pm: FloatArray,
    mu: FloatArray,
    dt_s: FloatArray,
    q_base: FloatArray,
    models: ImmModels,
    free_flight: npt.NDArray[np.bool_] | None = None,
) -> ImmPrediction:
    """Mix, then predict every model by dt_s (K,) with q = q_base (K,) × its factor. Tracks in
    free_flight (K,) fall under gravity in every model (see model_accelerations)."""
    k, m, n = xm.shape
    x0, P0, c = mix(xm, Pm, mu, transition_probabilities(dt_s, models))
    q = (q_base[:, None] * models.q_factor[None, :]).reshape(-1)
    accel = model_accelerations(models, k, free_flight).reshape(-1, 3)
    xf, Pf = cv_predict(x0.reshape(-1, n), P0.reshape(-1, n, n), np.repeat(dt_s, m), q, accel)
    xp, Pp = xf.reshape(k, m, n), Pf.reshape(k, m, n, n)
    x, P = combine(xp, Pp, c)
    return ImmPrediction(xm=xp, Pm=Pp, c=c, x=x, P=P)


def model_accelerations(
    models: ImmModels, k: int, free_flight: npt.NDArray[np.bool_] | None = None
) -> FloatArray:
    """Known accelerations (K, M, 3) of K tracks' models: each model's own, but gravity in every
    model of a track in free flight (a body too fast for anything powered in the air: whichever
    way it manoeuvres, it falls, and a model without gravity lags its descent by hundreds of m/s)."""
    accel = np.broadcast_to(models.accel_mps2[None], (k, models.size, 3)).copy()
    if free_flight is not None and free_flight.any():
        accel[free_flight, :, 2] = models.gravity_up_mps2
    return accel


def imm_update(
    pred: ImmPrediction, nu: FloatArray, H: FloatArray, R: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """EKF-update every model with its innovation nu (K, M, m) and Jacobian H (K, M, m, 6), noise R
    (K, m, m); returns xm, Pm, mu (posterior model probabilities) and the moment match x, P."""
    k, m_models, n = pred.xm.shape
    dim = nu.shape[2]
    nu_f, H_f = nu.reshape(-1, dim), H.reshape(-1, dim, n)
    R_f = np.repeat(R, m_models, axis=0)
    P_f = pred.Pm.reshape(-1, n, n)
    st = innovation_stats(P_f, nu_f, H_f, R_f)
    x_f, P_new = kalman_update(pred.xm.reshape(-1, n), P_f, nu_f, H_f, R_f, st.S)
    loglik = -0.5 * (st.mahalanobis2 + st.log_det_s + dim * np.log(2.0 * np.pi))  # log N(nu; 0, S)
    log_post = np.log(np.maximum(pred.c, 1e-300)) + loglik.reshape(k, m_models)  # μ_j ∝ c_j Λ_j
    w = np.exp(log_post - log_post.max(axis=1, keepdims=True))  # normalised in the log domain
    mu = w / w.sum(axis=1, keepdims=True)
    xm, Pm = x_f.reshape(k, m_models, n), P_new.reshape(k, m_models, n, n)
    x, P = combine(xm, Pm, mu)
    return xm, Pm, mu, x, P
