"""Acoustic bearings: the delayed bearing model, a hand-computed update, triangulation, heard-only tracks."""

from typing import Any

import numpy as np

from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import Sensor, detections_from_columns
from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.kalman import innovation_stats, kalman_update
from airwarn.tracking.models.bearing import bearing_innovation, bearing_noise, measure_bearing, post_geometry
from airwarn.tracking.tracker import Tracker
from airwarn.tracking.triangulation import BearingSet, crossing_states, heard_groups, pair_bearings

FRAME = LocalFrame(50.0, 36.0, 0.0)


def _post(pid: str, east_m: float, north_m: float, sigma_el: float | None = None) -> Sensor:
    lat, lon, _ = FRAME.to_geodetic(east_m, north_m, 0.0)
    return Sensor(
        id=pid,
        kind="acoustic",
        lat=float(lat),
        lon=float(lon),
        alt_m=0.0,
        max_range_m=4000.0,
        sigma_azimuth_deg=5.0,
        sigma_elevation_deg=sigma_el,
    )


def test_bearing_points_where_the_sound_left():
    geom = post_geometry([_post("A", 0.0, 0.0)], FRAME)
    x = np.array([[0.0, 3430.0, 0.0, 100.0, 0.0, 0.0]])  # 3.43 km north, flying east at 100 m/s
    z, _ = measure_bearing(x, np.array([0]), geom)
    tau = 3430.0 / np.sqrt(343.0**2 - 100.0**2)  # |(-100 tau, 3430)| = 343 tau
    np.testing.assert_allclose(
        np.degrees(z[0, 0]), np.degrees(np.arctan2(-100.0 * tau, 3430.0)) + 360.0, atol=0.01
    )


def test_azimuth_only_update_matches_hand_computation():
    geom = post_geometry([_post("A", 0.0, 0.0)], FRAME)
    post = np.array([0])
    x = np.array([[0.0, 2000.0, 300.0, 0.0, 0.0, 0.0]])
    P = np.diag([500.0**2, 500.0**2, 100.0**2, 1.0, 1.0, 1.0])[None]
    z_pred, H = measure_bearing(x, post, geom)
    nu = bearing_innovation(np.array([[np.radians(3.0), np.nan]]), z_pred, post, geom)
    R = bearing_noise(post, geom)
    st = innovation_stats(P, nu, H, R)
    x_new, P_new = kalman_update(x, P, nu, H, R, st.S)
    # By hand: az ≈ e / 2000 near north, so H_e = 1/2000, S = P_ee / 2000² + σ², K_e = P_ee / 2000 / S.
    s = 500.0**2 / 2000.0**2 + np.radians(5.0) ** 2
    k_e = 500.0**2 / 2000.0 / s
    np.testing.assert_allclose(x_new[0, 0], k_e * np.radians(3.0), rtol=1e-3)
    np.testing.assert_allclose(P_new[0, 0, 0], 500.0**2 * (1 - k_e / 2000.0), rtol=3e-3)
    np.testing.assert_allclose(x_new[0, 1:], x[0, 1:], atol=1.0)  # along the ray: unobserved


def test_two_crossing_bearings_fix_the_point():
    geom = post_geometry([_post("A", 0.0, 0.0), _post("B", 3000.0, 0.0, sigma_el=3.0)], FRAME)
    target = np.array([1500.0, 2000.0, 400.0])
    az = np.arctan2(target[0] - geom.position_enu[:, 0], target[1] - geom.position_enu[:, 1])
    el_b = np.arctan2(400.0, np.hypot(1500.0, 2000.0))
    pool = BearingSet(np.array([10.0]), np.array([0]), az[:1], np.array([np.nan]))
    new = BearingSet(np.array([11.0]), np.array([1]), az[1:], np.array([el_b]))
    ip, jn, r_p, r_n = pair_bearings(pool, new, geom, TrackerConfig())
    assert ip.tolist() == [0] and jn.tolist() == [0]
    np.testing.assert_allclose([r_p[0], r_n[0]], [2500.0, 2500.0], atol=5.0)
    x, P, t0 = crossing_states(pool.take(ip), new.take(jn), r_p, r_n, geom, TrackerConfig())
    np.testing.assert_allclose(x[0, :3], target, atol=10.0)
    assert t0[0] == 11.0 and np.all(np.linalg.eigvalsh(P[0]) > 0)
    far = BearingSet(np.array([11.0]), np.array([1]), az[1:] + np.pi, np.array([el_b]))  # rays diverge
    assert pair_bearings(pool, far, geom, TrackerConfig())[0].shape[0] == 0


