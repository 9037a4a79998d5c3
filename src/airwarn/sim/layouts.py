"""Sensor layouts: typical radar types, acoustic post grids around places, the public observer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from scipy.spatial import cKDTree

from airwarn.errors import ConfigError
from airwarn.geo.frames import LocalFrame
from airwarn.geo.geography import Geography
from airwarn.scenario.model import Sensor
from airwarn.sim.config import AcousticLayout
from airwarn.sim.paths import GROUND_ALT_M

RADAR_TYPES: dict[str, dict[str, Any]] = {
    "airport": {
        "max_range_m": 110_000.0,
        "scan_period_s": 5.0,
        "sigma_range_m": 100.0,
        "sigma_azimuth_deg": 0.2,
        "sigma_elevation_deg": 0.4,
        "extra": {
            "clutter_per_scan": 6.0,
            "min_range_m": 1000.0,
            "max_elevation_deg": 35.0,
            "mast_height_m": 20.0,
        },
    },
    "long_range": {
        "max_range_m": 460_000.0,
        "scan_period_s": 12.0,
        "sigma_range_m": 100.0,
        "sigma_azimuth_deg": 0.2,
        "sigma_elevation_deg": 0.5,
        "extra": {
            "clutter_per_scan": 10.0,
            "min_range_m": 3000.0,
            "max_elevation_deg": 30.0,
            "mast_height_m": 30.0,
        },
    },
}
"""Airport surveillance (ASR-type: ~5 s scan, ~110 km) and long-range surveillance (~12 s,
~460 km); both ~100 m in range and ~0.2° in bearing."""


def radar(sensor_id: str, lat: float, lon: float, radar_type: str = "airport") -> Sensor:
    """A radar of a standard type standing on the ground at (lat, lon)."""
    if radar_type not in RADAR_TYPES:
        raise ConfigError(f"radar type {radar_type!r} is unknown; use one of {sorted(RADAR_TYPES)}")
    spec = dict(RADAR_TYPES[radar_type])
    extra = dict(spec.pop("extra"))
    return Sensor(id=sensor_id, kind="radar", lat=lat, lon=lon, alt_m=GROUND_ALT_M, extra=extra, **spec)


def public_observer(reports_per_100k_people: float = 3.0, mean_delay_s: float = 30.0) -> Sensor:
    """The citizens' reporting app as one observer sensor "public" (reports carry positions);
    reports_per_100k_people is the mean number of reports per passage over a place."""
    return Sensor(
        id="public",
        kind="observer",
        sigma_position_m=1500.0,
        sigma_azimuth_deg=20.0,
        extra={
            "false_share": 0.05,
            "malicious_reporters": 3,
            "reports_per_100k_people": reports_per_100k_people,
            "mean_delay_s": mean_delay_s,
        },
    )


def _hex_grid(radius_m: float, spacing_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Triangular grid points (east_m, north_m) spacing_m apart within radius_m of the origin."""
    n = int(np.ceil(radius_m / spacing_m)) + 1
    row = np.arange(-n, n + 1)
    i, j = np.meshgrid(row, row)
    east = (i + 0.5 * (j % 2)) * spacing_m
    north = j * spacing_m * np.sqrt(3) / 2
    inside = np.hypot(east, north) <= radius_m
    return east[inside].astype(float), north[inside].astype(float)


def acoustic_posts(
    layouts: Sequence[AcousticLayout], geography: Geography, rng: np.random.Generator, first_index: int = 1
) -> list[Sensor]:
    """Posts of all layouts (jittered by up to ~10 % of the spacing, on Ukrainian soil, none
    closer than half a spacing to an earlier one), numbered A0001, A0002, ..."""
    places = geography.places
    lats: list[float] = []
    lons: list[float] = []
    specs: list[AcousticLayout] = []
    for layout in layouts:
        for name in layout.centres:
            hits = np.flatnonzero(places.name == name)
            if hits.size == 0:
                raise ConfigError(f"acoustic layout centre {name!r} is not a populated place in Ukraine")
            k = int(hits[0])
            east, north = _hex_grid(layout.radius_km * 1e3, layout.spacing_km * 1e3)
            jitter = rng.normal(0.0, 0.1 * layout.spacing_km * 1e3, (2, east.size))
            frame = LocalFrame(float(places.lat[k]), float(places.lon[k]), 0.0)
            lat, lon, _ = frame.to_geodetic(east + jitter[0], north + jitter[1], np.zeros(east.size))
            ok = shapely.contains_xy(geography.ukraine, lon, lat)
            kept = _spaced(np.array(lats), np.array(lons), lat[ok], lon[ok], layout.spacing_km * 500.0)
            lats.extend(lat[ok][kept])
            lons.extend(lon[ok][kept])
            specs.extend([layout] * int(kept.sum()))
    return [
        _post(f"A{first_index + i:04d}", lat, lon, spec)
        for i, (lat, lon, spec) in enumerate(zip(lats, lons, specs, strict=True))
    ]


def _spaced(
    old_lat: np.ndarray, old_lon: np.ndarray, lat: np.ndarray, lon: np.ndarray, min_m: float
) -> np.ndarray:
    """Mask of new points at least min_m from every old point (flat metres near Ukraine)."""
    if old_lat.size == 0 or lat.size == 0:
        return np.ones(lat.size, dtype=bool)
    scale = np.array([111_200.0 * np.cos(np.radians(49.0)), 111_200.0])
    tree = cKDTree(np.column_stack([old_lon, old_lat]) * scale)
    dist, _ = tree.query(np.column_stack([lon, lat]) * scale)
    return np.asarray(dist >= min_m)


def _post(sensor_id: str, lat: float, lon: float, spec: AcousticLayout) -> Sensor:
    """One acoustic post with its layout's figures."""
    return Sensor(
        id=sensor_id,
        kind="acoustic",
        lat=round(float(lat), 5),
        lon=round(float(lon), 5),
        alt_m=GROUND_ALT_M + 3.0,
        max_range_m=spec.max_range_m,
        sigma_azimuth_deg=spec.sigma_azimuth_deg,
        extra={"report_period_s": spec.report_period_s, "false_per_hour": spec.false_per_hour},
    )
