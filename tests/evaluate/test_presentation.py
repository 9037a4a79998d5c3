"""Online track presentation and truth interpolation at whole seconds."""

from __future__ import annotations

import numpy as np
import pytest

from airwarn.evaluate.presentation import (
    present_tracks,
    present_truth,
    score_seconds,
    truth_paths,
)
from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import Tracks, Truth

FRAME = LocalFrame(48.0, 33.0, 0.0)


def _tracks(rows: list[tuple[float, str, float, float, float, bool]]) -> Tracks:
    """Tracks from (t_s, id, east_m, north_m, v_east_mps, confirmed), positions near FRAME."""
    t = np.array([r[0] for r in rows])
    e, n = np.array([r[2] for r in rows]), np.array([r[3] for r in rows])
    lat, lon, alt = FRAME.to_geodetic(e, n, np.full(t.size, 1000.0))
    z = np.zeros(t.size)
    return Tracks(
        t_s=t,
        track_id=np.array([r[1] for r in rows], dtype=object),
        lat=lat,
        lon=lon,
        alt_m=alt,
        v_east_mps=np.array([r[4] for r in rows]),
        v_north_mps=z,
        v_up_mps=z,
        object_kind=np.full(t.size, "", dtype=object),
        confirmed=np.array([r[5] for r in rows]),
    )


def _by_second(tracks: Tracks, n_seconds: int = 120) -> dict[int, np.ndarray]:
    p = present_tracks(tracks, FRAME, score_seconds(n_seconds))
    return {int(s): p.xyz_m[k] for k, s in enumerate(p.second)}


def test_track_is_moved_on_by_its_latest_confirmed_velocity() -> None:
    shown = _by_second(_tracks([(10.5, "A", 0.0, 0.0, 100.0, True), (20.0, "A", 5000.0, 0.0, 0.0, True)]))
    assert min(shown) == 11 and max(shown) == 20
    assert shown[15][0] == pytest.approx(450.0, abs=0.5)
    assert shown[20][0] == pytest.approx(5000.0, abs=0.5)
    assert shown[15][2] == pytest.approx(1000.0, abs=1.0)


def test_row_older_than_30_s_hides_the_track_until_the_next_row() -> None:
    rows = [(0.0, "A", 0.0, 0.0, 10.0, True), (50.0, "A", 0.0, 0.0, 0.0, True)]
    shown = _by_second(_tracks(rows))
    assert 30 in shown and 31 not in shown and 49 not in shown and 50 in shown
    assert shown[30][0] == pytest.approx(300.0, abs=0.5)


def test_unconfirmed_rows_are_ignored_and_bound_nothing() -> None:
    rows = [
        (0.0, "A", 0.0, 0.0, 0.0, False),
        (5.0, "A", 1000.0, 0.0, 0.0, True),
        (8.0, "A", 9999.0, 0.0, 0.0, False),
        (12.0, "A", 2000.0, 0.0, 0.0, True),
        (40.0, "A", 0.0, 0.0, 0.0, False),
        (3.0, "B", 0.0, 0.0, 0.0, False),
    ]
    p = present_tracks(_tracks(rows), FRAME, score_seconds(60))
    assert list(p.ids) == ["A"]
    assert sorted(set(p.second.tolist())) == list(range(5, 13))
    shown = {int(s): p.xyz_m[k] for k, s in enumerate(p.second)}
    assert shown[9][0] == pytest.approx(1000.0, abs=0.5)
    assert shown[12][0] == pytest.approx(2000.0, abs=0.5)


def test_nothing_from_a_later_row_is_used() -> None:
    early = _by_second(_tracks([(0.0, "A", 0.0, 0.0, 20.0, True), (30.0, "A", 0.0, 0.0, 0.0, True)]))
    late = _by_second(_tracks([(0.0, "A", 0.0, 0.0, 20.0, True), (30.0, "A", 9e4, 0.0, -50.0, True)]))
    for s in range(30):
        np.testing.assert_allclose(early[s], late[s])


def test_velocity_is_rotated_from_the_rows_own_enu() -> None:
    # 2 degrees of longitude east of the frame origin, local east is not the frame's east.
    far = LocalFrame(48.0, 35.0, 0.0)
    lat, lon, alt = far.to_geodetic(np.zeros(2), np.zeros(2), np.full(2, 500.0))
    tracks = Tracks(
        t_s=np.array([0.0, 20.0]),
        track_id=np.array(["A", "A"], dtype=object),
        lat=lat,
        lon=lon,
        alt_m=alt,
        v_east_mps=np.array([100.0, 0.0]),
        v_north_mps=np.zeros(2),
        v_up_mps=np.zeros(2),
        object_kind=np.array(["", ""], dtype=object),
        confirmed=np.ones(2, bool),
    )
    p = present_tracks(tracks, FRAME, np.arange(21))
    expected = np.array(FRAME.to_enu(*far.to_geodetic(1000.0, 0.0, 500.0))).ravel()
    np.testing.assert_allclose(p.xyz_m[10], expected, atol=0.05)


def test_truth_is_interpolated_between_its_first_and_last_sample() -> None:
    lat, lon, alt = FRAME.to_geodetic(np.array([0.0, 1000.0]), np.zeros(2), np.full(2, 100.0))
    truth = Truth(
        t_s=np.array([2.5, 12.5]),
        object_id=np.array(["T1", "T1"], dtype=object),
        object_kind=np.array(["drone", "drone"], dtype=object),
        lat=lat,
        lon=lon,
        alt_m=alt,
    )
    p = present_truth(truth_paths(truth, FRAME), score_seconds(30))
    assert p.second.tolist() == list(range(3, 13))
    assert p.xyz_m[0, 0] == pytest.approx(50.0, abs=0.1)
    assert p.xyz_m[-1, 0] == pytest.approx(950.0, abs=0.1)
