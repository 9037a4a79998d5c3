"""The alert engine's message sequence: Alert, Update, Cancel; hysteresis; glide-bomb coverage;
and the data contract for every message it issues."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, shape

from airwarn.alerting.engine import AlertEngine
from airwarn.alerting.policy import AlertPolicy
from airwarn.errors import ConfigError
from airwarn.evaluate.alert_timeline import alert_pieces
from airwarn.geo.frames import EARTH_RADIUS_M, destination
from airwarn.scenario.model import AlertMessage, Tracks
from airwarn.threat.targets import TargetPlaces
from tests.alerting.tracksynth import flight, rows

START = (49.70, 36.20)


def _run(engine: AlertEngine, steps: list[Tracks], until_s: float) -> list[AlertMessage]:
    """Step once a second with the given rows, then with nothing until until_s."""
    out: list[AlertMessage] = []
    empty = steps[0].take(np.zeros(0, dtype=np.intp))
    for t in range(int(until_s) + 1):
        out += engine.step(float(t), steps[t] if t < len(steps) else empty)
    return out


def _covers(m: AlertMessage, lat: float, lon: float) -> bool:
    return bool(shape(m.area).covers(Point(lon, lat)))


def _town(lat: float, lon: float, population: float = 50_000.0) -> TargetPlaces:
    """One likely target: a town of the given population (built-up radius 2.5 km x sqrt(pop/1e5))."""
    return TargetPlaces.from_population(np.array([lat]), np.array([lon]), np.array([population]))


def test_a_drone_that_approaches_turns_away_and_leaves_is_alerted_updated_and_cancelled() -> None:
    town = tuple(float(x) for x in destination(START[0], START[1], 0.0, 30_000.0))
    steps = flight("T1", START, [0.0] * 300 + [90.0] * 300, 50.0)
    msgs = _run(AlertEngine(targets=_town(*town)), steps, 1100)
    assert msgs[0].msg_type == "Alert"
    assert _covers(msgs[0], *town), "the town 10 min ahead is warned from the start"
    assert {m.alert_id for m in msgs} == {"aw-000001"}
    assert [m.msg_type for m in msgs].count("Alert") == 1
    assert msgs[-1].msg_type == "Cancel"
    assert [m.msg_type for m in msgs].count("Cancel") == 1
    updates = [m for m in msgs if m.msg_type == "Update"]
    assert updates, "a moving threat's area follows it"
    after_turn = [m for m in updates if m.t_s > 300 + 90 + 60]
    assert after_turn and not any(_covers(m, *town) for m in after_turn), (
        "the town is released after the turn"
    )
    # rows stop at 599: lost after 30 s; its corridor is kept while the drone may fly on
    # (at most lost_keep_s, cells leaving once passed), cells held 90 s more, then all clear
    p = AlertPolicy()
    assert 599 + 30 + p.hold_s < msgs[-1].t_s <= 599 + 30 + p.lost_keep_s + p.hold_s + p.decide_every_s


def test_a_town_is_alerted_only_once_the_drone_is_within_the_lead_time_of_it() -> None:
    # 50 m/s north, town 45 km ahead: reached in 900 s; alerted from arrival - horizon (660 s)
    town = tuple(float(x) for x in destination(START[0], START[1], 0.0, 45_000.0))
    steps = flight("T3", START, [0.0] * 400, 50.0)
    msgs = _run(AlertEngine(targets=_town(*town)), steps, 399)
    first = next(m.t_s for m in msgs if _covers(m, *town))
    edge_m = 45_000.0 - 2500.0 * math.sqrt(0.5)
    assert edge_m / 50.0 - AlertPolicy().horizon_s - 60.0 <= first <= edge_m / 50.0 - 600.0
    assert not _covers(msgs[0], *town), "not at first sight, 15 minutes out"


def test_a_sighting_without_velocity_alerts_a_disc_for_a_while_then_clears() -> None:
    seen = rows("S1", [10.0], [START[0]], [START[1]], [1000.0], [(0.0, 0.0, 0.0)], confirmed=[False])
    steps = [seen.take(np.zeros(0, dtype=np.intp))] * 10 + [seen]
    msgs = _run(AlertEngine(targets=TargetPlaces.none()), steps, 800)
    assert [m.msg_type for m in msgs] == ["Alert", "Cancel"]
    near, far = (tuple(float(x) for x in destination(*START, 45.0, d)) for d in (4_000.0, 8_000.0))
    assert _covers(msgs[0], *near) and not _covers(msgs[0], *far)
    p = AlertPolicy()
    assert msgs[1].t_s <= 10.0 + p.sighting_s + p.passed_s + p.hold_s + p.decide_every_s


def test_a_reported_drone_with_a_course_alerts_its_sighting_and_the_town_ahead_not_the_one_behind() -> None:
    ahead, behind = (tuple(float(x) for x in destination(*START, b, 20_000.0)) for b in (90.0, 270.0))
    towns = TargetPlaces.from_population(
        np.array([ahead[0], behind[0]]), np.array([ahead[1], behind[1]]), np.array([50_000.0, 50_000.0])
    )
    seen = rows("R1", [10.0], [START[0]], [START[1]], [1000.0], [(50.0, 0.0, 0.0)], "drone", [False])
    steps = [seen.take(np.zeros(0, dtype=np.intp))] * 10 + [seen]
    msgs = _run(AlertEngine(targets=towns), steps, 60)
    assert msgs and msgs[0].msg_type == "Alert", (
        "a tentative track people named and gave a course is acted on"
    )
    near = tuple(float(x) for x in destination(*START, 200.0, 4_000.0))  # beside and behind: the sighting
    assert _covers(msgs[0], *near) and _covers(msgs[0], *ahead) and not _covers(msgs[0], *behind)
    unnamed = rows("R2", [10.0], [START[0]], [START[1]], [1000.0], [(50.0, 0.0, 0.0)], "", [False])
    assert not _run(AlertEngine(targets=towns), [*steps[:10], unnamed], 60), "an unnamed one-row track waits"


def test_each_town_a_drone_has_flown_past_leaves_its_alert_at_once_though_it_is_a_small_part() -> None:
    # towns every 4 km along the path, 3 km beside it: each is a small part of the alert
    north = np.arange(4_000.0, 28_001.0, 4_000.0)
    beside = [destination(*destination(*START, 0.0, n), 90.0, 3_000.0) for n in north]
    lat, lon = np.array([float(b[0]) for b in beside]), np.array([float(b[1]) for b in beside])
    towns = TargetPlaces.from_population(lat, lon, np.full(lat.size, 30_000.0))
    msgs = _run(AlertEngine(targets=towns), flight("T5", START, [0.0] * 700, 50.0), 699)
    abeam_s = north / 50.0
    for k in range(lat.size):
        last = max(m.t_s for m in msgs if m.msg_type != "Cancel" and _covers(m, lat[k], lon[k]))
        released = min(m.t_s for m in msgs if m.t_s > last)
        assert released <= abeam_s[k] + AlertPolicy().passed_s, (
            f"town {k} stays alerted after the drone has passed it"
        )


def test_hysteresis_keeps_a_flickering_threat_from_flapping() -> None:
    steps = flight("T2", START, [0.0] * 240, 50.0)
    for t, s in enumerate(steps):
        s.confirmed[:] = (t // 15) % 2 == 0  # confirmed for 15 s, tentative (ignored) for 15 s
        s.object_kind[~s.confirmed] = ""  # the tracker names a tentative track only when people did
    ignored = AlertPolicy(tentative_flyer_rows=0)  # tentative rows are not acted on
    held = _run(AlertEngine(ignored), steps, 239)
    assert [m.msg_type for m in held].count("Alert") == 1
    assert [m.msg_type for m in held].count("Cancel") == 0
    flapping = _run(AlertEngine(replace(ignored, hold_s=1.0)), steps, 239)
    assert [m.msg_type for m in flapping].count("Cancel") >= 3, "without hysteresis the same track flaps"


def test_glide_bomb_impact_point_is_covered_from_the_first_alert() -> None:
    # 10 km above ground, 200 m/s north, sinking 25 m/s: lands 64,025 m ahead (see threat tests)
    n = 10
    lats = [START[0] + math.degrees(200.0 * t / EARTH_RADIUS_M) for t in range(n)]
    alt = [10_150.0 - 25.0 * t for t in range(n)]
    steps = [
        rows("G1", [float(t)], [lats[t]], [START[1]], [alt[t]], [(0.0, 200.0, -25.0)], "glide_bomb")
        for t in range(n)
    ]
    msgs = _run(AlertEngine(AlertPolicy(h3_res=8)), steps, n - 1)
    impact_lat = START[0] + math.degrees(64_025.0 / EARTH_RADIUS_M)
    assert msgs[0].msg_type == "Alert" and msgs[0].t_s == 0.0
    assert msgs[0].headline == "Glide bomb: take shelter now"
    assert all(_covers(m, impact_lat, START[1]) for m in msgs)
    t_go = math.hypot(64_025.0, 10_000.0) / math.hypot(200.0, 25.0)
    assert msgs[0].eta_t_s == pytest.approx(t_go, abs=1.0)
    assert msgs[0].eta_t_s is not None and msgs[0].expires_t_s > msgs[0].eta_t_s
    area_km2 = shapely.area(shapely.Polygon(np.array(msgs[0].area["coordinates"][0]))) * 111.0 * 71.0
    # the ellipse at density 0.1: 2.146 sigma; sigma along 0.15 x 7,750 x 8 + 0.4 x 2,250 + 400 m,
    # across 64,025 x tan 2.5 deg + 400 m; the cells overlapping it add a rim
    m = math.sqrt(-2.0 * math.log(0.1))
    sigma_along, sigma_cross = 0.15 * 7750 * 8 + 900 + 400, 64_025.0 * math.tan(math.radians(2.5)) + 400
    ellipse_km2 = math.pi * m * m * sigma_along * sigma_cross / 1e6
    assert ellipse_km2 < area_km2 < 1.3 * ellipse_km2, "a strip around the impact, not a region"


def test_every_message_keeps_the_contract() -> None:
    steps = flight("D1", START, [20.0] * 200, 45.0)
    cruise = flight("C1", (49.5, 35.8), [60.0] * 120, 230.0, alt_m=100.0, kind="")
    for t, c in enumerate(cruise):
        steps[t] = Tracks(**{k: np.concatenate([getattr(steps[t], k), getattr(c, k)]) for k in vars(c)})
    msgs = _run(AlertEngine(), steps, 900)
    assert msgs
    open_ids: set[str] = set()
    for prev, m in zip([None, *msgs], msgs, strict=False):
        assert re.fullmatch(r"aw-\d{6}", m.alert_id)
        assert prev is None or m.t_s >= prev.t_s
        geom = shape(m.area)
        assert m.area["type"] in ("Polygon", "MultiPolygon") and geom.is_valid and not geom.is_empty
        assert 35.0 < geom.centroid.x < 38.5 and 49.0 < geom.centroid.y < 51.0, "lon first"
        if m.msg_type == "Alert":
            assert m.alert_id not in open_ids
            open_ids.add(m.alert_id)
        else:
            assert m.alert_id in open_ids, f"{m.msg_type} of an alert never issued or already cancelled"
        if m.msg_type == "Cancel":
            open_ids.discard(m.alert_id)
        else:
            assert m.expires_t_s > m.t_s and m.eta_t_s is not None
        assert m.threat_track_ids in (("D1",), ("C1",))
    assert not open_ids, "every alert is cancelled once its threat is gone"
    assert {m.object_kind for m in msgs} == {"drone", "cruise_missile"}
    assert alert_pieces(msgs), "the evaluator reads the messages"


def test_policy_rejects_settings_that_make_no_sense() -> None:
    with pytest.raises(ConfigError, match="h3_res"):
        AlertPolicy(h3_res=12)
    with pytest.raises(ConfigError, match="min_probability"):
        AlertPolicy(min_probability=0.0)
    with pytest.raises(ConfigError, match="decide_every_s"):
        AlertPolicy(decide_every_s=0.0)


def test_a_young_tentative_drone_is_warned_at_its_second_row_and_cleared_if_it_vanishes() -> None:
    # a drone 3 km short of a town: no time to wait for confirmation
    town = tuple(float(x) for x in destination(START[0], START[1], 0.0, 5_000.0))
    steps = flight("T9", START, [0.0] * 2, 50.0)
    for s in steps:
        s.confirmed[:], s.object_kind[:] = False, ""
    msgs = _run(AlertEngine(targets=_town(*town)), steps, 200)
    assert msgs[0].msg_type == "Alert" and msgs[0].t_s == 1.0, "at the second row"
    assert _covers(msgs[0], *town)
    # silent after t = 1 s: lost after the timeout and cleared at once, no hold, no corridor kept
    p = AlertPolicy()
    assert [m.msg_type for m in msgs] == ["Alert", "Cancel"]
    assert msgs[1].t_s <= 1.0 + p.track_timeout_s + 2.0
    one_row = _run(AlertEngine(targets=_town(*town)), steps[:1], 200)
    assert one_row == [], "a single row (most are clutter pairs) is not acted on"


def test_a_young_tracks_corrected_course_is_warned_at_once_not_after_the_prediction_interval() -> None:
    # a two-plot start says 200 m/s east; two seconds later the track knows it flies 50 m/s north
    town = tuple(float(x) for x in destination(START[0], START[1], 0.0, 6_000.0))
    first = rows("T7", [0.0], [START[0]], [START[1]], [500.0], [(200.0, 0.0, 0.0)])
    fixed = rows("T7", [2.0], [START[0]], [START[1]], [500.0], [(0.0, 50.0, 0.0)])
    empty = first.take(np.zeros(0, dtype=np.intp))
    msgs = _run(AlertEngine(targets=_town(*town)), [first, empty, fixed], 5)
    assert not _covers(msgs[0], *town), "the first guess heads east"
    assert any(m.t_s == 2.0 and _covers(m, *town) for m in msgs), "the corrected course is warned at once"
    assert AlertPolicy().predict_every_s > 2.0


def test_a_young_track_whose_course_is_not_known_warns_all_around_then_releases_at_once() -> None:
    # A two-plot start far from the radar: 50 m/s "east", but its velocity error (120 m/s) exceeds
    # its speed, so it could be heading anywhere. A town 5 km behind it is warned at once; once the
    # track knows it flies east (error 3 m/s), the town is released without waiting out the hold.
    town = tuple(float(x) for x in destination(START[0], START[1], 270.0, 5_000.0))
    young = rows("T4", [0.0, 1.0], [START[0]] * 2, [START[1]] * 2, [500.0] * 2, [(50.0, 0.0, 0.0)] * 2)
    young.confirmed[:] = False
    young.object_kind[:] = ""
    young.v_sigma_mps = np.array([120.0, 120.0])
    steps = [young.take(np.array([0])), young.take(np.array([1]))]
    for t in range(2, 30):
        la, lo = destination(START[0], START[1], 90.0, 50.0 * t)
        row = rows("T4", [float(t)], [float(la)], [float(lo)], [500.0], [(50.0, 0.0, 0.0)])
        row.v_sigma_mps = np.array([3.0])
        steps.append(row)
    msgs = _run(AlertEngine(targets=_town(*town)), steps, 29)
    assert msgs[0].t_s == 1.0 and _covers(msgs[0], *town), "warned all around at the second row"
    settled = [m for m in msgs if m.t_s >= 2.0]
    assert settled and not _covers(settled[0], *town), "released as soon as the course is known"
    assert settled[0].t_s < 2.0 + AlertPolicy().hold_s
    sure = young.take(np.arange(2))
    sure.v_sigma_mps = np.array([3.0, 3.0])
    known = _run(AlertEngine(targets=_town(*town)), [sure.take(np.array([0])), sure.take(np.array([1]))], 5)
    assert known and not any(_covers(m, *town) for m in known), "a known course leaves the town behind alone"


def test_a_young_glide_bomb_whose_sink_rate_is_noise_is_warned_wherever_its_glide_may_end() -> None:
    # Its first two rows, 150 km from the radar: 10 km above the ground, 240 m/s east, sinking
    # "1 m/s" with a 120 m/s climb-rate error. It glides at 3.5:1, down 7,750 x 3.5 + 2,250 x 0.9
    # = 29,150 m ahead. Taken at its word (the prior 6.5:1) that point is outside the alert; with
    # the error known, every ratio from 3 to 10 is warned.
    impact = tuple(float(x) for x in destination(START[0], START[1], 90.0, 29_150.0))
    young = rows("G2", [0.0, 1.0], [START[0]] * 2, [START[1]] * 2, [10_150.0] * 2, [(240.0, 0.0, -1.0)] * 2)
    young.object_kind[:] = "glide_bomb"
    steps = [young.take(np.array([0])), young.take(np.array([1]))]
    trusting = _run(AlertEngine(AlertPolicy(h3_res=8), TargetPlaces.none()), steps, 1)
    assert trusting and not _covers(trusting[0], *impact)
    young.v_up_sigma_mps = np.array([120.0, 120.0])
    steps = [young.take(np.array([0])), young.take(np.array([1]))]
    unsure = _run(AlertEngine(AlertPolicy(h3_res=8), TargetPlaces.none()), steps, 1)
    assert unsure[0].t_s == 0.0 and _covers(unsure[0], *impact)
    far = tuple(float(x) for x in destination(START[0], START[1], 90.0, 79_000.0))
    assert _covers(unsure[0], *far), "and out to a 10:1 glide"


def test_a_fast_high_flyer_that_does_not_sink_is_warned_as_a_corridor_not_a_glide_impact() -> None:
    # 230 m/s level at 8 km: by its speed and height a glide bomb, but after 45 s of rows it has
    # not sunk as any glide must; a town 60 km ahead is where it may come down, not a point ahead
    steps = flight("T5", START, [0.0] * 60, 230.0, alt_m=8000.0, kind="")
    msgs = _run(AlertEngine(targets=TargetPlaces.none()), steps, 59)
    kinds = [m.object_kind for m in msgs if m.msg_type != "Cancel"]
    assert kinds[0] == "glide_bomb", "at first sight it may be one"
    assert kinds[-1] == "cruise_missile" and max(m.t_s for m in msgs if m.object_kind == "glide_bomb") < 50.0


def _two_ballistic_rows(v_up_mps: float, confirmed: bool) -> list[Tracks]:
    """A ballistic missile's first two rows, 5 s apart, 25 km up flying north at 2 km/s."""
    second = tuple(float(x) for x in destination(*START, 0.0, 10_000.0))
    seen = [
        rows("B1", [t], [la], [lo], [25_000.0], [(0.0, 2000.0, v_up_mps)], confirmed=[confirmed])
        for t, (la, lo) in ((10.0, START), (15.0, second))
    ]
    empty = seen[0].take(np.zeros(0, dtype=np.intp))
    return [empty] * 10 + [seen[0]] + [empty] * 4 + [seen[1]]


