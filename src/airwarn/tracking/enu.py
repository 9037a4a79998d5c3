"""Rotations between local ENU frames at different WGS84 points (pure numpy)."""

from __future__ import annotations

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


def geodetic_state(
    frame: LocalFrame, pos_enu: FloatArray, vel_enu: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Positions (K, 3) and velocities (K, 3) in the frame's ENU axes -> lat, lon, alt_m (K,)
    and the velocity (K, 3) in the local east/north/up axes at each point, as tracks.csv wants."""
    lat, lon, alt = frame.to_geodetic(pos_enu[:, 0], pos_enu[:, 1], pos_enu[:, 2])
    lat, lon, alt = (np.atleast_1d(a).astype(float) for a in (lat, lon, alt))
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
