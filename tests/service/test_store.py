"""The event log on its own (real SQLite): concurrent batches are committed in groups, each
answered with its own sequence numbers, and a batch sent twice at once is stored once."""

import sqlite3
import threading
from pathlib import Path

import numpy as np

from airwarn.scenario.model import Detections, detections_from_columns
from airwarn.service.store import BatchReceipt, EventStore


def _rows(n: int, t0: float) -> Detections:
    columns = {
        "t_s": t0 + np.arange(n) * 0.01,
        "sensor_id": np.full(n, "R1", object),
        "range_m": np.full(n, 1e4),
    }
    return detections_from_columns(n, columns)


def test_concurrent_batches_get_disjoint_sequence_numbers_and_duplicates_count_once(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "log.sqlite3")
    receipts: list[BatchReceipt] = []
    lock = threading.Lock()

    def send(k: int) -> None:
        r = store.append_batch("net", f"b{k % 20}", None, _rows(50, float(k)))
        with lock:
            receipts.append(r)

    threads = [threading.Thread(target=send, args=(k,)) for k in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()
    fresh = [r for r in receipts if not r.duplicate]
    assert len(fresh) == 20 and sum(r.duplicate for r in receipts) == 20
    spans = sorted((r.first_seq, r.last_seq) for r in fresh)
    assert spans == [(1 + 50 * k, 50 * (k + 1)) for k in range(20)]
    for r in receipts:
        twin = next(f for f in fresh if f.batch_id == r.batch_id)
        assert (r.first_seq, r.last_seq, r.accepted) == (twin.first_seq, twin.last_seq, 50)
    with sqlite3.connect(tmp_path / "log.sqlite3") as db:
        assert db.execute("SELECT COUNT(*), COUNT(DISTINCT seq) FROM detections").fetchone() == (1000, 1000)


def test_the_log_reads_back_sorted_by_time_with_empty_fields_restored(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "log.sqlite3")
    store.append_batch("net", "late", None, _rows(3, 5.0))
    store.append_batch("net", "early", None, _rows(3, 1.0))
    det = store.load_detections()
    store.close()
    assert det.t_s.tolist() == [1.0, 1.01, 1.02, 5.0, 5.01, 5.02]
    assert np.isnan(det.elevation_deg).all() and det.reporter_id.tolist() == [""] * 6
