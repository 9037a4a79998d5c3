"""Impact prediction against hand-computed cases, and batched against one track at a time."""

from __future__ import annotations

import math

import numpy as np
import pytest

from airwarn.geo.frames import EARTH_RADIUS_M, LocalFrame, haversine_m
from airwarn.scenario.model import FloatArray
from airwarn.sim.ballistic import ballistic_missile
from airwarn.sim.types import Trajectory
from airwarn.threat.impact import BallisticModel, GlideModel, ballistic_impact, glide_impact
from airwarn.threat.kinds import (
    BALLISTIC,
    CRUISE,
    DRONE,
    GLIDE_BOMB,
    infer_kinds,
    powered_flight,
    time_critical,
)

GROUND_M = 150.0


def _one(lat: float, lon: float, alt_m: float, v: tuple[float, float, float]) -> tuple[np.ndarray, ...]:
    return np.array([lat]), np.array([lon]), np.array([alt_m]), np.array([v], dtype=float)


def test_glide_bomb_lands_where_its_glide_ratio_takes_it() -> None:
    # 10 km above the ground, 200 m/s north, sinking 25 m/s: glide ratio 8.
    # With the dive at 2,250 m and cot 0.9: range = 7,750 x 8 + 2,250 x 0.9 = 64,025 m.
    lat, lon, alt, v = _one(50.0, 36.0, 10_000.0 + GROUND_M, (0.0, 200.0, -25.0))
    p = glide_impact(100.0, lat, lon, alt, v, GlideModel(dive_height_m=2250.0, dive_cot=0.9), GROUND_M)
    assert p.range_m[0] == pytest.approx(64_025.0)
    assert p.lat[0] == pytest.approx(50.0 + math.degrees(64_025.0 / EARTH_RADIUS_M), abs=1e-6)
    assert p.lon[0] == pytest.approx(36.0, abs=1e-9)
    # flight time: slant distance over speed
    t_go = math.hypot(64_025.0, 10_000.0) / math.hypot(200.0, 25.0)
    assert p.t_impact_s[0] == pytest.approx(100.0 + t_go)
    assert p.heading_deg[0] == pytest.approx(0.0)


def test_a_steep_sink_high_up_takes_the_prior_and_other_ratios_are_clipped() -> None:
    model = GlideModel(dive_height_m=0.0, min_glide_ratio=3.0, max_glide_ratio=10.0, prior_glide_ratio=6.5)
    lat = np.full(4, 50.0)
    lon = np.full(4, 36.0)
    alt = np.full(4, 5_000.0 + GROUND_M)
    # nearly level (ratio 125, clipped to 10), a steep sink (ratio 1: a noisy first row), climbing,
    # and a plausible ratio 5
    v = np.array([[250.0, 0.0, -2.0], [250.0, 0.0, -250.0], [250.0, 0.0, 30.0], [250.0, 0.0, -50.0]])
    p = glide_impact(0.0, lat, lon, alt, v, model, GROUND_M)
    np.testing.assert_allclose(p.range_m, [50_000.0, 32_500.0, 32_500.0, 25_000.0])
    np.testing.assert_allclose(p.heading_deg, 90.0)
    # a glide ratio measured along the path is trusted, within the bounds
    hint = np.array([20.0, 1.0, np.nan, 4.0])
    p = glide_impact(0.0, lat, lon, alt, v, model, GROUND_M, hint)
    np.testing.assert_allclose(p.range_m, [50_000.0, 15_000.0, 32_500.0, 20_000.0])


def test_a_young_track_whose_sink_rate_is_noise_spans_every_glide_ratio_it_allows() -> None:
    # 10 km up, 240 m/s east, "sinking" 40 m/s but with a 200 m/s climb-rate error (three plots at
    # 150 km): any ratio from 3 to 10 is possible. Span 7,750 x [3, 10] + 2,250 x 0.9 =
    # [25,275, 79,525] m: centred on 52,400 m with a uniform's spread 54,250 / sqrt(12).
    model = GlideModel(dive_height_m=2250.0, dive_cot=0.9)
    lat, lon, alt, v = _one(50.0, 36.0, 10_000.0 + GROUND_M, (240.0, 0.0, -40.0))
    p = glide_impact(0.0, lat, lon, alt, v, model, GROUND_M, climb_sigma_mps=np.array([200.0]))
    assert p.range_m[0] == pytest.approx(52_400.0)
    assert p.sigma_along_m[0] == pytest.approx(54_250.0 / math.sqrt(12.0))
    # A sure sink rate keeps the model's own prediction and spread (ratio 6: 48,525 m).
    sure = glide_impact(0.0, lat, lon, alt, v, model, GROUND_M, climb_sigma_mps=np.array([0.5]))
    plain = glide_impact(0.0, lat, lon, alt, v, model, GROUND_M)
    assert plain.range_m[0] == pytest.approx(48_525.0)
    assert sure.range_m[0] == pytest.approx(48_525.0, abs=300.0)
    assert sure.sigma_along_m[0] == pytest.approx(plain.sigma_along_m[0])
    # A ratio measured along the path (an older track) stays the centre, but between heights this
    # unsure it is unsure too: its sink 240 / 6 = 40 m/s ± 200 spans the same 3:1 to 10:1.
    hinted = glide_impact(0.0, lat, lon, alt, v, model, GROUND_M, np.array([6.0]), np.array([200.0]))
    assert hinted.range_m[0] == pytest.approx(48_525.0)
    assert hinted.sigma_along_m[0] == pytest.approx(54_250.0 / math.sqrt(12.0))
    # ... and with a sure climb rate it keeps the model's spread.
    sure_hint = glide_impact(0.0, lat, lon, alt, v, model, GROUND_M, np.array([6.0]), np.array([0.5]))
    assert sure_hint.range_m[0] == pytest.approx(48_525.0)
    assert sure_hint.sigma_along_m[0] == pytest.approx(plain.sigma_along_m[0])


