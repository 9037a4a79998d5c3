"""The real live service for the browser tests: `airwarn serve` in a subprocess on a free loopback
port, an operator key made beforehand, and a feeder that sends a scenario's detections over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np

from airwarn.scenario import read_detections, read_scenario_info
from airwarn.scenario.model import Detections
from airwarn.service.feeder import feed
from airwarn.service.keys import create_key
from airwarn.service.store import EventStore
from tests.web.loopback import free_port


@dataclass
class LiveService:
    """A running service: its base URL, an operator key, and the process to stop."""

    url: str
    operator_key: str
    process: subprocess.Popen[bytes]
    log_path: Path
    feeders: list[threading.Thread] = field(default_factory=list)

    def client(self) -> httpx.Client:
        """An HTTP client that speaks as the operator."""
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.operator_key}"}, timeout=60
        )

    def feed_in_background(self, det: Detections, speed: float, prefix: str = "web") -> threading.Thread:
        """Send detections (time-sorted) in accelerated real time from a thread; join() it to wait."""

        def run() -> None:
            with self.client() as c:
                feed(c, det, speed=speed, batch_wall_s=0.1, prefix=prefix)

        thread = threading.Thread(target=run, name=f"feeder-{prefix}", daemon=True)
        thread.start()
        self.feeders.append(thread)
        return thread

    def stop(self) -> None:
        for thread in self.feeders:
            thread.join(timeout=60)
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_service(scenario_dir: Path, data_dir: Path, timeout_s: float = 60.0) -> LiveService:
    """Start the service on the scenario (clock driven by the data; keyless requests read as public)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = {
        "host": "127.0.0.1",
        "port": port,
        "data_dir": str(data_dir),
        "scenario": str(scenario_dir),
        "anonymous_public": True,
        "clock": "data",
        "synchronous": "NORMAL",
    }
    config_path = data_dir / "service.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    store = EventStore(data_dir / "airwarn.sqlite3")
    key = create_key(store, "operator", "web-tests").token
    store.close()
    log_path = data_dir / "service.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "airwarn", "serve", "--config", str(config_path)], stdout=log, stderr=log
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the service exited ({process.returncode}): {log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            tail = log_path.read_text()[-2000:]
            raise RuntimeError(f"the service did not answer in {timeout_s:g} s: {tail}")
        time.sleep(0.1)
    return LiveService(url, key, process, log_path)


def detections_until(scenario_dir: Path, end_t_s: float) -> Detections:
    """The scenario's detections up to end_t_s, time-sorted, without the reports placed outside the
    scenario's area (the service refuses those)."""
    area = read_scenario_info(scenario_dir).area
    det = read_detections(scenario_dir).sorted_by_time()
    inside = np.isnan(det.lat) | area.contains(det.lat, det.lon)
    return det.take((det.t_s <= end_t_s) & inside)
