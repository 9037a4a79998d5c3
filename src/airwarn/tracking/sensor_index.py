"""Which configured sensor each detection row comes from, by a dictionary lookup per row in C."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.intp]


def index_by(lookup: Mapping[str, int], sensor_id: npt.NDArray[np.object_]) -> IntArray:
    """lookup[id] (K,) for each row's sensor_id, -1 where the id is not there.

    `map(dict.get, ...)` runs the lookups without a Python frame per row (~50 ns a row):
    cheaper than sorting the string ids to look up only the distinct ones.
    """
    return np.fromiter(
        map(lookup.get, sensor_id.tolist(), repeat(-1)), dtype=np.intp, count=sensor_id.shape[0]
    )


def index_in(ids: Sequence[str], sensor_id: npt.NDArray[np.object_]) -> IntArray:
    """Position (K,) of each row's sensor_id in `ids`, -1 where it is not there."""
    return index_by({sid: i for i, sid in enumerate(ids)}, sensor_id)
