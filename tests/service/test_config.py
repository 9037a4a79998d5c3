"""The service's configuration: a file, AIRWARN_* variables over it, clear errors for bad keys,
and a data dir that keeps its scenario and never mixes two scenarios' logs."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from airwarn.cli import app
from airwarn.errors import ConfigError
from airwarn.service.config import load_config
from airwarn.service.state import service_scenario
from tests.paths import EXAMPLE_SCENARIO
from tests.service.harness import radar_row, short_scenario, start


def test_environment_variables_override_the_file(tmp_path: Path) -> None:
    path = tmp_path / "service.json"
    path.write_text(json.dumps({"port": 9001, "anonymous_public": True, "data_dir": "x"}))
    config = load_config(path, env={"AIRWARN_PORT": "9002", "AIRWARN_SYNCHRONOUS": "NORMAL"})
    assert (config.port, config.anonymous_public, config.data_dir) == (9002, True, Path("x"))
    assert config.synchronous == "NORMAL"
    assert load_config(None, env={}).db_path == Path("airwarn-data") / "airwarn.sqlite3"


def test_a_bad_setting_is_named(tmp_path: Path) -> None:
    path = tmp_path / "service.json"
    path.write_text(json.dumps({"prot": 1}))
    with pytest.raises(ConfigError, match="prot"):
        load_config(path, env={})
    with pytest.raises(ConfigError, match="scan_s"):
        load_config(None, env={"AIRWARN_SCAN_S": "-1"})


def test_serve_without_a_scenario_says_what_to_give(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--data-dir", str(tmp_path / "empty"), "--port", "0"])
    assert result.exit_code == 2 and "--scenario" in result.output


def test_a_data_dir_keeps_its_scenario_and_refuses_another_once_it_holds_detections(tmp_path: Path) -> None:
    data = tmp_path / "data"
    service = start(data)
    with service.client("operator") as c:
        assert (
            c.post("/api/v1/detections", json={"batch_id": "1", "detections": [radar_row(1.0)]}).status_code
            == 200
        )
    service.stop()
    kept = service_scenario(load_config(None, env={}, data_dir=data))
    assert kept.start_time == json.loads((EXAMPLE_SCENARIO / "scenario.json").read_text())["start_time"]
    other = short_scenario(EXAMPLE_SCENARIO, tmp_path / "other", 60.0)
    with pytest.raises(ConfigError, match="another scenario"):
        service_scenario(load_config(None, env={}, data_dir=data, scenario=other))
