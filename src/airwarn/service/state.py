"""The running service's state: the store, the live picture, the stream hub, rate limits, and the
fusion worker thread; built once per app, started and stopped with it."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from airwarn.errors import ConfigError
from airwarn.geo.geography import Places
from airwarn.scenario.model import ScenarioInfo
from airwarn.scenario.readers import INFO_FILE, read_scenario_info
from airwarn.scenario.writers import scenario_info_to_json
from airwarn.service.access import TokenBuckets
from airwarn.service.broadcast import Hub
from airwarn.service.config import ServiceConfig
from airwarn.service.live import LivePicture
from airwarn.service.store import EventStore

log = logging.getLogger("airwarn.service")
CLOCK_META = "clock_t_s"


def service_scenario(config: ServiceConfig) -> ScenarioInfo:
    """The scenario the service runs: config.scenario (kept in data_dir/scenario.json), else the one
    kept there by an earlier start. A data dir never mixes two scenarios' logs."""
    kept = config.data_dir / INFO_FILE
    if config.scenario is None:
        if not kept.exists():
            raise ConfigError(
                f"no scenario: give --scenario DIR (or 'scenario' in the config); {kept} is absent"
            )
        return read_scenario_info(kept)
    info = read_scenario_info(Path(config.scenario))
    text = json.dumps(scenario_info_to_json(info), indent=2, ensure_ascii=False) + "\n"
    if kept.exists() and kept.read_text(encoding="utf-8") != text and config.db_path.exists():
        store = EventStore(config.db_path, config.synchronous)
        stored = store.count_detections()
        store.close()
        if stored:
            raise ConfigError(
                f"{config.data_dir} holds the log of another scenario ({stored} detections); "
                "use a new data_dir for this scenario"
            )
    config.data_dir.mkdir(parents=True, exist_ok=True)
    tmp = kept.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(kept)
    return info


MAX_WALL_REPLAY_S = 7 * 86400.0
"""A wall-clock service replays every scan since start_time on restart: at most a week of them."""


def check_wall_clock(info: ScenarioInfo, config: ServiceConfig) -> None:
    """A wall-clock service needs a recent start_time (it fuses every scan from it)."""
    if config.clock != "wall":
        return
    start = datetime.fromisoformat(info.start_time.replace("Z", "+00:00"))
    behind_s = (datetime.now(UTC) - start).total_seconds()
    if behind_s > MAX_WALL_REPLAY_S:
        raise ConfigError(
            f"clock 'wall': start_time {info.start_time} is {behind_s / 86400:.0f} days ago and every scan "
            "since would be fused; set start_time to when this picture starts (at most 7 days ago)"
        )


class ServiceState:
    """Everything the routes share (see the module docstring)."""

    def __init__(self, config: ServiceConfig, info: ScenarioInfo, store: EventStore) -> None:
        self.config = config
        self.info = info
        self.store = store
        self.picture = LivePicture(info, config)
        self.buckets = TokenBuckets()
        self.ingest_slots = threading.BoundedSemaphore(config.max_ingest_in_flight)
        self.hub: Hub | None = None
        self.places: Places | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None

    def replay(self) -> int:
        """Rebuild the picture from the log: every stored row, the clock and manual cancels; rows
        that arrived late join the picture just before the scan they joined live."""
        det, fuse_scan = self.store.load_log()
        late = np.isfinite(fuse_scan)
        picture = self.picture
        picture.accept(-1, det.take(~late))
        picture.set_clock(float(self.store.get_meta(CLOCK_META) or 0.0))
        picture.schedule_cancels(self.store.cancels())
        fused = 0
        for scan in np.unique(fuse_scan[late]).astype(int).tolist():
            fused += picture.advance(publish=False, up_to_scan=scan - 1)
            picture.accept(-1, det.take(late & (fuse_scan == scan)))
        return fused + picture.advance(publish=False)

    def replay_and_wait(self) -> None:
        """Replay the log before serving (so late rows are judged against the rebuilt clock)."""
        scans = self.replay()
        log.info("replayed %d detections into %d scans", self.picture.rows_accepted, scans)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Publish to the stream and fuse new rows in the worker thread (after replay_and_wait)."""
        self.hub = Hub(loop, self.config.sse_queue_events)
        self.picture.listeners.append(self.hub.publish)
        self._worker = threading.Thread(target=self._run, name="airwarn-fusion", daemon=True)
        self._worker.start()

    def stop(self) -> None:
        """Stop the worker, end the streams, close the store."""
        self._stop.set()
        self._wake.set()
        if self._worker is not None:
            self._worker.join(timeout=10)
        if self.hub is not None:
            self.hub.close()
        self.store.close()

    def wake(self) -> None:
        """Tell the worker there may be scans to fuse."""
        self._wake.set()

    def _run(self) -> None:
        idle_s = 0.2 if self.config.clock == "wall" else 1.0
        while not self._stop.is_set():
            self._wake.wait(idle_s)
            self._wake.clear()
            try:
                self.picture.advance()
            except Exception:  # the service keeps serving what it has; the log says why
                log.exception("fusion failed; the picture stops at t_s %.1f", self.picture.fused_t_s)
                self._stop.wait(5.0)
