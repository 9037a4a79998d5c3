"""Footprint outlines as closed lat/lon rings: the ellipse around a predicted impact and the
cone of a corridor. Vectorised: N tracks in, rings of shape (N, K) out."""

from __future__ import annotations

from typing import Final

import numpy as np

from airwarn.geo.frames import destination
from airwarn.scenario.model import FloatArray
from airwarn.threat.corridor import Corridor
from airwarn.threat.impact import ImpactPrediction

ELLIPSE_VERTICES: Final = 24
CONE_EDGE_VERTICES: Final = 8
ARC_VERTICES: Final = 7


def sigma_scale(min_probability: float) -> float:
    """How many standard deviations out a Gaussian's density falls to min_probability of its
    peak: sqrt(-2 ln p). The footprint is the region where it is at least that."""
    p = min(max(float(min_probability), 1e-9), 1.0)
    return float(np.sqrt(-2.0 * np.log(p)))


def impact_rings(pred: ImpactPrediction, min_probability: float) -> tuple[FloatArray, FloatArray]:
    """Lat and lon (N, ELLIPSE_VERTICES) of the impact ellipse whose relative density is
    min_probability: semi-axes sigma_scale x sigma along and across the heading."""
    m = sigma_scale(min_probability)
    a = np.linspace(0.0, 2.0 * np.pi, ELLIPSE_VERTICES, endpoint=False)
    along = m * pred.sigma_along_m[:, None] * np.cos(a)[None, :]
    cross = m * pred.sigma_cross_m[:, None] * np.sin(a)[None, :]
    return _offsets(pred.lat, pred.lon, pred.heading_deg, along, cross)


def cone_rings(c: Corridor) -> tuple[FloatArray, FloatArray]:
    """Lat and lon (N, K) of each corridor's cone: a half-disc of base_radius_m behind the track,
    sides widening at half_angle_deg, and an arc at length_m ahead."""
    n = c.lat.shape[0]
    tan_a = np.tan(np.radians(c.half_angle_deg))[:, None]
    s = np.linspace(0.0, 1.0, CONE_EDGE_VERTICES)[None, :] * c.length_m[:, None]
    width = c.base_radius_m[:, None] + s * tan_a
    back = np.linspace(np.pi / 2, 3 * np.pi / 2, ARC_VERTICES)[None, :]
    tail_along = c.base_radius_m[:, None] * np.cos(back)
    tail_cross = c.base_radius_m[:, None] * np.sin(back)
    front = np.linspace(-1.0, 1.0, ARC_VERTICES)[None, 1:-1] * width[:, -1:]
    along = np.concatenate([s, np.broadcast_to(c.length_m[:, None], front.shape), s[:, ::-1], tail_along], 1)
    cross = np.concatenate([-width, front, width[:, ::-1], tail_cross], 1)
    along = np.broadcast_to(along, (n, along.shape[1]))
    return _offsets(c.lat, c.lon, c.heading_deg, along, cross)


def _offsets(
    lat: FloatArray, lon: FloatArray, heading_deg: FloatArray, along_m: FloatArray, cross_m: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Points at (along, cross) metres from each origin (N,), along its heading and to its right."""
    dist = np.hypot(along_m, cross_m)
    bearing = heading_deg[:, None] + np.degrees(np.arctan2(cross_m, along_m))
    shape = dist.shape
    la, lo = destination(
        np.broadcast_to(lat[:, None], shape).ravel(),
        np.broadcast_to(lon[:, None], shape).ravel(),
        bearing.ravel(),
        dist.ravel(),
    )
    return la.reshape(shape), lo.reshape(shape)
