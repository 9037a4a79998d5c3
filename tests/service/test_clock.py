"""The wall clock: a service whose scenario started moments ago fuses scans as real time passes,
and one whose start_time is long past is refused at start, not left replaying for hours."""

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from airwarn.errors import ConfigError
from tests.paths import EXAMPLE_SCENARIO
from tests.service.harness import start


def _scenario_started(ago_s: float, folder: Path) -> Path:
    folder.mkdir()
    info = json.loads((EXAMPLE_SCENARIO / "scenario.json").read_text())
    info["start_time"] = (datetime.now(UTC) - timedelta(seconds=ago_s)).strftime("%Y-%m-%dT%H:%M:%SZ")
    (folder / "scenario.json").write_text(json.dumps(info))
    (folder / "detections.csv").write_text(
        (EXAMPLE_SCENARIO / "detections.csv").read_text().splitlines()[0] + "\n"
    )
    return folder


def test_a_wall_clock_service_fuses_as_time_passes(tmp_path: Path) -> None:
    service = start(tmp_path / "d", scenario=_scenario_started(20.0, tmp_path / "s"), clock="wall")
    try:
        deadline = time.monotonic() + 20
        while (clock := httpx.get(f"{service.url}/api/v1/health").json()["clock_t_s"]) < 17.0:
            assert time.monotonic() < deadline, clock
            time.sleep(0.1)
        first = clock
        time.sleep(1.5)
        assert httpx.get(f"{service.url}/api/v1/health").json()["clock_t_s"] >= first + 1.0
    finally:
        service.stop()


def test_a_wall_clock_service_refuses_a_start_time_long_past(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="days ago"):
        start(tmp_path / "d", scenario=_scenario_started(30 * 86400.0, tmp_path / "s"), clock="wall")
