"""The live service driven over loopback from this process, the service in another.

Run: .venv/bin/python -m bench.bench_service [--seconds 10] [--feed-s 300] [--subscribers 1000]

Prints three measurements, each beside a baseline run in this same process:
1. Sustained ingest: batches of 500 radar plots POSTed by several client threads, each answered
   only after its SQLite commit (WAL, synchronous=FULL); baseline: the same rows inserted
   straight into SQLite in 500-row transactions.
2. Detection-to-alert latency at 5,000 detections/s: the Kharkiv preset fed at 10x real time,
   padded with radar plots the tracker rejects cheaply (above 120 km), while an operator stream
   is read; latency is from the POST of the batch holding a scan's last detections to the SSE
   alert message of that scan (it includes the scan's lateness hold of 1 s scenario time, 0.1 s
   here); baseline: the same scans stepped through Fusion in this process.
3. SSE fan-out: N concurrent /stream subscribers (plain-socket readers in a child process) while
   the preset is fed again; every subscriber must get every event; reports the spread between
   the first and the last subscriber to receive each clock event, how far the last one is
   behind a single operator stream read here (public streams get clock ticks at most every
   CLOCK_HOLD_S, alerts at once), the operator's detection-to-alert latency meanwhile, and the
   detection-to-alert latency at the last public subscriber to get each alert message.
   uvicorn picks uvloop and httptools when installed (uvicorn[standard]).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from tests.paths import EXAMPLE_SCENARIO

from airwarn.fusion import Fusion
from airwarn.scenario.model import Detections
from airwarn.scenario.readers import read_scenario
from airwarn.service.config import load_config
from airwarn.service.feeder import detection_dicts, inside
from airwarn.service.keys import create_key
from airwarn.service.store import EventStore, detection_rows
from airwarn.stream import scans

BATCH = 500
REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def service(scenario: Path, data_dir: Path, **settings: Any) -> Iterator[tuple[str, str]]:
    """`airwarn serve` in a subprocess on a free loopback port; yields (url, operator token)."""
    port = _free_port()
    config = {"data_dir": str(data_dir), "scenario": str(scenario), "port": port, "anonymous_public": True,
              "max_pending_rows": 5_000_000, "public_rate_per_s": 1e6, "public_burst": 1e6,
              **settings}  # fmt: skip
    cfg_path = data_dir.parent / f"{data_dir.name}.json"
    data_dir.mkdir(parents=True, exist_ok=True)
    cfg_path.write_text(json.dumps(config))
    store = EventStore(load_config(cfg_path, env={}).db_path)
    token = create_key(store, "operator", "bench", rate_per_s=1e6, burst=1e6).token
    store.close()
    proc = subprocess.Popen([sys.executable, "-m", "airwarn", "serve", "--config", str(cfg_path)], cwd=REPO,
                            stdout=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url, token
    finally:
        proc.terminate()
        proc.wait(30)


def plot_batches(n_batches: int, seed: int) -> list[tuple[str, list[dict[str, Any]]]]:
    """Random radar plots of the example's radars in the first scan (not fused while measured)."""
    rng = random.Random(seed)
    out = []
    for b in range(n_batches):
        rows = [
            {"t_s": round(rng.uniform(0.0, 1.4), 3), "sensor_id": rng.choice(("R1", "R2", "R3")),
             "range_m": round(rng.uniform(5e3, 2e5), 1), "azimuth_deg": round(rng.uniform(0, 359.9), 3),
             "elevation_deg": round(rng.uniform(0, 5), 3)}
            for _ in range(BATCH)
        ]  # fmt: skip
        out.append((f"b{seed}-{b}", rows))
    return out


