"""The batched EKF update against a closed-form single-track update, and against itself in a loop."""

import numpy as np

from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import Sensor
from airwarn.tracking.enu import climb_rate_sigma, horizontal_velocity_sigma
from airwarn.tracking.kalman import innovation_stats, kalman_update
from airwarn.tracking.models.radar import innovation, jacobian, measure, noise_covariance, radar_geometry

FRAME = LocalFrame(47.0, 33.0, 0.0)
RADAR = Sensor(
    id="R1",
    kind="radar",
    lat=46.5,
    lon=32.0,
    alt_m=100.0,
    scan_period_s=5.0,
    sigma_range_m=100.0,
    sigma_azimuth_deg=0.3,
    sigma_elevation_deg=0.3,
)


def _case(rng: np.random.Generator, k: int):
    geom = radar_geometry([RADAR], FRAME, 5.0)
    x = np.column_stack(
        [rng.uniform(-100e3, 100e3, (k, 2)), rng.uniform(500, 9000, k), rng.normal(0, 150, (k, 3))]
    )
    A = rng.normal(size=(k, 6, 6))
    P = np.einsum("kij,klj->kil", A, A) * 200.0 + np.eye(6) * 400.0
    sensor = np.zeros(k, dtype=np.intp)
    z = measure(x + rng.normal(0, 300, (k, 6)) * [1, 1, 1, 0, 0, 0], sensor, geom)
    H = jacobian(x, sensor, geom)
    R = noise_covariance(sensor, geom)
    nu = innovation(z, measure(x, sensor, geom))
    return x, P, nu, H, R


def test_ekf_update_matches_closed_form_single_track():
    rng = np.random.default_rng(10)
    x, P, nu, H, R = _case(rng, 1)
    st = innovation_stats(P, nu, H, R)
    xb, Pb = kalman_update(x, P, nu, H, R, st.S)
    # textbook form, one track, plain matrices
    h, p = H[0], P[0]
    S = h @ p @ h.T + R[0]
    K = p @ h.T @ np.linalg.inv(S)
    x_ref = x[0] + K @ nu[0]
    P_ref = (np.eye(6) - K @ h) @ p
    np.testing.assert_allclose(xb[0], x_ref, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(Pb[0], P_ref, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(st.mahalanobis2[0], nu[0] @ np.linalg.inv(S) @ nu[0], rtol=1e-9)
    np.testing.assert_allclose(st.log_det_s[0], np.log(np.linalg.det(S)), rtol=1e-9)


def test_batched_update_equals_loop_of_single_updates():
    rng = np.random.default_rng(11)
    x, P, nu, H, R = _case(rng, 40)
    st = innovation_stats(P, nu, H, R)
    xb, Pb = kalman_update(x, P, nu, H, R, st.S)
    for k in range(40):
        s = slice(k, k + 1)
        sk = innovation_stats(P[s], nu[s], H[s], R[s])
        xk, Pk = kalman_update(x[s], P[s], nu[s], H[s], R[s], sk.S)
        np.testing.assert_allclose(xb[k], xk[0], rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(Pb[k], Pk[0], rtol=1e-12, atol=1e-9)


def test_joseph_update_keeps_covariance_symmetric_positive_and_smaller():
    rng = np.random.default_rng(12)
    x, P, nu, H, R = _case(rng, 25)
    st = innovation_stats(P, nu, H, R)
    _, Pn = kalman_update(x, P, nu, H, R, st.S)
    np.testing.assert_array_equal(Pn, np.swapaxes(Pn, 1, 2))
    assert (np.linalg.eigvalsh(Pn) > 0).all()
    assert (np.linalg.eigvalsh(P - Pn) > -1e-6).all()


def test_horizontal_velocity_sigma_is_the_worst_axis_of_the_velocity_block_climb_rate_its_own() -> None:
    # 30 m/s along a 30-degree axis and 10 m/s across it, rotated into east/north; vertical ignored
    a = np.radians(30.0)
    R = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    P = np.zeros((2, 6, 6))
    P[:, 3:5, 3:5] = R @ np.diag([30.0**2, 10.0**2]) @ R.T
    P[:, 5, 5] = 500.0**2
    P[1, 3:5, 3:5] = np.diag([4.0, 4.0])
    np.testing.assert_allclose(horizontal_velocity_sigma(P), [30.0, 2.0])
    np.testing.assert_allclose(climb_rate_sigma(P), [500.0, 500.0])  # the climb rate: its own axis
