"""airwarn.scenario: the data contract's files — readers, writers and the validator."""

from airwarn.scenario.alerts_jsonl import AlertWriter, read_alerts
from airwarn.scenario.issues import ScenarioIssue
from airwarn.scenario.readers import (
    read_detections,
    read_impacts,
    read_scenario,
    read_scenario_info,
    read_truth,
)
from airwarn.scenario.tracks_csv import TrackWriter, read_tracks
from airwarn.scenario.validate import validate_scenario
from airwarn.scenario.writers import write_scenario

__all__ = [
    "AlertWriter",
    "ScenarioIssue",
    "TrackWriter",
    "read_alerts",
    "read_detections",
    "read_impacts",
    "read_scenario",
    "read_scenario_info",
    "read_tracks",
    "read_truth",
    "validate_scenario",
    "write_scenario",
]
