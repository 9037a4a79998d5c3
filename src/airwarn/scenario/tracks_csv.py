"""RUN/tracks.csv: an incremental writer (one flush per tracker update) and its checked reader."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import IO, Final

import numpy as np

from airwarn.errors import ScenarioError
from airwarn.scenario.csv_format import TRACK_DECIMALS, check_sorted, format_rows
from airwarn.scenario.csv_table import CsvTable, float_column, read_csv_table, string_column
from airwarn.scenario.issues import IssueLog
from airwarn.scenario.model import TRACK_COLUMNS, TRACK_EXTRA_COLUMNS, TRACK_FIELDS, Tracks
from airwarn.scenario.row_checks import check_lat_lon, check_present, check_time, report_mask
from airwarn.scenario.table_checks import columns_of

TRACKS_FILE: Final = "tracks.csv"
_FLOAT_TRACK_COLUMNS: Final = tuple(
    c for c in TRACK_COLUMNS if c not in ("track_id", "object_kind", "confirmed")
)


class TrackWriter:
    """Writes RUN/tracks.csv: the header on open, then each Tracks batch appended and flushed.

    Batches must come in time order (each batch sorted, none earlier than the last row written).
    """

    def __init__(self, run_dir: Path) -> None:
        """Create run_dir if needed and open run_dir/tracks.csv for writing (replacing it)."""
        run_dir = Path(run_dir)
        run_dir.mkdir(parents=True, exist_ok=True)
        self.path = run_dir / TRACKS_FILE
        self.rows_written = 0
        self._last_t_s = -np.inf
        self._file: IO[str] | None = self.path.open("w", encoding="utf-8", newline="")
        self._file.write(",".join(TRACK_FIELDS) + "\n")
        self._file.flush()

    def write(self, tracks: Tracks) -> None:
        """Append one batch of track rows and flush it to disk."""
        if self._file is None:
            raise ScenarioError("is closed; open a new TrackWriter to write more", file=TRACKS_FILE)
        if len(tracks) == 0:
            return
        check_sorted(tracks.t_s, file=TRACKS_FILE)
        if tracks.t_s[0] < self._last_t_s:
            raise ScenarioError(
                f"batch starts at t_s {tracks.t_s[0]:g}, before the last row written ({self._last_t_s:g}); "
                "write batches in time order",
                file=TRACKS_FILE,
                column="t_s",
            )
        arrays = {name: getattr(tracks, name) for name in TRACK_FIELDS}
        arrays["confirmed"] = np.asarray(tracks.confirmed, dtype=np.bool_)
        self._file.write(format_rows(TRACK_FIELDS, arrays, TRACK_DECIMALS, file=TRACKS_FILE))
        self._file.flush()
        self.rows_written += len(tracks)
        self._last_t_s = float(tracks.t_s[-1])

    def close(self) -> None:
        """Close the file (idempotent)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> TrackWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def read_tracks(path: Path) -> Tracks:
    """Read tracks.csv (the file, or the run folder holding it); raises ScenarioError at the first issue."""
    path = Path(path)
    file_path = path / TRACKS_FILE if path.is_dir() else path
    log = IssueLog()
    return check_tracks(read_csv_table(file_path, TRACKS_FILE, TRACK_COLUMNS, log), log)


def check_tracks(table: CsvTable, log: IssueLog) -> Tracks:
    """Check tracks.csv rows: sorted times, filled ids, states and velocities, confirmed 0 or 1."""
    cols = columns_of(table, (*_FLOAT_TRACK_COLUMNS, "track_id", "object_kind"), log)
    check_time(table, cols["t_s"], None, log)
    for name in (*_FLOAT_TRACK_COLUMNS, "track_id"):
        check_present(table, cols[name], name, log)
    check_lat_lon(table, cols["lat"], cols["lon"], log)
    flags = string_column(table, "confirmed")
    confirmed = np.equal(flags, "1")
    report_mask(table, ~confirmed & np.not_equal(flags, "0"), "confirmed", log, "'{value}' must be 0 or 1")
    tracks = Tracks(**cols, confirmed=confirmed)
    for name in TRACK_EXTRA_COLUMNS:  # airwarn's extension columns, each optional
        if name in table.header:
            values = float_column(table, name, log)
            report_mask(table, values < 0, name, log, "{value} must be >= 0 (a standard deviation)")
            setattr(tracks, name, values)
    return tracks
