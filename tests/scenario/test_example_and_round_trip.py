"""The independent example scenario reads cleanly; write -> read keeps every column and unknown key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from airwarn.errors import ScenarioError
from airwarn.scenario.model import (
    DETECTION_COLUMNS,
    IMPACT_COLUMNS,
    TRUTH_COLUMNS,
    Area,
    Impacts,
    Scenario,
    ScenarioInfo,
    Sensor,
    Truth,
    detections_from_columns,
)
from airwarn.scenario.readers import read_detections, read_scenario, read_scenario_info, read_truth
from airwarn.scenario.validate import validate_scenario
from airwarn.scenario.writers import write_scenario
from tests.paths import EXAMPLE_SCENARIO
from tests.scenario.builders import DETECTIONS, good_files, write_files


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    if a.dtype == np.float64:
        return bool(np.array_equal(a, b, equal_nan=True))
    same: bool = a.tolist() == b.tolist()
    return same


def test_example_scenario_validates_and_reads() -> None:
    assert validate_scenario(EXAMPLE_SCENARIO) == []
    scenario = read_scenario(EXAMPLE_SCENARIO)
    assert scenario.info.name == "example-mixed-south"
    assert scenario.info.extra["generator"]["name"] == "independent-generator/1"
    assert len(scenario.info.sensors) == 1381
    assert scenario.info.sensor_by_id()["R1"].extra["clutter_per_scan"] == 7.3
    assert len(scenario.detections) == 4165
    assert scenario.truth is not None and len(scenario.truth) == 1898
    assert scenario.impacts is not None and scenario.impacts.object_id.tolist()[0] == "T0001"
    first = scenario.detections.take(slice(0, 1))
    assert (first.t_s[0], first.sensor_id[0], first.range_m[0]) == (0.212, "R3", 90421.0)
    assert np.isnan(first.lat[0]) and first.reporter_id[0] == ""


def test_without_truth_reads_neither_truth_nor_impacts(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    shutil.copytree(EXAMPLE_SCENARIO, folder)
    (folder / "truth.csv").chmod(0o644)
    (folder / "truth.csv").write_text("garbage that would not validate\n")
    scenario = read_scenario(folder, with_truth=False)
    assert scenario.truth is None and scenario.impacts is None
    assert len(scenario.detections) == 4165
    with pytest.raises(ScenarioError, match=r"truth\.csv"):
        read_scenario(folder)


def _rich_scenario() -> Scenario:
    info = ScenarioInfo(
        name="round-trip",
        start_time="2024-10-03T01:00:00+02:00",
        duration_s=600.0,
        area=Area(47.0, 35.0, 49.0, 37.0),
        sensors=(
            Sensor("R1", "radar", 48.0, 36.0, 150.0, 150000.0, 5.0, 75.0, 0.3, 0.6, extra={"band": "S"}),
            Sensor("A1", "acoustic", 48.1, 36.1, 120.0, 3000.0, sigma_azimuth_deg=6.0),
            Sensor("public", "observer", sigma_position_m=1500.0, extra={"app": {"version": 3}}),
        ),
        extra={"generator": {"seed": 7}, "notes": ["ü", 1]},
    )
    nan = np.nan
    detections = detections_from_columns(
        4,
        {
            "t_s": [0.5, 1.0, 2.0, 2.0],
            "sensor_id": ["R1", "A1", "public", "R1"],
            "range_m": [12000.1, nan, nan, 150000.0],
            "azimuth_deg": [359.9999, 90.25, 180.5, 0.0],
            "elevation_deg": [-2.125, 12.5, nan, 89.9999],
            "lat": [nan, nan, 48.123456, nan],
            "lon": [nan, nan, -36.654321, nan],
            "alt_m": [nan, nan, 130.5, nan],
            "reporter_id": ["", "", 'u1,"x"', ""],
            "heading_deg": [nan, nan, 271.25, nan],
            "object_kind": ["", "", "drone", ""],
        },
    )
    truth = Truth(
        t_s=np.array([0.0, 0.0, 1.0]),
        object_id=np.array(["T1", "T2", "T1"], dtype=object),
        object_kind=np.array(["drone", "new_kind", "drone"], dtype=object),
        lat=np.array([48.0, 48.2, 48.000001]),
        lon=np.array([36.0, 36.2, 36.000001]),
        alt_m=np.array([500.0, 9000.1, 499.9]),
    )
    impacts = Impacts(
        object_id=np.array(["T2"], dtype=object),
        object_kind=np.array(["new_kind"], dtype=object),
        t_s=np.array([1.5]),
        lat=np.array([48.2]),
        lon=np.array([36.2]),
    )
    return Scenario(info, detections, truth, impacts)


def test_round_trip_keeps_every_column_and_unknown_key(tmp_path: Path) -> None:
    original = _rich_scenario()
    write_scenario(original, tmp_path / "s", extra_files={"association.csv": "row,object_id\n0,T1\n"})
    assert validate_scenario(tmp_path / "s") == []
    back = read_scenario(tmp_path / "s")
    assert back.info == original.info
    for name in DETECTION_COLUMNS:
        assert _same(getattr(back.detections, name), getattr(original.detections, name)), name
    for name in TRUTH_COLUMNS:
        assert _same(getattr(back.truth, name), getattr(original.truth, name)), name
    for name in IMPACT_COLUMNS:
        assert _same(getattr(back.impacts, name), getattr(original.impacts, name)), name
    assert (tmp_path / "s" / "association.csv").read_text() == "row,object_id\n0,T1\n"


def test_written_files_have_contract_headers_and_precision(tmp_path: Path) -> None:
    write_scenario(_rich_scenario(), tmp_path / "s")
    lines = (tmp_path / "s" / "detections.csv").read_text().splitlines()
    assert lines[0] == ",".join(DETECTION_COLUMNS)
    assert lines[1] == "0.500,R1,12000.1,359.9999,-2.1250,,,,,,"
    assert lines[3] == '2.000,public,,180.5000,,48.123456,-36.654321,130.5,"u1,""x""",271.25,drone'
    assert (tmp_path / "s" / "truth.csv").read_text().splitlines()[0] == ",".join(TRUTH_COLUMNS)
    assert (tmp_path / "s" / "impacts.csv").read_text().splitlines()[
        1
    ] == "T2,new_kind,1.500,48.200000,36.200000"
    info = json.loads((tmp_path / "s" / "scenario.json").read_text())
    assert list(info)[:6] == ["format", "name", "start_time", "duration_s", "area", "sensors"]
    assert info["sensors"][0]["band"] == "S" and info["generator"] == {"seed": 7}


