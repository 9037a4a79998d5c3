"""Tracks from citizens' reports alone: the fused position of a cluster of agreeing reports."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.enu import up_at_altitude_m
from airwarn.tracking.reports import KIND_CRUISE, KIND_DRONE, KIND_OTHER, ReportSet

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


def report_track_states(
    pool: ReportSet,
    z: FloatArray,
    R: FloatArray,
    clusters: list[IntArray],
    cfg: TrackerConfig,
    frame_alt0_m: float = 0.0,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """States x (C, 6), covariances P (C, 6, 6) and times (C,) of one track per cluster.

    Horizontal: information fusion P_h = (Σ R_i⁻¹)⁻¹, p = P_h Σ R_i⁻¹ z_i, widened by the
    object's motion over the mean delay; height the heard-object default above the ellipsoid
    (frame_alt0_m is the frame origin's: far from it the Earth curves away under the frame's
    up axis, 7 km at 300 km); velocity unknown.
    """
    k = len(clusters)
    member = np.concatenate(clusters)
    owner = np.repeat(np.arange(k), [c.shape[0] for c in clusters])
    eye = np.broadcast_to(np.eye(2), R[member].shape)
    Rinv = np.linalg.solve(R[member], eye)  # R_i⁻¹
    info = np.zeros((k, 2, 2))
    np.add.at(info, owner, Rinv)  # Σ R_i⁻¹
    vec = np.zeros((k, 2))
    np.add.at(vec, owner, np.einsum("kij,kj->ki", Rinv, z[member]))  # Σ R_i⁻¹ z_i
    P_h = np.linalg.solve(info, np.broadcast_to(np.eye(2), info.shape))
    x = np.zeros((k, 6))
    x[:, :2] = np.einsum("kij,kj->ki", P_h, vec)
    x[:, 2] = up_at_altitude_m(x[:, :2], np.full(k, cfg.acoustic_default_alt_m), frame_alt0_m)
    P = np.zeros((k, 6, 6))
    P[:, :2, :2] = P_h + np.eye(2) * (cfg.observer_init_speed_mps * cfg.observer_mean_delay_s) ** 2
    P[:, 2, 2] = cfg.acoustic_alt_sigma_m**2
    P[:, 3:, 3:] = np.eye(3) * cfg.acoustic_init_velocity_sigma_mps**2
    P[:, 5, 5] = cfg.acoustic_init_climb_sigma_mps**2
    t0 = np.zeros(k)
    np.maximum.at(t0, owner, pool.t_s[member])
    for c, members in enumerate(clusters):
        course = reported_course(pool.heading[members], pool.kind[members], cfg)
        if course is not None:
            v, P_v = course
            x[c, 3:5] = v
            x[c, :2] += v * cfg.observer_mean_delay_s  # the reports saw it a delay ago
            P[c, 3:5, 3:5] = P_v
    return x, P, t0


def reported_course(
    heading_rad: FloatArray, kind: IntArray, cfg: TrackerConfig
) -> tuple[FloatArray, FloatArray] | None:
    """A cluster's horizontal velocity (2,) and its covariance (2, 2) from the courses its
    reporters gave (circular mean, each ± observer_heading_sigma_deg) at the speed of the kind
    they named most (a drone's unless they said cruise missile); None with fewer than
    observer_min_headings courses, courses that disagree, or a kind that is neither. Headings are
    taken as the frame's (within 300 km of its origin its north turns by a few degrees at most)."""
    h = heading_rad[np.isfinite(heading_rad)]
    if h.size < cfg.observer_min_headings:
        return None
    mean = np.array([np.sin(h).mean(), np.cos(h).mean()])
    if np.hypot(*mean) < cfg.observer_min_heading_agreement:
        return None
    drone, cruise, other = (int(np.sum(kind == c)) for c in (KIND_DRONE, KIND_CRUISE, KIND_OTHER))
    if other > drone + cruise:
        return None
    speed = cfg.observer_cruise_speed_mps if cruise > drone else cfg.observer_init_speed_mps
    u = mean / np.hypot(*mean)
    n = np.array([-u[1], u[0]])
    sigma_h = np.radians(cfg.observer_heading_sigma_deg) / np.sqrt(h.size)
    var_along = (cfg.observer_speed_sigma_share * speed) ** 2
    var_across = (speed * np.sin(sigma_h)) ** 2
    return speed * u, var_along * np.outer(u, u) + var_across * np.outer(n, n)
