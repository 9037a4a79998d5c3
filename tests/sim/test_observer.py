"""Citizens' phone reports: where, when, by whom, and how many are false or malicious."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np
import pytest

from airwarn.geo.frames import bearing_deg, destination, haversine_m
from airwarn.geo.geography import Places
from airwarn.scenario.model import Sensor
from airwarn.sim.observer import observer_reports
from airwarn.sim.types import SensorOutput, Trajectory

LAT0, LON0 = 50.0, 36.0


def grid_places() -> Places:
    """An 8 x 8 grid of towns 0.25 deg apart, 20k to 1M people."""
    lat, lon = np.meshgrid(LAT0 + 0.25 * np.arange(8), LON0 + 0.25 * np.arange(8))
    population = np.geomspace(2e4, 1e6, 64)
    names = np.array([f"P{i}" for i in range(64)], dtype=object)
    return Places(names, lat.ravel(), lon.ravel(), population)


def straight(
    object_id: str, lat: float, lon: float, heading: float, speed_mps: float, t0: float, duration_s: float
) -> Trajectory:
    """A drone at 500 m flying straight from (lat, lon) from t0 on, sampled at 1 s."""
    t = np.arange(0.0, duration_s + 1e-9, 1.0)
    la, lo = destination(lat, lon, heading, speed_mps * t)
    return Trajectory(object_id, "drone", t + t0, la, lo, np.full(t.shape, 500.0), False)


def public(**extra: Any) -> Sensor:
    """The observer sensor with given extras."""
    return Sensor("public", "observer", sigma_position_m=1500.0, sigma_azimuth_deg=20.0, extra=extra)


def raid(places: Places, n: int = 40) -> list[Trajectory]:
    """n drones crossing the grid west to east along its rows at different times."""
    return [
        straight(f"D{i}", LAT0 + 0.25 * (i % 8), LON0 - 0.2, 90.0, 50.0, 60.0 * (i % 50), 2600.0)
        for i in range(n)
    ]


def nearest_place_m(places: Places, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Distance from each point to its nearest place."""
    return np.asarray(
        np.min(haversine_m(lat[:, None], lon[:, None], places.lat[None, :], places.lon[None, :]), axis=1),
        float,
    )


def test_reports_near_places_with_persistent_reporters() -> None:
    places = grid_places()
    far_away = straight("far", 45.0, 30.0, 90.0, 50.0, 0.0, 1800.0)
    out = observer_reports(public(), [*raid(places), far_away], places, 3600.0, np.random.default_rng(1))
    d = out.detections
    assert len(d) > 500
    assert "far" not in set(out.origin_id)
    assert np.all(nearest_place_m(places, d.lat, d.lon) < 5 * 1500.0)
    assert np.all(np.isnan(d.alt_m) & np.isnan(d.range_m))
    assert np.all(np.diff(d.t_s) >= 0.0) and set(d.sensor_id) == {"public"}
    assert all(re.fullmatch(r"u[0-9a-f]{8}", r) for r in d.reporter_id)
    real = out.origin_id != ""
    counts = Counter(d.reporter_id[real])
    repeaters = [r for r, c in counts.items() if c >= 2]
    assert len(repeaters) > 10
    for r in repeaters[:20]:  # one reporter reports from home: a few GPS jitters apart
        mine = d.reporter_id == r
        assert np.max(haversine_m(d.lat[mine], d.lon[mine], d.lat[mine][0], d.lon[mine][0])) < 300.0


def test_false_and_malicious_shares_as_configured() -> None:
    places = grid_places()
    sensor = public(false_share=0.2, malicious_reporters=4, malicious_reports_per_hour=50.0)
    out = observer_reports(sensor, raid(places, 80), places, 3600.0, np.random.default_rng(2))
    d = out.detections
    false_ids = Counter(d.reporter_id[out.origin_id == ""])
    malicious = [r for r, c in false_ids.items() if c > 20]
    assert len(malicious) == 4
    assert all(
        c == pytest.approx(50.0, abs=4 * np.sqrt(50.0)) for r, c in false_ids.items() if r in malicious
    )
    flood = np.isin(d.reporter_id, malicious)
    honest_false = (out.origin_id == "") & ~flood
    share = honest_false.sum() / (~flood).sum()
    assert share == pytest.approx(0.2, abs=0.03)
    assert not set(malicious) & set(d.reporter_id[out.origin_id != ""])


