"""The track table: every live track as rows of columnar arrays (no per-track objects)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

ORIGIN_RADAR, ORIGIN_BEARINGS, ORIGIN_REPORTS = 0, 1, 2
"""What started a track: a radar plot pair, crossing bearings, or agreeing citizens' reports."""


@dataclass
class TrackTable:
    """Live tracks: x (N, 6) ENU state at t_s (N,), P (N, 6, 6), and life counters (N,).

    xm (N, M, 6), Pm (N, M, 6, 6) and mu (N, M) are the IMM's per-model states and model
    probabilities; x, P their moment match; q the model-weighted noise density (m²/s³).

    `score` is the sum of the log-likelihood ratios (target against clutter) of the plots
    assigned since initiation; `revisit_s` the revisit period of the sensor that last
    updated it; `heard` whether an acoustic bearing ever updated it; `origin` what started it
    (ORIGIN_RADAR, ORIGIN_BEARINGS or ORIGIN_REPORTS); `radar_s` the time of its latest radar plot
    (-inf: none) and `radar_revisit_s` that radar's revisit period; `last_post` the acoustic post
    whose bearing last updated it (-1: none) and `post_changes` how often that post changed.
    """

    x: FloatArray
    P: FloatArray
    xm: FloatArray
    Pm: FloatArray
    mu: FloatArray
    t_s: FloatArray
    q: FloatArray
    number: IntArray
    confirmed: BoolArray
    hits: IntArray
    score: FloatArray
    created_s: FloatArray
    revisit_s: FloatArray
    heard: BoolArray
    origin: IntArray
    radar_s: FloatArray
    radar_revisit_s: FloatArray
    last_post: IntArray
    post_changes: IntArray

    def __len__(self) -> int:
        return int(self.t_s.shape[0])

    @classmethod
    def empty(cls, n_models: int = 1) -> TrackTable:
        """A table with no tracks (and n_models IMM models)."""
        return cls(
            x=np.zeros((0, 6)),
            P=np.zeros((0, 6, 6)),
            xm=np.zeros((0, n_models, 6)),
            Pm=np.zeros((0, n_models, 6, 6)),
            mu=np.zeros((0, n_models)),
            t_s=np.zeros(0),
            q=np.zeros(0),
            number=np.zeros(0, dtype=np.int64),
            confirmed=np.zeros(0, dtype=bool),
            hits=np.zeros(0, dtype=np.int64),
            score=np.zeros(0),
            created_s=np.zeros(0),
            revisit_s=np.zeros(0),
            heard=np.zeros(0, dtype=bool),
            origin=np.zeros(0, dtype=np.int64),
            radar_s=np.zeros(0),
            radar_revisit_s=np.zeros(0),
            last_post=np.zeros(0, dtype=np.int64),
            post_changes=np.zeros(0, dtype=np.int64),
        )

    def take(self, index: npt.NDArray[np.intp] | BoolArray) -> TrackTable:
        """The rows selected by an index array or boolean mask."""
        return TrackTable(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def extend(self, other: TrackTable) -> TrackTable:
        """This table followed by the rows of `other`."""
        return TrackTable(
            **{f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)]) for f in fields(self)}
        )
