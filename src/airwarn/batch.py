"""The batch runner: a scenario folder in, a run folder out (tracks.csv, alerts.jsonl, cap/).

Reads only scenario.json and detections.csv (never the truth), streams them scan by scan
through the tracker and the alert engine, and writes each scan's rows and messages as it
goes, so memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from airwarn.alerting.policy import AlertPolicy
from airwarn.fusion import Fusion
from airwarn.scenario.alerts_jsonl import AlertWriter
from airwarn.scenario.model import SENSOR_KINDS, Detections, ScenarioInfo
from airwarn.scenario.readers import read_scenario
from airwarn.scenario.tracks_csv import TrackWriter
from airwarn.stream import scans
from airwarn.tracking.models.scan_period import estimate_scan_period_s
from airwarn.tracking.tracker import TrackerConfig

CAP_SENDER = "airwarn@civil-protection.example"
"""The CAP `sender` of batch runs (and the live service's default)."""

ProgressFn = Callable[[float, float], None]
"""Called with (scenario seconds done, scenario seconds in all)."""


@dataclass(frozen=True)
class RunSummary:
    """What a batch run produced."""

    detections: int
    track_rows: int
    confirmed_tracks: int
    alerts: int
    out_dir: Path
    notes: tuple[str, ...] = ()
    """What the run assumed or left out of the scenario's sensors (see sensor_notes)."""


def run_scenario(
    scenario_dir: Path,
    out_dir: Path,
    *,
    scan_s: float = 1.0,
    tracker_config: TrackerConfig | None = None,
    alert_policy: AlertPolicy | None = None,
    on_progress: ProgressFn | None = None,
) -> RunSummary:
    """Track every detection of a scenario, warn from the tracks, and write the run folder
    (tracks.csv, alerts.jsonl, one CAP 1.2 file per message in cap/) per the data contract."""
    scenario = read_scenario(scenario_dir, with_truth=False)
    default_scan_s = (tracker_config or TrackerConfig()).default_scan_period_s
    info, notes = sensor_notes(scenario.info, scenario.detections, default_scan_s)
    fusion = Fusion(info, cap_sender=CAP_SENDER, tracker_config=tracker_config, alert_policy=alert_policy)
    out_dir.mkdir(parents=True, exist_ok=True)
    cap_dir = out_dir / "cap"
    cap_dir.mkdir(exist_ok=True)
    for old in cap_dir.glob("*.xml"):
        old.unlink()
    track_ids: set[str] = set()
    rows = 0
    with TrackWriter(out_dir) as tracks_out, AlertWriter(out_dir) as alerts_out:
        for t_s, batch in scans(scenario.detections, scan_s, info.duration_s):
            scan = fusion.step(t_s, batch)
            updated = scan.tracks
            if len(updated):
                tracks_out.write(updated)
                rows += len(updated)
                track_ids.update(updated.track_id[updated.confirmed].tolist())
            for message, cap_xml in zip(scan.messages, scan.caps, strict=True):
                alerts_out.write(message)
                name = f"{alerts_out.messages_written:06d}-{message.alert_id}-{message.msg_type}.xml"
                (cap_dir / name).write_text(cap_xml, encoding="utf-8")
            if on_progress is not None:
                on_progress(min(t_s, info.duration_s), info.duration_s)
        n_alerts = alerts_out.messages_written
    return RunSummary(len(scenario.detections), rows, len(track_ids), n_alerts, out_dir, notes)


def sensor_notes(
    info: ScenarioInfo, detections: Detections, default_scan_s: float
) -> tuple[ScenarioInfo, tuple[str, ...]]:
    """The scenario's sensors with each radar's missing scan period estimated from its plots
    (estimate_scan_period_s; the tracker's default where it shows no rotation), and a note of
    each such estimate and of each sensor whose kind the contract does not name (its rows are
    kept in the scenario and not used)."""
    sensors, notes = [], []
    ids = np.asarray(detections.sensor_id)
    for sensor in info.sensors:
        rows = ids == sensor.id
        if sensor.kind not in SENSOR_KINDS:
            n = int(rows.sum())
            notes.append(
                f"sensor {sensor.id}: kind '{sensor.kind}' is not one airwarn uses; its {n} rows are not used"
            )
        elif sensor.kind == "radar" and sensor.scan_period_s is None:
            period = estimate_scan_period_s(detections.t_s[rows], detections.azimuth_deg[rows])
            if period is None:
                notes.append(
                    f"radar {sensor.id}: no scan_period_s nor rotation in its plots: {default_scan_s:g} s"
                )
            else:
                notes.append(
                    f"radar {sensor.id}: no scan_period_s; {period:.2f} s estimated from its plots' rotation"
                )
                sensor = replace(sensor, scan_period_s=period)
        sensors.append(sensor)
    return replace(info, sensors=tuple(sensors)), tuple(notes)
