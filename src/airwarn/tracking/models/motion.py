"""Nearly-constant-velocity motion (white-noise acceleration) in the local ENU frame.

State x = [e, n, u, ve, vn, vu] (metres, metres per second), batched as (K, 6). A known
constant acceleration a (K, 3) may be added (gravity for a ballistic or diving body).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

STATE_DIM = 6
GRAVITY_MPS2 = 9.80665


def cv_transition(dt_s: FloatArray) -> FloatArray:
    """Transition matrices F(dt) of shape (K, 6, 6) for time steps dt_s of shape (K,)."""
    dt = np.asarray(dt_s, dtype=float)
    F = np.broadcast_to(np.eye(STATE_DIM), (dt.shape[0], STATE_DIM, STATE_DIM)).copy()
    idx = np.arange(3)
    F[:, idx, idx + 3] = dt[:, None]  # p' = p + v dt
    return F


def cv_process_noise(dt_s: FloatArray, q: FloatArray) -> FloatArray:
    """Process noise Q (K, 6, 6) for white acceleration of spectral density q (K,) in m²/s³.

    Per axis Q = q [[|dt|³/3, dt²/2], [dt²/2, |dt|]]; |dt| keeps Q positive for small
    backward steps (plots of another sensor a little older than a track's last update).
    """
    dt = np.asarray(dt_s, dtype=float)
    adt = np.abs(dt)
    qq = np.asarray(q, dtype=float)
    pp = (qq * adt**3 / 3.0)[:, None, None]
    pv = (qq * dt * adt / 2.0)[:, None, None]
    vv = (qq * adt)[:, None, None]
    return np.asarray(pp * _PP + pv * _PV + vv * _VV, float)


_PP = np.kron(np.array([[1.0, 0.0], [0.0, 0.0]]), np.eye(3))  # where each term of Q goes
_PV = np.kron(np.array([[0.0, 1.0], [1.0, 0.0]]), np.eye(3))
_VV = np.kron(np.array([[0.0, 0.0], [0.0, 1.0]]), np.eye(3))


def cv_predict(
    x: FloatArray, P: FloatArray, dt_s: FloatArray, q: FloatArray, accel_mps2: FloatArray | None = None
) -> tuple[FloatArray, FloatArray]:
    """Predict states x (K, 6) and covariances P (K, 6, 6) by dt_s (K,); returns (x, P).

    accel_mps2 (K, 3), if given, is a known constant acceleration: p += a dt²/2, v += a dt.
    """
    dt = np.asarray(dt_s, dtype=float)
    x_pred = x.copy()
    x_pred[:, :3] += x[:, 3:] * dt[:, None]  # x = F x
    if accel_mps2 is not None:
        x_pred[:, :3] += 0.5 * accel_mps2 * (dt**2)[:, None]  # + a dt²/2
        x_pred[:, 3:] += accel_mps2 * dt[:, None]  # + a dt
    t = dt[:, None, None]
    Ppp, Ppv, Pvp, Pvv = P[:, :3, :3], P[:, :3, 3:], P[:, 3:, :3], P[:, 3:, 3:]
    P_pred = np.empty_like(P)  # P = F P F' + Q, F = [[I, dt I], [0, I]], by blocks:
    P_pred[:, :3, :3] = Ppp + t * (Ppv + Pvp) + t * t * Pvv  # Ppp + dt (Ppv + Pvp) + dt² Pvv
    P_pred[:, :3, 3:] = Ppv + t * Pvv
    P_pred[:, 3:, :3] = Pvp + t * Pvv
    P_pred[:, 3:, 3:] = Pvv
    return x_pred, P_pred + cv_process_noise(dt, q)


def position_variance_at(P: FloatArray, dt_s: FloatArray, q: FloatArray) -> FloatArray:
    """Trace of the predicted position covariance (K,) after dt_s (K,), without forming F."""
    dt = np.asarray(dt_s, dtype=float)
    tr_pp = np.einsum("kii->k", P[:, :3, :3])
    tr_pv = np.einsum("kii->k", P[:, :3, 3:])
    tr_vv = np.einsum("kii->k", P[:, 3:, 3:])
    # tr(P_pp + 2 dt P_pv + dt² P_vv) + 3 q |dt|³/3
    return np.asarray(tr_pp + 2.0 * dt * tr_pv + dt**2 * tr_vv + q * np.abs(dt) ** 3, float)