def test_an_unsure_track_that_seems_level_may_still_be_gliding_at_the_steepest_ratio() -> None:
    # "Level" (sink 1 m/s, so the prior 6.5 is taken) with a 60 m/s error: the sink may be anything
    # from none (the flattest ratio, 10) to 61 m/s (240/61 = 3.9), and the span covers both ends.
    model = GlideModel(dive_height_m=2250.0, dive_cot=0.9)
    lat, lon, alt, v = _one(50.0, 36.0, 10_000.0 + GROUND_M, (240.0, 0.0, -1.0))
    p = glide_impact(0.0, lat, lon, alt, v, model, GROUND_M, climb_sigma_mps=np.array([60.0]))
    lo, hi = 7_750.0 * 240.0 / 61.0 + 2_025.0, 7_750.0 * 10.0 + 2_025.0
    assert p.range_m[0] == pytest.approx(0.5 * (lo + hi))
    assert p.sigma_along_m[0] == pytest.approx((hi - lo) / math.sqrt(12.0))


def test_a_steep_dive_below_the_dive_height_keeps_its_own_ratio() -> None:
    # 1,000 m up, under the 2,250 m dive height, diving at 45 degrees: dive_cot bounds the range
    lat, lon, alt, v = _one(50.0, 36.0, 1_000.0 + GROUND_M, (0.0, 200.0, -200.0))
    p = glide_impact(0.0, lat, lon, alt, v, GlideModel(dive_height_m=2250.0, dive_cot=0.9), GROUND_M)
    assert p.range_m[0] == pytest.approx(900.0)


def test_ballistic_fall_without_drag_matches_the_vacuum_arc() -> None:
    # dropped level at 100 m/s from h = g x 500 with no drag: falls for sqrt(1000) s
    # (gravity 0.15 % weaker 4.9 km up, the Earth curving 1 m away over 3 km: within 0.2 %)
    g = 9.80665
    lat, lon, alt, v = _one(49.9, 36.3, g * 500.0 + GROUND_M, (100.0, 0.0, 0.0))
    model = BallisticModel(ballistic_coeff_kg_m2=1e12, step_s=0.5)
    p = ballistic_impact(0.0, lat, lon, alt, v, model, GROUND_M)
    assert p.t_impact_s[0] == pytest.approx(math.sqrt(1000.0), rel=2e-3)
    assert p.range_m[0] == pytest.approx(100.0 * math.sqrt(1000.0), rel=2e-3)
    assert float(haversine_m(49.9, 36.3, p.lat[0], p.lon[0])) == pytest.approx(p.range_m[0], rel=1e-3)


def test_ballistic_fall_lands_where_an_iskander_type_arc_does() -> None:
    # the simulator's arc (drag, inverse-square gravity, round Earth, solved by scipy): from its
    # true state at any point after burnout the prediction lands within 1 km and 2 s of its impact
    flight = ballistic_missile((50.0, 39.9), (50.0, 36.25), 0.0, np.random.default_rng(3))
    for k in range(60, flight.t_s.size - 20, 40):
        v = _velocity_at(flight, k)
        p = ballistic_impact(
            float(flight.t_s[k]), flight.lat[k : k + 1], flight.lon[k : k + 1], flight.alt_m[k : k + 1], v,
            ground_alt_m=float(flight.alt_m[-1]),
        )  # fmt: skip
        assert float(haversine_m(p.lat[0], p.lon[0], flight.lat[-1], flight.lon[-1])) < 1000.0
        assert p.t_impact_s[0] == pytest.approx(flight.t_s[-1], abs=2.0)


def test_drag_shortens_a_low_fast_fall() -> None:
    lat, lon, alt, v = _one(50.0, 36.0, 10_000.0, (2000.0, 0.0, -500.0))
    with_drag = ballistic_impact(0.0, lat, lon, alt, v)
    vacuum = ballistic_impact(0.0, lat, lon, alt, v, BallisticModel(ballistic_coeff_kg_m2=1e12))
    assert with_drag.range_m[0] < 0.97 * vacuum.range_m[0]  # ~25 m/s² of drag at first
    assert with_drag.t_impact_s[0] > vacuum.t_impact_s[0]


