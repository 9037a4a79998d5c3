"""The regional H3 baseline on hand cases."""

from __future__ import annotations

import h3
import numpy as np
import pytest

from airwarn.evaluate.baseline import run_baseline
from airwarn.evaluate.presentation import score_seconds, truth_paths
from airwarn.geo.frames import LocalFrame, destination, haversine_m
from airwarn.scenario.model import Impacts, Truth

CELL = h3.latlng_to_cell(48.0, 33.0, 3)
FRAME = LocalFrame(48.0, 33.0, 0.0)


def _static(oid: str, lat: float, lon: float, t_s: np.ndarray) -> Truth:
    n = t_s.size
    return Truth(
        t_s,
        np.full(n, oid, dtype=object),
        np.full(n, "drone", dtype=object),
        np.full(n, lat),
        np.full(n, lon),
        np.full(n, 500.0),
    )


def _concat(*parts: Truth) -> Truth:
    return Truth(*(np.concatenate([getattr(p, c) for p in parts]) for c in Truth.__dataclass_fields__))


def _impacts(rows: list[tuple[str, float, float, float]]) -> Impacts:
    return Impacts(
        object_id=np.array([r[0] for r in rows], dtype=object),
        object_kind=np.full(len(rows), "drone", dtype=object),
        t_s=np.array([r[1] for r in rows]),
        lat=np.array([r[2] for r in rows]),
        lon=np.array([r[3] for r in rows]),
    )


def test_threat_at_a_cell_centre_alerts_that_cell_only_until_impact() -> None:
    lat, lon = h3.cell_to_latlng(CELL)
    truth = _concat(
        _static("T1", lat, lon, np.arange(0.0, 11.0)), _static("T2", lat, lon, np.arange(0.0, 50.0))
    )
    impacts = _impacts([("T1", 10.4, lat, lon)])
    res = run_baseline(impacts, truth_paths(truth, FRAME), score_seconds(60.0), np.array([5.0]))
    area = h3.cell_area(CELL, unit="km^2")
    # T2 never comes down: it is no threat to the baseline. T1 counts at seconds 0..10.
    assert res.burden_km2_min == pytest.approx(11 * area / 60.0)
    assert res.area_km2[:11] == pytest.approx(np.full(11, area))
    assert res.impacts.lead_s[0] == pytest.approx(10.4)
    assert bool(res.impacts.sufficient[0])


def test_threat_within_30_km_of_a_neighbour_alerts_it_too() -> None:
    boundary = h3.cell_to_boundary(CELL)
    (a_lat, a_lon), (b_lat, b_lon) = boundary[0], boundary[1]
    mid_lat, mid_lon = (a_lat + b_lat) / 2, (a_lon + b_lon) / 2
    c_lat, c_lon = h3.cell_to_latlng(CELL)
    frac = 10_000.0 / float(haversine_m(mid_lat, mid_lon, c_lat, c_lon))
    lat, lon = mid_lat + frac * (c_lat - mid_lat), mid_lon + frac * (c_lon - mid_lon)
    assert h3.latlng_to_cell(lat, lon, 3) == CELL
    truth = _static("T1", lat, lon, np.arange(0.0, 5.0))
    res = run_baseline(
        _impacts([("T1", 4.0, lat, lon)]), truth_paths(truth, FRAME), score_seconds(10.0), np.zeros(1)
    )
    neighbours = {h3.latlng_to_cell(*destination(lat, lon, brg, 25_000.0), 3) for brg in range(0, 360, 5)}
    neighbours.discard(CELL)
    assert len(neighbours) == 1
    expected = h3.cell_area(CELL, unit="km^2") + h3.cell_area(neighbours.pop(), unit="km^2")
    assert res.area_km2[0] == pytest.approx(expected)
    assert res.area_km2[5:].max() == 0.0


def test_moving_threat_warns_the_impact_cell_only_once_it_is_near() -> None:
    c_lat, c_lon = h3.cell_to_latlng(CELL)
    start = destination(c_lat, c_lon, 0.0, 300_000.0)
    t = np.arange(0.0, 101.0)
    f = t / 100.0
    truth = Truth(
        t,
        np.full(t.size, "T1", dtype=object),
        np.full(t.size, "drone", dtype=object),
        float(start[0]) + f * (c_lat - float(start[0])),
        float(start[1]) + f * (c_lon - float(start[1])),
        np.full(t.size, 500.0),
    )
    res = run_baseline(
        _impacts([("T1", 100.0, c_lat, c_lon)]),
        truth_paths(truth, FRAME),
        score_seconds(100.0),
        np.array([100.0]),
    )
    lead = float(res.impacts.lead_s[0])
    # Alerted from when the threat is within 30 km of the cell: roughly 300 - 30 - ~60 km out.
    assert 10.0 < lead < 40.0
    assert not bool(res.impacts.sufficient[0])
