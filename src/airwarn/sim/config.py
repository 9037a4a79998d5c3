"""What a simulation is asked to make: area, time, threat groups and sensors (pure data),
plus `load_config`, which reads it from a JSON file and names any bad key."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from airwarn.errors import ConfigError
from airwarn.scenario.model import OBJECT_KINDS, SENSOR_KINDS, Area, Sensor

ORIGINS = ("border", "sea")


@dataclass(frozen=True)
class ThreatGroup:
    """`count` threats of one kind, launched (or entering) uniformly within launch_window_s.

    targets: place names (GeoNames) to aim at; empty = places in the area with at least
    min_target_population people, drawn by population. origin ("border" or "sea") and
    launch_regions (ISO alpha-3 codes or "crimea") say where they come from; from_bearing_deg
    steers glide-bomb release to that side of the target; transit_share of drones fly on
    out of the area instead of striking.
    """

    kind: str
    count: int
    launch_window_s: tuple[float, float] = (0.0, 0.0)
    targets: tuple[str, ...] = ()
    min_target_population: float = 20_000.0
    origin: str = "border"
    launch_regions: tuple[str, ...] = ("RUS",)
    from_bearing_deg: float | None = None
    transit_share: float = 0.0


@dataclass(frozen=True)
class AcousticLayout:
    """Acoustic posts on a triangular grid spacing_km apart within radius_km of each named
    place (on Ukrainian soil), all with the same figures."""

    centres: tuple[str, ...]
    radius_km: float = 20.0
    spacing_km: float = 4.0
    max_range_m: float = 3000.0
    sigma_azimuth_deg: float = 5.0
    report_period_s: float = 2.0
    false_per_hour: float = 0.5


@dataclass(frozen=True)
class SimConfig:
    """A whole simulation request; sensors are explicit entries, acoustic_layouts add posts."""

    name: str
    start_time: str
    duration_s: float
    area: Area
    threats: tuple[ThreatGroup, ...]
    sensors: tuple[Sensor, ...] = ()
    acoustic_layouts: tuple[AcousticLayout, ...] = ()


def load_config(path: str | Path) -> SimConfig:
    """Read a SimConfig from JSON; ConfigError names the file and key of anything wrong."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the simulation config ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    return config_from_json(raw, str(path))


