"""In-memory form of the data contract (shared/spec/scenario-format.md), version 1.

Tables are columnar: one numpy array per CSV column, so a million rows cost a few
arrays, not a million objects. Float columns hold NaN where the CSV field is empty;
string columns are object arrays holding "" where the field is empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt

FORMAT: Final = "airwarn-scenario/1"

FloatArray = npt.NDArray[np.float64]
StrArray = npt.NDArray[np.object_]
BoolArray = npt.NDArray[np.bool_]

SensorKind = Literal["radar", "acoustic", "observer"]
SENSOR_KINDS: Final[tuple[str, ...]] = ("radar", "acoustic", "observer")
OBJECT_KINDS: Final[tuple[str, ...]] = (
    "drone",
    "cruise_missile",
    "ballistic_missile",
    "glide_bomb",
)

DETECTION_COLUMNS: Final = (
    "t_s",
    "sensor_id",
    "range_m",
    "azimuth_deg",
    "elevation_deg",
    "lat",
    "lon",
    "alt_m",
    "reporter_id",
    "heading_deg",
    "object_kind",
)
TRUTH_COLUMNS: Final = ("t_s", "object_id", "object_kind", "lat", "lon", "alt_m")
IMPACT_COLUMNS: Final = ("object_id", "object_kind", "t_s", "lat", "lon")
TRACK_COLUMNS: Final = (
    "t_s",
    "track_id",
    "lat",
    "lon",
    "alt_m",
    "v_east_mps",
    "v_north_mps",
    "v_up_mps",
    "object_kind",
    "confirmed",
)
TRACK_EXTRA_COLUMNS: Final = ("v_sigma_mps", "v_up_sigma_mps")
"""airwarn's own tracks.csv columns after the contract's (the contract allows added columns and
readers ignore those they do not know): v_sigma_mps, the track's 1-sigma horizontal velocity
error along its worst axis, and v_up_sigma_mps, its 1-sigma climb-rate error (m/s; empty when
not known), so a reader can tell how sure a course and a rate of descent are."""
TRACK_FIELDS: Final = TRACK_COLUMNS + TRACK_EXTRA_COLUMNS
MSG_TYPES: Final[tuple[str, ...]] = ("Alert", "Update", "Cancel")


@dataclass(frozen=True)
class Area:
    """The scenario's area of interest, a lat/lon box in degrees."""

    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: FloatArray, lon: FloatArray) -> BoolArray:
        """True where (lat, lon) lies inside the box (edges included)."""
        return (lat >= self.south) & (lat <= self.north) & (lon >= self.west) & (lon <= self.east)

    @property
    def center(self) -> tuple[float, float]:
        """(lat, lon) of the box centre."""
        return (self.south + self.north) / 2.0, (self.west + self.east) / 2.0


@dataclass(frozen=True)
class Sensor:
    """One entry of scenario.json's `sensors`; `extra` keeps keys the contract does not name."""

    id: str
    kind: str
    lat: float | None = None
    lon: float | None = None
    alt_m: float | None = None
    max_range_m: float | None = None
    scan_period_s: float | None = None
    sigma_range_m: float | None = None
    sigma_azimuth_deg: float | None = None
    sigma_elevation_deg: float | None = None
    sigma_position_m: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The sensor as scenario.json writes it: named keys that are set, then extras."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            if value is not None:
                out[f.name] = value
        out.update(self.extra)
        return out


@dataclass(frozen=True)
class ScenarioInfo:
    """scenario.json: what the scenario is, where, when, and with which sensors."""

    name: str
    start_time: str
    duration_s: float
    area: Area
    sensors: tuple[Sensor, ...]
    format: str = FORMAT
    extra: dict[str, Any] = field(default_factory=dict)

    def sensor_by_id(self) -> dict[str, Sensor]:
        """Sensors keyed by id."""
        return {s.id: s for s in self.sensors}