def bench_ingest(seconds: float, writers: int) -> None:
    batches = plot_batches(200, seed=1)
    payloads = [json.dumps(rows).encode() for _, rows in batches]

    def body(k: int) -> bytes:
        """The k-th batch: a fresh batch id over one of 200 row sets (JSON encoded once)."""
        return b'{"batch_id": "i%d", "detections": ' % k + payloads[k % len(payloads)] + b"}"

    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(Path(tmp) / "raw.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        from airwarn.service.store import SCHEMA

        db.executescript(SCHEMA)
        columns = ("t_s", "sensor_id", "range_m", "azimuth_deg", "elevation_deg")
        det_batches = [
            Detections(**{**_empty(len(rows)), **{c: np.array([r[c] for r in rows]) for c in columns}})
            for _, rows in batches[:200]
        ]
        t0 = time.perf_counter()
        for k, det in enumerate(det_batches):
            db.execute("BEGIN")
            db.executemany(
                "INSERT INTO detections VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?,?)", detection_rows(det, f"r{k}")
            )
            db.execute("COMMIT")
        raw_rate = len(det_batches) * BATCH / (time.perf_counter() - t0)
        db.close()

        with service(EXAMPLE_SCENARIO, Path(tmp) / "svc") as (url, token):
            acked: list[int] = []
            errors: list[str] = []
            cursor = iter(range(10**9))
            lock = threading.Lock()
            stop_at = time.perf_counter() + seconds

            def writer() -> None:
                headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
                with httpx.Client(base_url=url, headers=headers, timeout=60) as c:
                    while time.perf_counter() < stop_at:
                        with lock:
                            k = next(cursor, None)
                        if k is None:
                            return
                        r = c.post("/api/v1/detections", content=body(k))
                        if r.status_code == 200:
                            acked.append(r.json()["accepted"])
                        else:
                            errors.append(f"{r.status_code} {r.text[:100]}")

            threads = [threading.Thread(target=writer) for _ in range(writers)]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - t0
            stored = httpx.get(f"{url}/api/v1/health").json()["detections"]
    rate = sum(acked) / elapsed
    print("1. sustained ingest, batches of 500 (acknowledged after the SQLite commit, synchronous=FULL)")
    refused = f"{len(errors)} refused" + (f" (first: {errors[0]})" if errors else "")
    print(f"   service: {rate:,.0f} detections/s ({len(acked)} batches in {elapsed:.1f} s, {writers} client "
          f"threads, {refused}; {stored:,} stored)")  # fmt: skip
    print(f"   baseline, raw SQLite inserts of the same rows: {raw_rate:,.0f} detections/s")
    print(f"   ratio service / raw SQLite: {rate / raw_rate:.2f}; target 20,000/s: {rate / 20_000:.2f}x")


def _empty(n: int) -> dict[str, Any]:
    from airwarn.scenario.model import detections_from_columns

    return dict(detections_from_columns(n, {}).__dict__)


def kharkiv(out: Path) -> Path:
    """The Kharkiv preset's scenario (simulated once into out)."""
    if not (out / "scenario.json").exists():
        command = [
            sys.executable,
            "-m",
            "airwarn",
            "simulate",
            "kharkiv-glide",
            "--seed",
            "1",
            "--out",
            str(out),
        ]
        subprocess.run(command, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    return out


def padded(det: Detections, rate_per_s: float, speed: float, seed: int) -> Detections:
    """The scenario's rows plus radar plots high above any threat (the tracker drops them at once),
    so the feed carries rate_per_s detections per wall second at the given speed."""
    duration = float(det.t_s[-1])
    n_pad = max(0, int(rate_per_s * duration / speed) - len(det))
    rng = np.random.default_rng(seed)
    from airwarn.scenario.model import detections_from_columns

    pad = detections_from_columns(n_pad, {
        "t_s": np.round(rng.uniform(0, duration, n_pad), 3), "sensor_id": np.full(n_pad, "R3", dtype=object),
        "range_m": rng.uniform(300e3, 400e3, n_pad), "azimuth_deg": rng.uniform(0, 359, n_pad),
        "elevation_deg": rng.uniform(40, 60, n_pad),
    })  # fmt: skip
    return Detections.concat([det, pad]).sorted_by_time()


class StreamClient:
    """Reads SSE streams on asyncio; records when each (event, t_s) arrived at each subscriber
    (time.monotonic, comparable across processes on this machine)."""

    def __init__(self, url: str, token: str | None, n: int, connected: Any = None, stop: Any = None) -> None:
        self.url, self.token, self.n = url, token, n
        self.arrivals: list[dict[tuple[str, float], float]] = [{} for _ in range(n)]
        self.connected = connected if connected is not None else threading.Event()
        self.stop = stop if stop is not None else threading.Event()
        self._opened = 0

    def run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        tasks = [asyncio.create_task(self._read(i)) for i in range(self.n)]
        while not self.stop.is_set():
            await asyncio.sleep(0.05)
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _read(self, i: int) -> None:
        """One stream over a plain socket: a light client, so the service is what is measured."""
        host, port = self.url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port), limit=1 << 22)
        auth = f"Authorization: Bearer {self.token}\r\n" if self.token else ""
        writer.write(f"GET /api/v1/stream HTTP/1.1\r\nHost: {host}\r\n{auth}\r\n".encode())
        buffer = b""
        try:
            while data := await reader.read(1 << 20):
                now = time.monotonic()
                *events, buffer = (buffer + data).split(b"\n\n")
                for event in events:
                    self._seen(i, event, now)
        finally:
            writer.close()

    def _seen(self, i: int, event: bytes, now: float) -> None:
        found = _EVENT.search(event)
        if found is None:
            return
        name = found.group(1).decode()
        if name == "snapshot":
            self._opened += 1
            if self._opened == self.n:
                self.connected.set()
            return
        t_s = _T_S.search(event, found.end())
        if t_s is not None and name in ("clock", "alerts"):
            self.arrivals[i][(name, float(t_s.group(1)))] = now


