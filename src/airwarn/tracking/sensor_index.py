"""Which configured sensor each detection row comes from, by one lookup per distinct id."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.intp]


def index_in(ids: Sequence[str], sensor_id: npt.NDArray[np.object_]) -> IntArray:
    """Position (K,) of each row's sensor_id in `ids`, -1 where it is not there.

    A step holds thousands of rows from a few hundred sensors at most, so the ids are made
    unique first and only those are looked up (no Python work per row).
    """
    if sensor_id.shape[0] == 0:
        return np.zeros(0, dtype=np.intp)
    lookup = {sid: i for i, sid in enumerate(ids)}
    distinct, inverse = np.unique(sensor_id.astype(str), return_inverse=True)
    found = np.array([lookup.get(str(s), -1) for s in distinct], dtype=np.intp)
    return np.asarray(found[inverse.reshape(-1)], dtype=np.intp)
