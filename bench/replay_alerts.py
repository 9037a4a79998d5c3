"""Replay a run's recorded tracks.csv through the alert engine and score the warnings.

Iterating on the alerting without re-running the tracker: rows are grouped into the scans the
tracker emitted them in (interval (t - 1, t] for scan time t), fed to `AlertEngine.step` in
order (empty scans included), and the messages written to OUT/alerts.jsonl; then the impacts
are judged (warned, lead, limit, sufficient) and the burden set against the regional baseline.
The engine's CPU time is printed beside the scenario's duration.

    .venv/bin/python -m bench.replay_alerts SCENARIO RUN_WITH_TRACKS OUT [--detail] [--set NAME=VALUE ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from airwarn.alerting.engine import AlertEngine
from airwarn.alerting.policy import AlertPolicy
from airwarn.evaluate.alert_timeline import alert_pieces, burden_series
from airwarn.evaluate.attribution import attribute
from airwarn.evaluate.baseline import run_baseline
from airwarn.evaluate.presentation import score_seconds, scoring_frame, truth_paths
from airwarn.evaluate.warning import ImpactTable, impact_limits_s, required_lead_s, summarise, warn_impacts
from airwarn.fusion import scenario_policy
from airwarn.scenario.alerts_jsonl import AlertWriter
from airwarn.scenario.model import AlertMessage, Scenario, ScenarioInfo, Tracks
from airwarn.scenario.readers import read_scenario
from airwarn.scenario.tracks_csv import read_tracks


@dataclass(frozen=True)
class Replay:
    """The messages of one replay and the engine's CPU time."""

    messages: list[AlertMessage]
    engine_cpu_s: float


@dataclass(frozen=True)
class WarningFigures:
    """The issue's warning figures for one run."""

    n_impacts: int
    share_warned: float
    share_sufficient: float
    n_late: int
    burden_km2_min: float
    baseline_km2_min: float
    table: ImpactTable

    @property
    def burden_ratio(self) -> float:
        """Burden over the regional baseline's."""
        return self.burden_km2_min / self.baseline_km2_min if self.baseline_km2_min > 0 else math.nan


def scan_batches(tracks: Tracks, duration_s: float, scan_s: float = 1.0) -> Iterator[tuple[float, Tracks]]:
    """(scan time, rows) for every scan up to the duration (and the last row), as the batch
    runner's scans cut them: a row at t belongs to the first scan time >= t."""
    t = np.asarray(tracks.t_s, float)
    last = max(duration_s, float(t[-1]) if t.size else 0.0)
    edges = scan_s * np.arange(1, int(np.ceil(last / scan_s)) + 1, dtype=float)
    stops = np.searchsorted(t, edges + 1e-6, side="right")
    start = 0
    for edge, stop in zip(edges, stops, strict=True):
        yield float(edge), tracks.take(np.arange(start, int(stop)))
        start = int(stop)


def replay(tracks: Tracks, info: ScenarioInfo, policy: AlertPolicy | None = None) -> Replay:
    """Feed the rows scan by scan through a fresh engine set up as `airwarn run` sets it up for
    the scenario; the messages and the engine's CPU seconds."""
    engine = AlertEngine(policy or scenario_policy(info), area=info.area)
    batches = list(scan_batches(tracks, info.duration_s))
    out: list[AlertMessage] = []
    t0 = time.process_time()
    for t_s, rows in batches:
        out += engine.step(t_s, rows)
    return Replay(out, time.process_time() - t0)


def score_warnings(scenario: Scenario, messages: list[AlertMessage]) -> WarningFigures:
    """Warned, sufficient, late, burden and baseline, as `airwarn evaluate` scores them."""
    info = scenario.info
    frame = scoring_frame(info)
    seconds = score_seconds(info.duration_s)
    if scenario.truth is None or scenario.impacts is None:
        raise SystemExit(f"{info.name}: the scenario has no truth or impacts to score against")
    paths = truth_paths(scenario.truth, frame)
    limits = impact_limits_s(scenario.impacts, attribute(info, scenario.detections, paths, frame))
    pieces = alert_pieces(messages)
    table = warn_impacts(scenario.impacts, pieces, limits)
    summary = summarise(table)
    burden = burden_series(pieces, 0.0, float(info.duration_s)).total_km2_min()
    baseline = run_baseline(scenario.impacts, paths, seconds, limits).burden_km2_min
    return WarningFigures(
        summary.n_impacts,
        summary.share_warned,
        summary.share_sufficient,
        summary.n_late_warned,
        burden,
        baseline,
        table,
    )


def print_detail(table: ImpactTable) -> None:
    """One line per impact that was not sufficiently warned."""
    need = required_lead_s(table.limit_s)
    for k in np.flatnonzero(~table.sufficient):
        print(
            f"  {table.object_id[k]:>10} {table.object_kind[k]:<18} t={table.t_s[k]:7.1f} "
            f"warned={bool(table.warned[k])!s:<5} lead={table.lead_s[k]:7.1f} "
            f"limit={table.limit_s[k]:7.1f} need={need[k]:6.1f}"
        )


def policy_with(info: ScenarioInfo, settings: list[str]) -> AlertPolicy:
    """The scenario's default AlertPolicy with NAME=VALUE numeric fields replaced; NAME may be
    dotted into nested settings (prediction.glide.descent_sigmas=0)."""
    policy = scenario_policy(info)
    for item in settings:
        name, _, value = item.partition("=")
        if not value:
            raise SystemExit(f"--set {item!r}: expected NAME=VALUE")
        policy = _replaced(policy, name.split("."), value, item)
    return policy


def _replaced(obj: Any, path: list[str], value: str, item: str) -> Any:
    """A copy of the dataclass obj with the field at path set to the number value."""
    fields = {f.name: f for f in dataclasses.fields(obj)}
    if path[0] not in fields:
        raise SystemExit(f"--set {item!r}: {path[0]!r} is not one of {sorted(fields)}")
    if len(path) > 1:
        return dataclasses.replace(obj, **{path[0]: _replaced(getattr(obj, path[0]), path[1:], value, item)})
    number = int(value) if fields[path[0]].type in ("int", int) else float(value)
    return dataclasses.replace(obj, **{path[0]: number})


def main() -> None:
    """Replay, write OUT/alerts.jsonl, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", type=Path)
    ap.add_argument("run", type=Path, help="a run folder (or tracks.csv) recorded by `airwarn run`")
    ap.add_argument("out", type=Path, help="where to write alerts.jsonl")
    ap.add_argument("--detail", action="store_true", help="list the impacts not sufficiently warned")
    ap.add_argument(
        "--set", nargs="*", default=[], metavar="NAME=VALUE", help="AlertPolicy fields to override (numbers)"
    )
    args = ap.parse_args()
    scenario = read_scenario(args.scenario)
    result = replay(read_tracks(args.run), scenario.info, policy_with(scenario.info, args.set))
    with AlertWriter(args.out) as writer:
        writer.write_many(result.messages)
    f = score_warnings(scenario, result.messages)
    print(
        f"{scenario.info.name}: {len(result.messages)} messages; engine {result.engine_cpu_s:.2f} s CPU "
        f"for {scenario.info.duration_s:.0f} s; impacts {f.n_impacts}: warned {f.share_warned:.1%}, "
        f"sufficient {f.share_sufficient:.1%}, late {f.n_late}; burden {f.burden_km2_min:,.0f} km2min "
        f"= {f.burden_ratio:.1%} of baseline {f.baseline_km2_min:,.0f}"
    )
    if args.detail:
        print_detail(f.table)


if __name__ == "__main__":
    main()
