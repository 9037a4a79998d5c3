"""False-track and missed-object rules, and the per-second GOSPA series."""

from __future__ import annotations

import math

import numpy as np
import pytest

from airwarn.evaluate.presentation import Presented
from airwarn.evaluate.tracking_metrics import score_tracking

N_SECONDS = 10


def _presented(paths: dict[str, list[tuple[int, float]]]) -> Presented:
    """Things on the east axis: id -> [(second, east_m)], sorted into a Presented."""
    ids = np.array(list(paths), dtype=object)
    rows = [(s, i, e) for i, key in enumerate(paths) for s, e in paths[key]]
    rows.sort(key=lambda r: r[0])
    return Presented(
        ids=ids,
        second=np.array([r[0] for r in rows], np.intp),
        index=np.array([r[1] for r in rows], np.intp),
        xyz_m=np.array([[r[2], 0.0, 0.0] for r in rows]).reshape(-1, 3),
    )


def _always(east_m: float) -> list[tuple[int, float]]:
    return [(s, east_m) for s in range(N_SECONDS)]


TRUTH = _presented({"O1": _always(0.0), "O2": _always(100e3), "O3": _always(300e3), "O4": _always(400e3)})


def test_false_when_far_from_every_object_for_most_present_seconds() -> None:
    tracks = _presented(
        {
            "A": _always(500.0),
            "B": [(s, 50e3) for s in range(6)] + [(s, 101e3) for s in range(6, 10)],
            "C": [(s, 50e3) for s in range(5)] + [(s, 101e3) for s in range(5, 10)],
            "D": [(3, 200e3)],
        }
    )
    score = score_tracking(TRUTH, tracks, N_SECONDS, np.array([5, 3, 3, 2]))
    assert score.false_track_ids == ("B", "D")
    assert score.track_far_s.tolist() == [0, 6, 5, 1]


def test_missed_when_detected_three_times_and_never_within_2_km() -> None:
    tracks = _presented({"A": _always(500.0), "B": [(9, 102e3)], "C": [(4, 302_001.0)]})
    score = score_tracking(TRUTH, tracks, N_SECONDS, np.array([5, 3, 3, 2]))
    # O2: one second at exactly 2 km counts as near. O3: 2001 m is not. O4: only 2 detections.
    assert score.missed_object_ids == ("O3",)


def test_gospa_series_with_no_tracks_is_c_over_root_2_times_root_n() -> None:
    truth = _presented({"O1": _always(0.0), "O2": [(s, 9e3) for s in range(4)]})
    empty = _presented({})
    score = score_tracking(truth, empty, N_SECONDS, np.array([0, 0]))
    n = np.array([2] * 4 + [1] * 6)
    np.testing.assert_allclose(score.series.distance_m, 1000.0 / math.sqrt(2) * np.sqrt(n))
    assert score.series.n_truth.tolist() == n.tolist()
    assert score.false_track_ids == ()


def test_seconds_without_anything_score_zero() -> None:
    truth = _presented({"O1": [(2, 0.0)]})
    tracks = _presented({"A": [(2, 300.0)]})
    score = score_tracking(truth, tracks, N_SECONDS, np.array([9]))
    assert score.series.distance_m[2] == pytest.approx(300.0)
    assert np.delete(score.series.distance_m, 2).max() == 0.0


def test_counts_must_align_with_objects() -> None:
    with pytest.raises(ValueError, match="detections_per_object"):
        score_tracking(TRUTH, _presented({}), N_SECONDS, np.array([1, 2]))
