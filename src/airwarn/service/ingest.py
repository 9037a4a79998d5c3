"""Ingest: request bodies (JSON rows or the contract's CSV) to Detections, and the checks the
service adds to the contract's: known sensors, the fields each kind measures, reports inside the
area, rows neither already fused nor too far ahead. Every problem names its row and field."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from airwarn.errors import AirwarnError, ScenarioError
from airwarn.scenario.csv_table import read_csv_table
from airwarn.scenario.info_checks import InfoFacts
from airwarn.scenario.issues import IssueLimitReachedError, IssueLog
from airwarn.scenario.model import DETECTION_COLUMNS, Detections, ScenarioInfo, detections_from_columns
from airwarn.scenario.table_checks import FIELDS_BY_KIND, check_detections
from airwarn.service.schemas import DetectionIn

MAX_PROBLEMS = 20
"""At most this many problems are listed for one refused batch."""


@dataclass(frozen=True)
class Problem:
    """One bad field: the row (index in the batch) and field, and what is wrong."""

    row: int
    field: str
    message: str


class IngestRefusedError(AirwarnError):
    """A request refused as a whole: the HTTP status and the FastAPI-shaped detail."""

    def __init__(self, status: int, detail: list[dict[str, Any]] | str) -> None:
        super().__init__(str(detail))
        self.status = status
        self.detail = detail


def rows_to_detections(rows: Sequence[DetectionIn]) -> tuple[Detections, list[str | None]]:
    """Validated JSON rows as columns, and each row's claimed sensor_type."""
    columns: dict[str, Any] = {}
    for name in DETECTION_COLUMNS:
        values = [getattr(r, name) for r in rows]
        if name in ("sensor_id", "reporter_id", "object_kind"):
            columns[name] = np.array([v or "" for v in values], dtype=object)
        else:
            columns[name] = np.array(values, dtype=np.float64)
    return detections_from_columns(len(rows), columns), [r.sensor_type for r in rows]


def csv_to_detections(body: bytes, info: ScenarioInfo, scratch_dir: Path) -> tuple[Detections, list[int]]:
    """The contract's detections.csv text as Detections and each row's line, with the contract's
    own checks; IngestRefusedError(422) lists the first problems with line and column."""
    log = IssueLog(max_issues=MAX_PROBLEMS)
    scratch_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=scratch_dir, suffix=".csv") as f:
        f.write(body)
        f.flush()
        try:
            table = read_csv_table(Path(f.name), "detections.csv", DETECTION_COLUMNS, log)
            det = check_detections(table, InfoFacts({s.id: s.kind for s in info.sensors}, None), log)
        except IssueLimitReachedError:
            det = Detections.empty()
        except ScenarioError as exc:  # pragma: no cover - a collecting log does not raise
            raise IngestRefusedError(422, str(exc)) from exc
    if log.issues:
        detail = [
            {"loc": ["body", f"line {i.line}" if i.line else "file", i.column or "row"], "msg": i.message,
             "type": "value_error"}
            for i in log.issues
        ]  # fmt: skip
        raise IngestRefusedError(422, detail)
    return det, table.lines.tolist()


def check_rows(det: Detections, sensor_types: Sequence[str | None], info: ScenarioInfo) -> list[Problem]:
    """Rows that name an unknown sensor, contradict its type, lack what the kind measures, or place
    a report outside the scenario's area (vectorised: one pass per rule)."""
    kinds = {s.id: s.kind for s in info.sensors}
    ids, inverse = np.unique(det.sensor_id.astype(str), return_inverse=True)
    row_kind = np.array([kinds.get(str(i), "") for i in ids], dtype=object)[inverse.reshape(-1)]
    problems: list[Problem] = []
    known = ", ".join(sorted(kinds)[:8])
    for i in np.flatnonzero(np.equal(row_kind, ""))[:MAX_PROBLEMS].tolist():
        sid = det.sensor_id[i]
        problems.append(Problem(i, "sensor_id", f"unknown sensor {sid!r}; the scenario's sensors: {known}"))
    claimed = np.array([t or "" for t in sensor_types], dtype=object)
    wrong = np.not_equal(claimed, "") & np.not_equal(row_kind, "") & np.not_equal(claimed, row_kind)
    for i in np.flatnonzero(wrong)[:MAX_PROBLEMS].tolist():
        message = f"{claimed[i]!r} but sensor {det.sensor_id[i]!r} is a {row_kind[i]}"
        problems.append(Problem(i, "sensor_type", message))
    for kind, names in FIELDS_BY_KIND.items():
        of_kind = np.equal(row_kind, kind)
        for name in names:
            values = getattr(det, name)
            empty = np.isnan(values) if values.dtype == np.float64 else np.equal(values, "")
            for i in np.flatnonzero(of_kind & empty)[:MAX_PROBLEMS].tolist():
                problems.append(
                    Problem(i, name, f"is required for a {kind} detection (sensor {det.sensor_id[i]!r})")
                )
    placed = np.isfinite(det.lat) & np.isfinite(det.lon)
    a = info.area
    for i in np.flatnonzero(placed & ~a.contains(det.lat, det.lon))[:MAX_PROBLEMS].tolist():
        problems.append(
            Problem(i, "lat", f"({det.lat[i]:g}, {det.lon[i]:g}) is outside the area "
                              f"{a.south:g}..{a.north:g} N, {a.west:g}..{a.east:g} E")
        )  # fmt: skip
    return problems


def check_times(
    t_s: np.ndarray, fused_t_s: float, clock_t_s: float, max_ahead_s: float, max_late_s: float
) -> list[Problem]:
    """Rows older than the fused picture by more than max_late_s, or further than max_ahead_s
    beyond the clock (rows merely late for their scan are accepted: they join the next one)."""
    problems: list[Problem] = []
    for i in np.flatnonzero(t_s < fused_t_s - max_late_s)[:MAX_PROBLEMS].tolist():
        problems.append(
            Problem(i, "t_s", f"{t_s[i]:g} is more than max_late_s ({max_late_s:g} s) before the fused "
                              f"picture (t_s {fused_t_s:g}); check the sender's clock")
        )  # fmt: skip
    limit = clock_t_s + max_ahead_s
    for i in np.flatnonzero(t_s > limit)[:MAX_PROBLEMS].tolist():
        problems.append(
            Problem(i, "t_s", f"{t_s[i]:g} is more than max_ahead_s ({max_ahead_s:g} s) after the clock "
                              f"({clock_t_s:g}); check the sender's clock")
        )  # fmt: skip
    return problems


def refuse(
    problems: Sequence[Problem],
    prefix: Sequence[str | int],
    lines: Sequence[int] | None = None,
    *,
    rows: bool = True,
) -> None:
    """Raise IngestRefusedError(422) naming each problem's row (or CSV line, or none for a single
    report) and field."""
    if not problems:
        return
    detail = []
    for p in sorted(problems, key=lambda p: p.row)[:MAX_PROBLEMS]:
        row: list[str | int] = [] if not rows else [f"line {lines[p.row]}" if lines is not None else p.row]
        where: list[str | int] = [*prefix, *row, p.field]
        detail.append({"loc": where, "msg": p.message, "type": "value_error"})
    raise IngestRefusedError(422, detail)
