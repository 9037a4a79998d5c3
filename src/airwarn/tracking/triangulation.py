"""Acoustic initiation: bearings from two posts that cross within a short window start a track.

Unassociated bearings wait in a bounded pool (the last `acoustic_init_window_s`). A new
bearing pairs with a pooled one of another post when their horizontal rays cross in front of
both, within both posts' ranges, at an angle wide enough to fix a point. The crossing gives
the position (height above the ellipsoid from an elevation if a post has one, else a default
low altitude, turned into the frame's up with the Earth's curvature), its
covariance from the rays' cross-range errors, P_h⁻¹ = Σ n_i n_i' / (r_i σ_i)², and a zero
velocity with a broad sigma (a heard object is a drone or a cruise missile).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.enu import up_at_altitude_m
from airwarn.tracking.models.bearing import PostGeometry
from airwarn.tracking.models.radar import RadarGeometry

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]


@dataclass
class BearingSet:
    """Bearings: t_s (B,), post index (B,), azimuth and elevation in rad (B,) (elevation NaN: none)."""

    t_s: FloatArray
    post: IntArray
    az: FloatArray
    el: FloatArray

    def __len__(self) -> int:
        return int(self.t_s.shape[0])

    @classmethod
    def empty(cls) -> BearingSet:
        """No bearings."""
        return cls(np.zeros(0), np.zeros(0, dtype=np.intp), np.zeros(0), np.zeros(0))

    def take(self, index: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> BearingSet:
        """The bearings selected by an index array or boolean mask."""
        return BearingSet(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def extend(self, other: BearingSet) -> BearingSet:
        """These bearings followed by `other`'s."""
        return BearingSet(
            **{f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)]) for f in fields(self)}
        )


def ray_directions(b: BearingSet, geom: PostGeometry) -> FloatArray:
    """Unit horizontal ray directions (B, 2) in the frame's east-north axes."""
    local = np.stack([np.sin(b.az), np.cos(b.az), np.zeros_like(b.az)], axis=-1)
    d = np.einsum("kji,kj->ki", geom.rotation[b.post], local)[:, :2]  # C' d
    return np.asarray(d / np.linalg.norm(d, axis=1, keepdims=True), float)


