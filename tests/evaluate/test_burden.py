"""Alert burden: ellipsoidal areas and their union integrated over time."""

from __future__ import annotations

from typing import Any

import h3
import numpy as np
import pyproj
import pytest
from shapely.geometry import Polygon

from airwarn.evaluate.alert_timeline import alert_pieces, burden_series
from airwarn.evaluate.ellipsoid_area import area_km2
from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import AlertMessage

FRAME = LocalFrame(48.0, 33.0, 0.0)


def _square_km(east_km: float, side_km: float = 10.0) -> dict[str, Any]:
    """A square of side_km (in the local tangent plane) with its west edge east_km east of FRAME."""
    e = np.array([0.0, side_km, side_km, 0.0, 0.0]) * 1e3 + east_km * 1e3
    n = np.array([0.0, 0.0, side_km, side_km, 0.0]) * 1e3
    lat, lon, _ = FRAME.to_geodetic(e, n, np.zeros(5))
    return {"type": "Polygon", "coordinates": [np.stack([lon, lat], axis=-1).tolist()]}


def test_ten_km_square_is_100_km2() -> None:
    geom = Polygon(_square_km(0.0)["coordinates"][0])
    assert area_km2(geom) == pytest.approx(100.0, rel=1e-4)


def test_area_agrees_with_pyproj_geod() -> None:
    poly = Polygon([(30.1, 46.2), (31.7, 46.0), (32.4, 47.3), (31.0, 48.1), (30.3, 47.6), (30.1, 46.2)])
    geod_area, _ = pyproj.Geod(ellps="WGS84").geometry_area_perimeter(poly)
    assert area_km2(poly) == pytest.approx(abs(geod_area) / 1e6, rel=1e-3)


def test_h3_cell_area_is_close_to_the_ellipsoidal_area() -> None:
    cell = h3.latlng_to_cell(48.0, 33.0, 3)
    poly = Polygon([(lon, lat) for lat, lon in h3.cell_to_boundary(cell)])
    assert area_km2(poly) == pytest.approx(h3.cell_area(cell, unit="km^2"), rel=5e-3)


def test_square_for_five_minutes_is_500_km2_min() -> None:
    pieces = alert_pieces([AlertMessage("a", "Alert", 60.0, 360.0, _square_km(0.0))])
    series = burden_series(pieces, 0.0, 600.0)
    assert series.total_km2_min() == pytest.approx(500.0, rel=1e-4)
    assert series.area_km2.max() == pytest.approx(100.0, rel=1e-4)


def test_overlap_is_counted_once_and_time_is_clipped_to_the_window() -> None:
    alerts = [
        AlertMessage("a", "Alert", 0.0, 120.0, _square_km(0.0)),
        AlertMessage("b", "Alert", 60.0, 900.0, _square_km(5.0)),
    ]
    series = burden_series(alert_pieces(alerts), 0.0, 600.0)
    # 0-60 s: 100 km²; 60-120 s: union 150 km²; 120-600 s: 100 km².
    assert series.total_km2_min() == pytest.approx(100 + 150 + 8 * 100, rel=1e-4)
    assert series.t_end_s[-1] == 600.0
