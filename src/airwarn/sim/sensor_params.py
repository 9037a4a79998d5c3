"""Shared plumbing of the sensor models: reading a Sensor's figures and extras with clear
errors, and packing simulated rows into a time-sorted SensorOutput."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from airwarn.errors import ConfigError
from airwarn.scenario.model import Sensor, detections_from_columns
from airwarn.sim.types import SensorOutput, StrArray


def _as_number(sensor: Sensor, key: str, value: Any, minimum: float) -> float:
    """value as a finite float >= minimum, or a ConfigError naming the sensor and key."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"sensor {sensor.id!r}: {key} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < minimum:
        raise ConfigError(f"sensor {sensor.id!r}: {key} must be a finite number >= {minimum}, got {value!r}")
    return number


def required_field(sensor: Sensor, name: str, *, minimum: float = -math.inf) -> float:
    """A contract field of the sensor that this model cannot run without."""
    value = getattr(sensor, name)
    if value is None:
        raise ConfigError(f"sensor {sensor.id!r} ({sensor.kind}): {name} is required")
    return _as_number(sensor, name, value, minimum)


def field_or(sensor: Sensor, name: str, default: float, *, minimum: float = 0.0) -> float:
    """A contract field of the sensor, or the model's documented default when it is unset."""
    value = getattr(sensor, name)
    return default if value is None else _as_number(sensor, name, value, minimum)


def extra_float(sensor: Sensor, key: str, default: float, *, minimum: float = 0.0) -> float:
    """A numeric extra key of the sensor (scenario.json keys beyond the contract), or its default."""
    value = sensor.extra.get(key)
    return default if value is None else _as_number(sensor, key, value, minimum)


def extra_share(sensor: Sensor, key: str, default: float) -> float:
    """A probability-like extra in [0, 1], or its default."""
    share = extra_float(sensor, key, default)
    if share > 1.0:
        raise ConfigError(f"sensor {sensor.id!r}: {key} must lie in [0, 1], got {share}")
    return share


def extra_table(sensor: Sensor, key: str, defaults: Mapping[str, float]) -> dict[str, float]:
    """A per-object-kind table extra (e.g. {"drone": 0.1}) merged over the module's defaults."""
    table = dict(defaults)
    given = sensor.extra.get(key)
    if given is None:
        return table
    if not isinstance(given, Mapping):
        raise ConfigError(f"sensor {sensor.id!r}: {key} must map object kinds to numbers, got {given!r}")
    for kind, value in given.items():
        table[str(kind)] = _as_number(sensor, f"{key}.{kind}", value, 0.0)
    return table


def sensor_position(sensor: Sensor) -> tuple[float, float, float]:
    """(lat, lon, alt_m) of a sensor that has a fixed position."""
    return (
        required_field(sensor, "lat", minimum=-90.0),
        required_field(sensor, "lon", minimum=-180.0),
        required_field(sensor, "alt_m"),
    )


def sorted_output(n: int, columns: dict[str, Any], origin_id: StrArray) -> SensorOutput:
    """Rows given as columns (others left empty) plus their origins, stably sorted by t_s."""
    detections = detections_from_columns(n, columns)
    order = np.argsort(detections.t_s, kind="stable")
    return SensorOutput(
        detections=detections.take(order), origin_id=np.asarray(origin_id, dtype=object)[order]
    )
