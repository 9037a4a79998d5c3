"""Drone and cruise-missile corridors: arrival times along the cone and the cone's outline."""

from __future__ import annotations

import math

import numpy as np
import pytest
from shapely.geometry import Point, Polygon

from airwarn.geo.frames import destination
from airwarn.threat.corridor import Corridor, arrival_t_s, corridor
from airwarn.threat.footprint import cone_rings, sigma_scale


def _cone(half_angle_deg: float = 30.0) -> Corridor:
    v = np.array([[50.0, 0.0, 0.0]])  # 50 m/s due east
    return corridor(100.0, np.array([50.0]), np.array([36.0]), v, 600.0, np.array([half_angle_deg]), 1500.0)


def test_arrival_is_distance_ahead_over_speed() -> None:
    c = _cone()
    assert c.length_m[0] == pytest.approx(30_000.0)
    lat, lon = destination(
        np.full(3, 50.0), np.full(3, 36.0), np.array([90.0, 120.0, 270.0]), np.full(3, 6_000.0)
    )
    eta = arrival_t_s(c, 0, lat, lon)
    assert eta[0] == pytest.approx(100.0 + 6_000.0 / 50.0, abs=0.5)
    assert eta[1] == pytest.approx(100.0 + 6_000.0 * math.cos(math.radians(30.0)) / 50.0, abs=0.5)
    assert eta[2] == 100.0, "a place behind the track is not ahead of it"


def test_cone_widens_at_its_half_angle() -> None:
    c = _cone(30.0)
    lat, lon = cone_rings(c)
    cone = Polygon(np.column_stack([lon[0], lat[0]]))
    assert cone.is_valid

    def inside(bearing: float, dist_m: float) -> bool:
        la, lo = destination(50.0, 36.0, bearing, dist_m)
        return bool(cone.covers(Point(float(lo), float(la))))

    # 20 km ahead the half-width is 1.5 km + 20 km x tan 30 = 13.0 km
    assert inside(90.0 + math.degrees(math.atan2(12_000.0, 20_000.0)), math.hypot(12_000.0, 20_000.0))
    assert not inside(90.0 + math.degrees(math.atan2(14_500.0, 20_000.0)), math.hypot(14_500.0, 20_000.0))
    assert inside(90.0, 29_000.0) and not inside(90.0, 31_500.0)
    assert inside(270.0, 1_000.0) and not inside(270.0, 2_000.0)


def test_sigma_scale_puts_the_outline_where_the_density_is_the_threshold() -> None:
    for p in (0.05, 0.1, 0.5):
        m = sigma_scale(p)
        assert math.exp(-0.5 * m * m) == pytest.approx(p)
