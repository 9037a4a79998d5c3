"""The shortcuts that make the tracker fast give the answers of the slow, plain computations."""

import numpy as np
from scipy.optimize import linear_sum_assignment

from airwarn.geo.frames import LocalFrame
from airwarn.tracking.association import assign
from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.enu import geodetic_state
from airwarn.tracking.kalman import innovation_stats
from airwarn.tracking.models.radar import innovation, jacobian, measure, noise_covariance, plots_to_enu
from airwarn.tracking.radar_updater import coarse_gate
from airwarn.tracking.state import TrackTable
from airwarn.tracking.tracker import Tracker
from airwarn.tracking.updater import predict_rows
from tests.tracking.example_scenario import run_tracker
from tests.tracking.synthetic import FRAME, StraightTargets, make_radars, radar_detections


def _best_total(ti: np.ndarray, pj: np.ndarray, cost: np.ndarray, n_t: int, n_p: int) -> float:
    """The least total cost by one dense assignment, leaving rows unassigned at cost 0."""
    m = np.zeros((n_t, n_p))
    m[ti, pj] = np.minimum(cost, 0.0)
    rows, cols = linear_sum_assignment(m)
    return float(m[rows, cols].sum())


def test_assignment_by_components_and_stars_equals_one_dense_solve():
    rng = np.random.default_rng(7)
    for _ in range(200):
        n_t, n_p = int(rng.integers(1, 9)), int(rng.integers(1, 9))
        k = int(rng.integers(1, n_t * n_p + 1))
        flat = rng.choice(n_t * n_p, size=k, replace=False)
        ti, pj = (flat // n_p).astype(np.intp), (flat % n_p).astype(np.intp)
        cost = rng.uniform(-10.0, 3.0, k)
        chosen = assign(ti, pj, cost, n_t, n_p)
        assert np.unique(ti[chosen]).shape == ti[chosen].shape  # each track once
        assert np.unique(pj[chosen]).shape == pj[chosen].shape  # each plot once
        assert np.all(cost[chosen] < 0.0)
        np.testing.assert_allclose(cost[chosen].sum(), _best_total(ti, pj, cost, n_t, n_p), atol=1e-9)


def test_coarse_cartesian_gate_keeps_every_pair_the_polar_gate_accepts():
    rng = np.random.default_rng(8)
    cfg = TrackerConfig()
    radars = make_radars(5.0, ((0, 0), (120, 40)))
    tracker = Tracker(radars, FRAME, cfg)
    geom, models, n = tracker.radars, tracker.models, 400
    tracks = TrackTable.empty(models.size)
    x = np.column_stack(
        [rng.uniform(-1e5, 1e5, (n, 2)), rng.uniform(100, 9000, n), rng.uniform(-250, 250, (n, 3))]
    )
    P = np.stack([np.diag(rng.uniform(50, 3000, 6) ** 2) for _ in range(n)])
    tracks = tracks.extend(
        TrackTable(
            x=x,
            P=P,
            xm=np.repeat(x[:, None], 3, axis=1),
            Pm=np.repeat(P[:, None], 3, axis=1),
            mu=np.tile(models.prior, (n, 1)),
            t_s=np.zeros(n),
            q=np.full(n, 30.0),
            number=np.arange(n),
            confirmed=np.ones(n, bool),
            hits=np.full(n, 4),
            score=np.zeros(n),
            created_s=np.zeros(n),
            revisit_s=np.full(n, 5.0),
            heard=np.zeros(n, bool),
            origin=np.zeros(n, dtype=np.int64),
            radar_s=np.zeros(n),
            radar_revisit_s=np.full(n, 5.0),
            last_post=np.full(n, -1, dtype=np.int64),
            post_changes=np.zeros(n, dtype=np.int64),
        )
    )
    sensor = rng.integers(0, 2, n).astype(np.intp)
    t_plot = rng.uniform(0.0, 5.0, n)
    truth = (
        x[:, :3] + x[:, 3:] * t_plot[:, None] + rng.normal(0.0, 1.0, (n, 3)) * np.sqrt(P[:, 0, 0])[:, None]
    )
    z = measure(truth, sensor, geom) + rng.normal(0.0, 1.0, (n, 3)) * geom.sigma[sensor]
    pos, cov = plots_to_enu(z, sensor, geom)
    ti = pj = np.arange(n, dtype=np.intp)
    pred = predict_rows(tracks, ti, t_plot, models, cfg)
    nu = innovation(z, measure(pred.x, sensor, geom))
    st = innovation_stats(pred.P, nu, jacobian(pred.x, sensor, geom), noise_covariance(sensor, geom))
    polar = st.mahalanobis2 <= cfg.gate_chi2
    coarse = coarse_gate(tracks, ti, pj, t_plot, pos, cov, models, cfg)
    assert polar.sum() > n // 2
    assert np.all(coarse[polar])  # never drops what the polar gate keeps


def test_two_radars_seeing_one_target_in_the_same_second_update_one_track():
    rng = np.random.default_rng(9)
    radars = make_radars(1.0, ((0, 0), (40, 0)))  # both sweep once a second
    target = StraightTargets(np.array([[20_000.0, 30_000.0, 2000.0]]), np.array([[-150.0, 80.0, 0.0]]))
    det = radar_detections(target, radars, 60.0, rng, pd=1.0)
    tracker = Tracker(radars, FRAME)
    rows = run_tracker(tracker, det, 60.0)
    assert np.unique(rows.track_id[rows.confirmed]).tolist() == ["T1"]
    assert tracker.stats["assigned"] >= len(det) - 6  # nearly every plot of both radars is used


def test_geodetic_state_matches_pymap3d_far_from_the_origin():
    frame = LocalFrame(48.5, 35.0, 120.0)
    rng = np.random.default_rng(10)
    pos = np.column_stack([rng.uniform(-6e5, 6e5, (200, 2)), rng.uniform(-3e4, 1.2e5, 200)])
    lat, lon, alt, _ = geodetic_state(frame, pos, np.zeros_like(pos))
    ref = frame.to_geodetic(pos[:, 0], pos[:, 1], pos[:, 2])
    np.testing.assert_allclose(lat, ref[0], atol=1e-9)
    np.testing.assert_allclose(lon, ref[1], atol=1e-9)
    np.testing.assert_allclose(alt, ref[2], atol=1e-3)
