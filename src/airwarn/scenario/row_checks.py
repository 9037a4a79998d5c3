"""Vectorised checks that every CSV of the contract shares: times, required fields, value ranges.

Time window: rows may carry t_s from 0 up to duration_s + DURATION_SLACK_S. The slack accepts
rounding and a radar scan that straddles the end; anything later is an error.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from airwarn.scenario.csv_table import CsvTable
from airwarn.scenario.issues import IssueLog
from airwarn.scenario.model import BoolArray, FloatArray, StrArray

DURATION_SLACK_S: Final = 1.0


def report_mask(table: CsvTable, mask: BoolArray, column: str, log: IssueLog, message: str) -> None:
    """Report every row where `mask` is True; `{value}` in `message` becomes that row's field."""
    bad = np.flatnonzero(mask)
    if not bad.size:
        return
    raw = table.columns[column]
    log.add_rows(table.file, table.lines[bad], column, lambda k: message.format(value=raw[bad[k]]))


def check_present(table: CsvTable, values: FloatArray | StrArray, column: str, log: IssueLog) -> None:
    """Every row must fill `column`."""
    report_mask(table, table.blank(column, values), column, log, "is empty; every row needs it")


def check_time(table: CsvTable, t_s: FloatArray, duration_s: float | None, log: IssueLog) -> None:
    """t_s: filled, >= 0, within the scenario (with slack), rows sorted (first offender named)."""
    check_present(table, t_s, "t_s", log)
    report_mask(table, t_s < 0, "t_s", log, "{value} is negative; t_s counts seconds from start_time")
    if duration_s is not None:
        limit_s = duration_s + DURATION_SLACK_S
        report_mask(
            table,
            t_s > limit_s,
            "t_s",
            log,
            f"{{value}} is after the scenario's end (duration_s {duration_s:g} + {DURATION_SLACK_S:g} s)",
        )
    known = np.flatnonzero(~np.isnan(t_s))
    backwards = np.flatnonzero(np.diff(t_s[known]) < 0)
    if backwards.size:
        row = known[backwards[0] + 1]
        before = table.columns["t_s"][known[backwards[0]]]
        log.add(
            table.file,
            int(table.lines[row]),
            "t_s",
            f"{table.columns['t_s'][row]} is earlier than {before} on the line before; sort rows by t_s",
        )


def check_between(
    table: CsvTable,
    values: FloatArray,
    column: str,
    log: IssueLog,
    low: float,
    high: float,
    *,
    high_open: bool = False,
) -> None:
    """Filled values must lie in [low, high] (or [low, high) when high_open)."""
    above = values >= high if high_open else values > high
    bracket = ")" if high_open else "]"
    report_mask(
        table, (values < low) | above, column, log, f"{{value}} is outside [{low:g}, {high:g}{bracket}"
    )


def check_positive(table: CsvTable, values: FloatArray, column: str, log: IssueLog) -> None:
    """Filled values must be > 0."""
    report_mask(table, values <= 0, column, log, "{value} must be > 0")


def check_lat_lon(table: CsvTable, lat: FloatArray, lon: FloatArray, log: IssueLog) -> None:
    """lat in [-90, 90] and lon in [-180, 180] degrees wherever filled."""
    check_between(table, lat, "lat", log, -90.0, 90.0)
    check_between(table, lon, "lon", log, -180.0, 180.0)
