"""The demo's live half: serve a simulated scenario, feed it over HTTP in accelerated real time,
and write the live run (tracks.csv, alerts.jsonl, cap/) for the evaluator."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from airwarn.scenario.alerts_jsonl import read_alerts
from airwarn.scenario.model import TRACK_FIELDS, Tracks
from airwarn.scenario.readers import read_scenario
from airwarn.scenario.tracks_csv import TrackWriter
from airwarn.service.config import load_config
from airwarn.service.feeder import feed, finish
from airwarn.service.keys import create_key
from airwarn.service.server import BackgroundServer
from airwarn.service.store import EventStore


@contextmanager
def run_demo(
    scenario_dir: Path, out: Path, *, host: str, port: int, speed: float, echo: Callable[[str], None]
) -> Iterator[Path]:
    """Serve scenario_dir from a fresh log in out/service, feed it, write out/run; yields the run
    folder while the service keeps serving (it stops when the context ends)."""
    data_dir = out / "service"
    shutil.rmtree(data_dir, ignore_errors=True)
    config = load_config(
        None, env={}, data_dir=data_dir, scenario=scenario_dir, host=host, port=port, anonymous_public=True
    )
    scenario = read_scenario(scenario_dir, with_truth=False)
    store = EventStore(config.db_path, config.synchronous)
    operator = create_key(store, "operator", "demo-operations").token
    sensors = tuple(s.id for s in scenario.info.sensors)
    feeder = create_key(store, "sensor", "demo-sensors", sensors, rate_per_s=1000.0, burst=1000.0).token
    store.close()
    with BackgroundServer(config) as server:
        echo(f"live map: {server.url}/#key={operator}")
        echo(f"feeding {len(scenario.detections)} detections at {speed:g}x real time")
        with httpx.Client(base_url=server.url, timeout=120.0) as client:
            client.headers["Authorization"] = f"Bearer {feeder}"
            fed = feed(client, scenario.detections, speed=speed, area=scenario.info.area)
            if fed.outside_area:
                echo(f"left out {fed.outside_area} citizens' reports from outside the area (refused there)")
            client.headers["Authorization"] = f"Bearer {operator}"
            end = max(
                scenario.info.duration_s,
                float(scenario.detections.t_s[-1]) if len(scenario.detections) else 0,
            )
            finish(client, end, config.scan_s, config.lateness_s)
            run_dir = write_live_run(client, out / "run")
        echo(f"wrote the live run to {run_dir}")
        yield run_dir


def write_live_run(client: httpx.Client, run_dir: Path) -> Path:
    """The service's history as a run folder: tracks.csv, alerts.jsonl and cap/ (operator key)."""
    history = client.get("/api/v1/history", params={"with_cap": "true"})
    history.raise_for_status()
    body = history.json()
    tracks = tracks_from_history(body["tracks"])
    with TrackWriter(run_dir) as out:
        out.write(tracks)
    lines = "".join(_json_line(a) for a in body["alerts"])
    (run_dir / "alerts.jsonl").write_text(lines, encoding="utf-8")
    messages = read_alerts(run_dir / "alerts.jsonl")
    cap_dir = run_dir / "cap"
    shutil.rmtree(cap_dir, ignore_errors=True)
    cap_dir.mkdir()
    for n, (m, cap) in enumerate(zip(messages, body["cap"], strict=True), start=1):
        (cap_dir / f"{n:06d}-{m.alert_id}-{m.msg_type}.xml").write_text(cap, encoding="utf-8")
    return run_dir


def tracks_from_history(table: dict[str, Any]) -> Tracks:
    """/history's track rows as Tracks."""
    rows = table["rows"]
    columns = table["columns"]
    if list(columns) != list(TRACK_FIELDS):
        raise ValueError(f"unexpected track columns {columns}")
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in TRACK_FIELDS]
    values = {}
    for name, col in zip(TRACK_FIELDS, cols, strict=True):
        if name in ("track_id", "object_kind"):
            values[name] = np.array(col, dtype=object)
        elif name == "confirmed":
            values[name] = np.array(col, dtype=bool)
        else:
            values[name] = np.array([np.nan if v is None else v for v in col], dtype=np.float64)
    return Tracks(**values)


def _json_line(obj: object) -> str:
    """One alerts.jsonl line, written as AlertWriter writes it."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False) + "\n"