def _drone_heard(posts: list[Sensor], hearing: dict[str, tuple[float, float]]) -> Any:
    """Bearings (5° noise) of a low drone flying east at 50 m/s; post id -> (first, last) time heard."""
    rng = np.random.default_rng(5)
    geom = post_geometry(posts, FRAME)
    t = np.arange(0.0, 120.0, 2.0)
    rows: dict[str, list[Any]] = {"t_s": [], "sensor_id": [], "azimuth_deg": []}
    for i, p in enumerate(posts):
        first, last = hearing.get(p.id, (0.0, 120.0))
        for ts in t + 0.3 * i:
            pos = np.array([-1500.0 + 50.0 * ts, 1500.0, 200.0])
            tau = np.linalg.norm(pos - geom.position_enu[i]) / 343.0
            d = pos - np.array([50.0, 0.0, 0.0]) * tau - geom.position_enu[i]
            if np.linalg.norm(d) < 4000.0 and first <= ts <= last:
                rows["t_s"].append(ts)
                rows["sensor_id"].append(p.id)
                rows["azimuth_deg"].append(np.degrees(np.arctan2(d[0], d[1])) % 360 + rng.normal(0.0, 5.0))
    order = np.argsort(rows["t_s"])
    return detections_from_columns(
        len(order),
        {k: np.asarray(v, dtype=object if k == "sensor_id" else float)[order] for k, v in rows.items()},
    )


def test_a_low_drone_heard_by_two_posts_gets_a_confirmed_track():
    posts = [_post("A", 0.0, 0.0), _post("B", 3000.0, 0.0), _post("C", 1500.0, 3000.0)]
    det = _drone_heard(posts, {})
    tracker = Tracker(posts, FRAME)
    out = [tracker.step(float(s), det) for s in np.arange(1.0, 121.0)]
    confirmed = [o.take(o.confirmed) for o in out if o.confirmed.any()]
    assert confirmed, "no confirmed track from bearings"
    last = confirmed[-1]
    e, n, _ = FRAME.to_enu(last.lat, last.lon, last.alt_m)
    truth_e = -1500.0 + 50.0 * last.t_s
    assert np.min(np.hypot(e - truth_e, n - 1500.0)) < 1000.0
    assert tracker.stats["acoustic_tracks_started"] >= 1


def test_a_crossing_then_heard_by_one_post_only_stays_tentative():
    """One post's bearings fix no range: after the crossing that starts it, a track heard by post A
    alone drifts along A's ray, so it must not be confirmed however many bearings A sends (A's
    bearings before B's do not start a track of their own here: acoustic_heard_bearings off)."""
    posts = [_post("A", 0.0, 0.0), _post("B", 3000.0, 0.0)]
    det = _drone_heard(posts, {"B": (30.0, 31.0)})  # B hears the drone once (at 30.3 s)
    tracker = Tracker(posts, FRAME, TrackerConfig(acoustic_heard_bearings=0))
    out = [tracker.step(float(s), det) for s in np.arange(1.0, 121.0)]
    assert tracker.stats["acoustic_tracks_started"] >= 1
    assert tracker.stats["bearings_assigned"] >= 4  # A kept updating it
    assert not any(o.confirmed.any() for o in out)


