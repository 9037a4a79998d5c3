"""Global nearest neighbour association over a sparse gated graph.

The gated pairs form a bipartite graph; each connected component is solved on its own
with linear_sum_assignment. Most components are one track and one plot and are taken
directly; components with one track or one plot (a star) take their cheapest pair, all at once;
only the rest call the solver.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]


def _components(ti: IntArray, pj: IntArray, n_tracks: int, n_plots: int) -> IntArray:
    """Component label (K,) of each pair in the bipartite graph tracks + plots.

    Labels spread as the least node index along the edges until nothing changes (as many passes
    as the widest component is long: a few, since gated components are small).
    """
    label_t = np.arange(n_tracks, dtype=np.intp)
    label_p = np.arange(n_tracks, n_tracks + n_plots, dtype=np.intp)
    while True:
        low = np.minimum(label_t[ti], label_p[pj])
        np.minimum.at(label_t, ti, low)
        np.minimum.at(label_p, pj, low)
        if np.array_equal(label_t[ti], label_p[pj]):
            break
    _, dense = np.unique(label_t[ti], return_inverse=True)
    return np.asarray(dense.reshape(-1), dtype=np.intp)


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
    alone = (np.bincount(ti, minlength=n_tracks)[ti] == 1) & (np.bincount(pj, minlength=n_plots)[pj] == 1)
    chosen = [np.flatnonzero(alone)]  # a pair whose track and plot have no other pair: taken as is
    rest = np.flatnonzero(~alone)
    if rest.shape[0]:
        labels = _components(ti[rest], pj[rest], n_tracks, n_plots)
        star = _is_star(labels, ti[rest], pj[rest], n_tracks, n_plots)
        chosen.append(rest[star][_cheapest_per_label(labels[star], cost[rest][star])])
        general = rest[~star]
        labels = labels[~star]
        order = general[np.argsort(labels, kind="stable")]
        for part in np.split(order, np.flatnonzero(np.diff(np.sort(labels))) + 1):
            if part.shape[0]:
                chosen.append(part[_solve_component(ti[part], pj[part], cost[part])])
    return np.asarray(keep[np.sort(np.concatenate(chosen))], dtype=np.intp)


def _is_star(labels: IntArray, ti: IntArray, pj: IntArray, n_tracks: int, n_plots: int) -> BoolArray:
    """True (K,) for pairs of components with one track or one plot (the best pair is the answer)."""
    n_labels = int(labels.max()) + 1
    tracks_in = np.bincount(np.unique(labels * n_tracks + ti) // n_tracks, minlength=n_labels)
    plots_in = np.bincount(np.unique(labels * n_plots + pj) // n_plots, minlength=n_labels)
    return np.asarray((tracks_in[labels] == 1) | (plots_in[labels] == 1), bool)


def _cheapest_per_label(labels: IntArray, cost: FloatArray) -> IntArray:
    """Index (L,) of the least-cost pair of each label present."""
    order = np.lexsort((cost, labels))
    first = np.ones(order.shape[0], dtype=bool)
    first[1:] = labels[order][1:] != labels[order][:-1]
    return np.asarray(order[first], dtype=np.intp)
