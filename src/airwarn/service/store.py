"""The event log and state store: SQLite in WAL mode, one file under the data dir.

Detections are appended batch by batch, committed (synchronous=FULL by default) before a batch is
acknowledged; a row that arrived after its own scan was fused carries the scan it joined
(`fuse_scan`), so a replay fuses it where the live service did. Batches arriving together share
one transaction and one fsync (group commit); a batch id already stored returns its first receipt.
Manual cancels, logged impacts, the clock and the scenario are kept beside them, so a restart
rebuilds the same picture by replaying the log. Thread-safe: one writer connection behind a lock,
one reader connection behind another.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np

from airwarn.scenario.model import DETECTION_COLUMNS, Detections, detections_from_columns

SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS detections (
  seq INTEGER PRIMARY KEY, t_s REAL NOT NULL, sensor_id TEXT NOT NULL, range_m REAL, azimuth_deg REAL,
  elevation_deg REAL, lat REAL, lon REAL, alt_m REAL, reporter_id TEXT, heading_deg REAL, object_kind TEXT,
  batch_id TEXT NOT NULL, fuse_scan INTEGER
);
CREATE TABLE IF NOT EXISTS batches (
  partner TEXT NOT NULL, batch_id TEXT NOT NULL, key_id TEXT, first_seq INTEGER, last_seq INTEGER,
  accepted INTEGER NOT NULL, PRIMARY KEY (partner, batch_id)
);
CREATE TABLE IF NOT EXISTS api_keys (
  key_id TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL UNIQUE, role TEXT NOT NULL, partner TEXT NOT NULL,
  sensors TEXT NOT NULL, rate_per_s REAL, burst REAL, created_utc TEXT NOT NULL, revoked_utc TEXT
);
CREATE TABLE IF NOT EXISTS cancels (alert_id TEXT PRIMARY KEY, t_s REAL NOT NULL, key_id TEXT);
CREATE TABLE IF NOT EXISTS impacts (
  impact_id INTEGER PRIMARY KEY, t_s REAL NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
  kind TEXT NOT NULL, note TEXT NOT NULL, key_id TEXT
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_STRING_COLUMNS: Final = ("sensor_id", "reporter_id", "object_kind")


@dataclass(frozen=True)
class BatchReceipt:
    """The answer to an ingested batch; the same answer (duplicate=True) when it is sent again."""

    batch_id: str
    accepted: int
    duplicate: bool
    first_seq: int | None
    last_seq: int | None


@dataclass(frozen=True)
class KeyRecord:
    """A stored API key (never the token itself, only its SHA-256)."""

    key_id: str
    role: str
    partner: str
    sensors: tuple[str, ...]
    rate_per_s: float | None
    burst: float | None
    created_utc: str
    revoked_utc: str | None


@dataclass(frozen=True)
class ImpactRecord:
    """An impact logged by an operator (the strike log)."""

    impact_id: int
    t_s: float
    lat: float
    lon: float
    kind: str
    note: str


@dataclass(eq=False)
class _Append:
    """A batch waiting for its group's commit, and the answer it gets."""

    partner: str
    batch_id: str
    key_id: str | None
    rows: list[tuple[Any, ...]]
    receipt: BatchReceipt | None = None
    error: BaseException | None = None


