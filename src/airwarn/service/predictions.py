"""Predicted paths and danger areas of the live tracks, for the map (GET /predictions).

Read-side only: the threat layer's predict() on the tracks' latest rows, as the alert engine
does; the alerts themselves come from the engine, not from here.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from airwarn.alerting.policy import AlertPolicy
from airwarn.service.geojson import Feature, LiveTrack
from airwarn.threat.kinds import MIN_THREAT_SPEED_MPS, infer_kinds
from airwarn.threat.predict import Footprint, predict

_M_PER_DEG = 111_320.0


def _ahead(lat: float, lon: float, heading_deg: float, distance_m: float) -> list[float]:
    """[lon, lat] distance_m ahead along a heading (flat-Earth step, fine for a drawn path)."""
    h = math.radians(heading_deg)
    dlat = distance_m * math.cos(h) / _M_PER_DEG
    dlon = distance_m * math.sin(h) / (_M_PER_DEG * max(math.cos(math.radians(lat)), 1e-6))
    return [round(lon + dlon, 6), round(lat + dlat, 6)]


def prediction_features(t_s: float, tracks: dict[str, LiveTrack], policy: AlertPolicy) -> list[Feature]:
    """Per moving confirmed track: its predicted path (LineString) and danger area (Polygon)."""
    ids = [
        tid for tid, tr in tracks.items() if tr.confirmed and math.hypot(*tr.v_enu) >= MIN_THREAT_SPEED_MPS
    ]
    if not ids:
        return []
    tr = [tracks[t] for t in ids]
    lat = np.array([x.lat for x in tr])
    lon = np.array([x.lon for x in tr])
    alt = np.array([x.alt_m for x in tr])
    v = np.array([x.v_enu for x in tr], dtype=float)
    kinds = infer_kinds(
        np.array([x.kind for x in tr], dtype=object), np.hypot(v[:, 0], v[:, 1]), alt, v[:, 2]
    )
    footprints = predict(
        t_s, np.array(ids, dtype=object), kinds, lat, lon, alt, v, policy.horizon_s, policy.min_probability,
        policy.prediction, climb_sigma_mps=np.array([x.climb_sd_mps for x in tr]),
    )  # fmt: skip
    out: list[Feature] = []
    for f in footprints:
        out.extend(_features(f, tracks[f.track_id]))
    return out


def _features(f: Footprint, tr: LiveTrack) -> list[Feature]:
    start = [round(tr.lon, 6), round(tr.lat, 6)]
    if f.cone is None:
        end = [round(f.impact_lon, 6), round(f.impact_lat, 6)]
        t_impact: float | None = round(f.impact_t_s, 1) if math.isfinite(f.impact_t_s) else None
    else:
        j = f.cone_index
        end = _ahead(tr.lat, tr.lon, float(f.cone.heading_deg[j]), float(f.cone.length_m[j]))
        t_impact = None
    ring = [[round(float(lo), 6), round(float(la), 6)] for la, lo in zip(f.ring_lat, f.ring_lon, strict=True)]
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    props: dict[str, Any] = {"track_id": f.track_id, "kind": f.kind}
    path = {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [start, end]},
            "properties": {"layer": "path", **props}}  # fmt: skip
    if len(ring) < 4 or not all(math.isfinite(c) for p in ring for c in p):
        return [path]
    area = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {"layer": "impact", **props, "t_impact_s": t_impact}}  # fmt: skip
    return [path, area]
