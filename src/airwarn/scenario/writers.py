"""Writers of a scenario folder: scenario.json, detections.csv, truth.csv, impacts.csv.

Files are written whole to a temporary name and then renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from airwarn.errors import ScenarioError
from airwarn.scenario.csv_format import (
    DETECTION_DECIMALS,
    IMPACT_DECIMALS,
    TRUTH_DECIMALS,
    check_sorted,
    format_rows,
)
from airwarn.scenario.model import (
    DETECTION_COLUMNS,
    IMPACT_COLUMNS,
    TRUTH_COLUMNS,
    Detections,
    Impacts,
    Scenario,
    ScenarioInfo,
    Truth,
)
from airwarn.scenario.readers import DETECTIONS_FILE, IMPACTS_FILE, INFO_FILE, TRUTH_FILE

CONTRACT_FILES = frozenset({INFO_FILE, DETECTIONS_FILE, TRUTH_FILE, IMPACTS_FILE})


def write_scenario(
    scenario: Scenario, path: Path, extra_files: Mapping[str, str | bytes] | None = None
) -> None:
    """Write a scenario folder (created if needed); extra_files maps file names to text or bytes.

    truth.csv and impacts.csv are written when the scenario has them. Extra files (e.g. a
    simulator's record of which object caused each detection) sit beside the contract's files.
    """
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    write_scenario_info(scenario.info, path / INFO_FILE)
    write_detections(scenario.detections, path / DETECTIONS_FILE)
    if scenario.truth is not None:
        write_truth(scenario.truth, path / TRUTH_FILE)
    if scenario.impacts is not None:
        write_impacts(scenario.impacts, path / IMPACTS_FILE)
    for name, content in (extra_files or {}).items():
        if name in CONTRACT_FILES or Path(name).name != name:
            raise ScenarioError(
                "is not allowed as an extra file; use a plain file name other than the contract's", file=name
            )
        _write_atomic(path / name, content.encode("utf-8") if isinstance(content, str) else content)


def scenario_info_to_json(info: ScenarioInfo) -> dict[str, Any]:
    """scenario.json as a dict: the contract's keys in order, then the extra keys kept from reading."""
    out: dict[str, Any] = {
        "format": info.format,
        "name": info.name,
        "start_time": info.start_time,
        "duration_s": info.duration_s,
        "area": {
            "south": info.area.south,
            "west": info.area.west,
            "north": info.area.north,
            "east": info.area.east,
        },
        "sensors": [sensor.to_json() for sensor in info.sensors],
    }
    out.update({k: v for k, v in info.extra.items() if k not in out})
    return out


def write_scenario_info(info: ScenarioInfo, path: Path) -> None:
    """Write scenario.json (one key per line, UTF-8)."""
    try:
        text = json.dumps(scenario_info_to_json(info), indent=1, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ScenarioError(
            f"cannot be written as JSON ({exc}); use finite numbers and plain types", file=INFO_FILE
        ) from exc
    _write_atomic(Path(path), (text + "\n").encode("utf-8"))


def write_detections(detections: Detections, path: Path) -> None:
    """Write detections.csv: the contract's header and columns, rows sorted by t_s."""
    _write_table(detections, DETECTION_COLUMNS, DETECTION_DECIMALS, Path(path))


def write_truth(truth: Truth, path: Path) -> None:
    """Write truth.csv."""
    _write_table(truth, TRUTH_COLUMNS, TRUTH_DECIMALS, Path(path))


def write_impacts(impacts: Impacts, path: Path) -> None:
    """Write impacts.csv."""
    _write_table(impacts, IMPACT_COLUMNS, IMPACT_DECIMALS, Path(path))


def _write_table(
    table: Detections | Truth | Impacts, columns: tuple[str, ...], decimals: dict[str, int], path: Path
) -> None:
    """Header plus formatted rows, written atomically."""
    arrays: dict[str, np.ndarray] = {name: getattr(table, name) for name in columns}
    check_sorted(arrays["t_s"], file=path.name)
    body = format_rows(columns, arrays, decimals, file=path.name)
    _write_atomic(path, (",".join(columns) + "\n" + body).encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


ORIGIN_FILE = "detections_origin.csv"
"""A simulator's record beside detections.csv of what caused each row; trackers never read it."""


def origin_csv(origin_id: npt.NDArray[np.object_]) -> str:
    """detections_origin.csv as text: `row,object_id`, row being the 0-based detection index
    and object_id empty for clutter and false or malicious reports."""
    lines = [f"{i},{o}\n" for i, o in enumerate(origin_id.tolist())]
    return "row,object_id\n" + "".join(lines)
