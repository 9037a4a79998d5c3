"""The acoustic post model: which engines are heard, how far, bearing noise, sound delay, false rate."""

from __future__ import annotations

import numpy as np
import pytest

from airwarn.geo.frames import aer_from, destination
from airwarn.scenario.model import Sensor
from airwarn.sim.acoustic import SPEED_OF_SOUND_MPS, acoustic_bearings
from airwarn.sim.types import Trajectory

LAT0, LON0 = 50.0, 36.0


def straight(
    object_id: str,
    kind: str,
    offset_m: float,
    alt_m: float,
    speed_mps: float,
    duration_s: float = 600.0,
) -> Trajectory:
    """An object flying due east at alt_m, passing offset_m north of (LAT0, LON0) halfway through."""
    t = np.arange(0.0, duration_s + 1e-9, 1.0)
    lat_c, lon_c = destination(LAT0, LON0, 0.0, offset_m)
    lat0, lon0 = destination(lat_c, lon_c, 270.0, speed_mps * duration_s / 2.0)
    lat, lon = destination(lat0, lon0, 90.0, speed_mps * t)
    return Trajectory(object_id, kind, t, lat, lon, np.full(t.shape, alt_m), False)


def hover(object_id: str, bearing: float, distance_m: float, alt_m: float, duration_s: float) -> Trajectory:
    """A drone hovering at a fixed point, sampled at 1 s."""
    t = np.arange(0.0, duration_s + 1e-9, 1.0)
    lat, lon = destination(LAT0, LON0, bearing, distance_m)
    return Trajectory(
        object_id, "drone", t, np.full(t.shape, lat), np.full(t.shape, lon), np.full(t.shape, alt_m), False
    )


def post(post_id: str = "A1", sigma_az: float = 6.0, sigma_el: float | None = None, **extra: float) -> Sensor:
    """An acoustic post at (LAT0, LON0), 3 km range, no false detections unless asked."""
    return Sensor(
        post_id,
        "acoustic",
        lat=LAT0,
        lon=LON0,
        alt_m=100.0,
        max_range_m=3000.0,
        sigma_azimuth_deg=sigma_az,
        sigma_elevation_deg=sigma_el,
        extra={"false_per_hour": 0.0, **extra},
    )


def test_engines_are_heard_and_bombs_and_ballistic_are_not() -> None:
    trajs = [
        straight(kind, kind, 1000.0, 500.0, 200.0)
        for kind in ("drone", "cruise_missile", "glide_bomb", "ballistic_missile")
    ]
    out = acoustic_bearings([post()], trajs, 600.0, np.random.default_rng(1))
    heard = set(out.origin_id)
    assert heard == {"drone", "cruise_missile"}
    assert set(out.detections.sensor_id) == {"A1"}
    assert np.all(np.diff(out.detections.t_s) >= 0.0)


def test_heard_within_max_range_only() -> None:
    near = hover("near", 0.0, 2700.0, 200.0, 600.0)
    far = hover("far", 180.0, 3200.0, 200.0, 600.0)
    passing = straight("passing", "drone", 3500.0, 100.0, 50.0)
    out = acoustic_bearings(
        [post(p_detect_at_max_range=0.9)], [near, far, passing], 600.0, np.random.default_rng(2)
    )
    assert set(out.origin_id) == {"near"}
    # A report every report_period_s (2 s) while heard, kept with probability 0.9 at any range here.
    assert np.sum(out.origin_id == "near") / 300.0 == pytest.approx(0.9, abs=0.06)
    beat = np.mod(out.detections.t_s - out.detections.t_s[0], 2.0)
    assert np.all(np.minimum(beat, 2.0 - beat) < 1e-6)


