"""Footprints on cells: a cone's cells lie inside it with arrival = distance ahead / speed; an
ellipse holds its impact point; a place's disc is its built-up area; cells come from the store
as h3 would give them."""

from __future__ import annotations

import h3.api.basic_int as h3
import numpy as np
import pytest

from airwarn.alerting.cell_store import CellStore
from airwarn.alerting.footprint_cells import FootprintCells, merge_earliest
from airwarn.threat.plane import along_cross, local_xy
from airwarn.threat.targets import TargetPlaces

HOME = (49.9, 36.3)


def _mapper(places: TargetPlaces | None = None) -> FootprintCells:
    return FootprintCells(CellStore(7), places or TargetPlaces.none())


def test_cone_cells_lie_in_the_cone_and_arrive_at_distance_over_speed() -> None:
    m = _mapper()
    cells, eta = m.cone(100.0, HOME[0], HOME[1], 45.0, 50.0, 20_000.0, 10.0, 1_500.0)
    assert cells.size > 20 and np.all(np.diff(cells) > 0)
    ll = np.array([h3.cell_to_latlng(int(c)) for c in cells])
    a, c = along_cross(HOME[0], HOME[1], 45.0, ll[:, 0], ll[:, 1])
    rim = m.rim_m
    assert np.all(a <= 20_000.0 + rim) and np.all(a >= -1_500.0 - rim)
    assert np.all(np.abs(c) <= 1_500.0 + rim + np.clip(a, 0, None) * np.tan(np.radians(10.0)))
    np.testing.assert_allclose(eta, 100.0 + np.maximum(a, 0.0) / 50.0)
    assert h3.latlng_to_cell(HOME[0], HOME[1], 7) in cells.tolist(), "the track's own cell"


def test_ellipse_holds_the_impact_cell_and_nothing_beyond_its_axes() -> None:
    m = _mapper()
    cells, eta = m.ellipse(HOME[0], HOME[1], 0.0, 4_000.0, 1_000.0, 250.0)
    assert h3.latlng_to_cell(HOME[0], HOME[1], 7) in cells.tolist()
    ll = np.array([h3.cell_to_latlng(int(c)) for c in cells])
    x, y = local_xy(HOME[0], HOME[1], ll[:, 0], ll[:, 1])
    assert np.all(np.abs(y) <= 4_000.0 + m.rim_m) and np.all(np.abs(x) <= 1_000.0 + m.rim_m)
    assert np.all(eta == 250.0)


def test_place_disc_covers_its_built_up_area() -> None:
    places = TargetPlaces.from_population(np.array([HOME[0]]), np.array([HOME[1]]), np.array([1.4e6]))
    m = _mapper(places)
    cells, lat, lon = m.place_cells(0)
    area_km2 = sum(h3.cell_area(int(c), "km^2") for c in cells)
    r_km = places.radius_m[0] / 1000.0
    assert np.pi * r_km**2 < area_km2 < np.pi * (r_km + 1.5) ** 2
    both, eta = m.targets(np.array([0]), np.array([400.0]))
    assert np.array_equal(both, cells) and np.all(eta == 400.0)
    assert lat.shape == lon.shape == cells.shape


def test_store_tiles_hold_every_cell_once() -> None:
    store = CellStore(7)
    tiles, _, _ = store.tiles_near(HOME[0], HOME[1], 10_000.0)
    cells, lat, lon = store.cells_of(tiles)
    assert np.unique(cells).size == cells.size == 343 * len(tiles)
    assert (lat[5], lon[5]) == pytest.approx(h3.cell_to_latlng(int(cells[5])))


def test_merged_footprints_keep_each_cells_earliest_arrival() -> None:
    a = (np.array([1, 2, 3], np.int64), np.array([10.0, 20.0, 30.0]))
    b = (np.array([2, 4], np.int64), np.array([5.0, 1.0]))
    cells, eta = merge_earliest([a, b])
    assert cells.tolist() == [1, 2, 3, 4] and eta.tolist() == [10.0, 5.0, 30.0, 1.0]
