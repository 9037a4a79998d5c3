"""GOSPA against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from airwarn.evaluate.gospa import GospaError, gospa

C = 1000.0


def test_two_truths_one_estimate_at_300_m() -> None:
    truth = np.array([[0.0, 0.0, 0.0], [50_000.0, 0.0, 0.0]])
    est = np.array([[300.0, 0.0, 0.0]])
    g = gospa(truth, est, c=C)
    assert g.distance == pytest.approx(math.sqrt(300.0**2 + C**2 / 2))
    assert g.localisation == pytest.approx(300.0)
    assert g.missed == pytest.approx(C / math.sqrt(2))
    assert g.false == 0.0
    assert (g.n_assigned, g.n_missed, g.n_false) == (1, 1, 0)


def test_perfect_estimates_score_zero() -> None:
    pts = np.array([[0.0, 0.0, 0.0], [100.0, 200.0, 300.0], [5e4, -3e4, 9e3]])
    g = gospa(pts, pts[::-1].copy())
    assert g.distance == 0.0
    assert g.n_assigned == 3


@pytest.mark.parametrize(("n_truth", "n_est"), [(3, 0), (0, 4), (0, 0)])
def test_each_missed_or_false_point_costs_c_squared_over_two(n_truth: int, n_est: int) -> None:
    truth = np.arange(n_truth * 3, dtype=float).reshape(-1, 3) * 1e5
    est = np.arange(n_est * 3, dtype=float).reshape(-1, 3) * 1e5 + 7.0
    g = gospa(truth, est, c=C)
    assert g.distance**2 == pytest.approx(C**2 / 2 * (n_truth + n_est))


def test_distance_is_cut_off_at_c() -> None:
    near = gospa(np.zeros((1, 3)), np.array([[999.0, 0.0, 0.0]]), c=C)
    far = gospa(np.zeros((1, 3)), np.array([[2500.0, 0.0, 0.0]]), c=C)
    farther = gospa(np.zeros((1, 3)), np.array([[1e6, 0.0, 0.0]]), c=C)
    assert near.distance == pytest.approx(999.0)
    assert far.distance == pytest.approx(C) == farther.distance
    assert (far.n_assigned, far.n_missed, far.n_false) == (0, 1, 1)


def test_assignment_is_optimal_not_greedy() -> None:
    # Greedy would pair t0 with e0 (100 m) and leave t1-e1 at 900 m: 100² + 900² > 2 * 500².
    truth = np.array([[0.0, 0.0, 0.0], [1000.0, 0.0, 0.0]])
    est = np.array([[500.0, 0.0, 0.0], [1500.0, 0.0, 0.0]])
    g = gospa(truth, est, c=5000.0)
    assert g.distance == pytest.approx(math.sqrt(2 * 500.0**2))


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(GospaError):
        gospa(np.zeros((1, 3)), np.zeros((1, 3)), alpha=1.0)
    with pytest.raises(ValueError, match="c > 0"):
        gospa(np.zeros((1, 3)), np.zeros((1, 3)), c=0.0)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 5),
    st.integers(0, 5),
    st.integers(0, 2**31 - 1),
)
def test_parts_add_up_and_distance_is_symmetric(n: int, m: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    a, b = rng.normal(0, 1500, (n, 3)), rng.normal(0, 1500, (m, 3))
    g, h = gospa(a, b), gospa(b, a)
    assert g.distance**2 == pytest.approx(g.localisation**2 + g.missed**2 + g.false**2)
    assert g.distance == pytest.approx(h.distance)
    assert g.distance <= math.sqrt(C**2 / 2 * (n + m)) + 1e-9
