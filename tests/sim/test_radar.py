"""The rotating radar model: noise, beam-crossing times, coverage, Pd and clutter."""

from __future__ import annotations

import numpy as np
import pytest

from airwarn.errors import ConfigError
from airwarn.geo.frames import aer_from, destination
from airwarn.scenario.model import Sensor
from airwarn.sim.radar import horizon_distance_m, radar_plots
from airwarn.sim.types import Trajectory

LAT0, LON0 = 50.0, 36.0


def straight(
    object_id: str,
    kind: str,
    range_m: float,
    bearing: float,
    alt_m: float,
    speed_mps: float = 0.0,
    heading: float = 0.0,
    duration_s: float = 600.0,
) -> Trajectory:
    """An object starting range_m from the radar at bearing, flying straight and level, sampled at 1 s."""
    t = np.arange(0.0, duration_s + 1e-9, 1.0)
    lat0, lon0 = destination(LAT0, LON0, bearing, range_m)
    lat, lon = destination(lat0, lon0, heading, speed_mps * t)
    return Trajectory(object_id, kind, t, lat, lon, np.full(t.shape, alt_m), False)


def radar(**extra: float) -> Sensor:
    """A 3-D radar at 30 m on a 30 m mast, 200 km range, 5 s scans, no clutter unless asked."""
    return Sensor(
        "R1",
        "radar",
        lat=LAT0,
        lon=LON0,
        alt_m=30.0,
        max_range_m=200_000.0,
        scan_period_s=5.0,
        sigma_range_m=75.0,
        sigma_azimuth_deg=0.3,
        sigma_elevation_deg=0.6,
        extra={"clutter_per_scan": 0.0, "mast_height_m": 30.0, **extra},
    )


def test_noise_matches_configured_sigmas() -> None:
    trajs = [
        straight(f"T{i}", "ballistic_missile", 40_000.0, 90.0 * i, 8000.0, 200.0, 45.0) for i in range(4)
    ]
    out = radar_plots(radar(), trajs, 600.0, np.random.default_rng(1))
    d = out.detections
    assert len(d) > 450  # 4 objects x 120 sweeps, all close enough for Pd ~ 1
    errors: dict[str, list[float]] = {"range": [], "az": [], "el": []}
    for traj in trajs:
        mine = out.origin_id == traj.object_id
        az, el, rng_m = aer_from(LAT0, LON0, 30.0, *traj.position_at(d.t_s[mine]))
        errors["range"].extend(d.range_m[mine] - rng_m)
        errors["az"].extend((d.azimuth_deg[mine] - az + 180.0) % 360.0 - 180.0)
        errors["el"].extend(d.elevation_deg[mine] - el)
    assert np.std(errors["range"]) == pytest.approx(75.0, rel=0.1)
    assert np.std(errors["az"]) == pytest.approx(0.3, rel=0.1)
    assert np.std(errors["el"]) == pytest.approx(0.6, rel=0.1)
    assert abs(np.mean(errors["range"])) < 10.0


def test_plots_are_stamped_when_the_beam_crosses() -> None:
    trajs = [straight(f"T{i}", "ballistic_missile", 60_000.0, 45.0 * i, 8000.0) for i in range(8)]
    out = radar_plots(radar(), trajs, 300.0, np.random.default_rng(2))
    d = out.detections
    assert np.all(np.diff(d.t_s) >= 0.0)
    assert set(d.sensor_id) == {"R1"}
    # One common beam phase explains every plot: t = phase + k * P + az / 360 * P.
    phase = np.mod(d.t_s - d.azimuth_deg / 360.0 * 5.0, 5.0)
    spread = (phase - phase[0] + 2.5) % 5.0 - 2.5
    assert np.max(np.abs(spread)) < 0.05
    # Objects at eight bearings are stamped at eight different moments of the sweep.
    in_sweep = np.mod(d.t_s - phase[0], 5.0)
    assert np.ptp(in_sweep) > 4.0


