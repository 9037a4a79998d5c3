"""Tracking scores over a run: GOSPA each whole second, false tracks and missed objects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy.spatial.distance import cdist

from airwarn.evaluate.gospa import GOSPA_C_M, GOSPA_P, gospa_from_distances
from airwarn.evaluate.presentation import IntArray, Presented
from airwarn.scenario.model import FloatArray, StrArray

NEAR_M: Final = 2000.0
"""A track within this 3-D distance of a true object is 'near' it (false/missed rules)."""
MIN_DETECTIONS_FOR_MISSED: Final = 3
"""An object counts as missable once at least this many detections counted for it."""

ProgressFn = Callable[[str, float], None]


@dataclass(frozen=True)
class GospaSeries:
    """GOSPA per scored second (arrays of length n_seconds; parts in metres, see GospaResult)."""

    t_s: FloatArray
    distance_m: FloatArray
    localisation_m: FloatArray
    missed_m: FloatArray
    false_m: FloatArray
    n_truth: IntArray
    n_tracks: IntArray


@dataclass(frozen=True)
class TrackingScore:
    """GOSPA series and the false-track / missed-object verdicts."""

    series: GospaSeries
    false_track_ids: tuple[str, ...]
    missed_object_ids: tuple[str, ...]
    track_present_s: IntArray
    track_far_s: IntArray
    object_ever_near: npt.NDArray[np.bool_]


def score_tracking(
    truth: Presented,
    tracks: Presented,
    n_seconds: int,
    detections_per_object: IntArray,
    on_progress: ProgressFn | None = None,
) -> TrackingScore:
    """Score presented tracks against presented truth at seconds 0..n_seconds-1.

    A confirmed track is false when, in more than half of its present seconds, it is over 2 km
    from every true object present then (no object present counts as far). An object is missed
    when at least 3 detections counted for it and no track was within 2 km of it at any second.
    `detections_per_object` is aligned with `truth.ids`.
    """
    counts = np.asarray(detections_per_object, np.intp)
    if counts.shape != truth.ids.shape:
        raise ValueError(f"detections_per_object has shape {counts.shape}, expected {truth.ids.shape}")
    t_off, e_off = truth.rows_at(n_seconds), tracks.rows_at(n_seconds)
    out = np.zeros((4, n_seconds))
    far = np.zeros(tracks.second.size, bool)
    ever_near = np.zeros(truth.ids.size, bool)
    for s in range(n_seconds):
        ts, es = slice(t_off[s], t_off[s + 1]), slice(e_off[s], e_off[s + 1])
        d = cdist(truth.xyz_m[ts], tracks.xyz_m[es])
        g = gospa_from_distances(d, GOSPA_C_M, GOSPA_P)
        out[:, s] = (g.distance, g.localisation, g.missed, g.false)
        near = d <= NEAR_M
        far[es] = ~near.any(axis=0)
        ever_near[truth.index[ts][near.any(axis=1)]] = True
        if on_progress is not None and s % 100 == 0:
            on_progress("gospa", s / n_seconds)
    present = np.bincount(tracks.index, minlength=tracks.ids.size).astype(np.intp)
    far_s = np.bincount(tracks.index, weights=far, minlength=tracks.ids.size).astype(np.intp)
    missable = counts >= MIN_DETECTIONS_FOR_MISSED
    return TrackingScore(
        series=GospaSeries(
            np.arange(n_seconds, dtype=float), out[0], out[1], out[2], out[3], np.diff(t_off), np.diff(e_off)
        ),
        false_track_ids=_names(tracks.ids, 2 * far_s > present),
        missed_object_ids=_names(truth.ids, missable & ~ever_near),
        track_present_s=present,
        track_far_s=far_s,
        object_ever_near=ever_near,
    )


def _names(ids: StrArray, mask: npt.NDArray[np.bool_]) -> tuple[str, ...]:
    """The ids where mask is true, as plain strings."""
    return tuple(str(x) for x in ids[mask])
