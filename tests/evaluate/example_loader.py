"""A tiny csv -> model loader for the example scenario, for these tests only (no validation)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np

from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import (
    DETECTION_COLUMNS,
    Area,
    Impacts,
    Scenario,
    ScenarioInfo,
    Sensor,
    Tracks,
    Truth,
    detections_from_columns,
)
from tests.paths import EXAMPLE_SCENARIO

EXAMPLE = EXAMPLE_SCENARIO
_STRINGS = {"sensor_id", "reporter_id", "object_kind", "object_id", "track_id"}


def _columns(path: Path) -> dict[str, np.ndarray]:
    """Read a CSV into numpy columns: floats (NaN for empty) or object strings."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = list(rows[0].keys()) if rows else []
    out: dict[str, np.ndarray] = {}
    for name in names:
        raw = [r[name] for r in rows]
        if name in _STRINGS:
            out[name] = np.array(raw, dtype=object)
        else:
            out[name] = np.array([float(x) if x != "" else np.nan for x in raw])
    return out


def _sensor(d: dict[str, Any]) -> Sensor:
    known = {k: d[k] for k in Sensor.__dataclass_fields__ if k in d and k != "extra"}
    extra = {k: v for k, v in d.items() if k not in known}
    return Sensor(**known, extra=extra)


def load_example(folder: Path = EXAMPLE) -> Scenario:
    """The example scenario as an in-memory Scenario."""
    meta = json.loads((folder / "scenario.json").read_text(encoding="utf-8"))
    info = ScenarioInfo(
        name=meta["name"],
        start_time=meta["start_time"],
        duration_s=float(meta["duration_s"]),
        area=Area(**meta["area"]),
        sensors=tuple(_sensor(s) for s in meta["sensors"]),
    )
    det = _columns(folder / "detections.csv")
    n = det["t_s"].size
    detections = detections_from_columns(n, {k: det[k] for k in DETECTION_COLUMNS if k in det})
    truth = Truth(**_columns(folder / "truth.csv"))
    impacts = Impacts(**_columns(folder / "impacts.csv"))
    return Scenario(info=info, detections=detections, truth=truth, impacts=impacts)


def tracks_from_truth(truth: Truth) -> Tracks:
    """Confirmed tracks that follow the truth exactly, velocity by forward difference (local ENU)."""
    order = np.lexsort((truth.t_s, truth.object_id))
    t, oid = truth.t_s[order], truth.object_id[order]
    lat, lon, alt = truth.lat[order], truth.lon[order], truth.alt_m[order]
    vel = np.zeros((t.size, 3))
    for k in range(t.size - 1):
        if oid[k + 1] == oid[k] and t[k + 1] > t[k]:
            e, n, u = LocalFrame(lat[k], lon[k], alt[k]).to_enu(lat[k + 1], lon[k + 1], alt[k + 1])
            vel[k] = np.array([e, n, u], float).ravel() / (t[k + 1] - t[k])
    return Tracks(
        t_s=t,
        track_id=np.array([f"trk-{x}" for x in oid], dtype=object),
        lat=lat,
        lon=lon,
        alt_m=alt,
        v_east_mps=vel[:, 0],
        v_north_mps=vel[:, 1],
        v_up_mps=vel[:, 2],
        object_kind=truth.object_kind[order],
        confirmed=np.ones(t.size, bool),
    )


def no_tracks() -> Tracks:
    """A run that tracked nothing."""
    e = np.zeros(0)
    o = np.zeros(0, dtype=object)
    return Tracks(e, o, e, e, e, e, e, e, o, np.zeros(0, bool))
