"""Global nearest neighbour association over a sparse gated graph.

The gated pairs form a bipartite graph; each connected component is solved on its own
with linear_sum_assignment. Most components are one track and one plot and are taken
directly without a solver call.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


def _components(ti: IntArray, pj: IntArray, n_tracks: int, n_plots: int) -> IntArray:
    """Component label (K,) of each pair in the bipartite graph tracks + plots."""
    n = n_tracks + n_plots
    graph = coo_matrix((np.ones(ti.shape[0]), (ti, pj + n_tracks)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels[ti], dtype=np.intp)


def _solve_component(ti: IntArray, pj: IntArray, cost: FloatArray) -> IntArray:
    """Indices into the component's pairs that form its best assignment (only negative costs)."""
    tu, tinv = np.unique(ti, return_inverse=True)
    pu, pinv = np.unique(pj, return_inverse=True)
    matrix = np.zeros((tu.shape[0], pu.shape[0]))  # 0 = leave unassigned
    pair_of = np.full((tu.shape[0], pu.shape[0]), -1, dtype=np.intp)
    matrix[tinv, pinv] = cost
    pair_of[tinv, pinv] = np.arange(ti.shape[0])
    rows, cols = linear_sum_assignment(matrix)
    chosen = pair_of[rows, cols]
    return np.asarray(chosen[(chosen >= 0) & (matrix[rows, cols] < 0.0)], dtype=np.intp)


def assign(ti: IntArray, pj: IntArray, cost: FloatArray, n_tracks: int, n_plots: int) -> IntArray:
    """Indices (A,) of the chosen pairs: each track and plot at most once, total cost least.

    ti, pj (K,) are gated pairs, cost (K,) their costs; pairs with cost >= 0 are never chosen.
    """
    keep = np.flatnonzero(cost < 0.0)
    if keep.shape[0] == 0:
        return keep.astype(np.intp)
    ti, pj, cost = ti[keep], pj[keep], cost[keep]
    labels = _components(ti, pj, n_tracks, n_plots)
    order = np.argsort(labels, kind="stable")
    sizes = np.bincount(labels)
    single = sizes[labels[order]] == 1
    chosen = [order[single]]
    multi = order[~single]
    if multi.shape[0]:
        bounds = np.flatnonzero(np.diff(labels[multi])) + 1
        for part in np.split(multi, bounds):
            chosen.append(part[_solve_component(ti[part], pj[part], cost[part])])
    return np.asarray(keep[np.concatenate(chosen)], dtype=np.intp)
