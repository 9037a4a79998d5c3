"""End to end on the independent example scenario's radar plots, scored against its truth."""

import re

import numpy as np
import pytest

from airwarn.geo.frames import geodetic_from_aer, haversine_m
from airwarn.tracking.tracker import Tracker
from tests.tracking.example_scenario import load_detections, load_sensors, load_truth, run_tracker


def _distance_m(truth: np.ndarray, t_s, lat, lon, alt) -> np.ndarray:
    """3-D distance from each row to the object at its time (inf outside its flight)."""
    inside = (t_s >= truth[0, 0]) & (t_s <= truth[-1, 0])
    tl, tn, ta = (np.interp(t_s, truth[:, 0], truth[:, i]) for i in (1, 2, 3))
    return np.where(inside, np.hypot(haversine_m(lat, lon, tl, tn), alt - ta), np.inf)


@pytest.fixture(scope="module")
def result():
    sensors, frame = load_sensors()
    det = load_detections()
    tracker = Tracker(sensors, frame)
    rows = run_tracker(tracker, det, 600.0)
    return sensors, det, load_truth(), rows, tracker


def test_every_object_radars_see_for_a_while_gets_a_confirmed_track(result):
    sensors, det, truth, rows, _ = result
    radars = {s.id: s for s in sensors if s.kind == "radar"}
    c = rows.confirmed
    for obj, tr in truth.items():
        seen = 0
        for sid, s in radars.items():
            m = det.sensor_id == sid
            lat, lon, alt = geodetic_from_aer(
                s.lat, s.lon, s.alt_m, det.azimuth_deg[m], det.elevation_deg[m], det.range_m[m]
            )
            seen += int((_distance_m(tr, det.t_s[m], lat, lon, alt) < 2000.0).sum())
        d = _distance_m(tr, rows.t_s[c], rows.lat[c], rows.lon[c], rows.alt_m[c])
        if seen >= 10:
            assert (d < 2000.0).sum() >= 3, f"{obj} seen by radar {seen} times has no confirmed track"


def test_confirmed_tracks_are_accurate_and_few_are_false(result):
    _, _, truth, rows, _ = result
    c = rows.confirmed
    d = np.min(
        [_distance_m(tr, rows.t_s[c], rows.lat[c], rows.lon[c], rows.alt_m[c]) for tr in truth.values()],
        axis=0,
    )
    assert np.median(d) < 400.0
    ids = rows.track_id[c]
    false = [tid for tid in np.unique(ids) if np.median(d[ids == tid]) > 2000.0]
    assert len(false) <= 1
    assert all(re.fullmatch(r"T\d+", t) for t in rows.track_id)


def test_radar_and_acoustic_rows_are_used_and_the_rest_counted(result):
    _, det, _, _, tracker = result
    st = tracker.stats
    assert st["detections"] == len(det)
    assert st["acoustic_bearings"] > 0 and st["bearings_assigned"] > 0
    assert st["radar_plots"] + st["acoustic_bearings"] + st["observer_reports"] == len(det)
