"""Synthetic track rows for alerting tests: straight or turning flights, one row per second."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from airwarn.geo.frames import destination
from airwarn.scenario.model import Tracks


def rows(
    track_id: str,
    t_s: Sequence[float],
    lat: Sequence[float],
    lon: Sequence[float],
    alt_m: Sequence[float],
    v_enu: Sequence[tuple[float, float, float]],
    kind: str = "",
    confirmed: Sequence[bool] | None = None,
) -> Tracks:
    """Tracks rows of one track from per-row lists."""
    n = len(t_s)
    v = np.asarray(v_enu, dtype=float).reshape(n, 3)
    return Tracks(
        t_s=np.asarray(t_s, float),
        track_id=np.full(n, track_id, dtype=object),
        lat=np.asarray(lat, float),
        lon=np.asarray(lon, float),
        alt_m=np.asarray(alt_m, float),
        v_east_mps=v[:, 0],
        v_north_mps=v[:, 1],
        v_up_mps=v[:, 2],
        object_kind=np.full(n, kind, dtype=object),
        confirmed=np.ones(n, bool) if confirmed is None else np.asarray(confirmed, bool),
    )


def flight(
    track_id: str,
    start: tuple[float, float],
    headings_deg: Sequence[float],
    speed_mps: float,
    alt_m: float = 500.0,
    kind: str = "drone",
) -> list[Tracks]:
    """One row per second, flying at each second's heading; returns the rows second by second."""
    lat, lon = start
    out = []
    for t, h in enumerate(headings_deg):
        ve, vn = speed_mps * np.sin(np.radians(h)), speed_mps * np.cos(np.radians(h))
        out.append(rows(track_id, [float(t)], [lat], [lon], [alt_m], [(ve, vn, 0.0)], kind))
        la, lo = destination(lat, lon, h, speed_mps)
        lat, lon = float(la), float(lo)
    return out
