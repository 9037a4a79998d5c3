"""Citizens' reports: reputation, the lagged coarse update by hand, floods and agreement."""

import numpy as np

from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import Sensor, detections_from_columns
from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.kalman import innovation_stats, kalman_update
from airwarn.tracking.report_init import reported_course
from airwarn.tracking.reports import (
    KIND_CRUISE,
    KIND_DRONE,
    KIND_NONE,
    KIND_OTHER,
    ReportSet,
    Reputation,
    delay_noise,
    lagged_measurement,
    pseudo_positions,
)
from airwarn.tracking.tracker import Tracker

FRAME = LocalFrame(50.0, 36.0, 0.0)
PUBLIC = Sensor(id="public", kind="observer", sigma_position_m=1500.0)


def _reports(
    t_s: np.ndarray,
    east_m: np.ndarray,
    north_m: np.ndarray,
    who: list[str],
    az: np.ndarray,
    heading_deg: np.ndarray | None = None,
    kind: list[str] | None = None,
):
    lat, lon, _ = FRAME.to_geodetic(east_m, north_m, np.zeros_like(east_m))
    n = t_s.shape[0]
    columns = {
        "t_s": t_s,
        "sensor_id": np.full(n, "public", dtype=object),
        "lat": np.asarray(lat, float),
        "lon": np.asarray(lon, float),
        "reporter_id": np.asarray(who, dtype=object),
        "azimuth_deg": az,
    }
    if heading_deg is not None:
        columns["heading_deg"] = heading_deg
    if kind is not None:
        columns["object_kind"] = np.asarray(kind, dtype=object)
    return detections_from_columns(n, columns)


def _run(det, end_s: float, confirm: bool = True) -> Tracker:
    tracker = Tracker([PUBLIC], FRAME, TrackerConfig(observer_tracks_confirmed=confirm))
    for t in np.arange(1.0, end_s + 1.0):
        tracker.step(float(t), det)
    return tracker


def test_reputation_falls_for_a_reporter_who_never_matches():
    rep = Reputation(TrackerConfig())
    idx = rep.lookup(np.array(["liar", "honest"], dtype=object))
    w0 = rep.weight(idx)
    for _ in range(5):
        rep.record(idx, np.array([False, True]))
    w = rep.weight(idx)
    np.testing.assert_allclose(w0, [0.6, 0.6])  # Beta(3, 2) prior
    np.testing.assert_allclose(w, [3.0 / 10.0, 8.0 / 10.0])


def test_a_flood_from_two_reporters_starts_no_track_and_costs_them_their_weight():
    rng = np.random.default_rng(3)
    n = 200
    t = np.sort(rng.uniform(0.0, 600.0, n))
    east, north = rng.normal(0.0, 1500.0, n), rng.normal(0.0, 1500.0, n)
    az = np.degrees(np.arctan2(3000.0 - east, 0.0 - north)) % 360.0  # all point at one fake target
    who = ["m1" if i % 2 else "m2" for i in range(n)]
    tracker = _run(_reports(t, east, north, who, az), 600.0)
    assert tracker.stats["observer_reports"] == n
    assert not tracker.tracks.confirmed.any() and len(tracker.tracks) == 0
    w = tracker.reputation.weight(tracker.reputation.lookup(np.array(["m1", "m2"], dtype=object)))
    assert (w < 0.05).all()


def test_three_reputable_reporters_agreeing_start_a_confirmed_track():
    t = np.array([10.0, 20.0, 30.0])
    east, north = np.array([0.0, 2000.0, 1000.0]), np.array([0.0, 0.0, 1800.0])
    target = np.array([1000.0, 800.0])
    az = np.degrees(np.arctan2(target[0] - east, target[1] - north)) % 360.0
    tracker = _run(_reports(t, east, north, ["a", "b", "c"], az), 40.0)
    assert tracker.stats["report_tracks_started"] == 1 and tracker.tracks.confirmed.all()
    assert np.hypot(*(tracker.tracks.x[0, :2] - target)) < 1500.0
    assert not _run(_reports(t, east, north, ["a", "b", "c"], az), 40.0, confirm=False).tracks.confirmed.any()
    two = _run(_reports(t, east, north, ["a", "b", "a"], az), 40.0)  # only two distinct reporters
    assert len(two.tracks) == 0


def test_a_report_track_far_from_the_frame_origin_is_at_the_heard_height_above_the_ground():
    """300 km from the frame's origin the ground lies 7 km under the frame's up axis: a track put
    1 km "up" there would be shown and gated 8 km high."""
    t = np.array([10.0, 20.0, 30.0])
    east, north = 300_000.0 + np.array([0.0, 2000.0, 1000.0]), np.array([0.0, 0.0, 1800.0])
    det = _reports(t, east, north, ["a", "b", "c"], np.full(3, np.nan))
    tracker = Tracker([PUBLIC], FRAME, TrackerConfig())
    rows = [tracker.step(float(s), det) for s in np.arange(1.0, 41.0)]
    started = [r for r in rows if len(r)]
    assert len(started) == 1 and len(started[0]) == 1
    assert abs(float(started[0].alt_m[0]) - TrackerConfig().acoustic_default_alt_m) < 100.0  # a round Earth


