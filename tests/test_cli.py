"""The `airwarn` command end to end: simulate -> validate -> run -> evaluate, as a user runs it."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from airwarn.cli import app
from tests.paths import EXAMPLE_SCENARIO

runner = CliRunner()

SMALL_CONFIG = {
    "name": "cli-test",
    "start_time": "2025-01-10T03:00:00Z",
    "duration_s": 420,
    "area": {"south": 49.3, "west": 35.6, "north": 50.8, "east": 37.6},
    "threats": [
        {"kind": "glide_bomb", "count": 2, "launch_window_s": [0, 60], "targets": ["Kharkiv"]},
        {"kind": "drone", "count": 2, "launch_window_s": [0, 30], "targets": ["Kharkiv"]},
    ],
    "sensors": [
        {"id": "R1", "kind": "radar", "lat": 49.92, "lon": 36.29, "alt_m": 150, "max_range_m": 110000,
         "scan_period_s": 5, "sigma_range_m": 100, "sigma_azimuth_deg": 0.2, "sigma_elevation_deg": 0.4,
         "clutter_per_scan": 3},
        {"id": "public", "kind": "observer", "sigma_position_m": 1500},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def small_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    config = folder / "config.json"
    config.write_text(json.dumps(SMALL_CONFIG))
    out = folder / "scenario"
    result = runner.invoke(app, ["simulate", "--config", str(config), "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_simulate_writes_a_valid_scenario_with_its_origin_record(small_scenario: Path) -> None:
    names = {p.name for p in small_scenario.iterdir()}
    assert {"scenario.json", "detections.csv", "truth.csv", "impacts.csv", "detections_origin.csv"} <= names
    result = runner.invoke(app, ["validate", str(small_scenario)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_run_then_evaluate_writes_the_run_folder_metrics_and_report(
    small_scenario: Path, tmp_path: Path
) -> None:
    run_dir = tmp_path / "run"
    result = runner.invoke(app, ["run", str(small_scenario), "--out", str(run_dir)])
    assert result.exit_code == 0, result.output
    assert (run_dir / "tracks.csv").read_text().startswith("t_s,track_id,lat,lon,alt_m,")
    alert_lines = (run_dir / "alerts.jsonl").read_text().splitlines()
    assert len(list((run_dir / "cap").glob("*.xml"))) == len(alert_lines) > 0

    result = runner.invoke(app, ["evaluate", str(small_scenario), str(run_dir)])
    assert result.exit_code == 0, result.output
    metrics = json.loads((run_dir / "metrics.json").read_text())
    truth_rows = (small_scenario / "truth.csv").read_text().splitlines()[1:]
    assert metrics["n_objects"] == len({row.split(",")[1] for row in truth_rows}) >= 2
    assert metrics["n_confirmed_tracks"] >= 1
    assert 0.0 <= metrics["gospa_mean_m"] < 1000.0
    assert metrics["share_warned"] > 0.0
    assert "<html" in (run_dir / "report.html").read_text().lower()


def test_run_estimates_a_missing_scan_period_and_leaves_out_a_sensor_kind_it_does_not_use(
    small_scenario: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "scenario"
    folder.mkdir()
    info = json.loads((small_scenario / "scenario.json").read_text())
    del info["sensors"][0]["scan_period_s"]
    info["sensors"].append({"id": "EO1", "kind": "camera", "lat": 49.9, "lon": 36.3, "alt_m": 120})
    (folder / "scenario.json").write_text(json.dumps(info))
    header, *rows = (small_scenario / "detections.csv").read_text().splitlines()
    camera_row = "0.000,EO1,,120.0,3.0,,,,,,drone"
    (folder / "detections.csv").write_text("\n".join([header, camera_row, *rows]) + "\n")
    result = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "run")])
    assert result.exit_code == 0, result.output
    assert "radar R1: no scan_period_s; 5.00 s estimated from its plots' rotation" in result.output
    assert "sensor EO1: kind 'camera' is not one airwarn uses; its 1 rows are not used" in result.output
    assert "0 confirmed tracks" not in result.output


def test_the_independent_example_scenario_runs_and_scores(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    assert runner.invoke(app, ["validate", str(EXAMPLE_SCENARIO)]).exit_code == 0
    result = runner.invoke(app, ["run", str(EXAMPLE_SCENARIO), "--out", str(run_dir)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["evaluate", str(EXAMPLE_SCENARIO), str(run_dir)])
    assert result.exit_code == 0, result.output
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["n_impacts"] == 7
    assert metrics["n_missed_objects"] <= 1


def test_validate_names_the_file_line_and_column_of_a_bad_value(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "scenario.json").write_text((EXAMPLE_SCENARIO / "scenario.json").read_text())
    lines = (EXAMPLE_SCENARIO / "detections.csv").read_text().splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[2], "far", 1)
    (bad / "detections.csv").write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "detections.csv:4" in result.output and "range_m" in result.output


def test_simulate_refuses_an_unknown_preset_clearly(tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate", "no-such-preset", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "no-such-preset" in result.output


def test_simulate_lists_the_presets() -> None:
    result = runner.invoke(app, ["simulate", "--list", "--out", "unused"])
    assert result.exit_code == 0
    assert {"kharkiv-glide", "mass-raid"} <= set(result.output.split())
