"""GOSPA (generalised optimal sub-pattern assignment) between true and estimated point sets.

Rahman, García-Fernández, Svensson (2017), with alpha = 2: the distance splits exactly into
localisation of assigned pairs plus c^p/2 for each missed and each false point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist

from airwarn.errors import AirwarnError
from airwarn.scenario.model import FloatArray

GOSPA_C_M: Final = 1000.0
GOSPA_P: Final = 2.0
GOSPA_ALPHA: Final = 2.0


class GospaError(AirwarnError, ValueError):
    """GOSPA was asked for with parameters it is not defined for here."""


@dataclass(frozen=True)
class GospaResult:
    """One GOSPA evaluation; the parts are in metres as (their p-th power share)^(1/p).

    distance^p = localisation^p + missed^p + false^p. Pairs assigned at or beyond c count as
    one missed and one false point (that is what alpha = 2 makes them cost).
    """

    distance: float
    localisation: float
    missed: float
    false: float
    n_assigned: int
    n_missed: int
    n_false: int


def gospa(
    truth_xyz: FloatArray,
    est_xyz: FloatArray,
    c: float = GOSPA_C_M,
    p: float = GOSPA_P,
    alpha: float = GOSPA_ALPHA,
) -> GospaResult:
    """GOSPA between truths (n, 3) and estimates (m, 3), optimal assignment on min(d, c)^p."""
    _check_parameters(c, p, alpha)
    truth = np.asarray(truth_xyz, float).reshape(-1, 3)
    est = np.asarray(est_xyz, float).reshape(-1, 3)
    return gospa_from_distances(cdist(truth, est), c, p)


def gospa_from_distances(d_m: FloatArray, c: float = GOSPA_C_M, p: float = GOSPA_P) -> GospaResult:
    """GOSPA (alpha = 2) from the (n truths, m estimates) distance matrix in metres."""
    _check_parameters(c, p, GOSPA_ALPHA)
    n, m = d_m.shape
    loc = 0.0
    n_assigned = 0
    if n and m:
        d = np.minimum(d_m, c)
        rows, cols = linear_sum_assignment(d**p)
        dd = d[rows, cols]
        near = dd < c
        n_assigned = int(near.sum())
        loc = float(np.sum(dd[near] ** p))
    n_missed, n_false = n - n_assigned, m - n_assigned
    missed_p = c**p / 2.0 * n_missed
    false_p = c**p / 2.0 * n_false
    return GospaResult(
        distance=float((loc + missed_p + false_p) ** (1.0 / p)),
        localisation=float(loc ** (1.0 / p)),
        missed=float(missed_p ** (1.0 / p)),
        false=float(false_p ** (1.0 / p)),
        n_assigned=n_assigned,
        n_missed=n_missed,
        n_false=n_false,
    )


def _check_parameters(c: float, p: float, alpha: float) -> None:
    """Refuse parameters outside what this implementation defines (alpha = 2, c > 0, p >= 1)."""
    if alpha != 2.0 or not c > 0 or not p >= 1:
        raise GospaError(f"gospa needs alpha = 2, c > 0, p >= 1; got alpha={alpha}, c={c}, p={p}")
