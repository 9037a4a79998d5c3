"""Track life through the Tracker: confirmation M of N, deletion on silence, clutter, stable ids."""

import numpy as np

from airwarn.scenario.model import Detections
from airwarn.tracking.tracker import Tracker, TrackerConfig
from tests.tracking.example_scenario import run_tracker
from tests.tracking.synthetic import FRAME, StraightTargets, make_radars, radar_detections, random_targets


def _one_target() -> StraightTargets:
    return StraightTargets(np.array([[20_000.0, 30_000.0, 2000.0]]), np.array([[-150.0, 80.0, 0.0]]))


def test_single_target_confirms_after_m_hits_and_keeps_its_id():
    rng = np.random.default_rng(20)
    radars = make_radars(2.0)
    det = radar_detections(_one_target(), radars, 60.0, rng, pd=1.0)
    tracker = Tracker(radars, FRAME, TrackerConfig(confirm_hits=4))
    rows = run_tracker(tracker, det, 60.0)
    confirmed = rows.confirmed
    assert np.unique(rows.track_id[confirmed]).tolist() == ["T1"]
    first = rows.t_s[confirmed].min()
    assert np.sort(det.t_s)[2] < first <= np.sort(det.t_s)[3] + 1e-9  # confirmed on the 4th plot
    e, n, u = FRAME.to_enu(rows.lat[-1], rows.lon[-1], rows.alt_m[-1])
    truth = _one_target().position(np.array([rows.t_s[-1]]), np.array([0]))[0]
    assert np.linalg.norm(np.array([e, n, u]) - truth) < 300.0
    np.testing.assert_allclose([rows.v_east_mps[-1], rows.v_north_mps[-1]], [-150.0, 80.0], atol=15.0)


def test_track_deleted_after_silence():
    rng = np.random.default_rng(21)
    radars = make_radars(2.0)
    det = radar_detections(_one_target(), radars, 40.0, rng, pd=1.0)
    tracker = Tracker(radars, FRAME, TrackerConfig(delete_silence_s=10.0))
    run_tracker(tracker, det, 40.0)
    assert len(tracker.tracks) == 1 and tracker.tracks.confirmed.all()
    last = float(tracker.tracks.t_s[0])
    for t in (last + 5.0, last + 9.5):
        tracker.step(t, Detections.empty())
    assert len(tracker.tracks) == 1
    tracker.step(last + 10.5, Detections.empty())
    assert len(tracker.tracks) == 0
    assert tracker.stats["tracks_deleted"] >= 1


def test_clutter_only_confirms_almost_nothing():
    rng = np.random.default_rng(22)
    radars = make_radars(2.0, ((0, 0), (60, 20)))
    det = radar_detections(None, radars, 300.0, rng, clutter_per_scan=40.0)
    tracker = Tracker(radars, FRAME)
    rows = run_tracker(tracker, det, 300.0)
    assert len(det) > 10_000
    assert tracker.stats["tracks_started"] > 100  # clutter does start tentatives...
    assert np.unique(rows.track_id[rows.confirmed]).shape[0] <= 1  # ...that do not confirm
    age = 300.0 - tracker.tracks.created_s
    assert age.max() <= TrackerConfig().confirm_window_scans * 2.0 + 1.0  # and are dropped fast


def test_thirty_targets_in_clutter_get_one_track_each():
    rng = np.random.default_rng(23)
    targets = random_targets(30, rng)
    radars = make_radars(1.0)
    det = radar_detections(targets, radars, 90.0, rng, pd=0.9, clutter_per_scan=20.0)
    tracker = Tracker(radars, FRAME)
    rows = run_tracker(tracker, det, 90.0)
    late = rows.confirmed & (rows.t_s > 80.0)
    assert np.unique(rows.track_id[late]).shape[0] == 30
    e, n, u = FRAME.to_enu(rows.lat[late], rows.lon[late], rows.alt_m[late])
    pos = np.column_stack([e, n, u])
    truth = targets.start_enu[None] + targets.velocity_enu[None] * rows.t_s[late][:, None, None]
    err = np.linalg.norm(truth - pos[:, None, :], axis=2).min(axis=1)
    assert np.median(err) < 250.0
    assert tracker.stats["acoustic_bearings"] == 0


def test_rows_of_unknown_sensors_are_counted_and_ignored():
    from airwarn.scenario.model import Sensor, detections_from_columns

    radars = make_radars(2.0)
    sensors = [*radars, Sensor(id="A1", kind="acoustic", lat=48.0, lon=33.0, alt_m=0.0)]
    det = detections_from_columns(
        2, {"t_s": [0.5, 0.7], "sensor_id": ["A1", "public"], "azimuth_deg": [10.0, 20.0]}
    )
    tracker = Tracker(sensors, FRAME)
    out = tracker.step(1.0, det)
    assert len(out) == 0
    assert tracker.stats["acoustic_bearings"] == 1 and tracker.stats["ignored_unknown_sensor"] == 1