_EVENT = re.compile(rb"event: (\w+)\r?\n")
_T_S = re.compile(rb'"t_s": ([0-9.eE+-]+)')


def subscribers_process(url: str, n: int, connected: Any, stop: Any, results: Any) -> None:
    """Run n anonymous subscribers in this (child) process and send back their arrival times."""
    client = StreamClient(url, None, n, connected, stop)
    client.run()
    results.put(client.arrivals)


def feed_timed(
    url: str, token: str, det: Detections, speed: float, batch_wall_s: float
) -> list[tuple[float, float]]:
    """Feed in real time; returns (highest t_s in the batch, wall time its POST started) per batch."""
    span = batch_wall_s * speed
    edges = span * np.arange(1, math.floor(float(det.t_s[-1]) / span) + 2)
    stops = np.searchsorted(det.t_s, edges, side="right")
    sent: list[tuple[float, float]] = []
    start = 0
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
        t0 = time.monotonic()
        for k, stop in enumerate(stops.tolist()):
            wait = t0 + k * batch_wall_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            if stop > start:
                body = {"batch_id": f"f{k}", "detections": detection_dicts(det.take(slice(start, stop)))}
                sent.append((float(det.t_s[stop - 1]), time.monotonic()))
                r = c.post("/api/v1/detections", json=body)
                if r.status_code != 200:
                    raise RuntimeError(f"feed refused: {r.status_code} {r.text[:200]}")
            start = stop
    return sent


def _percentiles(values: list[float]) -> str:
    if not values:
        return "no samples"
    p50, p99 = np.percentile(np.array(values) * 1000, [50, 99])
    return f"p50 {p50:.0f} ms, p99 {p99:.0f} ms ({len(values)} samples)"


def bench_latency(scenario: Path, feed_s: float, rate: float, speed: float, subscribers: int) -> None:
    sc = read_scenario(scenario, with_truth=False)
    end = min(float(sc.detections.t_s[-1]), feed_s)
    det = inside(sc.detections.take(sc.detections.t_s <= end), sc.info.area)
    fed = padded(det, rate, speed, seed=2)

    fusion = Fusion(sc.info, cap_sender="bench")
    step_s: list[float] = []
    for t_s, batch in scans(fed, 1.0, end):
        t0 = time.perf_counter()
        fusion.step(t_s, batch)
        step_s.append(time.perf_counter() - t0)

    with tempfile.TemporaryDirectory() as tmp, service(scenario, Path(tmp) / "svc") as (url, token):
        for n in (1, subscribers):
            context = multiprocessing.get_context("spawn")
            connected, stop, results = context.Event(), context.Event(), context.Queue()
            child = context.Process(target=subscribers_process, args=(url, n, connected, stop, results))
            child.start()
            op = StreamClient(url, token, 1)
            reader = threading.Thread(target=op.run, daemon=True)
            reader.start()
            if not connected.wait(180) or not op.connected.wait(30):
                raise RuntimeError(f"{n} subscribers did not all connect")
            offset = 0.0 if n == 1 else end + 10.0
            shifted = fed.take(slice(None))
            shifted.t_s = fed.t_s + offset
            sent = feed_timed(url, token, shifted, speed, 0.1)
            time.sleep(2.0)
            stop.set()
            op.stop.set()
            arrivals = results.get(timeout=120)
            child.join(30)
            reader.join(30)
            _report(n, arrivals, op, sent, rate, speed, step_s)