def test_a_tentative_ballistic_missile_is_warned_at_once_when_it_is_coming_down_soon() -> None:
    msgs = _run(AlertEngine(targets=TargetPlaces.none()), _two_ballistic_rows(-800.0, False), 20)
    assert msgs and msgs[0].msg_type == "Alert" and msgs[0].t_s <= 16.0
    assert (
        msgs[0].eta_t_s is not None and msgs[0].eta_t_s - msgs[0].t_s < AlertPolicy().tentative_impact_wait_s
    )


def test_a_tentative_ballistic_missile_still_climbing_far_from_its_fall_waits_for_confirmation() -> None:
    # climbing at 1.2 km/s: minutes from the ground, time enough to confirm a two-plot track first
    waiting = _run(AlertEngine(targets=TargetPlaces.none()), _two_ballistic_rows(1200.0, False), 20)
    assert waiting == [], "an unconfirmed pair, perhaps clutter, far from coming down is not yet alerted"
    confirmed = _run(AlertEngine(targets=TargetPlaces.none()), _two_ballistic_rows(1200.0, True), 20)
    assert confirmed and confirmed[0].msg_type == "Alert", "confirmed, it is warned at once"
    assert confirmed[0].eta_t_s is not None
    assert confirmed[0].eta_t_s - confirmed[0].t_s > AlertPolicy().tentative_impact_wait_s
