"""scenario.json: its checks and its ScenarioInfo, written once for the reader and the validator.

start_time must be ISO-8601 with a time zone ("Z" for UTC): a naive time is ambiguous by hours.
The area may not cross the antimeridian (west < east).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from airwarn.scenario.issues import IssueLog
from airwarn.scenario.json_positions import JSON_FILE, JsonChecker, load_json_with_positions
from airwarn.scenario.model import FORMAT, Area, ScenarioInfo, Sensor
from airwarn.scenario.sensor_checks import check_sensors

FILE: Final = JSON_FILE
INFO_KEYS: Final = ("format", "name", "start_time", "duration_s", "area", "sensors")


@dataclass(frozen=True)
class InfoFacts:
    """What the CSV checks need from scenario.json, known even when other parts of it are broken.

    sensor_kinds is None when the sensor list could not be read (then sensor ids are not checked);
    duration_s is None when it is missing or wrong (then t_s is only checked to be >= 0).
    """

    sensor_kinds: dict[str, str] | None
    duration_s: float | None


def check_scenario_json(path: Path, log: IssueLog) -> tuple[ScenarioInfo | None, InfoFacts]:
    """Read and check scenario.json; the ScenarioInfo is None when any issue was found."""
    unknown = InfoFacts(None, None)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        log.add(FILE, None, None, f"file not found at {path}; a scenario folder needs {FILE}")
        return None, unknown
    except UnicodeDecodeError as exc:
        log.add(FILE, None, None, f"is not UTF-8 (byte {exc.start}); save the file as UTF-8")
        return None, unknown
    except OSError as exc:
        log.add(FILE, None, None, f"cannot be read ({exc.strerror or exc}); check the path and permissions")
        return None, unknown
    try:
        data, positions = load_json_with_positions(text)
    except json.JSONDecodeError as exc:
        log.add(FILE, exc.lineno, None, f"is not valid JSON: {exc.msg} at character {exc.colno}")
        return None, unknown
    if not isinstance(data, dict):
        log.add(FILE, 1, None, "must hold one JSON object {...} with format, name, start_time, ...")
        return None, unknown
    issues_before = len(log.issues)
    partial = _build_info(data, JsonChecker(log, positions))
    info = _info_from_partial(partial) if len(log.issues) == issues_before else None
    return info, InfoFacts(partial.sensor_kinds, partial.duration_s)


@dataclass
class _PartialInfo:
    """The pieces of scenario.json that passed their checks (None where they did not)."""

    format: str | None
    name: str | None
    start_time: str | None
    duration_s: float | None
    area: Area | None
    sensors: tuple[Sensor, ...] | None
    sensor_kinds: dict[str, str] | None
    extra: dict[str, Any]


def _build_info(data: dict[str, Any], check: JsonChecker) -> _PartialInfo:
    """Check every top-level key and collect what passed."""
    sensors, kinds = check_sensors(data, check)
    return _PartialInfo(
        format=_check_format(data, check),
        name=check.text(data, "name", "name"),
        start_time=_check_start_time(data, check),
        duration_s=_check_duration(data, check),
        area=_check_area(data, check),
        sensors=sensors,
        sensor_kinds=kinds,
        extra={k: v for k, v in data.items() if k not in INFO_KEYS},
    )


def _info_from_partial(partial: _PartialInfo) -> ScenarioInfo | None:
    """A ScenarioInfo when every piece passed its checks."""
    if (
        partial.format is None
        or partial.name is None
        or partial.start_time is None
        or partial.duration_s is None
        or partial.area is None
        or partial.sensors is None
    ):
        return None
    return ScenarioInfo(
        name=partial.name,
        start_time=partial.start_time,
        duration_s=partial.duration_s,
        area=partial.area,
        sensors=partial.sensors,
        format=partial.format,
        extra=partial.extra,
    )


def _check_format(data: dict[str, Any], check: JsonChecker) -> str | None:
    """The "format" key: exactly the version this reader implements."""
    if "format" not in data:
        check.issue(data, None, "format", f'is missing; add "format": "{FORMAT}"')
        return None
    if data["format"] != FORMAT:
        check.issue(
            data, "format", "format", f'{json.dumps(data["format"])} is not supported; expected "{FORMAT}"'
        )
        return None
    return FORMAT


def _check_start_time(data: dict[str, Any], check: JsonChecker) -> str | None:
    """start_time: ISO-8601 with a time zone, e.g. 2024-10-03T01:00:00Z."""
    value = check.text(data, "start_time", "start_time")
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        check.issue(data, "start_time", "start_time", f"'{value}' is not ISO-8601 like 2024-10-03T01:00:00Z")
        return None
    if parsed.tzinfo is None:
        check.issue(data, "start_time", "start_time", f"'{value}' has no time zone; append Z for UTC")
        return None
    return value


def _check_duration(data: dict[str, Any], check: JsonChecker) -> float | None:
    """duration_s: a positive number of seconds."""
    if "duration_s" not in data:
        check.issue(data, None, "duration_s", "is missing; add the scenario length in seconds")
        return None
    value = check.number(data, "duration_s", "duration_s")
    if value is not None and value <= 0:
        check.issue(data, "duration_s", "duration_s", f"{value:g} must be > 0 seconds")
        return None
    return value


def _check_area(data: dict[str, Any], check: JsonChecker) -> Area | None:
    """area: {south, west, north, east} in degrees with south < north and west < east."""
    area = data.get("area")
    if not isinstance(area, dict):
        what = "is missing" if area is None else f"{json.dumps(area)} is not an object"
        check.issue(
            data, "area" if "area" in data else None, "area", f"{what}; add {{south, west, north, east}}"
        )
        return None
    edges = {k: check.coordinate(area, k, f"area.{k}", True) for k in ("south", "west", "north", "east")}
    south, west, north, east = edges["south"], edges["west"], edges["north"], edges["east"]
    if south is None or west is None or north is None or east is None:
        return None
    if south >= north:
        check.issue(area, "north", "area.north", f"north {north:g} must be greater than south {south:g}")
        return None
    if west >= east:
        check.issue(area, "east", "area.east", f"east {east:g} must be greater than west {west:g}")
        return None
    return Area(south=south, west=west, north=north, east=east)


def facts_of(info: ScenarioInfo) -> InfoFacts:
    """The facts the CSV checks need, from an already checked ScenarioInfo."""
    return InfoFacts({s.id: s.kind for s in info.sensors}, info.duration_s)
