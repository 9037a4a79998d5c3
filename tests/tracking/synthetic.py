"""Seeded synthetic radar data for tracking tests: straight-flying targets and uniform clutter."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from airwarn.geo.frames import LocalFrame, aer_from
from airwarn.scenario.model import Detections, Sensor, detections_from_columns

FRAME = LocalFrame(48.0, 33.0, 0.0)


@dataclass(frozen=True)
class StraightTargets:
    """n targets: ENU start positions (n, 3) at t = 0 and constant velocities (n, 3)."""

    start_enu: np.ndarray
    velocity_enu: np.ndarray

    def position(self, t_s: np.ndarray, index: np.ndarray) -> np.ndarray:
        """ENU positions (K, 3) of targets index (K,) at times t_s (K,)."""
        return np.asarray(self.start_enu[index] + self.velocity_enu[index] * t_s[:, None], float)


def random_targets(n: int, rng: np.random.Generator, half_width_m: float = 80_000.0) -> StraightTargets:
    """n targets at 500-3000 m altitude and 40-300 m/s in random directions."""
    xy = rng.uniform(-half_width_m, half_width_m, size=(n, 2))
    alt = rng.uniform(500.0, 3000.0, size=n)
    speed = rng.uniform(40.0, 300.0, size=n)
    heading = rng.uniform(0.0, 2 * np.pi, size=n)
    vel = np.stack([speed * np.sin(heading), speed * np.cos(heading), np.zeros(n)], axis=1)
    return StraightTargets(np.column_stack([xy, alt]), vel)


def make_radars(
    scan_period_s: float = 1.0, positions_km: tuple[tuple[float, float], ...] = ((0, 0),)
) -> list[Sensor]:
    """Radars at ENU (east, north) km offsets in FRAME, 250 km range, typical noise."""
    out = []
    for i, (e_km, n_km) in enumerate(positions_km):
        lat, lon, _ = FRAME.to_geodetic(e_km * 1e3, n_km * 1e3, 0.0)
        out.append(
            Sensor(
                id=f"R{i + 1}",
                kind="radar",
                lat=float(lat),
                lon=float(lon),
                alt_m=100.0,
                max_range_m=250_000.0,
                scan_period_s=scan_period_s,
                sigma_range_m=80.0,
                sigma_azimuth_deg=0.25,
                sigma_elevation_deg=0.3,
            )
        )
    return out


def radar_detections(
    targets: StraightTargets | None,
    radars: list[Sensor],
    duration_s: float,
    rng: np.random.Generator,
    pd: float = 0.9,
    clutter_per_scan: float = 0.0,
) -> Detections:
    """Plots of every radar scan (beam time follows azimuth), with noise, misses and clutter."""
    cols: dict[str, list[np.ndarray]] = {
        k: [] for k in ("t_s", "sensor_id", "range_m", "azimuth_deg", "elevation_deg")
    }
    for s in radars:
        period = float(s.scan_period_s or 1.0)
        phase = rng.uniform(0.0, period)
        for t0 in np.arange(phase, duration_s - period, period):
            parts = _scan(targets, s, t0, period, rng, pd, clutter_per_scan)
            for k, v in parts.items():
                cols[k].append(v)
    joined = {k: np.concatenate(v) for k, v in cols.items()}
    det = detections_from_columns(joined["t_s"].shape[0], joined)
    return det.sorted_by_time()


def _scan(
    targets: StraightTargets | None,
    s: Sensor,
    t0: float,
    period: float,
    rng: np.random.Generator,
    pd: float,
    clutter: float,
) -> dict[str, np.ndarray]:
    """One sweep of one radar starting at t0."""
    lat0, lon0, alt0 = float(s.lat or 0), float(s.lon or 0), float(s.alt_m or 0)
    az_l, el_l, r_l, t_l = [], [], [], []
    if targets is not None:
        n = targets.start_enu.shape[0]
        idx = np.arange(n)
        p0 = targets.position(np.full(n, t0), idx)
        az0, _, _ = aer_from(lat0, lon0, alt0, *FRAME.to_geodetic(p0[:, 0], p0[:, 1], p0[:, 2]))
        t = t0 + az0 / 360.0 * period
        p = targets.position(t, idx)
        az, el, rng_m = aer_from(lat0, lon0, alt0, *FRAME.to_geodetic(p[:, 0], p[:, 1], p[:, 2]))
        seen = (rng.uniform(size=n) < pd) & (rng_m < float(s.max_range_m or 2e5))
        az_l.append(az[seen])
        el_l.append(el[seen])
        r_l.append(rng_m[seen])
        t_l.append(t[seen])
    k = rng.poisson(clutter)
    caz = rng.uniform(0.0, 360.0, k)
    az_l.append(caz)
    el_l.append(rng.uniform(0.0, 5.0, k))
    r_l.append(rng.uniform(2000.0, float(s.max_range_m or 2e5), k))
    t_l.append(t0 + caz / 360.0 * period)
    az, el, r, t = (np.concatenate(v) for v in (az_l, el_l, r_l, t_l))
    m = az.shape[0]
    return {
        "t_s": t,
        "sensor_id": np.full(m, s.id, dtype=object),
        "range_m": r + rng.normal(0.0, float(s.sigma_range_m or 0), m),
        "azimuth_deg": np.mod(az + rng.normal(0.0, float(s.sigma_azimuth_deg or 0), m), 360.0),
        "elevation_deg": el + rng.normal(0.0, float(s.sigma_elevation_deg or 0), m),
    }
