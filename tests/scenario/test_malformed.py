"""Every way a scenario can break the contract: the validator names file, line, column and cause.

Each case edits one file of a small valid scenario. The reader must raise the same first issue.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from airwarn.errors import ScenarioError
from airwarn.scenario.readers import read_scenario
from airwarn.scenario.validate import validate_scenario
from tests.scenario.builders import (
    DETECTIONS,
    IMPACTS,
    TRUTH,
    drop_line,
    good_files,
    json_sensor_with,
    json_with,
    line_of,
    set_field,
    write_files,
)

Files = dict[str, str | bytes]
JsonLine = str | tuple[str, int] | tuple[str, int, int]
"""Locates the expected line in scenario.json: needle, (needle, offset) or (needle, offset, occurrence)."""


@dataclass(frozen=True)
class Case:
    """One malformation: what to change, and where and how the first issue must be reported."""

    name: str
    change: Files
    file: str
    line: int | JsonLine | None
    column: str | None
    words: tuple[str, ...]


def det(line: int, column: str, value: str) -> Files:
    return {"detections.csv": set_field(DETECTIONS, line, column, value)}


DET_HEADER = DETECTIONS.splitlines()[0]
CASES = [
    # scenario.json
    Case("json-invalid", {"scenario.json": '{\n "format": "airwarn-scenario/1",\n "name": \n}'},
         "scenario.json", 4, None, ("not valid JSON", "Expecting value")),
    Case("json-not-object", {"scenario.json": "[1, 2]"}, "scenario.json", 1, None, ("one JSON object",)),
    Case("json-not-utf8", {"scenario.json": b'{"name": "\xff"}'}, "scenario.json", None, None, ("UTF-8",)),
    Case("format-missing", {"scenario.json": json_with({"format": None})}, "scenario.json", 1, "format",
         ("missing", "airwarn-scenario/1")),
    Case("format-wrong", {"scenario.json": json_with({"format": "airwarn-scenario/2"})}, "scenario.json",
         '"format"', "format", ("not supported",)),
    Case("name-missing", {"scenario.json": json_with({"name": None})}, "scenario.json", 1, "name",
         ("missing",)),
    Case("name-mistyped", {"scenario.json": json_with({"name": 5})}, "scenario.json", '"name"', "name",
         ("non-empty string",)),
    Case("start-time-garbage", {"scenario.json": json_with({"start_time": "yesterday"})}, "scenario.json",
         '"start_time"', "start_time", ("ISO-8601",)),
    Case("start-time-naive", {"scenario.json": json_with({"start_time": "2024-10-03T01:00:00"})},
         "scenario.json", '"start_time"', "start_time", ("time zone",)),
    Case("duration-negative", {"scenario.json": json_with({"duration_s": -5})}, "scenario.json",
         '"duration_s"', "duration_s", ("> 0",)),
    Case("duration-text", {"scenario.json": json_with({"duration_s": "ten"})}, "scenario.json",
         '"duration_s"', "duration_s", ("not a finite number",)),
    Case("duration-missing", {"scenario.json": json_with({"duration_s": None})}, "scenario.json", 1,
         "duration_s", ("missing",)),
    Case("area-missing", {"scenario.json": json_with({"area": None})}, "scenario.json", 1, "area",
         ("missing", "south")),
    Case("area-south-above-north",
         {"scenario.json": json_with({"area": {"south": 49.5, "west": 35, "north": 49, "east": 37}})},
         "scenario.json", '"north"', "area.north", ("greater than south",)),
    Case("area-west-above-east",
         {"scenario.json": json_with({"area": {"south": 47, "west": 38, "north": 49, "east": 37}})},
         "scenario.json", '"east"', "area.east", ("greater than west",)),
    Case("area-lat-out-of-range",
         {"scenario.json": json_with({"area": {"south": -95, "west": 35, "north": 49, "east": 37}})},
         "scenario.json", '"south"', "area.south", ("outside", "90")),
    Case("area-edge-missing",
         {"scenario.json": json_with({"area": {"south": 47, "west": 35, "north": 49}})},
         "scenario.json", '"area"', "area.east", ("missing",)),
    Case("sensors-not-list", {"scenario.json": json_with({"sensors": {"id": "R1"}})}, "scenario.json",
         '"sensors"', "sensors", ("not a list",)),
    Case("sensor-not-object", {"scenario.json": json_with({"sensors": ["R1"]})}, "scenario.json",
         '"sensors"', "sensors[0]", ("not an object",)),
    Case("sensor-id-missing", {"scenario.json": json_sensor_with(0, {"id": None})}, "scenario.json",
         ('"kind": "radar"', -1), "sensors[0].id", ("missing",)),
    Case("sensor-kind-missing", {"scenario.json": json_sensor_with(1, {"kind": None})}, "scenario.json",
         ('"id": "A1"', -1), "sensors[1].kind", ("missing",)),
    Case("sensor-duplicate-id",
         {"scenario.json": json_sensor_with(0, {}, {"id": "R1", "kind": "observer"})}, "scenario.json",
          ('"id": "R1"', 0, 2), "sensors[3].id", ("R1", "twice")),
    Case("radar-without-lat", {"scenario.json": json_sensor_with(0, {"lat": None})}, "scenario.json",
         ('"id": "R1"', -1), "sensors[0].lat", ("radar", "needs lat")),
    Case("radar-without-sigma", {"scenario.json": json_sensor_with(0, {"sigma_elevation_deg": None})},
         "scenario.json", ('"id": "R1"', -1), "sensors[0].sigma_elevation_deg",
         ("needs sigma_elevation_deg",)),
    Case("acoustic-without-alt", {"scenario.json": json_sensor_with(1, {"alt_m": None})}, "scenario.json",
         ('"id": "A1"', -1), "sensors[1].alt_m", ("acoustic", "needs alt_m")),
    Case("sigma-zero", {"scenario.json": json_sensor_with(1, {"sigma_azimuth_deg": 0})}, "scenario.json",
         ('"sigma_azimuth_deg": 0', 0, 2), "sensors[1].sigma_azimuth_deg", ("> 0",)),
    Case("max-range-negative", {"scenario.json": json_sensor_with(0, {"max_range_m": -1})}, "scenario.json",
         '"max_range_m": -1', "sensors[0].max_range_m", ("> 0",)),
    Case("sensor-lat-out-of-range", {"scenario.json": json_sensor_with(0, {"lat": 100})}, "scenario.json",
         '"lat": 100', "sensors[0].lat", ("outside",)),
    Case("sensor-number-as-text", {"scenario.json": json_sensor_with(0, {"sigma_range_m": "75"})},
         "scenario.json", '"sigma_range_m"', "sensors[0].sigma_range_m", ("not a finite number",)),
    # detections.csv: file and header
    Case("detections-not-utf8",
         {"detections.csv": DETECTIONS.encode().replace(b"u1", b"u\xff1")}, "detections.csv", 4,
         "reporter_id", ("UTF-8",)),
    Case("detections-empty", {"detections.csv": ""}, "detections.csv", None, None, ("empty", "header")),
    Case("detections-no-header", {"detections.csv": drop_line(DETECTIONS, 1)}, "detections.csv", 1, None,
         ("no header line",)),
    Case("detections-missing-column",
         {"detections.csv": DETECTIONS.replace("heading_deg,", "")}, "detections.csv", 1, "heading_deg",
         ("required column", "missing")),
    Case("detections-duplicate-column",
         {"detections.csv": DETECTIONS.replace("alt_m,", "lat,")}, "detections.csv", 1, "lat",
         ("duplicated",)),
    Case("detections-field-count",
         {"detections.csv": DETECTIONS.replace("1.000,A1,,90.00,,,,,,,", "1.000,A1,,90.00,,,,,,")},
         "detections.csv", 3, None, ("has 10 fields", "expected 11")),
    Case("detections-unclosed-quote", det(4, "reporter_id", '"u1'), "detections.csv", 4, None,
         ("not valid CSV",)),
    # detections.csv: values
    Case("not-a-number", det(3, "azimuth_deg", "abc"), "detections.csv", 3, "azimuth_deg",
         ("'abc' is not a number",)),
    Case("infinite", det(2, "range_m", "inf"), "detections.csv", 2, "range_m", ("not a finite number",)),
    Case("nan-written", det(2, "range_m", "nan"), "detections.csv", 2, "range_m", ("not a finite number",)),
    Case("t-empty", det(3, "t_s", ""), "detections.csv", 3, "t_s", ("is empty",)),
    Case("t-unsorted", det(4, "t_s", "0.7"), "detections.csv", 4, "t_s", ("earlier than", "sort")),
    Case("t-negative", det(2, "t_s", "-1.0"), "detections.csv", 2, "t_s", ("negative",)),
    Case("t-after-end", det(5, "t_s", "11.5"), "detections.csv", 5, "t_s", ("after the scenario's end",)),
    Case("sensor-id-empty", det(2, "sensor_id", ""), "detections.csv", 2, "sensor_id", ("is empty",)),
    Case("sensor-id-unknown", det(5, "sensor_id", "R9"), "detections.csv", 5, "sensor_id",
         ("'R9'", "not a sensor")),
    Case("radar-without-range", det(5, "range_m", ""), "detections.csv", 5, "range_m", ("radar rows need",)),
    Case("radar-without-elevation", det(2, "elevation_deg", ""), "detections.csv", 2, "elevation_deg",
         ("radar rows need",)),
    Case("acoustic-without-azimuth", det(3, "azimuth_deg", ""), "detections.csv", 3, "azimuth_deg",
         ("acoustic rows need",)),
    Case("observer-without-lat", det(4, "lat", ""), "detections.csv", 4, "lat", ("observer rows need",)),
    Case("observer-without-reporter", det(4, "reporter_id", ""), "detections.csv", 4, "reporter_id",
         ("observer rows need",)),
    Case("azimuth-360", det(2, "azimuth_deg", "360.0"), "detections.csv", 2, "azimuth_deg",
         ("outside [0, 360)",)),
    Case("azimuth-negative", det(2, "azimuth_deg", "-0.5"), "detections.csv", 2, "azimuth_deg", ("outside",)),
    Case("elevation-91", det(5, "elevation_deg", "91"), "detections.csv", 5, "elevation_deg",
         ("outside [-90, 90]",)),
    Case("lat-out-of-range", det(4, "lat", "91.0"), "detections.csv", 4, "lat", ("outside",)),
    Case("lon-out-of-range", det(4, "lon", "-181.0"), "detections.csv", 4, "lon", ("outside",)),
    Case("range-zero", det(2, "range_m", "0"), "detections.csv", 2, "range_m", ("> 0",)),
    # truth.csv and impacts.csv
    Case("truth-kind-empty", {"truth.csv": set_field(TRUTH, 3, "object_kind", "")}, "truth.csv", 3,
         "object_kind", ("is empty",)),
    Case("truth-id-empty", {"truth.csv": set_field(TRUTH, 2, "object_id", "")}, "truth.csv", 2, "object_id",
         ("is empty",)),
    Case("truth-lat-missing", {"truth.csv": set_field(TRUTH, 5, "lat", "")}, "truth.csv", 5, "lat",
         ("is empty",)),
    Case("truth-gap", {"truth.csv": drop_line(TRUTH, 4)}, "truth.csv", 5, "t_s",
         ("'T1'", "2.000 s", "once a second")),
    Case("truth-kind-changes", {"truth.csv": set_field(TRUTH, 6, "object_kind", "cruise_missile")},
         "truth.csv", 6, "object_kind", ("one object has one object_kind",)),
    Case("truth-unsorted", {"truth.csv": set_field(TRUTH, 4, "t_s", "0.5").replace("0.000,T2", "0.600,T2")},
         "truth.csv", 4, "t_s", ("earlier than",)),
    Case("impact-unknown-object", {"impacts.csv": set_field(IMPACTS, 2, "object_id", "T7")}, "impacts.csv", 2,
         "object_id", ("'T7'", "not an object in truth.csv")),
    Case("impact-twice", {"impacts.csv": IMPACTS + "T2,glide_bomb,2.600,48.2,36.2\n"}, "impacts.csv", 3,
         "object_id", ("already came down",)),
    Case("impact-lon-missing", {"impacts.csv": set_field(IMPACTS, 2, "lon", "")}, "impacts.csv", 2, "lon",
         ("is empty",)),
]  # fmt: skip


def _scenario(tmp_path: Path, change: Files) -> Path:
    files: Files = dict(good_files())
    files.update(change)
    return write_files(tmp_path / "scenario", files)


def _expected_line(case: Case, folder: Path) -> int | None:
    if case.line is None or isinstance(case.line, int):
        return case.line
    text = (folder / "scenario.json").read_text()
    if isinstance(case.line, str):
        return line_of(text, case.line)
    needle, offset, *occurrence = case.line
    return line_of(text, needle, *occurrence) + offset


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validator_names_file_line_column_and_cause(tmp_path: Path, case: Case) -> None:
    folder = _scenario(tmp_path, case.change)
    issues = validate_scenario(folder)
    assert issues, "a malformed scenario must give at least one issue"
    first = issues[0]
    assert (first.file, first.line, first.column) == (case.file, _expected_line(case, folder), case.column), (
        str(first)
    )
    for word in case.words:
        assert word in first.message, str(first)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_reader_raises_the_validators_first_issue(tmp_path: Path, case: Case) -> None:
    folder = _scenario(tmp_path, case.change)
    first = validate_scenario(folder)[0]
    with pytest.raises(ScenarioError) as raised:
        read_scenario(folder)
    assert str(raised.value) == str(first)
    assert (raised.value.file, raised.value.line, raised.value.column) == (
        first.file,
        first.line,
        first.column,
    )


@pytest.mark.parametrize(
    ("change", "file"),
    [("scenario.json", "scenario.json"), ("detections.csv", "detections.csv")],
)
def test_missing_required_file_is_named(tmp_path: Path, change: str, file: str) -> None:
    folder = write_files(tmp_path / "s", {k: v for k, v in good_files().items() if k != change})
    issues = validate_scenario(folder)
    assert [(i.file, i.line, i.column) for i in issues] == [(file, None, None)]
    assert "not found" in issues[0].message


def test_missing_folder_is_named(tmp_path: Path) -> None:
    issues = validate_scenario(tmp_path / "nowhere")
    assert len(issues) == 1
    assert issues[0].file == str(tmp_path / "nowhere")
    assert "folder not found" in issues[0].message


def test_issue_str_reads_like_a_compiler_message(tmp_path: Path) -> None:
    folder = _scenario(tmp_path, det(3, "azimuth_deg", "abc"))
    assert str(validate_scenario(folder)[0]) == "detections.csv:3 column 'azimuth_deg': 'abc' is not a number"


def test_validator_collects_issues_from_every_file_up_to_max(tmp_path: Path) -> None:
    bad_detections = set_field(set_field(DETECTIONS, 2, "azimuth_deg", "x"), 5, "sensor_id", "R9")
    folder = _scenario(
        tmp_path,
        {
            "scenario.json": json_with({"name": ""}),
            "detections.csv": bad_detections,
            "truth.csv": set_field(TRUTH, 2, "lat", "95"),
        },
    )
    issues = validate_scenario(folder)
    assert [(i.file, i.line, i.column) for i in issues] == [
        ("scenario.json", line_of((folder / "scenario.json").read_text(), '"name"'), "name"),
        ("detections.csv", 2, "azimuth_deg"),
        ("detections.csv", 5, "sensor_id"),
        ("truth.csv", 2, "lat"),
    ]
    assert len(validate_scenario(folder, max_issues=2)) == 2


def test_one_rule_broken_on_many_rows_is_summarised(tmp_path: Path) -> None:
    rows = "".join(f"{t}.000,R1,1000.0,400.0,1.0,,,,,,\n" for t in range(10))
    folder = _scenario(tmp_path, {"detections.csv": DETECTIONS.splitlines()[0] + "\n" + rows})
    issues = validate_scenario(folder)
    assert [i.line for i in issues] == list(range(2, 12))
    assert "more rows like this" not in issues[-1].message
    rows += "10.000,R1,1000.0,400.0,1.0,,,,,,\n"
    (folder / "detections.csv").write_text(DETECTIONS.splitlines()[0] + "\n" + rows)
    issues = validate_scenario(folder)
    assert len(issues) == 10
    assert issues[-1].message.endswith("(and 1 more rows like this)")


def test_unknown_object_kind_in_truth_is_accepted(tmp_path: Path) -> None:
    truth = TRUTH.replace("glide_bomb", "hypersonic_glider")
    folder = _scenario(tmp_path, {"truth.csv": truth, "impacts.csv": IMPACTS.replace("glide_bomb", "x")})
    assert validate_scenario(folder) == []
    assert set(read_scenario(folder).truth.object_kind) == {"drone", "hypersonic_glider"}  # type: ignore[union-attr]


def test_a_sensor_of_a_kind_the_contract_does_not_name_is_kept_with_its_rows(tmp_path: Path) -> None:
    camera = {"id": "EO1", "kind": "camera", "lat": 48.0, "lon": 36.0, "alt_m": 100, "fov_deg": 60}
    rows = DETECTIONS + "4.000,EO1,,120.0,3.0,,,,,,drone\n"
    folder = _scenario(tmp_path, {"scenario.json": json_sensor_with(0, {}, camera), "detections.csv": rows})
    assert validate_scenario(folder) == []
    scenario = read_scenario(folder)
    sensor = scenario.info.sensor_by_id()["EO1"]
    assert (sensor.kind, sensor.extra) == ("camera", {"fov_deg": 60})
    assert list(scenario.detections.sensor_id).count("EO1") == 1


def test_radar_and_acoustic_need_only_a_position_and_their_noise_figures(tmp_path: Path) -> None:
    info = json.loads(json_sensor_with(0, {"scan_period_s": None, "max_range_m": None}))
    info["sensors"][1].pop("max_range_m")
    folder = _scenario(tmp_path, {"scenario.json": json.dumps(info, indent=1)})
    assert validate_scenario(folder) == []
    radar, post = read_scenario(folder).info.sensors[:2]
    assert (radar.scan_period_s, radar.max_range_m, post.max_range_m) == (None, None, None)


def test_json_error_position_matches_json_module(tmp_path: Path) -> None:
    text = '{\n "format": "airwarn-scenario/1",\n "name": "x",,\n}'
    folder = _scenario(tmp_path, {"scenario.json": text})
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    issue = validate_scenario(folder)[0]
    assert issue.line == expected.value.lineno
    assert f"character {expected.value.colno}" in issue.message


def test_blank_lines_are_ignored(tmp_path: Path) -> None:
    folder = _scenario(tmp_path, {"detections.csv": DETECTIONS.replace("\n1.000", "\n\n1.000") + "\n\n"})
    assert validate_scenario(folder) == []
    assert len(read_scenario(folder).detections) == 4
