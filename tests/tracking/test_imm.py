"""IMM: mixing probabilities, batched against a single-track reference, turns and dives."""

from typing import Any

import numpy as np

from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.imm import combine, imm_predict, imm_update, mix, transition_probabilities
from airwarn.tracking.kalman import kalman_update
from airwarn.tracking.models.motion import GRAVITY_MPS2, cv_predict
from airwarn.tracking.updater import imm_models

MODELS = imm_models(TrackerConfig())


def _random_tracks(rng: np.random.Generator, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = MODELS.size
    xm = rng.normal(0.0, 100.0, (k, m, 6))
    A = rng.normal(0.0, 1.0, (k, m, 6, 6))
    Pm = np.einsum("kmij,kmlj->kmil", A, A) + 10.0 * np.eye(6)
    mu = rng.dirichlet(np.ones(m), k)
    return xm, Pm, mu


def test_transition_and_mixing_probabilities_sum_to_one():
    rng = np.random.default_rng(1)
    dt = rng.uniform(-1.0, 30.0, 20)
    Pi = transition_probabilities(dt, MODELS)
    np.testing.assert_allclose(Pi.sum(axis=2), 1.0, atol=1e-12)
    xm, Pm, mu = _random_tracks(rng, 20)
    _, _, c = mix(xm, Pm, mu, Pi)
    np.testing.assert_allclose(c.sum(axis=1), 1.0, atol=1e-12)
    w = mu[:, :, None] * Pi / c[:, None, :]
    np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-12)  # mixing weights per target model


def _single_reference(xm: Any, Pm: Any, mu: Any, dt: Any, q: Any, z: Any, H: Any, R: Any) -> Any:
    """One track, one model at a time, with plain loops: the textbook IMM cycle."""
    m = mu.shape[0]
    Pi = transition_probabilities(np.array([dt]), MODELS)[0]
    c = Pi.T @ mu
    xs, Ps, lik = [], [], []
    for j in range(m):
        w = Pi[:, j] * mu / c[j]
        x0 = sum(w[i] * xm[i] for i in range(m))
        P0 = sum(w[i] * (Pm[i] + np.outer(xm[i] - x0, xm[i] - x0)) for i in range(m))
        xp, Pp = cv_predict(
            x0[None], P0[None], np.array([dt]), np.array([q * MODELS.q_factor[j]]), MODELS.accel_mps2[j][None]
        )
        S = H @ Pp[0] @ H.T + R
        nu = z - H @ xp[0]
        xu, Pu = kalman_update(xp, Pp, nu[None], H[None], R[None], S[None])
        xs.append(xu[0])
        Ps.append(Pu[0])
        lik.append(np.exp(-0.5 * nu @ np.linalg.solve(S, nu)) / np.sqrt(np.linalg.det(2 * np.pi * S)))
    post = c * np.array(lik)
    return np.array(xs), np.array(Ps), post / post.sum()


def test_batched_imm_step_equals_single_track_reference():
    rng = np.random.default_rng(2)
    k = 6
    xm, Pm, mu = _random_tracks(rng, k)
    dt, q = rng.uniform(0.5, 5.0, k), rng.uniform(1.0, 50.0, k)
    H = np.zeros((3, 6))
    H[:, :3] = np.eye(3)
    R = np.diag([400.0, 900.0, 2500.0])
    z = rng.normal(0.0, 150.0, (k, 3))
    pred = imm_predict(xm, Pm, mu, dt, q, MODELS)
    nu = z[:, None, :] - pred.xm[:, :, :3]
    Hb = np.broadcast_to(H, (k, MODELS.size, 3, 6))
    xb, Pb, mub, x, P = imm_update(pred, nu, Hb, np.broadcast_to(R, (k, 3, 3)))
    for i in range(k):
        xr, Pr, mur = _single_reference(xm[i], Pm[i], mu[i], dt[i], q[i], z[i], H, R)
        np.testing.assert_allclose(xb[i], xr, rtol=1e-9, atol=1e-6)
        np.testing.assert_allclose(Pb[i], Pr, rtol=1e-9, atol=1e-6)
        np.testing.assert_allclose(mub[i], mur, rtol=1e-8, atol=1e-12)
    xc, Pc = combine(xb, Pb, mub)
    np.testing.assert_allclose(xc, x)
    np.testing.assert_allclose(Pc, P)


