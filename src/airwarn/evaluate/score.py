"""Score one run (tracks and alerts) against its scenario's truth: the numbers in metrics.json.

The rules are the contract's 'How a run is scored' (shared/spec/scenario-format.md); the
modules beside this one each document the part they implement.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np

from airwarn.evaluate.alert_timeline import AlertPiece, BurdenSeries, alert_pieces, burden_series
from airwarn.evaluate.attribution import Attribution, attribute
from airwarn.evaluate.baseline import BaselineResult, run_baseline
from airwarn.evaluate.gospa import GOSPA_ALPHA, GOSPA_C_M, GOSPA_P
from airwarn.evaluate.presentation import (
    TruthPaths,
    present_tracks,
    present_truth,
    score_seconds,
    scoring_frame,
    truth_paths,
)
from airwarn.evaluate.tracking_metrics import (
    MIN_DETECTIONS_FOR_MISSED,
    ProgressFn,
    TrackingScore,
    score_tracking,
)
from airwarn.evaluate.warning import ImpactTable, WarningSummary, impact_limits_s, summarise, warn_impacts
from airwarn.scenario.model import AlertMessage, Impacts, Scenario, Tracks, Truth

METRICS_FORMAT: Final = "airwarn-metrics/1"


@dataclass(frozen=True)
class RunMetrics:
    """Everything the evaluator found about one run; to_json() is what metrics.json holds."""

    scenario_name: str
    duration_s: float
    n_tracks: int
    n_confirmed_tracks: int
    paths: TruthPaths
    attribution: Attribution
    tracking: TrackingScore
    pieces: tuple[AlertPiece, ...]
    burden: BurdenSeries
    impacts: ImpactTable
    warning: WarningSummary
    baseline: BaselineResult
    baseline_warning: WarningSummary

    @property
    def burden_km2_min(self) -> float:
        """Alert burden of the run over [0, duration_s], km^2 * min."""
        return self.burden.total_km2_min()

    @property
    def burden_ratio(self) -> float:
        """Run burden over baseline burden (NaN when the baseline alerted nothing)."""
        base = self.baseline.burden_km2_min
        return self.burden_km2_min / base if base > 0 else math.nan

    def to_json(self) -> dict[str, Any]:
        """The metrics as a JSON-ready dict (NaN written as null)."""
        s = self.tracking.series
        out: dict[str, Any] = {
            "format": METRICS_FORMAT,
            "scenario": self.scenario_name,
            "duration_s": self.duration_s,
            "n_seconds": int(s.t_s.size),
            "gospa_c_m": GOSPA_C_M,
            "gospa_p": GOSPA_P,
            "gospa_alpha": GOSPA_ALPHA,
            "gospa_mean_m": _mean(s.distance_m),
            "gospa_localisation_mean_m": _mean(s.localisation_m),
            "gospa_missed_mean_m": _mean(s.missed_m),
            "gospa_false_mean_m": _mean(s.false_m),
            "n_tracks": self.n_tracks,
            "n_confirmed_tracks": self.n_confirmed_tracks,
            "n_objects": int(self.paths.ids.size),
            "n_detectable_objects": int(np.sum(self.attribution.count >= MIN_DETECTIONS_FOR_MISSED)),
            "n_false_tracks": len(self.tracking.false_track_ids),
            "false_track_ids": list(self.tracking.false_track_ids),
            "n_missed_objects": len(self.tracking.missed_object_ids),
            "missed_object_ids": list(self.tracking.missed_object_ids),
            "n_impacts": self.warning.n_impacts,
            "share_warned": self.warning.share_warned,
            "share_sufficient": self.warning.share_sufficient,
            "n_late_warned": self.warning.n_late_warned,
            "n_undetected_impacts": self.warning.n_undetected,
            "share_warned_detected": self.warning.share_warned_detected,
            "share_sufficient_detected": self.warning.share_sufficient_detected,
            "burden_km2_min": self.burden_km2_min,
            "baseline_burden_km2_min": self.baseline.burden_km2_min,
            "burden_ratio": self.burden_ratio,
            "baseline_share_warned": self.baseline_warning.share_warned,
            "baseline_share_sufficient": self.baseline_warning.share_sufficient,
            "n_alerts_in_force": len({p.alert_id for p in self.pieces}),
            "impacts": self._impact_rows(),
            "objects": self._object_rows(),
        }
        cleaned: dict[str, Any] = _clean(out)
        return cleaned

    def _impact_rows(self) -> list[dict[str, Any]]:
        """Per-impact table with the baseline's verdict beside ours."""
        rows = self.impacts.rows()
        for row, base in zip(rows, self.baseline.impacts.rows(), strict=True):
            row["baseline_warned"] = base["warned"]
            row["baseline_lead_s"] = base["lead_s"]
        return rows

    def _object_rows(self) -> list[dict[str, Any]]:
        """Per true object: its kind, detections that counted for it, first such detection."""
        a = self.attribution
        return [
            {
                "object_id": str(a.ids[i]),
                "kind": str(self.paths.kinds[i]),
                "detections": int(a.count[i]),
                "first_detection_t_s": float(a.first_t_s[i]),
                "missed": str(a.ids[i]) in self.tracking.missed_object_ids,
            }
            for i in range(a.ids.size)
        ]