def _velocity_at(flight: Trajectory, k: int) -> FloatArray:
    """East, north and up speed (m/s, (1, 3)) of a sampled flight at sample k, in its own local
    frame, by a central difference."""
    frame = LocalFrame(float(flight.lat[k]), float(flight.lon[k]), float(flight.alt_m[k]))
    e, n, u = frame.to_enu(
        flight.lat[[k - 1, k + 1]], flight.lon[[k - 1, k + 1]], flight.alt_m[[k - 1, k + 1]]
    )
    dt = float(flight.t_s[k + 1] - flight.t_s[k - 1])
    return np.array([[e[1] - e[0], n[1] - n[0], u[1] - u[0]]]) / dt


def test_descending_ballistic_missile_lands_sooner_and_nearer_than_a_climbing_one() -> None:
    lat = np.full(2, 50.0)
    lon = np.full(2, 36.0)
    alt = np.full(2, 30_000.0)
    v = np.array([[1500.0, 0.0, -600.0], [1500.0, 0.0, 600.0]])
    p = ballistic_impact(0.0, lat, lon, alt, v)
    assert p.t_impact_s[0] < p.t_impact_s[1]
    assert p.range_m[0] < p.range_m[1]
    assert np.all(p.sigma_along_m > p.sigma_cross_m)


def test_batched_glide_prediction_equals_one_track_at_a_time() -> None:
    rng = np.random.default_rng(7)
    n = 20
    lat = rng.uniform(49.5, 50.5, n)
    lon = rng.uniform(35.5, 37.0, n)
    alt = rng.uniform(3_000.0, 12_000.0, n)
    v = np.column_stack([rng.uniform(-250, 250, n), rng.uniform(-250, 250, n), rng.uniform(-60, 5, n)])
    batch = glide_impact(10.0, lat, lon, alt, v)
    for k in range(n):
        one = glide_impact(10.0, lat[k : k + 1], lon[k : k + 1], alt[k : k + 1], v[k : k + 1])
        assert one.lat[0] == pytest.approx(batch.lat[k])
        assert one.lon[0] == pytest.approx(batch.lon[k])
        assert one.t_impact_s[0] == pytest.approx(batch.t_impact_s[k])


def test_kinds_come_from_the_report_or_the_kinematics() -> None:
    reported = np.array(["", "", "", "", "drone", "cruise_missile"], dtype=object)
    speed = np.array([50.0, 230.0, 230.0, 1500.0, 50.0, 180.0])
    alt = np.array([300.0, 9_000.0, 200.0, 30_000.0, 300.0, 1_200.0])
    v_up = np.array([0.0, -30.0, 0.0, -600.0, 0.0, -150.0])
    kinds = infer_kinds(reported, speed, alt, v_up)
    # the last is reported as a cruise missile but dives at 150 m/s: predicted as an impact
    assert kinds.tolist() == [DRONE, GLIDE_BOMB, CRUISE, BALLISTIC, DRONE, GLIDE_BOMB]


def test_fast_high_tracks_are_time_critical_even_while_a_missile_climbs() -> None:
    # glide bomb; ballistic coming down; ballistic still climbing on its arc high up;
    # a fast climber low down (boosting, not yet coming down); a drone
    speed = np.array([250.0, 2000.0, 2000.0, 1000.0, 50.0])
    alt = np.array([9_000.0, 30_000.0, 30_000.0, 8_000.0, 9_000.0])
    v_up = np.array([-30.0, -500.0, 600.0, 600.0, 0.0])
    assert time_critical(speed, alt, v_up).tolist() == [True, True, True, False, False]


def test_a_fast_high_track_that_surely_climbs_is_not_warned_of_before_confirmation() -> None:
    # 190 m/s at 20 km: climbing 700 ± 130 m/s (a pair of clutter plots: no glide bomb climbs);
    # "climbing" 200 ± 250 (a young glide bomb's noisy first rows: it may be sinking); sinking
    # 40 ± 20; climbing 300 with the error unknown (no judgement without it)
    speed = np.full(4, 190.0)
    alt = np.full(4, 20_000.0)
    v_up = np.array([700.0, 200.0, -40.0, 300.0])
    sigma = np.array([130.0, 250.0, 20.0, np.nan])
    assert time_critical(speed, alt, v_up, sigma).tolist() == [False, True, True, True]


def test_a_fast_high_track_that_holds_its_height_is_powered_not_gliding() -> None:
    rng = np.random.default_rng(7)
    t = np.arange(0.0, 51.0, 5.0)
    noise = rng.normal(0.0, 150.0, t.size)  # radar height noise at ~100 km
    level = 8000.0 + noise
    assert powered_flight(t, level, 230.0), "a jet at 230 m/s flying level for 50 s"
    glide = 8000.0 - (230.0 / 10.0) * t + noise  # the flattest glide bomb: ratio 10
    assert not powered_flight(t, glide, 230.0)
    assert not powered_flight(t[:8], level[:8], 230.0), "35 s of rows cannot tell"