def test_bearing_noise_matches_sigma_and_elevation_only_where_measured() -> None:
    posts = [post("A1", sigma_az=6.0), post("A2", sigma_az=6.0, sigma_el=8.0)]
    drones = [hover(f"D{i}", 60.0 * i, 1500.0, 300.0, 1200.0) for i in range(6)]
    out = acoustic_bearings(posts, drones, 1200.0, np.random.default_rng(3))
    d = out.detections
    az_errors, el_errors = [], []
    for drone in drones:
        mine = out.origin_id == drone.object_id
        az, el, _ = aer_from(LAT0, LON0, 100.0, drone.lat[0], drone.lon[0], drone.alt_m[0])
        az_errors.extend((d.azimuth_deg[mine] - az + 180.0) % 360.0 - 180.0)
        el_errors.extend(d.elevation_deg[mine & (d.sensor_id == "A2")] - el)
    assert len(az_errors) > 4000
    assert np.std(az_errors) == pytest.approx(6.0, rel=0.08)
    assert np.std(el_errors) == pytest.approx(8.0, rel=0.1)
    assert np.all(np.isnan(d.elevation_deg[d.sensor_id == "A1"]))


def emission_position(traj: Trajectory, t_s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where the object was when the sound heard at t_s left it (fixed-point, as a cross-check)."""
    t_emit = t_s.copy()
    for _ in range(60):  # contracts by speed / 343 each step
        _, _, dist = aer_from(LAT0, LON0, 100.0, *traj.position_at(t_emit))
        t_emit = t_s - dist / SPEED_OF_SOUND_MPS
    return traj.position_at(t_emit)


def wrap(angle_deg: np.ndarray) -> np.ndarray:
    """Angle differences folded into [-180, 180)."""
    return np.asarray((angle_deg + 180.0) % 360.0 - 180.0, float)


def test_sound_delay_points_at_an_earlier_position() -> None:
    missile = straight("M", "cruise_missile", 1500.0, 300.0, 250.0)
    out = acoustic_bearings([post(sigma_az=0.5)], [missile], 600.0, np.random.default_rng(4))
    d = out.detections
    assert len(d) > 5
    az_emit, _, _ = aer_from(LAT0, LON0, 100.0, *emission_position(missile, d.t_s))
    az_now, _, _ = aer_from(LAT0, LON0, 100.0, *missile.position_at(d.t_s))
    assert np.std(wrap(d.azimuth_deg - az_emit)) < 1.0
    assert abs(np.mean(wrap(d.azimuth_deg - az_emit))) < 0.5
    # Flying east, the sound comes from further west (smaller azimuth north of the post).
    assert np.mean(wrap(d.azimuth_deg - az_now)) < -10.0


def test_false_detections_at_configured_rate() -> None:
    posts = [post(f"A{i}", sigma_el=8.0 if i % 2 else None, false_per_hour=0.5) for i in range(400)]
    out = acoustic_bearings(posts, [], 3600.0, np.random.default_rng(5))
    d = out.detections
    assert len(d) == pytest.approx(200.0, abs=4 * np.sqrt(200.0))
    assert set(out.origin_id) == {""}
    assert np.all((d.t_s >= 0.0) & (d.t_s <= 3600.0))
    with_el = np.isin(d.sensor_id, [f"A{i}" for i in range(1, 400, 2)])
    assert np.all(np.isnan(d.elevation_deg[~with_el]))
    assert np.all((d.elevation_deg[with_el] >= 0.0) & (d.elevation_deg[with_el] <= 60.0))
    assert np.std(d.azimuth_deg) == pytest.approx(360.0 / np.sqrt(12.0), rel=0.15)


def test_same_seed_same_reports() -> None:
    posts = [post(f"A{i}", false_per_hour=5.0) for i in range(3)]
    trajs = [straight("D", "drone", 800.0, 200.0, 40.0)]
    a = acoustic_bearings(posts, trajs, 600.0, np.random.default_rng(6))
    b = acoustic_bearings(posts, trajs, 600.0, np.random.default_rng(6))
    np.testing.assert_array_equal(a.detections.azimuth_deg, b.detections.azimuth_deg)
    np.testing.assert_array_equal(a.detections.sensor_id, b.detections.sensor_id)
    np.testing.assert_array_equal(a.origin_id, b.origin_id)
