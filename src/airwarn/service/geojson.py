"""GeoJSON features of the live picture: tracks, predictions, alerts and logged impacts.

Longitude first, as GeoJSON has it; times as scenario seconds (t_s) and ISO 8601 UTC.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import h3

from airwarn.alerting.cap import cap_time
from airwarn.alerting.messages import INSTRUCTION_EN, INSTRUCTION_UK, headline
from airwarn.scenario.model import AlertMessage
from airwarn.service.store import ImpactRecord

TRAIL_POINTS = 60
Feature = dict[str, Any]


@dataclass
class LiveTrack:
    """A live track's latest row, its recent trail and its position uncertainty."""

    t_s: float
    lat: float
    lon: float
    alt_m: float
    v_enu: tuple[float, float, float]
    kind: str
    confirmed: bool
    pos_sd_m: float = math.nan
    climb_sd_mps: float = math.nan
    trail: deque[tuple[float, float]] = field(default_factory=lambda: deque(maxlen=TRAIL_POINTS))


def collection(features: list[Feature]) -> dict[str, Any]:
    """A FeatureCollection."""
    return {"type": "FeatureCollection", "features": features}


def _num(x: float, nd: int = 6) -> float | None:
    return None if not math.isfinite(x) else round(float(x), nd)


def track_feature(track_id: str, tr: LiveTrack) -> Feature:
    """A track as a Point (lon, lat, alt_m) with its kinematics and trail."""
    ve, vn, vu = tr.v_enu
    speed = math.hypot(ve, vn)
    heading = math.degrees(math.atan2(ve, vn)) % 360.0
    return {
        "type": "Feature",
        "id": track_id,
        "geometry": {"type": "Point", "coordinates": [_num(tr.lon), _num(tr.lat), _num(tr.alt_m, 1)]},
        "properties": {
            "track_id": track_id,
            "t_s": _num(tr.t_s, 3),
            "kind": tr.kind,
            "kind_confidence": 1.0 if tr.kind else 0.0,
            "confirmed": tr.confirmed,
            "alt_m": _num(tr.alt_m, 1),
            "vel_e": _num(ve, 2),
            "vel_n": _num(vn, 2),
            "vel_u": _num(vu, 2),
            "speed_mps": _num(speed, 2),
            "heading_deg": _num(heading, 1),
            "pos_sd_m": _num(tr.pos_sd_m, 1),
            "trail": [[_num(lon), _num(lat)] for lon, lat in tr.trail],
        },
    }


def cell_count(area: dict[str, Any], res: int) -> int:
    """How many H3 cells of resolution res an alert area covers (their centres lie inside it)."""
    try:
        return len(h3.geo_to_cells(area, res))
    except (ValueError, TypeError, KeyError):
        return 0


def alert_feature(m: AlertMessage, start_time: str, cells: int) -> Feature:
    """An alert in force (its latest message) as its (Multi)Polygon area; onset is when that message
    was issued, t_arrival_s the threat's earliest predicted arrival over the area."""
    return {
        "type": "Feature",
        "id": m.alert_id,
        "geometry": m.area,
        "properties": {
            "alert_id": m.alert_id,
            "msg_type": m.msg_type,
            "track_id": m.threat_track_ids[0] if m.threat_track_ids else None,
            "kind": m.object_kind,
            "t_s": m.t_s,
            "onset": cap_time(start_time, m.t_s),
            "expires": cap_time(start_time, m.expires_t_s),
            "expires_t_s": m.expires_t_s,
            "t_arrival_s": m.eta_t_s,
            "headline_uk": headline(m.object_kind, "uk"),
            "headline_en": m.headline or headline(m.object_kind, "en"),
            "instruction_uk": INSTRUCTION_UK,
            "instruction_en": INSTRUCTION_EN,
            "cells": cells,
        },
    }


def impact_feature(impact: ImpactRecord, warned: bool | None) -> Feature:
    """A logged impact as a Point."""
    return {
        "type": "Feature",
        "id": impact.impact_id,
        "geometry": {"type": "Point", "coordinates": [impact.lon, impact.lat]},
        "properties": {
            "impact_id": impact.impact_id,
            "t_s": impact.t_s,
            "kind": impact.kind,
            "note": impact.note,
            "warned": warned,
        },
    }
