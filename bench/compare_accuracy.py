"""Tracking accuracy: Stone Soup 1.9.1's standard pipeline against airwarn, scored alike.

Run: .venv/bin/python -m bench.compare_accuracy [--seeds 1 2] [--window-s 900]
     [--presets kharkiv-glide mass-raid parametric-20 parametric-100 parametric-300]

For each preset and seed the scenario is simulated and cut to its first --window-s seconds
(detections, truth and impacts; this bounds Stone Soup's time on mass-raid). Three runs are
scored by airwarn's evaluator (evaluate.score.score_run, no alerts):
  Stone Soup, radar plots;  airwarn, radar plots;  airwarn, every row (radar, acoustic,
  observer; the tracker uses what it supports).
Each run is scored against the scenario holding the rows it was given, so "missed" counts
objects with at least 3 of those rows and no track within 2 km. Prints mean GOSPA (m; c =
10 km, p = 2), false confirmed tracks, missed / missable objects, confirmed tracks, wall
seconds, and airwarn's GOSPA as a ratio to Stone Soup's on the radar plots (for "all": with
acoustic and observer rows added). --runs picks some of the three runs.
Needs the `bench` extra (stonesoup).
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Callable
from typing import Any

from airwarn.evaluate.score import score_run
from airwarn.geo.frames import LocalFrame
from airwarn.refdata.geography import load_geography
from airwarn.scenario.model import Detections, Impacts, Scenario, Tracks, Truth
from airwarn.sim.presets import PRESETS, preset
from airwarn.sim.scenario_sim import simulate
from airwarn.stream import scans
from airwarn.tracking.tracker import Tracker
from bench.stonesoup_pipeline import StoneSoupTracker, concat_tracks, radar_only

StepFn = Callable[[float, Detections], Tracks]


def first_seconds(sc: Scenario, window_s: float) -> Scenario:
    """The scenario cut to [0, window_s]: detections, truth and impacts up to then."""
    end = min(window_s, sc.info.duration_s)
    info = dataclasses.replace(sc.info, duration_s=end)
    truth = sc.truth
    if truth is not None:
        keep = truth.t_s <= end
        truth = Truth(**{f.name: getattr(truth, f.name)[keep] for f in dataclasses.fields(Truth)})
    impacts = sc.impacts
    if impacts is not None:
        keep = impacts.t_s <= end
        impacts = Impacts(**{f.name: getattr(impacts, f.name)[keep] for f in dataclasses.fields(Impacts)})
    return Scenario(info, sc.detections.take(sc.detections.t_s <= end), truth, impacts)


def track_all(step: StepFn, det: Detections, end_s: float) -> tuple[Tracks, float]:
    """Every row through step() in 1 s scans; all track rows, in time order, and wall seconds."""
    t0 = time.perf_counter()
    parts = [step(t_s, batch).sorted_by_time() for t_s, batch in scans(det, 1.0, end_s)]
    return concat_tracks(parts), time.perf_counter() - t0


def score(sc: Scenario, tracks: Tracks) -> dict[str, Any]:
    """The evaluator's numbers this table shows."""
    m = score_run(sc, tracks, []).to_json()
    return {
        "gospa": m["gospa_mean_m"],
        "false": m["n_false_tracks"],
        "missed": m["n_missed_objects"],
        "missable": m["n_detectable_objects"],
        "confirmed": m["n_confirmed_tracks"],
    }


RUNS = ("stonesoup-radar", "airwarn-radar", "airwarn-all")


def compare(name: str, seed: int, window_s: float, which: tuple[str, ...] = RUNS) -> list[dict[str, Any]]:
    """The scored runs (of RUNS, those in `which`) of one preset and seed."""
    full = first_seconds(simulate(preset(name), load_geography(), seed).scenario, window_s)
    radar = dataclasses.replace(full, detections=radar_only(full.detections, full.info.sensors))
    sensors, end = full.info.sensors, full.info.duration_s
    frame = LocalFrame(*full.info.area.center, 0.0)
    runs: dict[str, tuple[str, str, Scenario, Callable[[], StepFn]]] = {
        "stonesoup-radar": ("Stone Soup", "radar", radar, lambda: StoneSoupTracker(sensors, frame).step),
        "airwarn-radar": ("airwarn", "radar", radar, lambda: Tracker(sensors, frame).step),
        "airwarn-all": ("airwarn", "all", full, lambda: Tracker(sensors, frame).step),
    }
    rows = []
    for tracker, inputs, sc, make in (runs[w] for w in which):
        step = make()
        tracks, wall = track_all(step, sc.detections, end)
        row = {"preset": name, "seed": seed, "window_s": end, "tracker": tracker, "inputs": inputs}
        row.update(score(sc, tracks), rows=len(sc.detections), wall_s=wall)
        rows.append(row)
    return rows


def print_rows(rows: list[dict[str, Any]]) -> None:
    """One line per run; GOSPA as a ratio to Stone Soup's on the same preset and seed (radar plots)."""
    base = {(r["preset"], r["seed"]): r["gospa"] for r in rows if r["tracker"] == "Stone Soup"}
    for r in rows:
        ref = base.get((r["preset"], r["seed"]))
        ratio = f"{r['gospa'] / ref:.2f}" if ref and r["gospa"] is not None else ""
        gospa = f"{r['gospa']:.0f}" if r["gospa"] is not None else "-"
        print(
            f"{r['preset']:<15} {r['seed']:>4} {r['window_s']:>6.0f} {r['tracker']:<10} {r['inputs']:<6}"
            f" {r['rows']:>7} {gospa:>7} {ratio:>6} {r['false']:>6} {r['missed']:>4}/{r['missable']:<4}"
            f" {r['confirmed']:>6} {r['wall_s']:>7.1f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--presets", nargs="*", default=list(PRESETS))
    parser.add_argument("--seeds", type=int, nargs="*", default=[1])
    parser.add_argument("--window-s", type=float, default=900.0)
    parser.add_argument("--runs", nargs="*", choices=RUNS, default=list(RUNS))
    args = parser.parse_args()
    print(
        f"{'preset':<15} {'seed':>4} {'window':>6} {'tracker':<10} {'inputs':<6} {'rows':>7}"
        f" {'GOSPA':>7} {'xSS':>6} {'false':>6} {'missed':>9} {'conf.':>6} {'wall s':>7}"
    )
    for name in args.presets:
        for seed in args.seeds:
            print_rows(compare(name, seed, args.window_s, tuple(args.runs)))


if __name__ == "__main__":
    main()