Arrivals = list[dict[tuple[str, float], float]]


def _report(n: int, arrivals: Arrivals, op: StreamClient, sent: list[tuple[float, float]], rate: float,
            speed: float, step_s: list[float]) -> None:  # fmt: skip
    tops = np.array([t for t, _ in sent])
    walls = np.array([w for _, w in sent])
    latency: list[float] = []
    scan_latency: list[float] = []
    for (name, t_s), arrived in op.arrivals[0].items():
        k = int(np.searchsorted(tops, t_s, side="left"))  # the batch holding the scan's last rows
        if k < len(walls):
            (latency if name == "alerts" else scan_latency).append(arrived - walls[k])
    clocks = {key for a in arrivals for key in a if key[0] == "clock"}
    complete = sum(all(key in a for key in clocks) for a in arrivals)
    public_alert = []  # POST of a scan's last rows -> its alert message at the last public subscriber
    for key in {key for a in arrivals for key in a if key[0] == "alerts"}:
        k = int(np.searchsorted(tops, key[1], side="left"))
        if k < len(walls):
            public_alert.append(max(a.get(key, math.inf) for a in arrivals) - walls[k])
    spread, behind = [], []
    for key in clocks:
        times = [a[key] for a in arrivals if key in a]
        spread.append(max(times) - min(times))
        if key in op.arrivals[0]:
            behind.append(max(times) - op.arrivals[0][key])
    if n == 1:
        print(
            f"2. detection-to-alert latency at {rate:,.0f} detections/s ({speed:g}x real time, 10 batches/s)"
        )
        print(f"   service, POST of the scan's last rows -> SSE alert message: {_percentiles(latency)}")
        print(f"   every scan, POST of its last rows -> SSE clock event: {_percentiles(scan_latency)}")
        print(f"   baseline, one Fusion.step per scan in this process: {_percentiles(step_s)}")
        if latency:
            p99 = float(np.percentile(latency, 99))
            ratio = p99 / max(float(np.percentile(step_s, 99)), 1e-9)
            print(f"   ratio p99 service / p99 fusion step: {ratio:.1f}; "
                  f"target p99 < 500 ms: {'met' if p99 < 0.5 else 'not met'}")  # fmt: skip
        print(f"   one subscriber: {len(clocks)} clock events received")
        return
    print(f"3. SSE fan-out to {n} concurrent subscribers (anonymous public streams) while feeding")
    print(f"   {complete} of {n} subscribers received all {len(clocks)} clock events")
    print(f"   first-to-last subscriber spread per clock event: {_percentiles(spread)}")
    print(f"   last subscriber behind the operator's stream (baseline, one reader): {_percentiles(behind)}")
    print(f"   detection-to-alert latency meanwhile (operator stream): {_percentiles(latency)}")
    print(f"   every scan meanwhile, POST of its last rows -> SSE clock event: {_percentiles(scan_latency)}")
    print(f"   detection-to-alert at the last of the {n} public subscribers: {_percentiles(public_alert)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="wall seconds of the ingest measurement")
    parser.add_argument(
        "--feed-s", type=float, default=300.0, help="scenario seconds fed in the latency runs"
    )
    parser.add_argument("--writers", type=int, default=4, help="ingest client threads")
    parser.add_argument("--rate", type=float, default=5000.0, help="detections/s for the latency run")
    parser.add_argument("--speed", type=float, default=10.0, help="scenario seconds per wall second")
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--scenario", type=Path, default=None, help="default: the Kharkiv preset (simulated)")
    parser.add_argument("--only", choices=("ingest", "latency"), default=None)
    args = parser.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if args.only in (None, "ingest"):
        bench_ingest(args.seconds, args.writers)
    if args.only in (None, "latency"):
        scenario = args.scenario or kharkiv(Path(tempfile.gettempdir()) / "airwarn-bench-kharkiv")
        bench_latency(scenario, args.feed_s, args.rate, args.speed, args.subscribers)


if __name__ == "__main__":
    main()
