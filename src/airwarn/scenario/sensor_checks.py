"""scenario.json's `sensors` list: each entry's id, kind, position and noise figures.

As the contract has it, radar and acoustic sensors need a position and their noise figures (radar
its three sigmas, acoustic sigma_azimuth_deg); observer nothing (each report carries its
position). max_range_m and scan_period_s are optional (see tracking.config for what is assumed).
A sensor of a kind the contract does not name is kept: its rows are read and not used.
Every named figure other than lat/lon/alt_m must be > 0 wherever it is given.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any, Final

from airwarn.scenario.json_positions import JsonChecker
from airwarn.scenario.model import Sensor

SENSOR_NUMBER_KEYS: Final = tuple(f.name for f in fields(Sensor) if f.name not in ("id", "kind", "extra"))
POSITIVE_SENSOR_KEYS: Final = frozenset(SENSOR_NUMBER_KEYS) - {"lat", "lon", "alt_m"}
REQUIRED_SENSOR_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "radar": ("lat", "lon", "alt_m", "sigma_range_m", "sigma_azimuth_deg", "sigma_elevation_deg"),
    "acoustic": ("lat", "lon", "alt_m", "sigma_azimuth_deg"),
    "observer": (),
}


def check_sensors(
    data: dict[str, Any], check: JsonChecker
) -> tuple[tuple[Sensor, ...] | None, dict[str, str] | None]:
    """The sensors that passed, and the kind of every sensor whose id could be read."""
    entries = data.get("sensors")
    if not isinstance(entries, list):
        what = "is missing" if entries is None else f"{json.dumps(entries)[:40]} is not a list"
        key = "sensors" if "sensors" in data else None
        check.issue(data, key, "sensors", f"{what}; add a list of {{id, kind, ...}} objects")
        return None, None
    sensors: list[Sensor] = []
    kinds: dict[str, str] = {}
    all_ok = True
    for index, entry in enumerate(entries):
        label = f"sensors[{index}]"
        if not isinstance(entry, dict):
            check.issue(
                data, "sensors", label, f"{json.dumps(entry)[:40]} is not an object {{id, kind, ...}}"
            )
            all_ok = False
            continue
        sensor_id = check.text(entry, "id", f"{label}.id")
        kind = check.text(entry, "kind", f"{label}.kind")
        if sensor_id is not None and sensor_id in kinds:
            check.issue(
                entry, "id", f"{label}.id", f"sensor id '{sensor_id}' is used twice; ids must be unique"
            )
            all_ok = False
            continue
        if sensor_id is not None:
            kinds[sensor_id] = kind or ""
        sensor = _check_sensor(entry, label, sensor_id, kind, check)
        if sensor is None:
            all_ok = False
        else:
            sensors.append(sensor)
    return (tuple(sensors) if all_ok else None), kinds


def _check_sensor(
    entry: dict[str, Any], label: str, sensor_id: str | None, kind: str | None, check: JsonChecker
) -> Sensor | None:
    """One sensor entry as a Sensor, or None after logging what is wrong with it."""
    ok = sensor_id is not None and kind is not None
    required = REQUIRED_SENSOR_KEYS.get(kind or "", ())
    values: dict[str, float] = {}
    for key in SENSOR_NUMBER_KEYS:
        if key not in entry:
            if key in required:
                check.issue(entry, None, f"{label}.{key}", f"{kind} sensor '{sensor_id}' needs {key}; add it")
                ok = False
            continue
        value = check.coordinate(entry, key, f"{label}.{key}", True)
        if value is not None and key in POSITIVE_SENSOR_KEYS and value <= 0:
            check.issue(entry, key, f"{label}.{key}", f"{value:g} must be > 0")
            value = None
        if value is None:
            ok = False
        else:
            values[key] = value
    if not ok or sensor_id is None or kind is None:
        return None
    extra = {k: v for k, v in entry.items() if k not in ("id", "kind", *SENSOR_NUMBER_KEYS)}
    return Sensor(id=sensor_id, kind=kind, extra=extra, **values)
