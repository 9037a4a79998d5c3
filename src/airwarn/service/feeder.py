"""A feeder: a scenario's detections sent to the service over HTTP in accelerated real time,
as a partner's sensors would send them (the demo, the tests and the benchmark use it)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import numpy as np

from airwarn.errors import AirwarnError
from airwarn.scenario.model import DETECTION_COLUMNS, Area, Detections

_STRINGS = ("sensor_id", "reporter_id", "object_kind")


def detection_dicts(det: Detections) -> list[dict[str, Any]]:
    """Rows as the API's JSON objects: empty fields left out."""
    cols = {name: getattr(det, name).tolist() for name in DETECTION_COLUMNS}
    out = []
    for i in range(len(det)):
        row: dict[str, Any] = {}
        for name in DETECTION_COLUMNS:
            v = cols[name][i]
            if (name in _STRINGS and v) or (name not in _STRINGS and v == v):
                row[name] = v
        out.append(row)
    return out


def post_with_retry(client: httpx.Client, path: str, **kwargs: Any) -> httpx.Response:
    """POST, waiting out 429 and 503 answers as their Retry-After says; other errors raise."""
    for _ in range(600):
        response = client.post(path, **kwargs)
        if response.status_code in (429, 503):
            time.sleep(min(float(response.headers.get("retry-after", "1")), 2.0) * 0.25)
            continue
        if response.status_code >= 400:
            raise AirwarnError(f"POST {path}: {response.status_code} {response.text[:500]}")
        return response
    raise AirwarnError(f"POST {path}: still refused after many retries")


@dataclass(frozen=True)
class FeedResult:
    """What a feed sent: batches, rows, rows left out (reports outside the area), wall seconds."""

    batches: int
    detections: int
    outside_area: int
    wall_s: float


def inside(det: Detections, area: Area) -> Detections:
    """The rows the service accepts for an area: those with no position, or a position inside it."""
    placed = np.isfinite(det.lat) & np.isfinite(det.lon)
    return det.take(~placed | area.contains(det.lat, det.lon))


def feed(
    client: httpx.Client,
    det: Detections,
    *,
    speed: float = 10.0,
    batch_wall_s: float = 0.1,
    prefix: str = "feed",
    area: Area | None = None,
    on_batch: Callable[[float], None] | None = None,
) -> FeedResult:
    """Send time-sorted detections as batches of batch_wall_s of wall time each, paced so scenario
    time runs `speed` times faster than the wall clock (speed <= 0: as fast as accepted); with an
    area, citizens' reports placed outside it are left out (the service refuses them)."""
    n_all = len(det)
    if area is not None:
        det = inside(det, area)
    t = det.t_s
    span_s = batch_wall_s * speed if speed > 0 else 5.0
    last = float(t[-1]) if len(t) else 0.0
    edges = span_s * np.arange(1, math.floor(last / span_s) + 2)
    stops = np.searchsorted(t, edges, side="right")
    start_wall = time.monotonic()
    start, sent = 0, 0
    for k, stop in enumerate(stops.tolist()):
        if speed > 0:
            wait = start_wall + (k + 1) * batch_wall_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        if stop > start:
            rows = detection_dicts(det.take(slice(start, stop)))
            post_with_retry(
                client, "/api/v1/detections", json={"batch_id": f"{prefix}-{k}", "detections": rows}
            )
            sent += 1
        start = stop
        if on_batch is not None:
            on_batch(float(edges[k]))
    return FeedResult(sent, len(det), n_all - len(det), time.monotonic() - start_wall)


def finish(
    client: httpx.Client, end_t_s: float, scan_s: float, lateness_s: float, timeout_s: float = 600
) -> None:
    """Move the clock so every scan up to end_t_s (as the batch runner counts them) is fused, and
    no more, then wait until it is."""
    n_scans = max(1, math.ceil(end_t_s / scan_s))
    post_with_retry(client, "/api/v1/clock", json={"t_s": n_scans * scan_s + lateness_s + 0.5 * scan_s})
    deadline = time.monotonic() + timeout_s
    while client.get("/api/v1/health").json()["clock_t_s"] < n_scans * scan_s - 1e-9:
        if time.monotonic() > deadline:
            raise AirwarnError(f"the service did not fuse up to t_s {n_scans * scan_s:g} in {timeout_s:g} s")
        time.sleep(0.05)
