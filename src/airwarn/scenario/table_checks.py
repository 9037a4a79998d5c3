"""detections.csv, truth.csv and impacts.csv: from checked string columns to model tables.

Each `check_*` function both checks (issues go to the log) and builds the table, so the reader
and the validator share one implementation. Unknown extra columns are ignored.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from airwarn.scenario.csv_table import CsvTable, float_column, string_column
from airwarn.scenario.info_checks import InfoFacts
from airwarn.scenario.issues import IssueLog
from airwarn.scenario.model import (
    DETECTION_COLUMNS,
    IMPACT_COLUMNS,
    TRUTH_COLUMNS,
    Detections,
    Impacts,
    StrArray,
    Truth,
)
from airwarn.scenario.row_checks import (
    check_between,
    check_lat_lon,
    check_positive,
    check_present,
    check_time,
    report_mask,
)

STRING_COLUMNS: Final = frozenset({"sensor_id", "reporter_id", "object_kind", "object_id", "track_id"})
FIELDS_BY_KIND: Final[dict[str, tuple[str, ...]]] = {
    "radar": ("range_m", "azimuth_deg", "elevation_deg"),
    "acoustic": ("azimuth_deg",),
    "observer": ("lat", "lon", "reporter_id"),
}
TRUTH_GAP_LIMIT_S: Final = 1.01
"""Truth is sampled at least once a second; gaps up to this long pass (t_s has 3 decimals)."""


def columns_of(table: CsvTable, names: tuple[str, ...], log: IssueLog) -> dict[str, np.ndarray]:
    """The contract's columns converted: str columns as object arrays, the rest as float64."""
    return {
        name: string_column(table, name) if name in STRING_COLUMNS else float_column(table, name, log)
        for name in names
    }


def check_detections(table: CsvTable, facts: InfoFacts, log: IssueLog) -> Detections:
    """Check detections.csv rows against the contract and the scenario's sensors."""
    cols = columns_of(table, DETECTION_COLUMNS, log)
    check_time(table, cols["t_s"], facts.duration_s, log)
    check_present(table, cols["sensor_id"], "sensor_id", log)
    check_positive(table, cols["range_m"], "range_m", log)
    check_between(table, cols["azimuth_deg"], "azimuth_deg", log, 0.0, 360.0, high_open=True)
    check_between(table, cols["elevation_deg"], "elevation_deg", log, -90.0, 90.0)
    check_lat_lon(table, cols["lat"], cols["lon"], log)
    if facts.sensor_kinds is not None:
        _check_sensor_fields(table, cols, facts.sensor_kinds, log)
    return Detections(**cols)


def _check_sensor_fields(
    table: CsvTable, cols: dict[str, np.ndarray], sensor_kinds: dict[str, str], log: IssueLog
) -> None:
    """Each row's sensor_id is a known sensor, and the row fills what its sensor kind measures."""
    sensor_id: StrArray = cols["sensor_id"]
    kind_of_row = np.empty(len(sensor_id), dtype=object)
    ids = sensor_id.tolist()
    kind_of_row[:] = [sensor_kinds.get(s, "") for s in ids]
    known = np.fromiter((s in sensor_kinds for s in ids), np.bool_, count=len(ids))
    unknown = np.flatnonzero(~known & np.not_equal(sensor_id, ""))
    if unknown.size:
        _, first = np.unique(sensor_id[unknown].astype(str), return_index=True)
        first_rows = np.sort(unknown[first])
        log.add_rows(
            table.file,
            table.lines[first_rows],
            "sensor_id",
            lambda k: f"'{sensor_id[first_rows[k]]}' is not a sensor in scenario.json; add it there",
        )
    for kind, needed in FIELDS_BY_KIND.items():
        of_kind = np.equal(kind_of_row, kind)
        if not of_kind.any():
            continue
        for name in needed:
            report_mask(
                table,
                of_kind & table.blank(name, cols[name]),
                name,
                log,
                f"is empty; {kind} rows need {', '.join(needed)}",
            )


def check_truth(table: CsvTable, facts: InfoFacts, log: IssueLog) -> Truth:
    """Check truth.csv: filled ids, kinds and positions, sorted, each object sampled every second."""
    cols = columns_of(table, TRUTH_COLUMNS, log)
    check_time(table, cols["t_s"], facts.duration_s, log)
    for name in ("object_id", "object_kind", "lat", "lon", "alt_m"):
        check_present(table, cols[name], name, log)
    check_lat_lon(table, cols["lat"], cols["lon"], log)
    truth = Truth(**cols)
    _check_truth_objects(table, truth, log)
    return truth


def _check_truth_objects(table: CsvTable, truth: Truth, log: IssueLog) -> None:
    """Per object: one object_kind throughout, and no gap between samples over a second."""
    ids = truth.object_id.astype(str)
    _, codes = np.unique(ids, return_inverse=True)
    order = np.argsort(codes, kind="stable")
    same = codes[order][1:] == codes[order][:-1]
    gaps_s = np.diff(truth.t_s[order])
    late_mask = same & (gaps_s > TRUTH_GAP_LIMIT_S)
    by_line = np.argsort(order[1:][late_mask])
    late_rows, late_gaps_s = order[1:][late_mask][by_line], gaps_s[late_mask][by_line]
    log.add_rows(
        table.file,
        table.lines[late_rows],
        "t_s",
        lambda k: (
            f"object '{ids[late_rows[k]]}' has no sample for {late_gaps_s[k]:.3f} s before this row; "
            "truth must be sampled at least once a second"
        ),
    )
    kinds = truth.object_kind.astype(str)
    changed = order[1:][same & (kinds[order][1:] != kinds[order][:-1])]
    report_mask(
        table,
        np.isin(np.arange(len(truth)), changed),
        "object_kind",
        log,
        "'{value}' differs from the object's earlier rows; one object has one object_kind",
    )


def check_impacts(table: CsvTable, facts: InfoFacts, truth: Truth | None, log: IssueLog) -> Impacts:
    """Check impacts.csv: one row per object, filled, sorted, objects known to truth.csv."""
    cols = columns_of(table, IMPACT_COLUMNS, log)
    check_time(table, cols["t_s"], None, log)
    for name in IMPACT_COLUMNS:
        check_present(table, cols[name], name, log)
    check_lat_lon(table, cols["lat"], cols["lon"], log)
    ids = cols["object_id"].astype(str)
    _, first = np.unique(ids, return_index=True)
    repeated = np.ones(len(ids), np.bool_)
    repeated[first] = False
    report_mask(table, repeated, "object_id", log, "'{value}' already came down on an earlier row")
    if truth is not None:
        unknown = ~np.isin(ids, truth.object_id.astype(str)) & (ids != "")
        report_mask(table, unknown, "object_id", log, "'{value}' is not an object in truth.csv")
    return Impacts(**cols)
