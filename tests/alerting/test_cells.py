"""The engine's sorted-cell set operations agree with numpy's general ones."""

import numpy as np

from airwarn.alerting.cells import in_sorted, union_sorted


def test_in_sorted_and_union_sorted_match_numpy_on_random_cell_sets() -> None:
    rng = np.random.default_rng(7)
    for size_a, size_b in [(0, 0), (0, 5), (5, 0), (1, 1), (40, 300), (300, 40)]:
        a = rng.integers(0, 200, size_a).astype(np.int64)
        b = np.unique(rng.integers(0, 200, size_b).astype(np.int64))
        assert np.array_equal(in_sorted(a, b), np.isin(a, b))
        assert np.array_equal(union_sorted(np.unique(a), b), np.union1d(a, b))
