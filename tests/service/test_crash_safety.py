"""Crash safety: the real service process, killed with SIGKILL in the middle of a heavy ingest
twenty times at different moments, keeps every acknowledged detection exactly once (and every
stored batch whole); after each restart the service counts them all and answers a re-sent batch
as a duplicate."""

from __future__ import annotations

import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from airwarn.service.config import load_config
from airwarn.service.keys import create_key
from airwarn.service.store import EventStore
from tests.paths import EXAMPLE_SCENARIO, REPO_ROOT

REPETITIONS = 20
BATCH = 500
WRITERS = 2
Receipt = tuple[int, int, int]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Zygote:
    """tests/service/zygote.py in a subprocess: forks a fresh service per launch()."""

    def __init__(self) -> None:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), env.get("PYTHONPATH", "")])
        command = [sys.executable, "-m", "tests.service.zygote", str(EXAMPLE_SCENARIO)]
        pipe = subprocess.PIPE
        self.proc = subprocess.Popen(command, stdin=pipe, stdout=pipe, text=True, cwd=REPO_ROOT, env=env)

    def launch(self, data_dir: Path) -> tuple[int, str]:
        port = _free_port()
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{data_dir} {EXAMPLE_SCENARIO} {port}\n")
        self.proc.stdin.flush()
        pid = int(self.proc.stdout.readline())
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    return pid, url
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the service did not come up"
            time.sleep(0.02)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(10)


def _batch(rng: random.Random, batch_id: str) -> dict[str, object]:
    rows = [
        {"t_s": round(rng.uniform(0.0, 1.4), 3), "sensor_id": rng.choice(("R1", "R2", "R3")),
         "range_m": rng.uniform(5e3, 2e5), "azimuth_deg": rng.uniform(0, 359.9),
         "elevation_deg": rng.uniform(0, 5)}
        for _ in range(BATCH)
    ]  # fmt: skip
    return {"batch_id": batch_id, "detections": rows}


def _writer(
    url: str, token: str, prefix: str, seed: int, stop: threading.Event, acked: dict[str, Receipt]
) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
        n = 0
        while not stop.is_set():
            batch = _batch(rng, f"{prefix}-{n}")
            n += 1
            try:
                answer = client.post("/api/v1/detections", json=batch)
            except httpx.TransportError:
                return  # killed mid-request: not acknowledged
            if answer.status_code == 200:
                body = answer.json()
                acked[body["batch_id"]] = (body["accepted"], body["first_seq"], body["last_seq"])


def _check(db_path: Path, url: str, token: str, acked: dict[str, Receipt]) -> int:
    with sqlite3.connect(db_path) as db:
        sql = "SELECT batch_id, COUNT(*), MIN(seq), MAX(seq) FROM detections GROUP BY batch_id"
        stored = {b: (n, lo, hi) for b, n, lo, hi in db.execute(sql)}
        batches = db.execute("SELECT COUNT(*) FROM batches").fetchone()[0]
    for batch_id, receipt in acked.items():
        assert stored.get(batch_id) == receipt, f"acknowledged batch {batch_id} lost or changed"
    assert all(n == BATCH for n, _, _ in stored.values()), "a batch was stored partly or twice"
    assert batches == len(stored)
    total = int(sum(n for n, _, _ in stored.values()))
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{url}/api/v1/health", headers=headers).json()["detections"] == total
    return total


def test_every_acknowledged_detection_survives_sigkill_exactly_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    config = load_config(None, env={}, data_dir=data_dir)
    store = EventStore(config.db_path)
    token = create_key(store, "operator", "ops", rate_per_s=10_000, burst=10_000).token
    store.close()
    rng = random.Random(20)
    acked: dict[str, Receipt] = {}
    zygote = Zygote()
    try:
        for rep in range(REPETITIONS):
            pid, url = zygote.launch(data_dir)
            _check(config.db_path, url, token, acked)
            if acked:
                again = next(iter(acked))
                first = _batch(random.Random(0), again)
                answer = httpx.post(
                    f"{url}/api/v1/detections", json=first, headers={"Authorization": f"Bearer {token}"}
                )
                assert answer.json()["duplicate"] is True
            stop = threading.Event()
            writers = [
                threading.Thread(target=_writer, args=(url, token, f"r{rep}w{w}", rep * 10 + w, stop, acked))
                for w in range(WRITERS)
            ]
            acked_before = len(acked)
            for w in writers:
                w.start()
            # Kill in the middle of the ingest: once this round has had a batch acknowledged (however
            # loaded the machine), then after a random further moment.
            deadline = time.monotonic() + 60
            while len(acked) == acked_before and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.25))
            os.kill(pid, signal.SIGKILL)
            stop.set()
            for w in writers:
                w.join(10)
        pid, url = zygote.launch(data_dir)
        total = _check(config.db_path, url, token, acked)
        os.kill(pid, signal.SIGKILL)
    finally:
        zygote.close()
    assert len(acked) >= REPETITIONS and total >= len(acked) * BATCH
