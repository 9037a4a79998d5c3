"""The live run equals the batch run: the same scenario fed over HTTP gives the same tracks.csv,
alerts.jsonl and CAP files as `run_scenario`, and a restarted service replays its log into the
same picture, late rows included."""

import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from airwarn.batch import run_scenario
from airwarn.scenario.readers import read_scenario
from airwarn.service.demo import write_live_run
from airwarn.service.feeder import feed, finish
from tests.paths import EXAMPLE_SCENARIO
from tests.service.harness import Running, short_scenario, start

DURATION_S = 200.0


def _files(run: Path) -> dict[str, bytes]:
    names = ["tracks.csv", "alerts.jsonl"] + [f"cap/{p.name}" for p in sorted((run / "cap").glob("*.xml"))]
    return {name: (run / name).read_bytes() for name in names}


def _history_after_restart(data_dir: Path, scenario: Path, token: str) -> Any:
    """/history of the service started again on the same log (rebuilt by replaying it)."""
    again = start(data_dir, scenario=scenario, keys=False)
    try:
        return httpx.get(f"{again.url}/api/v1/history", headers={"Authorization": f"Bearer {token}"}).json()
    finally:
        again.stop()


def test_the_live_run_fed_over_http_equals_the_batch_run_and_survives_a_restart(tmp_path: Path) -> None:
    scenario = short_scenario(EXAMPLE_SCENARIO, tmp_path / "scenario", DURATION_S)
    batch = run_scenario(scenario, tmp_path / "batch")
    det = read_scenario(scenario, with_truth=False).detections
    service: Running = start(tmp_path / "data", scenario=scenario)
    try:
        with service.client("operator") as c:
            feed(c, det, speed=0)
            finish(c, DURATION_S, service.config.scan_s, service.config.lateness_s)
            write_live_run(c, tmp_path / "live")
            before = c.get("/api/v1/history").json()
    finally:
        service.stop()

    batch_files, live_files = _files(tmp_path / "batch"), _files(tmp_path / "live")
    assert batch.alerts > 0 and batch.track_rows > 0
    assert live_files.keys() == batch_files.keys()
    for name, content in batch_files.items():
        assert live_files[name] == content, name

    assert _history_after_restart(tmp_path / "data", scenario, service.tokens["operator"]) == before


def test_rows_sent_after_their_scan_was_fused_are_kept_and_replayed_where_they_were_fused(
    tmp_path: Path,
) -> None:
    scenario = short_scenario(EXAMPLE_SCENARIO, tmp_path / "scenario", DURATION_S)
    det = read_scenario(scenario, with_truth=False).detections
    held = (det.t_s > 60.0) & (det.t_s < 90.0) & (np.arange(len(det)) % 3 == 0)
    service: Running = start(tmp_path / "data", scenario=scenario)
    try:
        with service.client("operator") as c:
            feed(c, det.take(~held & (det.t_s <= 120.0)), speed=0, prefix="early")
            deadline = time.monotonic() + 60
            while c.get("/api/v1/health").json()["clock_t_s"] < 100.0:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            feed(c, det.take(held), speed=0, prefix="held")  # a partner's rows, 10-40 s late
            feed(c, det.take(~held & (det.t_s > 120.0)), speed=0, prefix="rest")
            finish(c, DURATION_S, service.config.scan_s, service.config.lateness_s)
            before = c.get("/api/v1/history").json()
            stored = c.get("/api/v1/health").json()["detections"]
    finally:
        service.stop()
    assert stored == len(det)
    with sqlite3.connect(service.config.db_path) as db:
        late = db.execute("SELECT COUNT(*) FROM detections WHERE fuse_scan IS NOT NULL").fetchone()[0]
    assert late == int(held.sum())
    assert before["tracks"]["rows"] and before["alerts"]

    assert _history_after_restart(tmp_path / "data", scenario, service.tokens["operator"]) == before