def test_azimuth_rounding_to_360_is_written_as_zero(tmp_path: Path) -> None:
    scenario = _rich_scenario()
    scenario.detections.azimuth_deg[0] = 359.99996
    write_scenario(scenario, tmp_path / "s")
    assert read_scenario(tmp_path / "s").detections.azimuth_deg[0] == 0.0


def test_writer_refuses_unsorted_rows(tmp_path: Path) -> None:
    scenario = _rich_scenario()
    scenario.detections.t_s[:] = [3.0, 1.0, 2.0, 2.5]
    with pytest.raises(ScenarioError, match="sort rows by t_s"):
        write_scenario(scenario, tmp_path / "s")


def test_readers_ignore_unknown_extra_columns(tmp_path: Path) -> None:
    lines = DETECTIONS.splitlines()
    widened = "\n".join([f"snr_db,{lines[0]},quality"] + [f"12.5,{line},good" for line in lines[1:]]) + "\n"
    folder = write_files(tmp_path / "s", {**good_files(), "detections.csv": widened})
    assert validate_scenario(folder) == []
    plain = read_detections(write_files(tmp_path / "p", good_files()), read_scenario_info(folder))
    wide = read_detections(folder / "detections.csv", read_scenario_info(folder / "scenario.json"))
    for name in DETECTION_COLUMNS:
        assert _same(getattr(wide, name), getattr(plain, name)), name


def test_separate_readers_match_read_scenario() -> None:
    whole = read_scenario(EXAMPLE_SCENARIO)
    truth = read_truth(EXAMPLE_SCENARIO)
    assert whole.truth is not None
    assert all(_same(getattr(truth, n), getattr(whole.truth, n)) for n in TRUTH_COLUMNS)