def score_run(
    scenario: Scenario,
    tracks: Tracks,
    alerts: Sequence[AlertMessage],
    on_progress: ProgressFn | None = None,
) -> RunMetrics:
    """Score a run's tracks and alerts against the scenario's truth and impacts.

    `on_progress(stage, fraction)` is called now and then, fraction in [0, 1].
    A scenario without truth or impacts scores as one with no objects or no impacts.
    """
    report = on_progress or _quiet
    info = scenario.info
    frame = scoring_frame(info)
    seconds = score_seconds(info.duration_s)
    paths = truth_paths(scenario.truth or _empty_truth(), frame)
    impacts = scenario.impacts or _empty_impacts()
    report("attribution", 0.0)
    attribution = attribute(info, scenario.detections, paths, frame)
    report("gospa", 0.0)
    shown = present_truth(paths, seconds), present_tracks(tracks, frame, seconds)
    tracking = score_tracking(*shown, int(seconds.size), attribution.count, on_progress)
    report("warning", 0.0)
    pieces = alert_pieces(alerts)
    limits = impact_limits_s(impacts, attribution)
    table = warn_impacts(impacts, pieces, limits)
    report("burden", 0.0)
    burden = burden_series(pieces, 0.0, float(info.duration_s))
    report("baseline", 0.0)
    baseline = run_baseline(impacts, paths, seconds, limits)
    report("done", 1.0)
    return RunMetrics(
        scenario_name=info.name,
        duration_s=float(info.duration_s),
        n_tracks=int(np.unique(tracks.track_id).size),
        n_confirmed_tracks=int(np.unique(tracks.track_id[np.asarray(tracks.confirmed, bool)]).size),
        paths=paths,
        attribution=attribution,
        tracking=tracking,
        pieces=tuple(pieces),
        burden=burden,
        impacts=table,
        warning=summarise(table),
        baseline=baseline,
        baseline_warning=summarise(baseline.impacts),
    )


def write_metrics(path: Path, metrics: RunMetrics) -> None:
    """Write metrics.json (UTF-8, indented, keys in a stable order)."""
    Path(path).write_text(json.dumps(metrics.to_json(), indent=2) + "\n", encoding="utf-8")


def _quiet(stage: str, fraction: float) -> None:
    """A progress callback that says nothing."""


def _mean(x: np.ndarray) -> float:
    """Mean, NaN for an empty series."""
    return float(np.mean(x)) if x.size else math.nan


def _clean(value: Any) -> Any:
    """NaN and infinities to None, recursively, so the output is strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _empty_truth() -> Truth:
    """A truth table with no rows."""
    e = np.zeros(0)
    o = np.zeros(0, dtype=object)
    return Truth(t_s=e, object_id=o, object_kind=o, lat=e, lon=e, alt_m=e)


def _empty_impacts() -> Impacts:
    """An impacts table with no rows."""
    e = np.zeros(0)
    o = np.zeros(0, dtype=object)
    return Impacts(object_id=o, object_kind=o, t_s=e, lat=e, lon=e)
