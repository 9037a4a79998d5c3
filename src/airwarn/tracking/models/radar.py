"""Radar polar measurement model: z = [range_m, azimuth_rad, elevation_rad] seen from a sensor.

Tracks live in the LocalFrame's ENU axes; each radar measures in its own ENU axes (its
local vertical), so d = C (p - p_s) with C the frame-to-sensor rotation; this makes the
model exact on the WGS84 ellipsoid. Azimuth is clockwise from north, atan2(d_e, d_n).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import Sensor
from airwarn.tracking.enu import frame_to_local_rotation
from airwarn.tracking.sensor_index import index_in

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

MEAS_DIM = 3


@dataclass(frozen=True)
class RadarGeometry:
    """Where the radars are: ids (S,), ENU positions (S, 3), rotations (S, 3, 3), sigmas (S, 3)."""

    ids: tuple[str, ...]
    position_enu: FloatArray
    rotation: FloatArray
    sigma: FloatArray
    scan_period_s: FloatArray

    def index_of(self, sensor_id: npt.NDArray[np.object_]) -> IntArray:
        """Index of each sensor id (K,) in this geometry, -1 where it is not a radar here."""
        return index_in(self.ids, sensor_id)


def radar_geometry(sensors: Sequence[Sensor], frame: LocalFrame, default_scan_s: float) -> RadarGeometry:
    """The radars among `sensors`, placed in `frame` (no position: left out; no sigmas: 100 m, 0.5°)."""
    radars = [
        s
        for s in sensors
        if s.kind == "radar" and s.lat is not None and s.lon is not None and s.alt_m is not None
    ]
    lat = np.array([s.lat for s in radars], dtype=float)
    lon = np.array([s.lon for s in radars], dtype=float)
    alt = np.array([s.alt_m for s in radars], dtype=float)
    e, n, u = frame.to_enu(lat, lon, alt)
    sigma = np.array(
        [
            [
                s.sigma_range_m if s.sigma_range_m is not None else 100.0,
                np.radians(s.sigma_azimuth_deg if s.sigma_azimuth_deg is not None else 0.5),
                np.radians(s.sigma_elevation_deg if s.sigma_elevation_deg is not None else 0.5),
            ]
            for s in radars
        ],
        dtype=float,
    ).reshape(-1, 3)
    scan = np.array(
        [s.scan_period_s if s.scan_period_s is not None else default_scan_s for s in radars], dtype=float
    )
    return RadarGeometry(
        ids=tuple(s.id for s in radars),
        position_enu=np.stack([e, n, u], axis=-1).reshape(-1, 3),
        rotation=frame_to_local_rotation(frame.lat0, frame.lon0, lat, lon).reshape(-1, 3, 3),
        sigma=sigma,
        scan_period_s=scan,
    )


def _sensor_vectors(pos_enu: FloatArray, sensor: IntArray, geom: RadarGeometry) -> FloatArray:
    """Target minus sensor position in each sensor's own ENU axes, (K, 3)."""
    return np.asarray(
        np.einsum("kij,kj->ki", geom.rotation[sensor], pos_enu - geom.position_enu[sensor]), float
    )


def measure(x: FloatArray, sensor: IntArray, geom: RadarGeometry) -> FloatArray:
    """Predicted measurements h(x) (K, 3) = [range_m, azimuth_rad in [0, 2π), elevation_rad]."""
    d = _sensor_vectors(x[:, :3], sensor, geom)
    rho = np.hypot(d[:, 0], d[:, 1])
    r = np.hypot(rho, d[:, 2])
    az = np.mod(np.arctan2(d[:, 0], d[:, 1]), 2.0 * np.pi)
    el = np.arctan2(d[:, 2], rho)
    return np.stack([r, az, el], axis=-1)


def jacobian(x: FloatArray, sensor: IntArray, geom: RadarGeometry) -> FloatArray:
    """Measurement Jacobians H = dh/dx (K, 3, 6) at states x (K, 6)."""
    d = _sensor_vectors(x[:, :3], sensor, geom)
    de, dn, du = d[:, 0], d[:, 1], d[:, 2]
    rho2 = np.maximum(de**2 + dn**2, 1e-6)
    rho = np.sqrt(rho2)
    r2 = rho2 + du**2
    r = np.sqrt(r2)
    J = np.zeros((x.shape[0], 3, 3))
    J[:, 0, :] = d / r[:, None]  # dr/dd = d / r
    J[:, 1, 0] = dn / rho2  # daz/dd = [dn, -de, 0] / rho²
    J[:, 1, 1] = -de / rho2
    J[:, 2, 0] = -de * du / (r2 * rho)  # del/dd = [-de du, -dn du, rho²] / (r² rho)
    J[:, 2, 1] = -dn * du / (r2 * rho)
    J[:, 2, 2] = rho / r2
    H = np.zeros((x.shape[0], 3, 6))
    H[:, :, :3] = np.einsum("kij,kjl->kil", J, geom.rotation[sensor])  # H_p = J C
    return H


def innovation(z: FloatArray, z_pred: FloatArray) -> FloatArray:
    """z - h(x) (K, 3) with the azimuth difference wrapped into [-π, π)."""
    nu = z - z_pred
    nu[:, 1] = np.mod(nu[:, 1] + np.pi, 2.0 * np.pi) - np.pi
    return nu


def noise_covariance(sensor: IntArray, geom: RadarGeometry) -> FloatArray:
    """Measurement noise R (K, 3, 3) = diag(σ_r², σ_az², σ_el²) of each plot's radar."""
    s2 = geom.sigma[sensor] ** 2
    R = np.zeros((sensor.shape[0], 3, 3))
    idx = np.arange(3)
    R[:, idx, idx] = s2
    return R


def plots_to_enu(z: FloatArray, sensor: IntArray, geom: RadarGeometry) -> tuple[FloatArray, FloatArray]:
    """Plot positions (K, 3) and their covariances (K, 3, 3) in the frame's ENU axes."""
    r, az, el = z[:, 0], z[:, 1], z[:, 2]
    ce, se, ca, sa = np.cos(el), np.sin(el), np.cos(az), np.sin(az)
    d = np.stack([r * ce * sa, r * ce * ca, r * se], axis=-1)
    C = geom.rotation[sensor]
    pos = geom.position_enu[sensor] + np.einsum("kji,kj->ki", C, d)  # p = p_s + C' d
    J = np.empty((z.shape[0], 3, 3))  # J = dd / d(r, az, el)
    J[:, :, 0] = d / np.maximum(r, 1e-9)[:, None]
    J[:, :, 1] = np.stack([r * ce * ca, -r * ce * sa, np.zeros_like(r)], axis=-1)
    J[:, :, 2] = np.stack([-r * se * sa, -r * se * ca, r * ce], axis=-1)
    G = np.einsum("kji,kjl->kil", C, J)  # G = C' J
    cov = np.einsum("kij,kj,klj->kil", G, geom.sigma[sensor] ** 2, G)  # Σ = G R G'
    return pos, cov
