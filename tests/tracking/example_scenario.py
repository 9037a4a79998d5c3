"""A tiny reader of the example scenario for tracking tests, and truth-based scoring helpers."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np

from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import Detections, Sensor, Tracks, detections_from_columns
from tests.paths import EXAMPLE_SCENARIO

EXAMPLE = EXAMPLE_SCENARIO
_SENSOR_KEYS = (
    "id",
    "kind",
    "lat",
    "lon",
    "alt_m",
    "max_range_m",
    "scan_period_s",
    "sigma_range_m",
    "sigma_azimuth_deg",
    "sigma_elevation_deg",
    "sigma_position_m",
)


def load_sensors(folder: Path = EXAMPLE) -> tuple[list[Sensor], LocalFrame]:
    """Sensors of scenario.json and a LocalFrame at the centre of its area."""
    info = json.loads((folder / "scenario.json").read_text())
    sensors = [Sensor(**{k: s[k] for k in _SENSOR_KEYS if k in s}) for s in info["sensors"]]
    area = info["area"]
    frame = LocalFrame((area["south"] + area["north"]) / 2, (area["west"] + area["east"]) / 2, 0.0)
    return sensors, frame


def load_detections(folder: Path = EXAMPLE) -> Detections:
    """detections.csv as Detections (empty fields NaN or "")."""
    with (folder / "detections.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    cols: dict[str, Any] = {}
    for name in rows[0]:
        vals = [r[name] for r in rows]
        if name in ("sensor_id", "reporter_id", "object_kind"):
            cols[name] = vals
        else:
            cols[name] = [float(v) if v else np.nan for v in vals]
    return detections_from_columns(len(rows), cols)


def load_truth(folder: Path = EXAMPLE) -> dict[str, np.ndarray]:
    """Per object: an array (T, 4) of t_s, lat, lon, alt_m."""
    out: dict[str, list[list[float]]] = {}
    with (folder / "truth.csv").open() as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["object_id"], []).append(
                [float(r["t_s"]), float(r["lat"]), float(r["lon"]), float(r["alt_m"])]
            )
    return {k: np.array(v) for k, v in out.items()}


def run_tracker(tracker: Any, det: Detections, t_end_s: float, step_s: float = 1.0) -> Tracks:
    """Step through the detections every step_s and concatenate all returned rows."""
    parts: list[Tracks] = []
    for t in np.arange(step_s, t_end_s + step_s, step_s):
        parts.append(tracker.step(float(t), det))
    return Tracks(
        **{
            f: np.concatenate([getattr(p, f) for p in parts])
            for f in Tracks.__dataclass_fields__  # all columns
        }
    )