def _follow(truth_pos: np.ndarray, dt: float, imm: bool, rng: np.random.Generator) -> float:
    """RMS position error of a 3-D position-measuring filter (IMM or CV only) after warm-up."""
    sigma = 60.0
    R = np.eye(3) * sigma**2
    H = np.zeros((3, 6))
    H[:, :3] = np.eye(3)
    models = (
        MODELS
        if imm
        else imm_models(TrackerConfig(imm_q_factors=(1.0,), imm_accel_up_mps2=(0.0,), imm_prior=(1.0,)))
    )
    m = models.size
    v0 = (truth_pos[1] - truth_pos[0]) / dt
    xm = np.repeat(np.concatenate([truth_pos[0], v0])[None, None], m, axis=1)
    Pm = np.repeat(np.diag([sigma**2] * 3 + [50.0**2] * 3)[None, None], m, axis=1)
    mu = models.prior[None].copy()
    q = np.array([30.0])
    err = []
    for step, p in enumerate(truth_pos[1:], start=1):
        z = p + rng.normal(0.0, sigma, 3)
        pred = imm_predict(xm, Pm, mu, np.array([dt]), q, models)
        nu = z[None, None] - pred.xm[:, :, :3]
        xm, Pm, mu, x, _ = imm_update(pred, nu, np.broadcast_to(H, (1, m, 3, 6)), R[None])
        if step > 10:
            err.append(np.linalg.norm(x[0, :3] - p))
    return float(np.sqrt(np.mean(np.square(err))))


def test_imm_follows_a_turn_and_a_ballistic_dive_better_than_cv_alone():
    dt = 2.0
    t = np.arange(0.0, 120.0, dt)
    heading = np.radians(np.clip(t - 30.0, 0.0, 30.0) * 4.0)  # 4°/s turn at 240 m/s: ~17 m/s²
    turn = np.column_stack(
        [np.cumsum(240 * np.sin(heading) * dt), np.cumsum(240 * np.cos(heading) * dt), 300 + 0 * t]
    )
    vz = -GRAVITY_MPS2 * t  # free fall from a horizontal 1 km/s at 40 km
    dive = np.column_stack([1000.0 * t, 0 * t, 40_000.0 + np.cumsum(vz * dt)])
    for truth in (turn, dive):
        rms_imm = np.mean([_follow(truth, dt, True, np.random.default_rng(s)) for s in range(5)])
        rms_cv = np.mean([_follow(truth, dt, False, np.random.default_rng(s)) for s in range(5)])
        assert rms_imm < 0.9 * rms_cv


def test_a_track_in_free_flight_falls_under_gravity_in_every_model():
    # a 1.6 km/s missile seen every 5 s with 1 km height noise (a far radar's elevation error):
    # without gravity in every model its climb rate lags the fall by about 100 m/s
    dt, sigma_up = 5.0, 1000.0
    t = np.arange(0.0, 150.0, dt)
    vz = 400.0 - GRAVITY_MPS2 * t
    truth = np.column_stack([1600.0 * t, 0 * t, 30_000.0 + 400.0 * t - 0.5 * GRAVITY_MPS2 * t**2])
    lags = {}
    for free in (False, True):
        rng = np.random.default_rng(4)
        R = np.diag([150.0**2, 150.0**2, sigma_up**2])
        H = np.zeros((3, 6))
        H[:, :3] = np.eye(3)
        m = MODELS.size
        xm = np.repeat(np.array([0.0, 0.0, 30_000.0, 1600.0, 0.0, 400.0])[None, None], m, axis=1)
        Pm = np.repeat(
            np.diag([150.0**2, 150.0**2, sigma_up**2, 100.0**2, 100.0**2, 100.0**2])[None, None], m, 1
        )
        mu = MODELS.prior[None].copy()
        err = []
        for k in range(1, t.size):
            pred = imm_predict(xm, Pm, mu, np.array([dt]), np.array([400.0]), MODELS, np.array([free]))
            z = truth[k] + rng.normal(0.0, 1.0, 3) * np.sqrt(np.diag(R))
            nu = z[None, None] - pred.xm[:, :, :3]
            xm, Pm, mu, x, _ = imm_update(pred, nu, np.broadcast_to(H, (1, m, 3, 6)), R[None])
            err.append(x[0, 5] - vz[k])
        lags[free] = float(np.mean(err[-10:]))
    assert lags[False] > 60.0  # lags the fall
    assert abs(lags[True]) < 25.0