def test_kind_guess_uses_hearing():
    from airwarn.tracking.classify import guess_kind

    speed, alt, climb = np.array([200.0, 200.0, 130.0]), np.array([3000.0, 3000.0, 500.0]), np.full(3, -20.0)
    kinds, _ = guess_kind(speed, alt, climb, np.array([False, True, True]))
    assert kinds.tolist() == ["glide_bomb", "cruise_missile", "drone"]  # silent glide; engines heard


def test_bearings_without_elevation_pull_an_unobserved_climb_rate_towards_level_flight():
    from airwarn.tracking.bearing_updater import update_with_bearings
    from airwarn.tracking.state import TrackTable
    from airwarn.tracking.updater import imm_models

    cfg = TrackerConfig()
    posts = [_post("A", 0.0, 0.0)]
    geom, models = post_geometry(posts, FRAME), imm_models(cfg)
    x = np.array([[0.0, 2000.0, 300.0, 0.0, 0.0, 116.0]])  # climbing 116 m/s: a noisy radar pair
    P = np.diag([300.0**2, 300.0**2, 600.0**2, 50.0**2, 50.0**2, 150.0**2])[None]
    tracks = TrackTable.empty(models.size).extend(
        TrackTable(
            x=x,
            P=P,
            xm=np.repeat(x[:, None], models.size, axis=1),
            Pm=np.repeat(P[:, None], models.size, axis=1),
            mu=models.prior[None].copy(),
            t_s=np.zeros(1),
            q=np.full(1, 5.0),
            number=np.ones(1, dtype=np.int64),
            confirmed=np.ones(1, bool),
            hits=np.full(1, 4),
            score=np.zeros(1),
            created_s=np.zeros(1),
            revisit_s=np.full(1, 2.0),
            heard=np.zeros(1, bool),
            origin=np.zeros(1, dtype=np.int64),
            radar_s=np.zeros(1),
            radar_revisit_s=np.full(1, 5.0),
            last_post=np.full(1, -1, dtype=np.int64),
            post_changes=np.zeros(1, dtype=np.int64),
        )
    )
    z_az = measure_bearing(x, np.array([0]), geom)[0][0, 0]
    b = BearingSet(np.array([0.5]), np.array([0]), np.array([z_az]), np.array([np.nan]))
    done = update_with_bearings(tracks, b, geom, models, cfg)
    assert done.rows.tolist() == [0]
    # By hand: v_up' = v_up - P_vv / (P_vv + σ²) v_up with σ = acoustic_climb_sigma_mps (IMM aside).
    expected = 116.0 * cfg.acoustic_climb_sigma_mps**2 / (150.0**2 + cfg.acoustic_climb_sigma_mps**2)
    assert abs(tracks.x[0, 5]) < 2.0 * expected
    assert tracks.x[0, 5] < 20.0


def _one_track(models_size: int, prior: np.ndarray, radar_s: float) -> Any:
    """One confirmed radar track at the origin's north, level at 300 m, last seen by radar at radar_s."""
    from airwarn.tracking.state import TrackTable

    x = np.array([[0.0, 2000.0, 300.0, 0.0, 200.0, 0.0]])
    P = np.diag([300.0**2, 300.0**2, 600.0**2, 50.0**2, 50.0**2, 10.0**2])[None]
    return TrackTable.empty(models_size).extend(
        TrackTable(
            x=x,
            P=P,
            xm=np.repeat(x[:, None], models_size, axis=1),
            Pm=np.repeat(P[:, None], models_size, axis=1),
            mu=prior[None].copy(),
            t_s=np.full(1, radar_s),
            q=np.full(1, 30.0),
            number=np.ones(1, dtype=np.int64),
            confirmed=np.ones(1, bool),
            hits=np.full(1, 6),
            score=np.full(1, 40.0),
            created_s=np.zeros(1),
            revisit_s=np.full(1, 5.0),
            heard=np.zeros(1, bool),
            origin=np.zeros(1, dtype=np.int64),
            radar_s=np.full(1, radar_s),
            radar_revisit_s=np.full(1, 5.0),
            last_post=np.full(1, -1, dtype=np.int64),
            post_changes=np.zeros(1, dtype=np.int64),
        )
    )