@dataclass
class Detections:
    """detections.csv as columns; one row per sensor report, sorted by t_s."""

    t_s: FloatArray
    sensor_id: StrArray
    range_m: FloatArray
    azimuth_deg: FloatArray
    elevation_deg: FloatArray
    lat: FloatArray
    lon: FloatArray
    alt_m: FloatArray
    reporter_id: StrArray
    heading_deg: FloatArray
    object_kind: StrArray

    def __len__(self) -> int:
        return int(self.t_s.shape[0])

    @classmethod
    def empty(cls) -> Detections:
        return detections_from_columns(0, {})

    def take(self, index: npt.NDArray[np.intp] | BoolArray | slice) -> Detections:
        """The rows selected by an index array, boolean mask or slice."""
        return Detections(**{name: getattr(self, name)[index] for name in DETECTION_COLUMNS})

    @staticmethod
    def concat(parts: list[Detections]) -> Detections:
        """Rows of all parts, in order (not re-sorted)."""
        if not parts:
            return Detections.empty()
        return Detections(
            **{name: np.concatenate([getattr(p, name) for p in parts]) for name in DETECTION_COLUMNS}
        )

    def sorted_by_time(self) -> Detections:
        """A copy sorted by t_s (stable, so equal times keep their order)."""
        return self.take(np.argsort(self.t_s, kind="stable"))


_STRING_DETECTION_COLUMNS: Final = frozenset({"sensor_id", "reporter_id", "object_kind"})


def detections_from_columns(n: int, columns: dict[str, Any]) -> Detections:
    """Build Detections of n rows; columns not given are filled empty (NaN or "")."""
    values: dict[str, Any] = {}
    for name in DETECTION_COLUMNS:
        if name in columns:
            dtype = object if name in _STRING_DETECTION_COLUMNS else np.float64
            arr = np.asarray(columns[name], dtype=dtype)
            if arr.shape != (n,):
                raise ValueError(f"column {name} has shape {arr.shape}, expected ({n},)")
            values[name] = arr
        elif name in _STRING_DETECTION_COLUMNS:
            values[name] = np.full(n, "", dtype=object)
        else:
            values[name] = np.full(n, np.nan)
    return Detections(**values)


@dataclass
class Truth:
    """truth.csv as columns: true object positions, sampled at least once a second."""

    t_s: FloatArray
    object_id: StrArray
    object_kind: StrArray
    lat: FloatArray
    lon: FloatArray
    alt_m: FloatArray

    def __len__(self) -> int:
        return int(self.t_s.shape[0])


@dataclass
class Impacts:
    """impacts.csv as columns: where and when each object came down."""

    object_id: StrArray
    object_kind: StrArray
    t_s: FloatArray
    lat: FloatArray
    lon: FloatArray

    def __len__(self) -> int:
        return int(self.t_s.shape[0])


@dataclass
class Scenario:
    """A scenario folder: its description, detections and (for simulations) the truth."""

    info: ScenarioInfo
    detections: Detections
    truth: Truth | None = None
    impacts: Impacts | None = None


@dataclass
class Tracks:
    """tracks.csv as columns: one row per track per update, as the tracker knew it then."""

    t_s: FloatArray
    track_id: StrArray
    lat: FloatArray
    lon: FloatArray
    alt_m: FloatArray
    v_east_mps: FloatArray
    v_north_mps: FloatArray
    v_up_mps: FloatArray
    object_kind: StrArray
    confirmed: BoolArray
    v_sigma_mps: FloatArray = field(default_factory=lambda: np.zeros(0))
    """Horizontal velocity error (1 sigma, worst axis, m/s); NaN where not known. Left out (empty),
    it is NaN for every row (so is v_up_sigma_mps)."""
    v_up_sigma_mps: FloatArray = field(default_factory=lambda: np.zeros(0))
    """Climb-rate error (1 sigma, m/s); NaN where not known."""

    def __post_init__(self) -> None:
        n = int(self.t_s.shape[0])
        for name in TRACK_EXTRA_COLUMNS:
            values = getattr(self, name)
            if values.shape[0] == 0 and n:
                setattr(self, name, np.full(n, np.nan))
            elif values.shape[0] != n:
                raise ValueError(f"Tracks: {name} has {values.shape[0]} rows, t_s {n}")

    def __len__(self) -> int:
        return int(self.t_s.shape[0])

    def take(self, index: npt.NDArray[np.intp] | BoolArray | slice) -> Tracks:
        """The rows selected by an index array, boolean mask or slice."""
        return Tracks(**{name: getattr(self, name)[index] for name in TRACK_FIELDS})

    def sorted_by_time(self) -> Tracks:
        """A copy sorted by t_s (stable, so rows of equal time keep their order)."""
        return self.take(np.argsort(self.t_s, kind="stable"))


@dataclass(frozen=True)
class AlertMessage:
    """One line of alerts.jsonl: an Alert, Update or Cancel of one alert_id."""

    alert_id: str
    msg_type: str
    t_s: float
    expires_t_s: float
    area: dict[str, Any]
    threat_track_ids: tuple[str, ...] = ()
    object_kind: str = ""
    eta_t_s: float | None = None
    headline: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
