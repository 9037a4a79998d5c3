"""Small scenario folders as text, and edits that break them one way at a time."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

INFO: dict[str, Any] = {
    "format": "airwarn-scenario/1",
    "name": "tiny",
    "start_time": "2024-10-03T01:00:00Z",
    "duration_s": 10,
    "area": {"south": 47.0, "west": 35.0, "north": 49.0, "east": 37.0},
    "sensors": [
        {"id": "R1", "kind": "radar", "lat": 48.0, "lon": 36.0, "alt_m": 150, "max_range_m": 150000,
         "scan_period_s": 5, "sigma_range_m": 75, "sigma_azimuth_deg": 0.3, "sigma_elevation_deg": 0.6},
        {"id": "A1", "kind": "acoustic", "lat": 48.1, "lon": 36.1, "alt_m": 120, "max_range_m": 3000,
         "sigma_azimuth_deg": 6},
        {"id": "public", "kind": "observer", "sigma_position_m": 1500},
    ],
}  # fmt: skip

DETECTIONS = """\
t_s,sensor_id,range_m,azimuth_deg,elevation_deg,lat,lon,alt_m,reporter_id,heading_deg,object_kind
0.500,R1,12000.0,45.0000,2.0000,,,,,,
1.000,A1,,90.00,,,,,,,
2.000,public,,180.0,,48.100000,36.100000,,u1,90.0,drone
3.000,R1,15000.0,46.0000,2.5000,,,,,,
"""

TRUTH = """t_s,object_id,object_kind,lat,lon,alt_m
0.000,T1,drone,48.000000,36.000000,500.0
0.000,T2,glide_bomb,48.200000,36.200000,9000.0
1.000,T1,drone,48.001000,36.001000,500.0
1.000,T2,glide_bomb,48.201000,36.201000,8000.0
2.000,T1,drone,48.002000,36.002000,500.0
2.000,T2,glide_bomb,48.202000,36.202000,7000.0
"""

IMPACTS = """object_id,object_kind,t_s,lat,lon
T2,glide_bomb,2.500,48.203000,36.203000
"""


def good_files() -> dict[str, str]:
    """A valid scenario folder's files, by name."""
    return {
        "scenario.json": json.dumps(INFO, indent=1),
        "detections.csv": DETECTIONS,
        "truth.csv": TRUTH,
        "impacts.csv": IMPACTS,
    }


def write_files(folder: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write the files into folder and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def set_field(text: str, line: int, column: str, value: str) -> str:
    """The CSV text with one field (1-based line, column by header name) replaced."""
    lines = text.splitlines()
    index = lines[0].split(",").index(column)
    fields = lines[line - 1].split(",")
    fields[index] = value
    lines[line - 1] = ",".join(fields)
    return "\n".join(lines) + "\n"


def drop_line(text: str, line: int) -> str:
    """The text without its 1-based line."""
    lines = text.splitlines()
    del lines[line - 1]
    return "\n".join(lines) + "\n"


def json_with(edit: dict[str, Any]) -> str:
    """scenario.json text with top-level keys replaced (value None deletes the key)."""
    info = json.loads(json.dumps(INFO))
    for key, value in edit.items():
        if value is None:
            info.pop(key, None)
        else:
            info[key] = value
    return json.dumps(info, indent=1)


def json_sensor_with(index: int, edit: dict[str, Any], extra_sensor: dict[str, Any] | None = None) -> str:
    """scenario.json text with one sensor's keys replaced (None deletes), optionally a sensor appended."""
    info = json.loads(json.dumps(INFO))
    for key, value in edit.items():
        if value is None:
            info["sensors"][index].pop(key, None)
        else:
            info["sensors"][index][key] = value
    if extra_sensor is not None:
        info["sensors"].append(extra_sensor)
    return json.dumps(info, indent=1)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th occurrence of needle in text."""
    position = -1
    for _ in range(occurrence):
        position = text.index(needle, position + 1)
    return text.count("\n", 0, position) + 1