def test_malicious_bearings_point_at_one_place() -> None:
    places = grid_places()
    sensor = Sensor(
        "public", "observer", sigma_position_m=100.0, extra={"malicious_reporters": 2, "false_share": 0.0}
    )
    out = observer_reports(sensor, [], places, 3600.0, np.random.default_rng(3))
    d = out.detections
    assert len(set(d.reporter_id)) == 2
    for r in set(d.reporter_id):
        az = np.radians(d.azimuth_deg[d.reporter_id == r])
        circular_std = np.sqrt(-2.0 * np.log(np.hypot(np.mean(np.sin(az)), np.mean(np.cos(az)))))
        assert np.degrees(circular_std) < 8.0


def test_delays_positive_with_configured_mean() -> None:
    places = grid_places()
    big = int(np.argmax(places.population))
    blips = [  # each drone is over the biggest town for one second, at t0
        straight(f"B{i}", float(places.lat[big]), float(places.lon[big]), 0.0, 10.0, 20.0 * i, 1.0)
        for i in range(120)
    ]
    sensor = public(mean_delay_s=45.0, false_share=0.0, malicious_reporters=0)
    out = observer_reports(sensor, blips, places, 3600.0, np.random.default_rng(4))
    starts = {b.object_id: b.t_s[0] for b in blips}
    delay = out.detections.t_s - np.array([starts[o] for o in out.origin_id])
    assert len(delay) > 1000
    assert np.all(delay > 0.0)
    assert np.mean(delay) == pytest.approx(45.0 + 0.5, rel=0.05)


def test_bearings_heading_and_kind_guesses() -> None:
    places = grid_places()
    big = np.argsort(places.population)[-8:]
    blips = [  # 2 s flights eastward over big towns: the sighting moment is known to a second
        straight(
            f"B{i}", float(places.lat[big[i % 8]]), float(places.lon[big[i % 8]]), 90.0, 50.0, 25.0 * i, 2.0
        )
        for i in range(120)
    ]
    sensor = public(wrong_bearing_share=0.0, no_bearing_share=0.0, false_share=0.0, malicious_reporters=0)
    out = observer_reports(sensor, blips, places, 3600.0, np.random.default_rng(5))
    d = out.detections
    assert len(d) > 1000
    by_id = {t.object_id: t for t in blips}
    sighted = np.array([by_id[o].position_at(np.array([by_id[o].t_s[0] + 1.0])) for o in out.origin_id])[
        :, :2, 0
    ]
    error = (d.azimuth_deg - bearing_deg(d.lat, d.lon, sighted[:, 0], sighted[:, 1]) + 180.0) % 360.0 - 180.0
    assert np.std(error) == pytest.approx(20.0, rel=0.1)
    assert np.mean(np.isnan(d.heading_deg)) == pytest.approx(0.5, abs=0.05)
    heading_error = (d.heading_deg - 90.0 + 180.0) % 360.0 - 180.0
    assert np.nanstd(heading_error) == pytest.approx(25.0, rel=0.1)
    kinds = Counter(d.object_kind)
    assert kinds["drone"] / len(d) == pytest.approx(0.6, abs=0.05)
    assert kinds[""] / len(d) == pytest.approx(0.3, abs=0.05)


def test_wrong_bearings_share() -> None:
    places = grid_places()
    big = int(np.argmax(places.population))
    blips = [
        straight(f"B{i}", float(places.lat[big]), float(places.lon[big]), 0.0, 10.0, 20.0 * i, 1.0)
        for i in range(120)
    ]
    sensor = Sensor(
        "public", "observer", sigma_position_m=1500.0, sigma_azimuth_deg=2.0, extra={"false_share": 0.0}
    )
    out = observer_reports(sensor, blips, places, 3600.0, np.random.default_rng(8))
    d = out.detections.take(out.origin_id != "")
    error = (
        d.azimuth_deg - bearing_deg(d.lat, d.lon, places.lat[big], places.lon[big]) + 180.0
    ) % 360.0 - 180.0
    bearing_given = ~np.isnan(d.azimuth_deg)
    assert np.mean(bearing_given) == pytest.approx(0.9, abs=0.03)
    # Wrong bearings are uniform, so a share 0.1 * (1 - 30 / 360) of them land over 15 deg off.
    assert np.mean(np.abs(error[bearing_given]) > 15.0) == pytest.approx(0.1 * 330 / 360, abs=0.025)


def run(seed: int) -> SensorOutput:
    """A small observer run."""
    places = grid_places()
    return observer_reports(public(), raid(places, 10), places, 1800.0, np.random.default_rng(seed))


def test_same_seed_same_reports() -> None:
    a, b, c = run(6), run(6), run(7)
    np.testing.assert_array_equal(a.detections.reporter_id, b.detections.reporter_id)
    np.testing.assert_array_equal(a.detections.t_s, b.detections.t_s)
    np.testing.assert_array_equal(a.origin_id, b.origin_id)
    assert len(a.detections) != len(c.detections) or not np.array_equal(a.detections.t_s, c.detections.t_s)