def config_from_json(raw: Any, where: str = "config") -> SimConfig:
    """Build and check a SimConfig from parsed JSON; `where` prefixes error messages."""
    obj = _mapping(raw, where)
    _known(obj, {f.name for f in fields(SimConfig)}, where)
    start_time = str(_required(obj, "start_time", where))
    try:
        datetime.fromisoformat(start_time.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ConfigError(f"{where}: start_time {start_time!r} is not an ISO 8601 time") from exc
    threats = tuple(_threat(t, f"{where}: threats[{i}]") for i, t in enumerate(_list(obj, "threats", where)))
    sensors = tuple(_sensor(s, f"{where}: sensors[{i}]") for i, s in enumerate(_list(obj, "sensors", where)))
    ids = [s.id for s in sensors]
    if len(set(ids)) != len(ids):
        raise ConfigError(
            f"{where}: sensors: ids must be unique, {sorted(i for i in ids if ids.count(i) > 1)} repeat"
        )
    layouts = tuple(
        _layout(a, f"{where}: acoustic_layouts[{i}]")
        for i, a in enumerate(_list(obj, "acoustic_layouts", where))
    )
    return SimConfig(
        name=str(obj.get("name", "simulation")),
        start_time=start_time,
        duration_s=_number(obj, "duration_s", where, positive=True),
        area=_area(_required(obj, "area", where), f"{where}: area"),
        threats=threats,
        sensors=sensors,
        acoustic_layouts=layouts,
    )


def _mapping(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a JSON object, got {type(raw).__name__}")
    return raw


def _known(obj: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")


def _required(obj: dict[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise ConfigError(f"{where}: missing key '{key}'")
    return obj[key]


def _list(obj: dict[str, Any], key: str, where: str) -> list[Any]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"{where}: '{key}' must be a list")
    return value


def _number(obj: dict[str, Any], key: str, where: str, positive: bool = False) -> float:
    value = _required(obj, key, where)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}: '{key}' must be a number, got {value!r}")
    if positive and value <= 0:
        raise ConfigError(f"{where}: '{key}' must be > 0, got {value!r}")
    return float(value)


def _area(raw: Any, where: str) -> Area:
    obj = _mapping(raw, where)
    _known(obj, {"south", "west", "north", "east"}, where)
    s, w, n, e = (_number(obj, k, where) for k in ("south", "west", "north", "east"))
    if not (-90 <= s < n <= 90 and -180 <= w < e <= 180):
        raise ConfigError(f"{where}: need south < north and west < east in degrees, got {obj}")
    return Area(south=s, west=w, north=n, east=e)


def _threat(raw: Any, where: str) -> ThreatGroup:
    obj = _mapping(raw, where)
    _known(obj, {f.name for f in fields(ThreatGroup)}, where)
    kind = _required(obj, "kind", where)
    if kind not in OBJECT_KINDS:
        raise ConfigError(f"{where}: 'kind' {kind!r} is not one of {list(OBJECT_KINDS)}")
    count = _required(obj, "count", where)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ConfigError(f"{where}: 'count' must be a non-negative integer, got {count!r}")
    window = obj.get("launch_window_s", [0.0, 0.0])
    if not (
        isinstance(window, list) and len(window) == 2 and all(isinstance(x, int | float) for x in window)
    ):
        raise ConfigError(f"{where}: 'launch_window_s' must be [first_s, last_s], got {window!r}")
    if window[0] > window[1]:
        raise ConfigError(f"{where}: 'launch_window_s' {window} must not end before it starts")
    origin = obj.get("origin", "border")
    if origin not in ORIGINS:
        raise ConfigError(f"{where}: 'origin' {origin!r} is not one of {list(ORIGINS)}")
    share = obj.get("transit_share", 0.0)
    if not isinstance(share, int | float) or not 0.0 <= share <= 1.0:
        raise ConfigError(f"{where}: 'transit_share' must be a number in [0, 1], got {share!r}")
    bearing = obj.get("from_bearing_deg")
    return ThreatGroup(
        kind=kind,
        count=count,
        launch_window_s=(float(window[0]), float(window[1])),
        targets=tuple(str(t) for t in obj.get("targets", [])),
        min_target_population=float(obj.get("min_target_population", 20_000.0)),
        origin=origin,
        launch_regions=tuple(str(r) for r in obj.get("launch_regions", ["RUS"])),
        from_bearing_deg=None if bearing is None else _number(obj, "from_bearing_deg", where),
        transit_share=float(share),
    )


def _sensor(raw: Any, where: str) -> Sensor:
    obj = dict(_mapping(raw, where))
    sid, kind = _required(obj, "id", where), _required(obj, "kind", where)
    if kind not in SENSOR_KINDS:
        raise ConfigError(f"{where}: 'kind' {kind!r} is not one of {list(SENSOR_KINDS)}")
    named = {f.name for f in fields(Sensor)} - {"id", "kind", "extra"}
    values: dict[str, float | None] = {}
    for key in named:
        values[key] = _number(obj, key, where) if key in obj else None
    if kind != "observer" and (values["lat"] is None or values["lon"] is None):
        raise ConfigError(f"{where}: a {kind} sensor needs 'lat' and 'lon'")
    extra = {k: v for k, v in obj.items() if k not in named | {"id", "kind"}}
    return Sensor(id=str(sid), kind=str(kind), extra=extra, **values)


def _layout(raw: Any, where: str) -> AcousticLayout:
    obj = _mapping(raw, where)
    _known(obj, {f.name for f in fields(AcousticLayout)}, where)
    centres = _required(obj, "centres", where)
    if not isinstance(centres, list) or not all(isinstance(c, str) for c in centres):
        raise ConfigError(f"{where}: 'centres' must be a list of place names")
    numbers = {k: _number(obj, k, where, positive=k != "false_per_hour") for k in obj if k != "centres"}
    return AcousticLayout(centres=tuple(centres), **numbers)
