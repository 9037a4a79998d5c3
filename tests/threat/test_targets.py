"""Likely targets: the places ahead of a flyer, within its reach and sector, by built-up edge."""

from __future__ import annotations

import numpy as np
import pytest

from airwarn.geo.frames import destination
from airwarn.threat.plane import along_cross
from airwarn.threat.targets import TargetPlaces, built_up_radius_m, likely_targets

HOME = (49.0, 35.0)


def test_built_up_radius_grows_with_the_square_root_of_population() -> None:
    r = built_up_radius_m(np.array([1e3, 1e5, 4e5, 1e8]))
    np.testing.assert_allclose(r, [2000.0, 2500.0, 5000.0, 12_000.0])


def test_places_ahead_within_reach_and_sector_are_likely_targets() -> None:
    # five towns of 100,000 (radius 2.5 km): ahead, 40 deg off, 80 deg off, behind, too far
    bearings = np.array([90.0, 130.0, 170.0, 270.0, 90.0])
    dist = np.array([20_000.0, 20_000.0, 20_000.0, 5_000.0, 60_000.0])
    lat, lon = destination(np.full(5, HOME[0]), np.full(5, HOME[1]), bearings, dist)
    places = TargetPlaces.from_population(lat, lon, np.full(5, 1e5))
    idx, edge = likely_targets(places, HOME[0], HOME[1], 90.0, 30_000.0, 60.0)
    assert idx.tolist() == [0, 1]
    np.testing.assert_allclose(edge, [17_500.0, 17_500.0], rtol=2e-3)


def test_a_track_over_a_place_targets_it_whatever_its_heading() -> None:
    places = TargetPlaces.from_population(np.array([HOME[0]]), np.array([HOME[1]]), np.array([1e6]))
    idx, edge = likely_targets(places, HOME[0] + 0.01, HOME[1], 0.0, 1_000.0, 10.0)
    assert idx.tolist() == [0] and edge[0] == 0.0


def test_no_places_means_no_targets() -> None:
    idx, edge = likely_targets(TargetPlaces.none(), HOME[0], HOME[1], 0.0, 1e5, 90.0)
    assert idx.size == 0 and edge.size == 0


def test_along_and_across_the_heading_match_the_geodesic_offsets() -> None:
    lat, lon = destination(np.full(2, HOME[0]), np.full(2, HOME[1]), np.array([90.0, 0.0]), np.full(2, 50e3))
    a, c = along_cross(HOME[0], HOME[1], 90.0, lat, lon)
    assert a[0] == pytest.approx(50e3, rel=5e-3) and abs(c[0]) < 500.0
    assert abs(a[1]) < 1.0 and c[1] == pytest.approx(-50e3, rel=5e-3), "north is left of east"