def test_a_track_its_radar_stopped_seeing_takes_no_more_bearings():
    """Sound of a fallen object arrives for seconds after it hit; once the radar (5 s revisit) has
    missed the track for over a revisit, the bearings must not carry the track on."""
    from airwarn.tracking.bearing_updater import update_with_bearings
    from airwarn.tracking.updater import imm_models

    cfg = TrackerConfig()
    geom, models = post_geometry([_post("A", 0.0, 0.0)], FRAME), imm_models(cfg)
    for radar_s, expected in ((9.0, [0]), (3.0, [])):  # 1 s, then 7 s after the latest plot
        tracks = _one_track(models.size, models.prior, radar_s)
        x_at_10 = tracks.x.copy()
        x_at_10[0, :3] += x_at_10[0, 3:] * (10.0 - radar_s)
        z_az = measure_bearing(x_at_10, np.array([0]), geom)[0][0, 0]
        b = BearingSet(np.array([10.0]), np.array([0]), np.array([z_az]), np.array([np.nan]))
        done = update_with_bearings(tracks, b, geom, models, cfg)
        assert done.rows.tolist() == expected
        assert tracks.t_s[0] == (10.0 if expected else radar_s)


def _radar(rid: str, east_m: float, north_m: float) -> Sensor:
    lat, lon, _ = FRAME.to_geodetic(east_m, north_m, 0.0)
    return Sensor(id=rid, kind="radar", lat=float(lat), lon=float(lon), alt_m=0.0, scan_period_s=5.0,
                  sigma_range_m=50.0, sigma_azimuth_deg=0.2, sigma_elevation_deg=0.3)  # fmt: skip


def test_a_drone_heard_by_one_post_alone_starts_a_tentative_track_on_its_bearing():
    """Posts spaced wider than their range hear most objects one at a time: a post that keeps
    hearing one bearing, far from every radar, starts a track half its range out along it."""
    posts = [_post("A", 0.0, 0.0)]
    det = _drone_heard(posts, {})
    tracker = Tracker(posts, FRAME)
    out = [tracker.step(float(s), det) for s in np.arange(1.0, 121.0)]
    assert tracker.stats["heard_tracks_started"] >= 1
    first = next(o for o in out if len(o))
    e, n, _ = FRAME.to_enu(first.lat[:1], first.lon[:1], first.alt_m[:1])
    assert abs(float(np.hypot(e[0], n[0])) - 2000.0) < 50.0  # half of A's 4 km
    drone_e = -1500.0 + 50.0 * float(first.t_s[0])  # the drone, 1.5 km north of A, when first heard
    off = np.degrees(np.arctan2(e[0], n[0]) - np.arctan2(drone_e, 1500.0))
    assert abs((off + 180.0) % 360.0 - 180.0) < 25.0
    assert not any(o.confirmed.any() for o in out)  # one post fixes no range


def test_a_post_within_a_radars_reach_starts_nothing_on_its_own():
    posts = [_post("A", 0.0, 0.0)]
    det = _drone_heard(posts, {})
    tracker = Tracker([*posts, _radar("R", 50_000.0, 0.0)], FRAME)
    for s in np.arange(1.0, 121.0):
        tracker.step(float(s), det)
    assert tracker.stats["heard_tracks_started"] == 0
    assert tracker.stats["acoustic_bearings"] > 10


def test_bearings_scattered_around_a_post_are_not_one_thing_heard():
    cfg = TrackerConfig()
    az = np.radians([10.0, 130.0, 250.0])
    scattered = BearingSet(np.array([1.0, 3.0, 5.0]), np.zeros(3, dtype=np.intp), az, np.full(3, np.nan))
    assert heard_groups(scattered, np.array([True]), cfg) == []
    steady = BearingSet(scattered.t_s, scattered.post, np.radians([350.0, 5.0, 12.0]), scattered.el)
    assert [g.tolist() for g in heard_groups(steady, np.array([True]), cfg)] == [[0, 1, 2]]
    assert heard_groups(steady, np.array([False]), cfg) == []
