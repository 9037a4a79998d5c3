"""Rotations between local ENU frames at different WGS84 points (pure numpy)."""

from __future__ import annotations

import functools

import numpy as np
import numpy.typing as npt

from airwarn.geo.frames import LocalFrame

FloatArray = npt.NDArray[np.float64]


def enu_to_ecef_rotation(lat_deg: FloatArray, lon_deg: FloatArray) -> FloatArray:
    """Rotations (K, 3, 3) whose columns are the east, north and up unit vectors in ECEF."""
    phi = np.radians(np.atleast_1d(np.asarray(lat_deg, float)))
    lam = np.radians(np.atleast_1d(np.asarray(lon_deg, float)))
    sp, cp, sl, cl = np.sin(phi), np.cos(phi), np.sin(lam), np.cos(lam)
    R = np.empty((phi.shape[0], 3, 3))
    R[:, :, 0] = np.stack([-sl, cl, np.zeros_like(sl)], axis=1)  # east
    R[:, :, 1] = np.stack([-sp * cl, -sp * sl, cp], axis=1)  # north
    R[:, :, 2] = np.stack([cp * cl, cp * sl, sp], axis=1)  # up
    return R


def frame_to_local_rotation(
    lat0_deg: float, lon0_deg: float, lat_deg: FloatArray, lon_deg: FloatArray
) -> FloatArray:
    """Rotations C (K, 3, 3) taking a vector from the frame's ENU axes to the ENU axes at (lat, lon)."""
    R0 = enu_to_ecef_rotation(np.array([lat0_deg]), np.array([lon0_deg]))[0]
    R = enu_to_ecef_rotation(lat_deg, lon_deg)
    return np.asarray(np.einsum("kji,jl->kil", R, R0), float)  # C = R' R0


WGS84_A_M = 6_378_137.0
WGS84_F = 1.0 / 298.257223563
_E2 = WGS84_F * (2.0 - WGS84_F)  # first eccentricity squared
_B_M = WGS84_A_M * (1.0 - WGS84_F)
_EP2 = _E2 / (1.0 - _E2)  # second eccentricity squared


def ecef_of(lat_deg: FloatArray, lon_deg: FloatArray, alt_m: FloatArray) -> FloatArray:
    """ECEF positions (K, 3) of geodetic points on WGS84."""
    phi, lam = np.radians(lat_deg), np.radians(lon_deg)
    n = WGS84_A_M / np.sqrt(1.0 - _E2 * np.sin(phi) ** 2)  # prime vertical radius
    return np.stack(
        [
            (n + alt_m) * np.cos(phi) * np.cos(lam),
            (n + alt_m) * np.cos(phi) * np.sin(lam),
            (n * (1.0 - _E2) + alt_m) * np.sin(phi),
        ],
        axis=-1,
    ).reshape(-1, 3)


def geodetic_of(ecef: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Geodetic lat, lon (deg) and height (m) (K,) of ECEF points (K, 3), by Bowring's formula
    in two passes: sub-millimetre from the ground to 120 km (checked against pymap3d)."""
    x, y, z = ecef[:, 0], ecef[:, 1], ecef[:, 2]
    p = np.hypot(x, y)
    beta = np.arctan2(z * WGS84_A_M, p * _B_M)  # parametric latitude, first guess
    for _ in range(2):
        sb, cb = np.sin(beta), np.cos(beta)
        phi = np.arctan2(z + _EP2 * _B_M * sb**3, p - _E2 * WGS84_A_M * cb**3)
        beta = np.arctan2((1.0 - WGS84_F) * np.sin(phi), np.cos(phi))
    sp, cp = np.sin(phi), np.cos(phi)
    n = WGS84_A_M / np.sqrt(1.0 - _E2 * sp**2)
    alt = p * cp + z * sp - WGS84_A_M**2 / n  # height, well conditioned at every latitude
    return np.degrees(phi), np.degrees(np.arctan2(y, x)), alt


@functools.lru_cache(maxsize=16)
def _origin(lat0: float, lon0: float, alt0_m: float) -> tuple[FloatArray, FloatArray]:
    """A frame origin's ECEF position (3,) and ENU-to-ECEF rotation (3, 3), computed once."""
    lat, lon = np.array([lat0]), np.array([lon0])
    return ecef_of(lat, lon, np.array([alt0_m]))[0], enu_to_ecef_rotation(lat, lon)[0]


def geodetic_state(
    frame: LocalFrame, pos_enu: FloatArray, vel_enu: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Positions (K, 3) and velocities (K, 3) in the frame's ENU axes -> lat, lon, alt_m (K,)
    and the velocity (K, 3) in the local east/north/up axes at each point, as tracks.csv wants."""
    X0, R0 = _origin(frame.lat0, frame.lon0, frame.alt0_m)
    ecef = X0 + pos_enu.reshape(-1, 3) @ R0.T  # X = X0 + R0 p
    lat, lon, alt = geodetic_of(ecef)
    C = frame_to_local_rotation(frame.lat0, frame.lon0, lat, lon)
    v_local = np.einsum("kij,kj->ki", C, vel_enu).reshape(-1, 3)  # v' = C v
    return lat, lon, alt, v_local


MEAN_EARTH_RADIUS_M = 6_371_008.8


def approx_altitude_m(pos_enu: FloatArray, alt0_m: float) -> FloatArray:
    """Height above the ellipsoid (K,) of ENU points (K, 3), with the Earth's curvature drop.

    alt ≈ alt0 + u + (e² + n²) / (2 R); good to tens of metres within ~500 km of the origin.
    """
    horiz2 = pos_enu[:, 0] ** 2 + pos_enu[:, 1] ** 2
    return np.asarray(alt0_m + pos_enu[:, 2] + horiz2 / (2.0 * MEAN_EARTH_RADIUS_M), float)


def up_at_altitude_m(xy_enu: FloatArray, alt_m: FloatArray, alt0_m: float) -> FloatArray:
    """Frame up coordinate (K,) of points at horizontal ENU (K, 2) that are alt_m (K,) above the
    ellipsoid: the inverse of approx_altitude_m, u = alt - alt0 - (e² + n²) / (2 R)."""
    horiz2 = xy_enu[:, 0] ** 2 + xy_enu[:, 1] ** 2
    return np.asarray(alt_m - alt0_m - horiz2 / (2.0 * MEAN_EARTH_RADIUS_M), float)


def horizontal_velocity_sigma(P: FloatArray) -> FloatArray:
    """The 1-sigma horizontal velocity error along its worst axis (K,) of state covariances
    (K, 6, 6) (velocity in rows 3-5): the square root of the larger eigenvalue of the east/north
    velocity block [[a, b], [b, d]], (a + d) / 2 + sqrt(((a - d) / 2)² + b²). Taken in the frame's
    axes: within a few hundred km of its origin they are the local ones to a few degrees."""
    a, b, d = P[:, 3, 3], P[:, 3, 4], P[:, 4, 4]
    lam = 0.5 * (a + d) + np.sqrt(0.25 * (a - d) ** 2 + b**2)
    return np.asarray(np.sqrt(np.maximum(lam, 0.0)), float)


def climb_rate_sigma(P: FloatArray) -> FloatArray:
    """The 1-sigma climb-rate error (K,) of state covariances (K, 6, 6): a radar's elevation
    noise times the range, seen from 100-200 km, makes a young track's rate of descent unknown."""
    return np.asarray(np.sqrt(np.maximum(P[:, 5, 5], 0.0)), float)
