"""Rows find their sensor by id, unknown ids give -1, the same as a plain dictionary lookup."""

import numpy as np

from airwarn.tracking.sensor_index import index_in


def test_index_in_matches_a_row_by_row_lookup() -> None:
    ids = ("R1", "R2", "A0007")
    rows = np.array(["R2", "public", "A0007", "R1", "R2", "X9"], dtype=object)
    expected = [{"R1": 0, "R2": 1, "A0007": 2}.get(s, -1) for s in rows]
    assert index_in(ids, rows).tolist() == expected
    assert index_in(ids, np.array([], dtype=object)).shape == (0,)
