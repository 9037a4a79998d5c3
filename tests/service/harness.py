"""The real service on loopback for the tests: a fresh SQLite log, keys of every role, and
httpx clients that speak HTTP to it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from airwarn.scenario.model import Detections
from airwarn.scenario.readers import read_scenario
from airwarn.scenario.writers import write_scenario
from airwarn.service.config import ServiceConfig, load_config
from airwarn.service.keys import create_key
from airwarn.service.server import BackgroundServer
from airwarn.service.store import EventStore
from tests.paths import EXAMPLE_SCENARIO

ROLES = ("operator", "sensor", "public")


@dataclass
class Running:
    """A started service: its URL, config and a token per role ("other" is a second sensor partner)."""

    server: BackgroundServer
    config: ServiceConfig
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.server.url

    def client(self, who: str | None = "operator", **kwargs: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60.0, **kwargs)

    def stop(self) -> None:
        self.server.stop()


def make_keys(config: ServiceConfig) -> dict[str, str]:
    """An operator, a public key, a sensor key for R1/R2 and the citizens' network, and another
    partner's sensor key for R3 only."""
    store = EventStore(config.db_path, config.synchronous)
    try:
        return {
            "operator": create_key(store, "operator", "ops").token,
            "public": create_key(store, "public", "newsroom").token,
            "sensor": create_key(store, "sensor", "radar-net", ("R1", "R2", "public"), 1000.0, 1000.0).token,
            "other": create_key(store, "sensor", "other-net", ("R3",)).token,
        }
    finally:
        store.close()


def start(data_dir: Path, scenario: Path = EXAMPLE_SCENARIO, keys: bool = True, **overrides: Any) -> Running:
    """Start the service on a free loopback port with a fresh (or kept) log under data_dir."""
    config = load_config(None, env={}, data_dir=data_dir, scenario=scenario, port=0, **overrides)
    tokens = make_keys(config) if keys else {}
    return Running(BackgroundServer(config).start(), config, tokens)


def short_scenario(example: Path, out: Path, duration_s: float) -> Path:
    """A copy of a scenario cut to its first duration_s seconds (a quicker live-vs-batch run)."""
    full = read_scenario(example, with_truth=False)
    info = full.info.__class__(**{**full.info.__dict__, "duration_s": duration_s})
    det = full.detections.take(full.detections.t_s <= duration_s)
    write_scenario(full.__class__(info, det), out)
    return out


def rows(det: Detections) -> list[dict[str, Any]]:
    from airwarn.service.feeder import detection_dicts

    return detection_dicts(det)


def radar_row(t_s: float, sensor_id: str = "R1", **extra: Any) -> dict[str, Any]:
    """A well-formed radar plot."""
    plot = {
        "t_s": t_s,
        "sensor_id": sensor_id,
        "range_m": 50_000.0,
        "azimuth_deg": 90.0,
        "elevation_deg": 1.0,
    }
    return {**plot, **extra}


def detail_locs(response: httpx.Response) -> list[list[Any]]:
    """The loc of each problem in a 4xx answer's detail."""
    detail = response.json()["detail"]
    return [d["loc"] for d in detail] if isinstance(detail, list) else []


def dumps(obj: Any) -> str:
    return json.dumps(obj)