class _TurningTarget(StraightTargets):
    """One target at 240 m/s that turns 60° left at 3°/s from t = 40 s (about 12.6 m/s²)."""

    def __init__(self) -> None:
        t = np.arange(0.0, 121.0, 0.05)
        heading = np.radians(np.clip(t - 40.0, 0.0, 20.0) * -3.0)
        vel = 240.0 * np.column_stack([np.sin(heading), np.cos(heading), np.zeros_like(t)])
        pos = np.array([30_000.0, -40_000.0, 300.0]) + np.cumsum(vel, axis=0) * 0.05
        super().__init__(pos[:1], vel[:1])
        self._t, self._pos = t, pos

    def position(self, t_s: np.ndarray, index: np.ndarray) -> np.ndarray:
        return np.column_stack([np.interp(t_s, self._t, self._pos[:, i]) for i in range(3)])


def test_manoeuvring_target_keeps_one_track_through_a_hard_turn():
    rng = np.random.default_rng(24)
    radars = make_radars(5.0)
    det = radar_detections(_TurningTarget(), radars, 120.0, rng, pd=1.0, clutter_per_scan=10.0)
    rows = run_tracker(Tracker(radars, FRAME), det, 120.0)
    confirmed = np.unique(rows.track_id[rows.confirmed])
    assert confirmed.shape[0] == 1
    assert rows.t_s[rows.confirmed & (rows.track_id == confirmed[0])].max() > 110.0


def test_a_ballistic_speed_near_the_ground_starts_no_track_but_high_up_it_does():
    radars = make_radars(2.0)

    def confirmed_after(alt_m: float) -> int:
        target = StraightTargets(np.array([[20_000.0, 30_000.0, alt_m]]), np.array([[-1500.0, 0.0, 0.0]]))
        det = radar_detections(target, radars, 30.0, np.random.default_rng(23), pd=1.0)
        rows = run_tracker(Tracker(radars, FRAME), det, 30.0)
        return int(np.unique(rows.track_id[rows.confirmed]).size)

    assert confirmed_after(500.0) == 0  # 1.5 km/s at 500 m: clutter, not a threat
    assert confirmed_after(20_000.0) == 1


def test_a_track_three_sigmas_under_the_ground_is_deleted():
    from airwarn.tracking.deleter import expired

    cfg = TrackerConfig()
    rng = np.random.default_rng(23)
    radars = make_radars(2.0)
    det = radar_detections(_one_target(), radars, 40.0, rng, pd=1.0)
    tracker = Tracker(radars, FRAME, cfg)
    run_tracker(tracker, det, 40.0)
    tracks = tracker.tracks
    t_now = float(tracks.t_s.max())
    assert not expired(tracks, t_now, cfg).any()
    sigma_up = float(np.sqrt(tracks.P[0, 2, 2]))
    tracks.x[0, 2] = -2.0 * sigma_up  # under the ground, but within three sigmas of it: kept
    assert not expired(tracks, t_now, cfg).any()
    tracks.x[0, 2] = -4.0 * sigma_up - 100.0  # well under it: the object has come down
    assert expired(tracks, t_now, cfg).all()


def test_by_the_dead_sea_the_ground_lies_under_the_scenarios_own_sensors():
    from dataclasses import replace

    from airwarn.fusion import scenario_tracker_config
    from airwarn.scenario.model import Area, ScenarioInfo
    from airwarn.tracking.deleter import expired

    radars = [replace(r, alt_m=-390.0) for r in make_radars(2.0)]  # the Jordan valley
    info = ScenarioInfo("dead-sea", "2025-01-01T00:00:00Z", 60.0, Area(31.0, 35.0, 32.0, 36.0), tuple(radars))
    cfg = scenario_tracker_config(info)
    assert cfg.ground_alt_m == -490.0
    tracker = Tracker(radars, FRAME, cfg)
    run_tracker(
        tracker, radar_detections(_one_target(), radars, 40.0, np.random.default_rng(5), pd=1.0), 40.0
    )
    tracks = tracker.tracks
    tracks.x[0, 2] = -300.0  # a drone 90 m above the valley floor, 300 m under the ellipsoid,
    tracks.P[0, 2, 2] = 60.0**2  # its height measured to 60 m
    t_now = float(tracks.t_s.max())
    assert not expired(tracks, t_now, cfg).any()
    assert expired(tracks, t_now, TrackerConfig()).all(), "a ground at 0 m would have deleted it"


def test_a_young_track_whose_uncertainty_outgrows_the_cap_waits_for_its_next_plot():
    from airwarn.tracking.deleter import expired

    cfg = TrackerConfig()
    radars = make_radars(12.0)  # one slow radar: a plot every 12 s
    det = radar_detections(_one_target(), radars, 30.0, np.random.default_rng(24), pd=1.0)
    assert det.t_s.size == 2, "two sweeps over it"
    tracker = Tracker(radars, FRAME, cfg)
    run_tracker(tracker, det, float(det.t_s.max()) + 1.0)
    tracks = tracker.tracks
    assert len(tracks) == 1 and not tracks.confirmed.any(), "tentative, from two plots"
    tracks.P[0, 5, 5] = 600.0**2  # a climb rate from two plots seen 280 km out is off by this much
    t, revisit = float(tracks.t_s[0]), float(tracks.revisit_s[0])
    assert 600.0 * 0.9 * revisit > cfg.max_position_sigma_m, "past the cap before its next plot"
    assert not expired(tracks, t + 0.9 * revisit, cfg).any(), "its next plot may still come and be gated"
    assert expired(tracks, t + 1.1 * revisit, cfg).all(), "missed it, and too uncertain to keep"
