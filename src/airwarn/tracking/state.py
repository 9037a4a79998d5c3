"""The track table: every live track as rows of columnar arrays (no per-track objects)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass
class TrackTable:
    """Live tracks: x (N, 6) ENU state at t_s (N,), P (N, 6, 6), and life counters (N,).

    `score` is the sum of the log-likelihood ratios (target against clutter) of the plots
    assigned since initiation; `revisit_s` the scan period of the radar that last updated it.
    """

    x: FloatArray
    P: FloatArray
    t_s: FloatArray
    q: FloatArray
    number: IntArray
    confirmed: BoolArray
    hits: IntArray
    score: FloatArray
    created_s: FloatArray
    revisit_s: FloatArray

    def __len__(self) -> int:
        return int(self.t_s.shape[0])

    @classmethod
    def empty(cls) -> TrackTable:
        """A table with no tracks."""
        return cls(
            x=np.zeros((0, 6)),
            P=np.zeros((0, 6, 6)),
            t_s=np.zeros(0),
            q=np.zeros(0),
            number=np.zeros(0, dtype=np.int64),
            confirmed=np.zeros(0, dtype=bool),
            hits=np.zeros(0, dtype=np.int64),
            score=np.zeros(0),
            created_s=np.zeros(0),
            revisit_s=np.zeros(0),
        )

    def take(self, index: npt.NDArray[np.intp] | BoolArray) -> TrackTable:
        """The rows selected by an index array or boolean mask."""
        return TrackTable(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def extend(self, other: TrackTable) -> TrackTable:
        """This table followed by the rows of `other`."""
        return TrackTable(
            **{f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)]) for f in fields(self)}
        )
