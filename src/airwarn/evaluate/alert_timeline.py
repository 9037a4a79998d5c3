"""The alerts of a run as a piecewise-constant timeline of areas in force.

Messages are taken in time order (stable, so equal times keep their issue order). `Alert`
starts an alert_id (on one already in force it acts as an `Update`); `Update` replaces the area
and fields, expiry included, from its t_s on; `Cancel` ends it. An alert is in force from its
`Alert` until its `Cancel` or its current `expires_t_s`, whichever comes first; once ended,
later `Update`/`Cancel` messages for it are ignored. A missing or NaN expiry never expires.
Intervals are half-open, [start, end).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry

from airwarn.errors import ScenarioError
from airwarn.evaluate.ellipsoid_area import to_equal_area
from airwarn.scenario.model import MSG_TYPES, AlertMessage, FloatArray


@dataclass(frozen=True)
class AlertPiece:
    """One alert_id's area, constant over [t_from_s, t_to_s); area in lon/lat degrees."""

    alert_id: str
    t_from_s: float
    t_to_s: float
    area: BaseGeometry


@dataclass
class _Open:
    t_from_s: float
    expires_t_s: float
    area: BaseGeometry


def alert_area(message: AlertMessage) -> BaseGeometry:
    """The message's GeoJSON Polygon/MultiPolygon as a valid shapely geometry (lon, lat)."""
    try:
        geom = shape(message.area)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ScenarioError(f"alert {message.alert_id} at t_s={message.t_s}: bad area: {exc}") from exc
    if not isinstance(geom, Polygon | MultiPolygon):
        raise ScenarioError(
            f"alert {message.alert_id} at t_s={message.t_s}: area is {geom.geom_type}, "
            "expected Polygon or MultiPolygon"
        )
    return geom if geom.is_valid else shapely.make_valid(geom)


def _expiry(message: AlertMessage) -> float:
    """The message's expiry; NaN or missing means never."""
    e = message.expires_t_s
    return math.inf if e is None or math.isnan(e) else float(e)


def alert_pieces(alerts: Sequence[AlertMessage]) -> list[AlertPiece]:
    """Cut the messages into constant pieces (see the module docstring for the rules)."""
    order = sorted(range(len(alerts)), key=lambda k: alerts[k].t_s)
    open_: dict[str, _Open] = {}
    pieces: list[AlertPiece] = []

    def close(alert_id: str, t_s: float) -> None:
        o = open_.pop(alert_id)
        end = min(t_s, o.expires_t_s)
        if end > o.t_from_s:
            pieces.append(AlertPiece(alert_id, o.t_from_s, end, o.area))

    for k in order:
        m = alerts[k]
        if m.msg_type not in MSG_TYPES:
            raise ScenarioError(f"alert {m.alert_id} at t_s={m.t_s}: unknown msg_type {m.msg_type!r}")
        o = open_.get(m.alert_id)
        if o is not None and m.t_s >= o.expires_t_s:
            close(m.alert_id, m.t_s)
            o = None
        if m.msg_type == "Cancel" or (m.msg_type == "Update" and o is None):
            if o is not None:
                close(m.alert_id, m.t_s)
            continue
        area = alert_area(m) if m.area else (o.area if o is not None else None)
        if area is None:
            raise ScenarioError(f"alert {m.alert_id} at t_s={m.t_s}: {m.msg_type} without an area")
        if o is not None:
            close(m.alert_id, m.t_s)
        open_[m.alert_id] = _Open(float(m.t_s), _expiry(m), area)
    for alert_id in list(open_):
        close(alert_id, math.inf)
    return pieces


def coverage_start(pieces: Sequence[AlertPiece], covers: np.ndarray, t_s: float) -> float:
    """Start of the unbroken coverage containing t_s by the covering pieces; NaN if not covered.

    `covers[k]` says whether piece k covers the point. Touching or overlapping pieces (of any
    alerts) chain into one coverage; a gap of any length breaks it.
    """
    idx = np.flatnonzero(covers)
    starts = np.array([pieces[int(k)].t_from_s for k in idx])
    ends = np.array([pieces[int(k)].t_to_s for k in idx])
    if not np.any((starts <= t_s) & (t_s < ends)):
        return math.nan
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    run_start, run_end = math.nan, -math.inf
    for a, b in zip(starts, ends, strict=True):
        if a > t_s:
            break
        if a > run_end:
            run_start = float(a)
        run_end = max(run_end, float(b))
    return run_start if run_end > t_s else math.nan


def pieces_covering(pieces: Sequence[AlertPiece], lon: float, lat: float) -> np.ndarray:
    """Boolean per piece: does its area cover the point (boundary included)?"""
    if not pieces:
        return np.zeros(0, bool)
    geoms = np.array([p.area for p in pieces], dtype=object)
    return np.asarray(shapely.covers(geoms, Point(lon, lat)), bool)


@dataclass(frozen=True)
class BurdenSeries:
    """Area of the union of alerts in force over [t_start_s[k], t_end_s[k]) (km^2)."""

    t_start_s: FloatArray
    t_end_s: FloatArray
    area_km2: FloatArray

    def total_km2_min(self) -> float:
        """The area integrated over time, km^2 * min."""
        return float(np.sum(self.area_km2 * (self.t_end_s - self.t_start_s)) / 60.0)


def burden_series(pieces: Sequence[AlertPiece], t0_s: float, t1_s: float) -> BurdenSeries:
    """Union area of the pieces in force, per constant interval within [t0_s, t1_s]."""
    cuts = {t0_s, t1_s}
    cuts.update(min(max(p.t_from_s, t0_s), t1_s) for p in pieces)
    cuts.update(min(max(p.t_to_s, t0_s), t1_s) for p in pieces)
    edges = np.array(sorted(cuts))
    starts, ends = edges[:-1], edges[1:]
    t_from = np.array([p.t_from_s for p in pieces])
    t_to = np.array([p.t_to_s for p in pieces])
    projected = [to_equal_area(p.area) for p in pieces]
    cache: dict[tuple[int, ...], float] = {(): 0.0}
    area = np.zeros(starts.size)
    for k, t in enumerate(starts):
        active = tuple(np.flatnonzero((t_from <= t) & (t < t_to)).tolist()) if pieces else ()
        if active not in cache:
            cache[active] = float(shapely.union_all([projected[i] for i in active]).area) / 1e6
        area[k] = cache[active]
    return BurdenSeries(starts, ends, area)