def _connect(path: Path, synchronous: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def detection_rows(
    det: Detections, batch_id: str, fuse_scan: list[int | None] | None = None
) -> list[tuple[Any, ...]]:
    """The detections as SQL rows (NaN and "" stored as NULL), then the batch id and each late row's
    fuse_scan (NULL for rows fused in their own scan)."""
    cols: list[list[Any]] = []
    for name in DETECTION_COLUMNS:
        values = getattr(det, name).tolist()
        if name in _STRING_COLUMNS:
            cols.append([v if v else None for v in values] if name != "sensor_id" else values)
        else:
            cols.append([None if v != v else v for v in values])
    cols.append([batch_id] * len(det))
    cols.append(fuse_scan if fuse_scan is not None else [None] * len(det))
    return list(zip(*cols, strict=True))


class EventStore:
    """The SQLite event log (see the module docstring)."""

    def __init__(self, path: Path, synchronous: str = "FULL") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._write = _connect(path, synchronous)
        self._write.executescript(SCHEMA)
        columns = {row[1] for row in self._write.execute("PRAGMA table_info(detections)")}
        if "fuse_scan" not in columns:  # a log written before late rows were accepted
            self._write.execute("ALTER TABLE detections ADD COLUMN fuse_scan INTEGER")
        self._read = _connect(path, synchronous)
        self._write_lock = threading.Lock()
        self._read_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._queue: list[_Append] = []

    def close(self) -> None:
        """Close both connections."""
        with self._write_lock, self._read_lock:
            self._write.close()
            self._read.close()

    def append_batch(
        self,
        partner: str,
        batch_id: str,
        key_id: str | None,
        det: Detections,
        fuse_scan: list[int | None] | None = None,
    ) -> BatchReceipt:
        """Store a batch, committed before this returns; a known (partner, batch_id) returns its first
        receipt. Batches arriving together share one transaction (group commit: one fsync for all)."""
        item = _Append(partner, batch_id, key_id, detection_rows(det, batch_id, fuse_scan))
        with self._queue_lock:
            self._queue.append(item)
        with self._write_lock:
            if item.receipt is None and item.error is None:
                with self._queue_lock:
                    group, self._queue = self._queue, []
                self._commit(group)
        if item.error is not None:
            raise item.error
        if item.receipt is None:  # pragma: no cover - _commit answers every item
            raise RuntimeError(f"batch {batch_id!r} was not committed")
        return item.receipt

    def _commit(self, group: list[_Append]) -> None:
        """Insert a group of batches in one transaction (under the write lock) and answer each."""
        c = self._write
        placeholders = ",".join("?" * (len(DETECTION_COLUMNS) + 2))
        names = ",".join((*DETECTION_COLUMNS, "batch_id", "fuse_scan"))
        receipts: dict[tuple[str, str], BatchReceipt] = {}
        try:
            c.execute("BEGIN IMMEDIATE")
            seq = int(c.execute("SELECT COALESCE(MAX(seq), 0) FROM detections").fetchone()[0])
            for item in group:
                key = (item.partner, item.batch_id)
                if key in receipts:
                    continue
                old = self._stored_receipt(key)
                if old is not None:
                    receipts[key] = old
                    continue
                first = last = None
                if item.rows:
                    first, last = seq + 1, seq + len(item.rows)
                    c.executemany(
                        f"INSERT INTO detections(seq,{names}) VALUES (?,{placeholders})",
                        [(first + k, *row) for k, row in enumerate(item.rows)],
                    )
                    seq = last
                c.execute(
                    "INSERT INTO batches VALUES (?,?,?,?,?,?)",
                    (*key, item.key_id, first, last, len(item.rows)),
                )
                receipts[key] = BatchReceipt(item.batch_id, len(item.rows), False, first, last)
            c.execute("COMMIT")
        except BaseException as exc:
            c.execute("ROLLBACK")
            for item in group:
                item.error = exc
            return
        answered: set[tuple[str, str]] = set()
        for item in group:
            key = (item.partner, item.batch_id)
            receipt = receipts[key]
            # A second copy of a batch in the same group is answered as the duplicate it is.
            item.receipt = receipt if key not in answered else BatchReceipt(
                receipt.batch_id, receipt.accepted, True, receipt.first_seq, receipt.last_seq
            )  # fmt: skip
            answered.add(key)

    def _stored_receipt(self, key: tuple[str, str]) -> BatchReceipt | None:
        row = self._write.execute(
            "SELECT accepted, first_seq, last_seq FROM batches WHERE partner=? AND batch_id=?", key
        ).fetchone()
        return None if row is None else BatchReceipt(key[1], int(row[0]), True, row[1], row[2])

    def find_batch(self, partner: str, batch_id: str) -> BatchReceipt | None:
        """The receipt of a batch already stored (as a duplicate's answer), or None."""
        row = self._query_one(
            "SELECT accepted, first_seq, last_seq FROM batches WHERE partner=? AND batch_id=?",
            (partner, batch_id),
        )
        return None if row is None else BatchReceipt(batch_id, int(row[0]), True, row[1], row[2])

    def load_detections(self) -> Detections:
        """Every stored detection, sorted by t_s (ties in arrival order)."""
        return self.load_log()[0]

    def load_log(self) -> tuple[Detections, np.ndarray]:
        """Every stored detection, sorted by t_s (ties in arrival order), and the scan each late
        row joined (NaN for rows fused in their own scan)."""
        with self._read_lock:
            rows = self._read.execute(
                f"SELECT {','.join(DETECTION_COLUMNS)}, fuse_scan FROM detections ORDER BY t_s, seq"
            ).fetchall()
        if not rows:
            return Detections.empty(), np.zeros(0)
        values_by_column = list(zip(*rows, strict=True))
        columns: dict[str, Any] = {}
        for name, values in zip(DETECTION_COLUMNS, values_by_column[:-1], strict=True):
            if name in _STRING_COLUMNS:
                columns[name] = np.array([v or "" for v in values], dtype=object)
            else:
                columns[name] = np.array(values, dtype=np.float64)  # NULL -> NaN
        fuse_scan = np.array(values_by_column[-1], dtype=np.float64)  # NULL -> NaN
        return detections_from_columns(len(rows), columns), fuse_scan

    def count_detections(self) -> int:
        """How many detections are stored."""
        return int(self._query_one("SELECT COUNT(*) FROM detections")[0])

    def _query_one(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        with self._read_lock:
            return self._read.execute(sql, params).fetchone()

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with self._read_lock:
            return self._read.execute(sql, params).fetchall()

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        with self._write_lock:
            cur = self._write.execute(sql, params)
            return int(cur.lastrowid or 0) if sql.lstrip().startswith("INSERT") else int(cur.rowcount)

    # -- meta: the scenario and the clock --------------------------------------------------------
    def get_meta(self, name: str) -> str | None:
        """A stored setting (the scenario's JSON, the clock), or None."""
        row = self._query_one("SELECT value FROM meta WHERE name=?", (name,))
        return None if row is None else str(row[0])

    def set_meta(self, name: str, value: str) -> None:
        """Store a setting durably."""
        self._execute("INSERT OR REPLACE INTO meta VALUES (?,?)", (name, value))

    # -- manual cancels and the strike log -------------------------------------------------------
    def add_cancel(self, alert_id: str, t_s: float, key_id: str | None) -> bool:
        """Record an operator's cancel at scan t_s; False if that alert was already cancelled."""
        with self._write_lock:
            cur = self._write.execute("INSERT OR IGNORE INTO cancels VALUES (?,?,?)", (alert_id, t_s, key_id))
            return cur.rowcount == 1

    def cancels(self) -> list[tuple[str, float]]:
        """(alert_id, t_s) of every manual cancel, in time order."""
        return [(str(a), float(t)) for a, t in self._query("SELECT alert_id, t_s FROM cancels ORDER BY t_s")]

    def add_impact(self, t_s: float, lat: float, lon: float, kind: str, note: str, key_id: str | None) -> int:
        """Log an impact; returns its id."""
        return self._execute(
            "INSERT INTO impacts(t_s,lat,lon,kind,note,key_id) VALUES (?,?,?,?,?,?)",
            (t_s, lat, lon, kind, note, key_id),
        )

    def impacts(self) -> list[ImpactRecord]:
        """Every logged impact, oldest first."""
        rows = self._query("SELECT impact_id, t_s, lat, lon, kind, note FROM impacts ORDER BY impact_id")
        return [
            ImpactRecord(int(r[0]), float(r[1]), float(r[2]), float(r[3]), str(r[4]), str(r[5])) for r in rows
        ]

    # -- API keys --------------------------------------------------------------------------------
    def add_key(self, key_id: str, token_sha256: str, role: str, partner: str, sensors: tuple[str, ...],
                rate_per_s: float | None, burst: float | None, created_utc: str) -> None:  # fmt: skip
        """Store a new key's hash and grants."""
        self._execute(
            "INSERT INTO api_keys VALUES (?,?,?,?,?,?,?,?,NULL)",
            (key_id, token_sha256, role, partner, json.dumps(list(sensors)), rate_per_s, burst, created_utc),
        )

    def find_key(self, token_sha256: str) -> KeyRecord | None:
        """The unrevoked key with this token hash, or None."""
        row = self._query_one(
            "SELECT * FROM api_keys WHERE token_sha256=? AND revoked_utc IS NULL", (token_sha256,)
        )
        return None if row is None else _key_record(row)

    def list_keys(self) -> list[KeyRecord]:
        """Every key, revoked ones too, oldest first."""
        return [_key_record(r) for r in self._query("SELECT * FROM api_keys ORDER BY created_utc, key_id")]

    def revoke_key(self, key_id: str, when_utc: str) -> bool:
        """Revoke a key; False if no such unrevoked key."""
        return (
            self._execute(
                "UPDATE api_keys SET revoked_utc=? WHERE key_id=? AND revoked_utc IS NULL", (when_utc, key_id)
            )
            == 1
        )


def _key_record(row: Any) -> KeyRecord:
    return KeyRecord(
        key_id=str(row[0]),
        role=str(row[2]),
        partner=str(row[3]),
        sensors=tuple(json.loads(row[4])),
        rate_per_s=None if row[5] is None else float(row[5]),
        burst=None if row[6] is None else float(row[6]),
        created_utc=str(row[7]),
        revoked_utc=None if row[8] is None else str(row[8]),
    )
