"""Acoustic bearing model: z = [azimuth_rad, elevation_rad] from a post to where the sound left.

A post hears the object where it was tau = |p_e - s| / 343 s before the report: the track is
carried back along its velocity, p_e = p - v tau (two fixed-point passes). With tau held
fixed, d = C (p - v tau - s), so H = [J C, -tau J C], J the radar's angle rows. Posts with
no elevation figure get a dummy row (nu = 0, H = 0, R = 1) that carries no information, and
their azimuth row ignores the frame's up and climb rate: the posts' tilt against the frame
(range / Earth radius) moves a bearing far less than its noise, and letting it steer the
unobservable height made heard-only tracks sink.
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

SPEED_OF_SOUND_MPS = 343.0


@dataclass(frozen=True)
class PostGeometry:
    """Acoustic posts: ids (S,), ENU positions (S, 3), rotations (S, 3, 3), sigmas (S, 2) in rad
    (elevation NaN where not measured), max_range_m (S,), report_period_s (S,), heights above
    the ellipsoid alt_m (S,) and the frame origin's frame_alt0_m."""

    ids: tuple[str, ...]
    position_enu: FloatArray
    rotation: FloatArray
    sigma: FloatArray
    max_range_m: FloatArray
    report_period_s: FloatArray
    alt_m: FloatArray
    frame_alt0_m: float

    def index_of(self, sensor_id: npt.NDArray[np.object_]) -> IntArray:
        """Index of each sensor id (K,) among the posts, -1 where it is not one."""
        return index_in(self.ids, sensor_id)


def post_geometry(sensors: Sequence[Sensor], frame: LocalFrame) -> PostGeometry:
    """The acoustic posts among `sensors` (no position: left out; defaults 6°, 3 km, 2 s)."""
    posts = [s for s in sensors if s.kind == "acoustic" and None not in (s.lat, s.lon, s.alt_m)]
    lat = np.array([s.lat for s in posts], dtype=float)
    lon = np.array([s.lon for s in posts], dtype=float)
    e, n, u = frame.to_enu(lat, lon, np.array([s.alt_m for s in posts], dtype=float))
    sig_az = [s.sigma_azimuth_deg if s.sigma_azimuth_deg is not None else 6.0 for s in posts]
    sig_el = [s.sigma_elevation_deg if s.sigma_elevation_deg is not None else np.nan for s in posts]
    period = [float(s.extra.get("report_period_s", 2.0)) for s in posts]
    return PostGeometry(
        ids=tuple(s.id for s in posts),
        position_enu=np.stack([e, n, u], axis=-1).reshape(-1, 3),
        rotation=frame_to_local_rotation(frame.lat0, frame.lon0, lat, lon).reshape(-1, 3, 3),
        sigma=np.radians(np.column_stack([sig_az, sig_el]).reshape(-1, 2)),
        max_range_m=np.array([s.max_range_m or 3000.0 for s in posts], dtype=float),
        report_period_s=np.array(period, dtype=float),
        alt_m=np.array([s.alt_m for s in posts], dtype=float),
        frame_alt0_m=frame.alt0_m,
    )


def sound_delay_s(x: FloatArray, post: IntArray, geom: PostGeometry) -> FloatArray:
    """Travel time tau (K,) of the sound that reached the post now from states x (K, 6)."""
    s = geom.position_enu[post]
    tau = np.linalg.norm(x[:, :3] - s, axis=1) / SPEED_OF_SOUND_MPS
    for _ in range(2):
        tau = np.linalg.norm(x[:, :3] - x[:, 3:] * tau[:, None] - s, axis=1) / SPEED_OF_SOUND_MPS
    return np.asarray(tau, float)  # tau = |p - v tau - s| / c


def measure_bearing(x: FloatArray, post: IntArray, geom: PostGeometry) -> tuple[FloatArray, FloatArray]:
    """Predicted bearings h(x) (K, 2) = [az in [0, 2π), el] and Jacobians H (K, 2, 6)."""
    tau = sound_delay_s(x, post, geom)
    C = geom.rotation[post]
    d = np.einsum("kij,kj->ki", C, x[:, :3] - x[:, 3:] * tau[:, None] - geom.position_enu[post])
    de, dn, du = d[:, 0], d[:, 1], d[:, 2]
    rho2 = np.maximum(de**2 + dn**2, 1e-6)
    rho = np.sqrt(rho2)
    r2 = rho2 + du**2
    z = np.stack([np.mod(np.arctan2(de, dn), 2.0 * np.pi), np.arctan2(du, rho)], axis=-1)
    J = np.zeros((x.shape[0], 2, 3))
    J[:, 0, 0] = dn / rho2  # daz/dd = [dn, -de, 0] / rho²
    J[:, 0, 1] = -de / rho2
    J[:, 1, 0] = -de * du / (r2 * rho)  # del/dd = [-de du, -dn du, rho²] / (r² rho)
    J[:, 1, 1] = -dn * du / (r2 * rho)
    J[:, 1, 2] = rho / r2
    JC = np.einsum("kij,kjl->kil", J, C)
    H = np.concatenate([JC, -tau[:, None, None] * JC], axis=2)  # H = [J C, -tau J C]
    no_el = np.isnan(geom.sigma[post, 1])
    H[no_el, 1, :] = 0.0
    H[np.ix_(np.flatnonzero(no_el), np.array([0]), np.array([2, 5]))] = (
        0.0  # az ignores frame up (tilt ≪ noise)
    )
    return z, H


def bearing_innovation(z: FloatArray, z_pred: FloatArray, post: IntArray, geom: PostGeometry) -> FloatArray:
    """z - h(x) (K, 2), azimuth wrapped into [-π, π); 0 for the elevation a post does not give."""
    nu = z - z_pred
    nu[:, 0] = np.mod(nu[:, 0] + np.pi, 2.0 * np.pi) - np.pi
    nu[~np.isfinite(nu[:, 1]) | np.isnan(geom.sigma[post, 1]), 1] = 0.0
    return nu


def bearing_noise(post: IntArray, geom: PostGeometry) -> FloatArray:
    """R (K, 2, 2) = diag(σ_az², σ_el²), σ_el = 1 rad for the dummy row of posts without one."""
    s = np.nan_to_num(geom.sigma[post], nan=1.0)
    R = np.zeros((post.shape[0], 2, 2))
    R[:, 0, 0], R[:, 1, 1] = s[:, 0] ** 2, s[:, 1] ** 2
    return R


def bearing_dims(post: IntArray, geom: PostGeometry) -> FloatArray:
    """Number of real measured angles (K,): 1 or 2."""
    return np.where(np.isnan(geom.sigma[post, 1]), 1.0, 2.0)
