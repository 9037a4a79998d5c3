"""One fused scan: detections of (t - step, t] through the tracker, its rows through the alert
engine, each message rendered as CAP. Shared by the batch runner and the live service, so the
same data gives the same tracks and alerts on both paths by construction."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Final

from airwarn.alerting.cap import CapSequence
from airwarn.alerting.engine import AlertEngine
from airwarn.alerting.policy import AlertPolicy
from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import AlertMessage, Detections, ScenarioInfo, Tracks
from airwarn.threat.ground import ground_height_m
from airwarn.tracking.tracker import Tracker, TrackerConfig


@dataclass(frozen=True)
class ScanResult:
    """What one scan produced: the updated tracks' rows (time-sorted), the alert messages issued
    at t_s and each message's CAP 1.2 document."""

    t_s: float
    tracks: Tracks
    messages: list[AlertMessage]
    caps: list[str]


def scenario_policy(info: ScenarioInfo) -> AlertPolicy:
    """The default alert policy, its predictions flown down to the ground under the scenario (a
    policy given to Fusion is used as it is)."""
    base = AlertPolicy()
    return replace(base, prediction=replace(base.prediction, ground_alt_m=ground_height_m(info.sensors)))


GROUND_BELOW_SENSORS_M: Final = 100.0
"""Terrain may lie this far below the lowest ground sensor (a valley under a hill post)."""


def scenario_tracker_config(info: ScenarioInfo) -> TrackerConfig:
    """The default tracker configuration, with its ground (under which a track has come down) no
    higher than GROUND_BELOW_SENSORS_M under the scenario's lowest sensor: by the Dead Sea the
    ground lies 400 m below the ellipsoid, and a ground at 0 m would delete every low flyer."""
    base = TrackerConfig()
    heights = [s.alt_m for s in info.sensors if s.alt_m is not None and math.isfinite(s.alt_m)]
    if not heights:
        return base
    return replace(base, ground_alt_m=min(base.ground_alt_m, min(heights) - GROUND_BELOW_SENSORS_M))


class Fusion:
    """The tracker, the alert engine and the CAP numbering of one scenario, stepped scan by scan."""

    def __init__(
        self,
        info: ScenarioInfo,
        *,
        cap_sender: str,
        tracker_config: TrackerConfig | None = None,
        alert_policy: AlertPolicy | None = None,
    ) -> None:
        lat0, lon0 = info.area.center
        self.tracker = Tracker(
            info.sensors, LocalFrame(lat0, lon0, 0.0), tracker_config or scenario_tracker_config(info)
        )
        self.engine = AlertEngine(alert_policy or scenario_policy(info), area=info.area)
        self.cap = CapSequence(sender=cap_sender, start_time=info.start_time)

    def step(self, t_s: float, detections: Detections) -> ScanResult:
        """Fuse the detections of the scan ending at t_s (times in (previous t_s, t_s])."""
        updated = self.tracker.step(t_s, detections).sorted_by_time()
        messages = self.engine.step(t_s, updated)
        return ScanResult(t_s, updated, messages, [self.cap.render(m) for m in messages])
