"""kd-tree pre-gate, chi-square gate and global nearest neighbour assignment."""

import numpy as np

from airwarn.tracking.association import assign
from airwarn.tracking.gating import candidate_pairs, chi2_gate, pair_cost


def test_candidate_pairs_accepts_near_and_rejects_far_plots():
    tracks = np.array([[0.0, 0.0, 1000.0], [50_000.0, 0.0, 1000.0]])
    plots = np.array(
        [[300.0, 0.0, 1000.0], [0.0, 4_000.0, 1000.0], [50_000.0, 900.0, 1000.0], [90_000.0, 0, 0]]
    )
    ti, pj = candidate_pairs(tracks, np.array([1000.0, 1000.0]), plots)
    assert sorted(zip(ti.tolist(), pj.tolist(), strict=True)) == [(0, 0), (1, 2)]


def test_candidate_pairs_handles_empty_inputs():
    ti, pj = candidate_pairs(np.zeros((0, 3)), np.zeros(0), np.ones((3, 3)))
    assert ti.shape == pj.shape == (0,)


def test_chi2_gate_and_cost_prefer_the_likely_plot():
    d2 = np.array([1.0, 9.0, 30.0])
    assert chi2_gate(d2, 14.16).tolist() == [True, True, False]
    cost = pair_cost(d2, np.full(3, 10.0), np.full(3, -20.0))
    assert cost[0] < cost[1] < cost[2]


def test_assignment_is_globally_best_for_crossing_targets():
    # Greedy would take A-1 (-10) then B-2 (-1) = -11; the best is A-2 + B-1 = -17.
    ti = np.array([0, 0, 1, 1])
    pj = np.array([0, 1, 0, 1])
    cost = np.array([-10.0, -9.0, -8.0, -1.0])
    chosen = assign(ti, pj, cost, 2, 2)
    assert sorted(zip(ti[chosen].tolist(), pj[chosen].tolist(), strict=True)) == [(0, 1), (1, 0)]


def test_assignment_never_takes_pairs_that_are_likelier_clutter():
    ti = np.array([0, 1, 2, 2])
    pj = np.array([0, 1, 2, 3])
    cost = np.array([-3.0, 0.5, np.inf, -2.0])
    chosen = assign(ti, pj, cost, 3, 4)
    assert sorted(zip(ti[chosen].tolist(), pj[chosen].tolist(), strict=True)) == [(0, 0), (2, 3)]


def test_assignment_solves_separate_components_independently():
    rng = np.random.default_rng(5)
    # 50 isolated one-to-one pairs plus one 3x3 component
    ti = np.concatenate([np.arange(50), np.repeat([50, 51, 52], 3)])
    pj = np.concatenate([np.arange(50), np.tile([50, 51, 52], 3)])
    m = -rng.uniform(1, 10, (3, 3))
    cost = np.concatenate([-np.ones(50), m.ravel()])
    chosen = assign(ti, pj, cost, 53, 53)
    assert chosen.shape[0] == 53
    assert np.unique(ti[chosen]).shape[0] == 53 and np.unique(pj[chosen]).shape[0] == 53
    from itertools import permutations

    best = min(sum(m[i, p[i]] for i in range(3)) for p in permutations(range(3)))
    np.testing.assert_allclose(cost[chosen].sum(), -50 + best)