def test_reporters_courses_give_a_report_track_a_velocity_at_the_speed_of_the_kind_they_named():
    cfg = TrackerConfig()
    drone = reported_course(
        np.radians([80.0, 100.0, np.nan]), np.array([KIND_DRONE, KIND_DRONE, KIND_NONE]), cfg
    )
    assert drone is not None
    v, P = drone
    np.testing.assert_allclose(v, [cfg.observer_init_speed_mps, 0.0], atol=1e-9)  # east at 50 m/s
    along, across = (
        (cfg.observer_speed_sigma_share * 50.0) ** 2,
        (50.0 * np.sin(np.radians(25.0) / np.sqrt(2))) ** 2,
    )
    np.testing.assert_allclose(P, np.diag([along, across]), atol=1e-9)
    cruise = reported_course(
        np.radians([0.0, 10.0, 350.0]), np.array([KIND_CRUISE, KIND_CRUISE, KIND_DRONE]), cfg
    )
    assert cruise is not None and np.isclose(np.hypot(*cruise[0]), cfg.observer_cruise_speed_mps)
    assert (
        reported_course(np.radians([90.0, np.nan, np.nan]), np.full(3, KIND_DRONE), cfg) is None
    )  # one course
    assert reported_course(np.radians([0.0, 180.0]), np.full(2, KIND_DRONE), cfg) is None  # they disagree
    assert reported_course(np.radians([0.0, 5.0]), np.full(2, KIND_OTHER), cfg) is None  # "a glide bomb"


def test_a_report_track_with_courses_flies_on_and_is_named_while_tentative():
    t = np.array([10.0, 20.0, 30.0])
    east, north = np.array([0.0, 2000.0, 1000.0]), np.array([0.0, 0.0, 1800.0])
    det = _reports(
        t, east, north, ["a", "b", "c"], np.full(3, np.nan), np.array([85.0, 95.0, 90.0]), ["drone"] * 3
    )
    tracker = Tracker([PUBLIC], FRAME, TrackerConfig())
    started = [r for r in (tracker.step(float(s), det) for s in np.arange(1.0, 41.0)) if len(r)]
    row = started[0]
    assert len(started) == 1 and not row.confirmed[0] and row.object_kind[0] == "drone"
    assert np.isclose(row.v_east_mps[0], TrackerConfig().observer_init_speed_mps, rtol=0.01)
    assert abs(row.v_north_mps[0]) < 1.0
    plain = _reports(t, east, north, ["a", "b", "c"], np.full(3, np.nan))  # no courses: a sighting
    row = next(
        r for r in (Tracker([PUBLIC], FRAME).step(float(s), plain) for s in np.arange(1.0, 41.0)) if len(r)
    )
    assert row.object_kind[0] == "" and row.v_east_mps[0] == 0.0 and row.v_north_mps[0] == 0.0


def test_lagged_update_matches_hand_computation():
    cfg = TrackerConfig()
    x = np.array([[0.0, 0.0, 1000.0, 40.0, 0.0, 0.0]])
    P = np.diag([800.0**2, 800.0**2, 100.0**2, 1e-6, 1e-6, 1e-6])[None]
    r = ReportSet(
        np.array([100.0]),
        np.array([[-500.0, 300.0]]),
        np.array([np.nan]),
        np.array([0]),
        np.array([np.nan]),
        np.array([0]),
    )
    z, R = pseudo_positions(r, 1500.0, cfg)
    lag = np.array([30.0])
    h, H = lagged_measurement(x, lag)
    Rp = R + delay_noise(x, cfg)
    st = innovation_stats(P, z - h, H, Rp)
    x_new, P_new = kalman_update(x, P, z - h, H, Rp, st.S)
    # By hand: h = p - v lag = (-1200, 0); R = (1500² + 2000²) I + 21² (40² e e'); S = P_pp + R.
    np.testing.assert_allclose(h[0], [-1200.0, 0.0])
    s_e = 800.0**2 + 1500.0**2 + 2000.0**2 + (21.0 * 40.0) ** 2
    s_n = 800.0**2 + 1500.0**2 + 2000.0**2
    np.testing.assert_allclose(x_new[0, 0], 800.0**2 / s_e * (-500.0 + 1200.0), rtol=1e-6)
    np.testing.assert_allclose(x_new[0, 1], 800.0**2 / s_n * 300.0, rtol=1e-6)
    np.testing.assert_allclose(P_new[0, 1, 1], 800.0**2 * (1.0 - 800.0**2 / s_n), rtol=1e-6)
