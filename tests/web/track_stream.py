"""A stream of 500 live tracks for the map's frame-rate test: the map's router plus the API routes the
page reads, whose events are built with the service's own GeoJSON code (airwarn.service.geojson), so
the page parses exactly what the service sends. The real service cannot hold 500 live tracks on this
machine within a quick test (its fusion runs ~15 scenario seconds per second at 150 tracks)."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncIterator
from typing import Any

import numpy as np
from fastapi import FastAPI
from fastapi.responses import StreamingResponse

from airwarn.service.geojson import LiveTrack, collection, track_feature
from airwarn.web.routes import router

AREA = {"lat_min": 47.5, "lat_max": 51.0, "lon_min": 33.0, "lon_max": 38.0}
KINDS = ("drone", "cruise_missile", "ballistic_missile", "glide_bomb", "")
M_PER_DEG = 111_320.0


class Swarm:
    """n tracks flying straight across the area, stepped scan by scan (scan_s of scenario time)."""

    def __init__(self, n: int, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.lat = rng.uniform(AREA["lat_min"], AREA["lat_max"], n)
        self.lon = rng.uniform(AREA["lon_min"], AREA["lon_max"], n)
        speed = rng.uniform(40, 300, n)
        heading = rng.uniform(0, 2 * np.pi, n)
        self.ve, self.vn = speed * np.sin(heading), speed * np.cos(heading)
        self.t_s = 0.0
        self.tracks = {
            f"T{i}": LiveTrack(
                0.0, 0.0, 0.0, 1000.0, (0.0, 0.0, 0.0), KINDS[i % len(KINDS)], i % 9 != 0, 150.0
            )
            for i in range(n)
        }
        for _ in range(60):
            self.step(1.0)

    def step(self, scan_s: float) -> list[str]:
        """Move every track one scan on; returns the ids updated (all of them)."""
        self.t_s += scan_s
        self.lat += self.vn * scan_s / M_PER_DEG
        self.lon += self.ve * scan_s / (M_PER_DEG * np.cos(np.radians(self.lat)))
        for i, tr in enumerate(self.tracks.values()):
            tr.t_s, tr.lat, tr.lon = self.t_s, float(self.lat[i]), float(self.lon[i])
            tr.v_enu = (float(self.ve[i]), float(self.vn[i]), 0.0)
            tr.trail.append((tr.lon, tr.lat))
        return list(self.tracks)

    def features(self, ids: list[str]) -> dict[str, Any]:
        return collection([track_feature(i, self.tracks[i]) for i in ids])


def sse(name: str, body: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(body, allow_nan=False)}\n\n"


def swarm_app(n: int, scans_per_s: float, scans: int) -> tuple[FastAPI, dict[str, int]]:
    """The app, and counters of what its stream sent (events, bytes of tracks events). The snapshot
    and `scans` scans of tracks events are serialised beforehand, so during the measurement this
    server only copies bytes and the browser has the machine's cores to itself."""
    app = FastAPI()
    app.include_router(router)
    sent = {"tracks_events": 0, "tracks_bytes": 0}
    empty = collection([])
    swarm = Swarm(n)
    snapshot = sse(
        "snapshot", {"clock_t_s": swarm.t_s, "tracks": swarm.features(list(swarm.tracks)), "alerts": empty}
    )
    steps = []
    for _ in range(scans):
        ids = swarm.step(1.0)
        tracks = sse("tracks", {"t_s": swarm.t_s, "updated": swarm.features(ids), "removed": []})
        steps.append((tracks, sse("clock", {"t_s": swarm.t_s})))

    @app.post("/api/v1/session")
    def session() -> dict[str, str]:
        return {"role": "operator", "partner": "frame-rate test"}

    @app.get("/api/v1/scenario")
    def scenario() -> dict[str, Any]:
        return {"name": f"swarm-{n}", "start_time": "2025-03-01T00:00:00Z", "clock_t_s": 0.0, "area": AREA,
                "sensors": [], "places": []}  # fmt: skip

    @app.get("/api/v1/impacts")
    @app.get("/api/v1/predictions")
    def nothing() -> dict[str, Any]:
        return empty

    @app.get("/api/v1/stream")
    async def stream() -> StreamingResponse:
        async def events() -> AsyncIterator[str]:
            yield snapshot
            for tracks, clock in steps:
                await asyncio.sleep(1.0 / scans_per_s)
                sent["tracks_events"] += 1
                sent["tracks_bytes"] += len(tracks)
                yield tracks
                yield clock
            while True:  # the scans ran out: keep the stream open, as a quiet sky would
                await asyncio.sleep(1.0)

        return StreamingResponse(events(), media_type="text/event-stream")

    return app, sent


def mean(total: float, count: int) -> float:
    return total / count if count else math.nan