def test_radar_horizon_hides_low_fliers_far_away() -> None:
    low = straight("low", "ballistic_missile", 150_000.0, 10.0, 50.0)
    high = straight("high", "ballistic_missile", 150_000.0, 100.0, 10_000.0)
    near_low = straight("near_low", "ballistic_missile", 30_000.0, 200.0, 50.0)
    out = radar_plots(radar(), [low, high, near_low], 300.0, np.random.default_rng(3))
    counts = {oid: int(np.sum(out.origin_id == oid)) for oid in ("low", "high", "near_low")}
    assert counts["low"] == 0
    assert counts["high"] > 40
    assert counts["near_low"] > 40
    assert float(horizon_distance_m(30.0, np.array([50.0]))[0]) == pytest.approx(51_700.0, rel=0.01)


def test_detection_probability_falls_with_range() -> None:
    fractions = (0.3, 0.8, 0.97, 1.05)
    trajs = [
        straight(f"F{f}", "cruise_missile", f * 200_000.0, 30.0 * i, 9000.0, duration_s=3000.0)
        for i, f in enumerate(fractions)
    ]
    out = radar_plots(radar(), trajs, 3000.0, np.random.default_rng(4))
    pd = [np.sum(out.origin_id == f"F{f}") / 600.0 for f in fractions]
    assert pd[0] > 0.97
    assert pd[1] == pytest.approx(0.9, abs=0.04)  # the calibration point: reference RCS at 0.8 R
    assert pd[0] > pd[1] > pd[2] > 0.5
    assert pd[3] == 0.0
    drone = radar_plots(
        radar(),
        [straight("D", "drone", 160_000.0, 0.0, 9000.0, duration_s=3000.0)],
        3000.0,
        np.random.default_rng(4),
    )
    assert len(drone.detections) / 600.0 < pd[1] - 0.1


def test_min_range_and_cone_of_silence() -> None:
    close = straight("close", "ballistic_missile", 1000.0, 0.0, 500.0)
    overhead = straight("overhead", "ballistic_missile", 5000.0, 90.0, 20_000.0)
    out = radar_plots(radar(), [close, overhead], 300.0, np.random.default_rng(5))
    assert len(out.detections) == 0


def test_clutter_is_poisson_per_scan_within_coverage() -> None:
    out = radar_plots(radar(clutter_per_scan=7.0), [], 3600.0, np.random.default_rng(6))
    d = out.detections
    assert len(d) == pytest.approx(7.0 * 720, abs=4 * np.sqrt(7.0 * 720))
    assert set(out.origin_id) == {""}
    assert np.all((d.range_m >= 1500.0) & (d.range_m <= 200_000.0))
    assert np.all((d.azimuth_deg >= 0.0) & (d.azimuth_deg < 360.0))
    assert np.all((d.elevation_deg >= -0.5) & (d.elevation_deg <= 3.0))
    # Uniform in area: the median range is sqrt(1/2) of the way out, not half.
    assert np.median(d.range_m) == pytest.approx(200_000.0 / np.sqrt(2.0), rel=0.05)
    # Counts per sweep are Poisson: variance about the mean.
    phase = np.mod(d.t_s[0] - d.azimuth_deg[0] / 360.0 * 5.0, 5.0)
    per_sweep = np.bincount(np.floor((d.t_s - phase) / 5.0).astype(int) + 1)[1:-1]
    assert np.mean(per_sweep) == pytest.approx(7.0, rel=0.06)
    assert np.var(per_sweep) == pytest.approx(7.0, rel=0.2)


def test_two_d_radar_leaves_elevation_empty_and_is_deterministic() -> None:
    sensor = Sensor("R2", "radar", LAT0, LON0, 30.0, 150_000.0, 12.0, 100.0, 0.4, None)
    trajs = [straight("T", "cruise_missile", 50_000.0, 0.0, 3000.0, 250.0, 90.0)]
    a = radar_plots(sensor, trajs, 600.0, np.random.default_rng(7))
    b = radar_plots(sensor, trajs, 600.0, np.random.default_rng(7))
    assert np.all(np.isnan(a.detections.elevation_deg))
    np.testing.assert_array_equal(a.detections.range_m, b.detections.range_m)
    np.testing.assert_array_equal(a.origin_id, b.origin_id)
    assert set(a.origin_id) == {"T", ""}


def test_missing_scan_period_is_a_config_error() -> None:
    sensor = Sensor("R3", "radar", LAT0, LON0, 30.0, 150_000.0)
    with pytest.raises(ConfigError, match="scan_period_s"):
        radar_plots(sensor, [], 60.0, np.random.default_rng(0))
