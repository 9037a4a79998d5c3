"""Motion and radar models: exact geometry against pymap3d, Jacobian against finite differences."""

import numpy as np

from airwarn.geo.frames import LocalFrame, aer_from
from airwarn.scenario.model import Sensor
from airwarn.tracking.models.motion import cv_predict, position_variance_at
from airwarn.tracking.models.radar import innovation, jacobian, measure, plots_to_enu, radar_geometry

FRAME = LocalFrame(47.0, 33.0, 0.0)
SENSORS = [
    Sensor(
        id="R1",
        kind="radar",
        lat=46.2,
        lon=30.6,
        alt_m=100.0,
        scan_period_s=5.0,
        sigma_range_m=100.0,
        sigma_azimuth_deg=0.3,
        sigma_elevation_deg=0.3,
    ),
    Sensor(
        id="R2",
        kind="radar",
        lat=48.1,
        lon=35.4,
        alt_m=90.0,
        scan_period_s=10.0,
        sigma_range_m=120.0,
        sigma_azimuth_deg=0.4,
        sigma_elevation_deg=0.4,
    ),
    Sensor(id="A1", kind="acoustic", lat=47.0, lon=33.0, alt_m=0.0),
]


def _states(rng: np.random.Generator, k: int) -> np.ndarray:
    pos = np.column_stack([rng.uniform(-200e3, 200e3, (k, 2)), rng.uniform(100.0, 30e3, k)])
    return np.column_stack([pos, rng.normal(0.0, 200.0, (k, 3))])


def test_measure_matches_pymap3d_aer_far_from_frame_origin():
    geom = radar_geometry(SENSORS, FRAME, 5.0)
    assert geom.ids == ("R1", "R2")
    rng = np.random.default_rng(1)
    x = _states(rng, 50)
    lat, lon, alt = FRAME.to_geodetic(x[:, 0], x[:, 1], x[:, 2])
    for i, s in enumerate(SENSORS[:2]):
        az, el, r = aer_from(float(s.lat or 0), float(s.lon or 0), float(s.alt_m or 0), lat, lon, alt)
        z = measure(x, np.full(50, i), geom)
        np.testing.assert_allclose(z[:, 0], r, rtol=0, atol=1e-3)
        np.testing.assert_allclose(
            np.degrees(innovation(z, np.radians(np.column_stack([r, az, el])))[:, 1]), 0.0, atol=1e-7
        )
        np.testing.assert_allclose(np.degrees(z[:, 2]), el, atol=1e-7)


def test_jacobian_matches_finite_differences():
    geom = radar_geometry(SENSORS, FRAME, 5.0)
    rng = np.random.default_rng(2)
    x = _states(rng, 20)
    sensor = rng.integers(0, 2, 20)
    H = jacobian(x, sensor, geom)
    eps = 1.0
    for j in range(3):
        dx = np.zeros(6)
        dx[j] = eps
        num = innovation(measure(x + dx, sensor, geom), measure(x - dx, sensor, geom)) / (2 * eps)
        np.testing.assert_allclose(H[:, :, j], num, rtol=1e-5, atol=1e-12)
    np.testing.assert_array_equal(H[:, :, 3:], 0.0)


def test_plots_to_enu_inverts_measure():
    geom = radar_geometry(SENSORS, FRAME, 5.0)
    rng = np.random.default_rng(3)
    x = _states(rng, 30)
    sensor = rng.integers(0, 2, 30)
    pos, cov = plots_to_enu(measure(x, sensor, geom), sensor, geom)
    np.testing.assert_allclose(pos, x[:, :3], atol=1e-4)
    np.testing.assert_allclose(cov, np.swapaxes(cov, 1, 2))
    assert (np.linalg.eigvalsh(cov) > 0).all()


def test_cv_predict_moves_by_velocity_and_grows_covariance():
    x = np.array([[0.0, 0.0, 1000.0, 100.0, -50.0, 2.0]])
    P = np.broadcast_to(np.eye(6) * 100.0, (1, 6, 6)).copy()
    xp, Pp = cv_predict(x, P, np.array([10.0]), np.array([5.0]))
    np.testing.assert_allclose(xp[0, :3], [1000.0, -500.0, 1020.0])
    np.testing.assert_allclose(
        np.trace(Pp[0, :3, :3]), position_variance_at(P, np.array([10.0]), np.array([5.0]))[0]
    )
    # per axis: 100 + dt² 100 + q dt³ / 3
    np.testing.assert_allclose(Pp[0, 0, 0], 100 + 100 * 100 + 5 * 1000 / 3)