def cross(
    s1: FloatArray, u1: FloatArray, s2: FloatArray, u2: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Ranges r1, r2 (K,) along rays s_i + r_i u_i (K, 2) to their crossing, and |sin angle| (K,)."""
    det = u1[:, 0] * (-u2[:, 1]) - u1[:, 1] * (-u2[:, 0])  # [u1, -u2] r = s2 - s1
    b = s2 - s1
    safe = np.where(np.abs(det) < 1e-9, 1e-9, det)
    r1 = (b[:, 0] * (-u2[:, 1]) - b[:, 1] * (-u2[:, 0])) / safe  # Cramer's rule
    r2 = (u1[:, 0] * b[:, 1] - u1[:, 1] * b[:, 0]) / safe
    return r1, r2, np.abs(det)


def pair_bearings(
    pool: BearingSet, new: BearingSet, geom: PostGeometry, cfg: TrackerConfig
) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    """Crossing pairs (pool index, new index, r_pool, r_new) (K,), at most one per new bearing."""
    empty = np.zeros(0, dtype=np.intp)
    if len(pool) == 0 or len(new) == 0:
        return empty, empty, np.zeros(0), np.zeros(0)
    reach = 2.0 * float(geom.max_range_m.max())
    hits = cKDTree(geom.position_enu[pool.post, :2]).query_ball_point(geom.position_enu[new.post, :2], reach)
    counts = np.fromiter(map(len, hits), dtype=np.intp, count=len(hits))
    if counts.sum() == 0:
        return empty, empty, np.zeros(0), np.zeros(0)
    jn = np.repeat(np.arange(len(new), dtype=np.intp), counts)
    ip = np.concatenate([h for h in hits if h]).astype(np.intp)
    s_p, s_n = geom.position_enu[pool.post[ip], :2], geom.position_enu[new.post[jn], :2]
    r_p, r_n, sin_a = cross(s_p, ray_directions(pool.take(ip), geom), s_n, ray_directions(new.take(jn), geom))
    slack = 1.0 + cfg.acoustic_range_slack
    ok = (pool.post[ip] != new.post[jn]) & (np.abs(new.t_s[jn] - pool.t_s[ip]) <= cfg.acoustic_init_window_s)
    ok &= (r_p > 0.0) & (r_n > 0.0) & (sin_a >= np.sin(np.radians(cfg.acoustic_min_crossing_deg)))
    ok &= (r_p <= slack * geom.max_range_m[pool.post[ip]]) & (r_n <= slack * geom.max_range_m[new.post[jn]])
    ip, jn, r_p, r_n, sin_a = ip[ok], jn[ok], r_p[ok], r_n[ok], sin_a[ok]
    order = np.lexsort((-sin_a, jn))  # by new bearing, widest crossing first
    first = np.ones(order.shape[0], dtype=bool)
    first[1:] = jn[order][1:] != jn[order][:-1]
    pick = order[first]
    _, once = np.unique(ip[pick], return_index=True)  # each pooled bearing used once
    pick = pick[once]
    return ip[pick], jn[pick], r_p[pick], r_n[pick]


def crossing_states(
    a: BearingSet, b: BearingSet, r_a: FloatArray, r_b: FloatArray, geom: PostGeometry, cfg: TrackerConfig
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """States x (K, 6), covariances P (K, 6, 6) and times (K,) at the later bearing of each pair."""
    s_a, s_b = geom.position_enu[a.post], geom.position_enu[b.post]
    u_a, u_b = ray_directions(a, geom), ray_directions(b, geom)
    xy = 0.5 * (s_a[:, :2] + r_a[:, None] * u_a + s_b[:, :2] + r_b[:, None] * u_b)
    info = np.zeros((xy.shape[0], 2, 2))
    for u, r, bs in ((u_a, r_a, a), (u_b, r_b, b)):
        n = np.stack([-u[:, 1], u[:, 0]], axis=-1)  # normal to the ray
        sig = np.maximum(r, cfg.acoustic_min_range_m) * geom.sigma[bs.post, 0]  # cross-range sigma
        info += n[:, :, None] * n[:, None, :] / sig[:, None, None] ** 2  # Σ n n' / (r σ)²
    info += np.eye(2) / cfg.acoustic_max_position_sigma_m**2
    alt_a = geom.alt_m[a.post] + r_a * np.tan(a.el)  # height above the ellipsoid from an elevation
    alt_b = geom.alt_m[b.post] + r_b * np.tan(b.el)
    alt = np.where(np.isfinite(alt_a), alt_a, np.where(np.isfinite(alt_b), alt_b, cfg.acoustic_default_alt_m))
    x = np.zeros((xy.shape[0], 6))
    x[:, :2], x[:, 2] = xy, up_at_altitude_m(xy, alt, geom.frame_alt0_m)  # the Earth curves away
    P = np.zeros((xy.shape[0], 6, 6))
    P[:, :2, :2] = (
        np.linalg.solve(info, np.broadcast_to(np.eye(2), info.shape))
        + np.eye(2) * cfg.acoustic_init_position_sigma_m**2
    )
    P[:, 2, 2] = cfg.acoustic_alt_sigma_m**2
    P[:, 3:, 3:] = np.eye(3) * cfg.acoustic_init_velocity_sigma_mps**2
    P[:, 5, 5] = cfg.acoustic_init_climb_sigma_mps**2
    return x, P, np.maximum(a.t_s, b.t_s)


def posts_beyond_radars(posts: PostGeometry, radars: RadarGeometry, clear_m: float) -> BoolArray:
    """Which posts (S,) lie over clear_m (horizontal) from every radar: there a low flyer is
    below every radar's horizon, and what a post hears is all that is known of it."""
    if radars.position_enu.shape[0] == 0:
        return np.ones(posts.position_enu.shape[0], dtype=bool)
    d = posts.position_enu[:, None, :2] - radars.position_enu[None, :, :2]
    return np.asarray(np.hypot(d[..., 0], d[..., 1]).min(axis=1) > clear_m, dtype=bool)


def heard_groups(pool: BearingSet, eligible: BoolArray, cfg: TrackerConfig) -> list[IntArray]:
    """Posts that keep hearing one thing no track explains: per eligible post (S,), its pooled
    bearings when there are at least acoustic_heard_bearings of them within
    acoustic_heard_spread_deg of their mean (a passing engine, or a steady noise; single
    bearings are mostly false)."""
    if cfg.acoustic_heard_bearings <= 0 or len(pool) < cfg.acoustic_heard_bearings:
        return []
    _, inverse, counts = np.unique(pool.post, return_inverse=True, return_counts=True)
    groups: list[IntArray] = []
    for k in np.flatnonzero(counts >= cfg.acoustic_heard_bearings):
        idx = np.flatnonzero(inverse == k)
        if not eligible[pool.post[idx[0]]]:
            continue
        mean = np.angle(np.exp(1j * pool.az[idx]).mean())
        off = np.abs(np.angle(np.exp(1j * (pool.az[idx] - mean))))
        if np.degrees(off.max()) <= cfg.acoustic_heard_spread_deg:
            groups.append(idx)
    return groups


def heard_states(
    pool: BearingSet, groups: list[IntArray], geom: PostGeometry, cfg: TrackerConfig
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """States x (G, 6), covariances P (G, 6, 6) and times (G,) of what each group's post hears:
    on its mean bearing half the post's range out, anywhere from the post to its range along
    the ray (a uniform's sigma), the bearing sigma across it; velocity unknown (zero)."""
    k = len(groups)
    x, P, t0 = np.zeros((k, 6)), np.zeros((k, 6, 6)), np.zeros(k)
    for g, idx in enumerate(groups):
        post = int(pool.post[idx[0]])
        mean = float(np.angle(np.exp(1j * pool.az[idx]).mean()))
        one = BearingSet(np.zeros(1), np.array([post]), np.array([mean]), np.array([np.nan]))
        u = ray_directions(one, geom)[0]
        reach = float(geom.max_range_m[post])
        r = 0.5 * reach
        el = pool.el[idx]
        el_mean = float(np.nanmean(el)) if np.isfinite(el).any() else math.nan
        alt = (
            geom.alt_m[post] + r * math.tan(el_mean) if math.isfinite(el_mean) else cfg.acoustic_default_alt_m
        )
        xy = geom.position_enu[post, :2] + r * u
        x[g, :2] = xy
        x[g, 2] = up_at_altitude_m(xy[None, :], np.array([alt]), geom.frame_alt0_m)[0]
        normal = np.array([-u[1], u[0]])
        along_var = reach**2 / 12.0 + cfg.acoustic_init_position_sigma_m**2
        cross_var = (
            max(r, cfg.acoustic_min_range_m) * geom.sigma[post, 0]
        ) ** 2 + cfg.acoustic_init_position_sigma_m**2
        P[g, :2, :2] = along_var * np.outer(u, u) + cross_var * np.outer(normal, normal)
        t0[g] = float(pool.t_s[idx].max())
    P[:, 2, 2] = cfg.acoustic_alt_sigma_m**2
    P[:, 3:, 3:] = np.eye(3) * cfg.acoustic_init_velocity_sigma_mps**2
    P[:, 5, 5] = cfg.acoustic_init_climb_sigma_mps**2
    return x, P, t0
