"""Readers of a scenario folder and its files; each raises ScenarioError at the first issue.

They run the same checks as `validate_scenario`, in raising mode, so nothing is read as if it
were valid. Each `read_*` takes the file itself or the folder that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from airwarn.errors import ScenarioError
from airwarn.scenario.csv_table import read_csv_table
from airwarn.scenario.info_checks import InfoFacts, check_scenario_json, facts_of
from airwarn.scenario.issues import IssueLog
from airwarn.scenario.model import (
    DETECTION_COLUMNS,
    IMPACT_COLUMNS,
    TRUTH_COLUMNS,
    Detections,
    Impacts,
    Scenario,
    ScenarioInfo,
    Truth,
)
from airwarn.scenario.table_checks import check_detections, check_impacts, check_truth

INFO_FILE = "scenario.json"
DETECTIONS_FILE = "detections.csv"
TRUTH_FILE = "truth.csv"
IMPACTS_FILE = "impacts.csv"


@dataclass
class LoadedScenario:
    """What a pass over a scenario folder produced; `info` is None when scenario.json is broken."""

    info: ScenarioInfo | None
    detections: Detections
    truth: Truth | None
    impacts: Impacts | None


def load_scenario(path: Path, log: IssueLog, *, with_truth: bool) -> LoadedScenario:
    """Check and read a scenario folder; issues go to `log` (which raises or collects them)."""
    if not path.is_dir():
        what = "is not a folder" if path.exists() else "folder not found"
        log.add(
            str(path), None, None, f"{what}; a scenario is a folder holding {INFO_FILE} and {DETECTIONS_FILE}"
        )
        return LoadedScenario(None, Detections.empty(), None, None)
    info, facts = check_scenario_json(path / INFO_FILE, log)
    detections_table = read_csv_table(path / DETECTIONS_FILE, DETECTIONS_FILE, DETECTION_COLUMNS, log)
    detections = check_detections(detections_table, facts, log)
    truth = impacts = None
    if with_truth and (path / TRUTH_FILE).exists():
        truth = check_truth(read_csv_table(path / TRUTH_FILE, TRUTH_FILE, TRUTH_COLUMNS, log), facts, log)
    if with_truth and (path / IMPACTS_FILE).exists():
        impacts_table = read_csv_table(path / IMPACTS_FILE, IMPACTS_FILE, IMPACT_COLUMNS, log)
        impacts = check_impacts(impacts_table, facts, truth, log)
    return LoadedScenario(info, detections, truth, impacts)


def read_scenario(path: Path, *, with_truth: bool = True) -> Scenario:
    """Read a scenario folder; with_truth=False reads only scenario.json and detections.csv."""
    loaded = load_scenario(Path(path), IssueLog(), with_truth=with_truth)
    return Scenario(_required(loaded.info, path), loaded.detections, loaded.truth, loaded.impacts)


def read_scenario_info(path: Path) -> ScenarioInfo:
    """Read scenario.json (the file, or the scenario folder holding it)."""
    info, _ = check_scenario_json(_file_in(Path(path), INFO_FILE), IssueLog())
    return _required(info, path)


def read_detections(path: Path, info: ScenarioInfo | None = None) -> Detections:
    """Read detections.csv; with `info`, sensor ids, sensor fields and the time window are checked too."""
    table = read_csv_table(
        _file_in(Path(path), DETECTIONS_FILE), DETECTIONS_FILE, DETECTION_COLUMNS, IssueLog()
    )
    return check_detections(table, _facts(info), IssueLog())


def read_truth(path: Path, info: ScenarioInfo | None = None) -> Truth:
    """Read truth.csv (simulation only; the batch runner must not call this)."""
    table = read_csv_table(_file_in(Path(path), TRUTH_FILE), TRUTH_FILE, TRUTH_COLUMNS, IssueLog())
    return check_truth(table, _facts(info), IssueLog())


def read_impacts(path: Path, info: ScenarioInfo | None = None, truth: Truth | None = None) -> Impacts:
    """Read impacts.csv; with `truth`, every object_id must be an object of truth.csv."""
    table = read_csv_table(_file_in(Path(path), IMPACTS_FILE), IMPACTS_FILE, IMPACT_COLUMNS, IssueLog())
    return check_impacts(table, _facts(info), truth, IssueLog())


def _file_in(path: Path, name: str) -> Path:
    """`path` itself when it names a file, else `name` inside the folder `path`."""
    return path / name if path.is_dir() else path


def _facts(info: ScenarioInfo | None) -> InfoFacts:
    """Cross-check facts from `info`, or none (structure-only checks) without it."""
    return InfoFacts(None, None) if info is None else facts_of(info)


def _required(info: ScenarioInfo | None, path: Path) -> ScenarioInfo:
    """The info a raising log guarantees; a ScenarioError if that guarantee were ever broken."""
    if info is None:
        raise ScenarioError(f"{path} could not be read as a scenario", file=INFO_FILE)
    return info
