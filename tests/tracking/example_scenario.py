"""The example scenario for tracking tests (read with the project's reader), and a runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import Detections, Sensor, Tracks
from airwarn.scenario.readers import read_detections, read_scenario_info, read_truth
from airwarn.stream import scans
from tests.paths import EXAMPLE_SCENARIO

EXAMPLE = EXAMPLE_SCENARIO


def load_sensors(folder: Path = EXAMPLE) -> tuple[list[Sensor], LocalFrame]:
    """Sensors of scenario.json and a LocalFrame at the centre of its area."""
    info = read_scenario_info(folder)
    lat0, lon0 = info.area.center
    return list(info.sensors), LocalFrame(lat0, lon0, 0.0)


def load_detections(folder: Path = EXAMPLE) -> Detections:
    """detections.csv as Detections (empty fields NaN or "")."""
    return read_detections(folder, read_scenario_info(folder))


def load_truth(folder: Path = EXAMPLE) -> dict[str, np.ndarray]:
    """Per object: an array (T, 4) of t_s, lat, lon, alt_m."""
    truth = read_truth(folder)
    out: dict[str, np.ndarray] = {}
    for object_id in dict.fromkeys(truth.object_id.tolist()):
        rows = truth.object_id == object_id
        out[object_id] = np.column_stack((truth.t_s, truth.lat, truth.lon, truth.alt_m))[rows]
    return out


def run_tracker(tracker: Any, det: Detections, t_end_s: float, step_s: float = 1.0) -> Tracks:
    """Step through the detections every step_s, as the batch runner does, and concatenate
    all returned rows."""
    parts: list[Tracks] = [tracker.step(t, batch) for t, batch in scans(det, step_s, t_end_s)]
    return Tracks(**{f: np.concatenate([getattr(p, f) for p in parts]) for f in Tracks.__dataclass_fields__})
