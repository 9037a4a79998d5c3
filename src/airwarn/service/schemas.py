"""The API's request and response bodies (pydantic): one schema family per entity.

Every float is finite; ranges follow the data contract, so a bad field gets a 422 naming it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["sensor", "operator", "public"]
SensorType = Literal["radar", "acoustic", "observer"]

_MAX_T_S = 1e7
"""About 115 days of scenario time: a bound that keeps a bad clock from jumping the picture."""


class _Strict(BaseModel):
    model_config = ConfigDict(allow_inf_nan=False, extra="ignore")


class DetectionIn(_Strict):
    """One row of the contract's detections.csv, with the optional sensor_type for a cross-check."""

    t_s: float = Field(ge=0, le=_MAX_T_S, description="Seconds since the scenario's start_time.")
    sensor_id: str = Field(min_length=1, max_length=64)
    sensor_type: SensorType | None = None
    range_m: float | None = Field(None, gt=0, le=5e6)
    azimuth_deg: float | None = Field(None, ge=0, lt=360)
    elevation_deg: float | None = Field(None, ge=-90, le=90)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    alt_m: float | None = Field(None, ge=-1000, le=1e6)
    reporter_id: str | None = Field(None, max_length=128)
    heading_deg: float | None = Field(None, ge=0, lt=360)
    object_kind: str | None = Field(None, max_length=64)


class DetectionBatchIn(_Strict):
    """A batch of detections; batch_id makes a re-sent batch count once."""

    batch_id: str = Field(min_length=1, max_length=128)
    detections: list[DetectionIn]


class BatchReceiptOut(BaseModel):
    """Sent only after the batch is committed to the event log."""

    batch_id: str
    accepted: int
    duplicate: bool
    first_seq: int | None
    last_seq: int | None


class ReportIn(_Strict):
    """One citizen's report: the contract's observer row (the reporter's own position)."""

    report_id: str | None = Field(None, min_length=1, max_length=128)
    t_s: float = Field(ge=0, le=_MAX_T_S)
    sensor_id: str = Field(min_length=1, max_length=64)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    reporter_id: str = Field(min_length=1, max_length=128)
    alt_m: float | None = Field(None, ge=-1000, le=1e6)
    azimuth_deg: float | None = Field(None, ge=0, lt=360)
    heading_deg: float | None = Field(None, ge=0, lt=360)
    object_kind: str | None = Field(None, max_length=64)


class ImpactIn(_Strict):
    """An impact for the strike log."""

    t_s: float = Field(ge=0, le=_MAX_T_S)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    kind: str = Field("", max_length=64)
    note: str = Field("", max_length=2000)


class ClockIn(_Strict):
    """Move the scenario clock forward (data-clock mode: to flush the last scans of a feed)."""

    t_s: float = Field(ge=0, le=_MAX_T_S)


class SessionIn(_Strict):
    """A key to keep in the HttpOnly session cookie."""

    key: str = Field(min_length=1, max_length=256)


class SessionOut(BaseModel):
    role: Role
    partner: str


class HealthOut(BaseModel):
    status: Literal["ok"]
    clock_t_s: float
    detections: int


class AreaOut(BaseModel):
    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float


class SensorOut(BaseModel):
    sensor_id: str
    type: str
    partner: str
    lat: float | None
    lon: float | None
    alt_m: float | None
    max_range_m: float | None


class PlaceOut(BaseModel):
    name: str
    name_uk: str | None
    lat: float
    lon: float
    population: int


class ScenarioOut(BaseModel):
    name: str
    start_time: str
    clock_t_s: float
    area: AreaOut
    sensors: list[SensorOut]
    places: list[PlaceOut]
