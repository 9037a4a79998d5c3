"""Tracking speed: airwarn's tracker against Stone Soup 1.9.1's standard pipeline, same plots.

Run: .venv/bin/python -m bench.bench_tracking [--objects 20 100 300]
     [--max-detections 8000] [--start-s 200] [--seed 1] [--skip-mass-raid]

1. Head to head: parametric scenes (600 s) whose radars scan once a second; the radar plots
   of one slice (from --start-s, whole seconds, until --max-detections plots) go through
   Stone Soup (bench/stonesoup_pipeline.py) and airwarn's Tracker in this process. Prints
   plots per second for each and the ratio airwarn / Stone Soup, by the wall clock and by this
   process's CPU time (the fairer figure when other work shares the machine). airwarn's run
   lasts well under a second, so it is the best of three fresh trackers; Stone Soup's minute-
   long run is timed once.
2. Real time: the mass-raid preset (1 h; radar, acoustic and observer rows) through airwarn's
   Tracker scan by scan; scenario seconds per wall second and per CPU second of this process.
How time and memory grow with objects and detections: bench/bench_growth.py.
Needs the `bench` extra (stonesoup).
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Callable

import numpy as np

from airwarn.geo.frames import LocalFrame
from airwarn.geo.geography import Geography
from airwarn.refdata.geography import load_geography
from airwarn.scenario.model import Detections, Scenario, Tracks
from airwarn.sim.config import SimConfig
from airwarn.sim.presets import parametric, preset
from airwarn.sim.scenario_sim import simulate
from airwarn.stream import scans
from airwarn.tracking.tracker import Tracker
from bench.stonesoup_pipeline import StoneSoupTracker, radar_only

SCENE_S = 600.0
StepFn = Callable[[float, Detections], Tracks]


def one_second_radars(config: SimConfig) -> SimConfig:
    """The config with every radar scanning once a second."""
    sensors = tuple(
        dataclasses.replace(s, scan_period_s=1.0) if s.kind == "radar" else s for s in config.sensors
    )
    return dataclasses.replace(config, sensors=sensors)


def scene(n_objects: int, geography: Geography, seed: int, fast_radars: bool) -> Scenario:
    """A 600 s parametric scene of n_objects; radars scan once a second if fast_radars."""
    config = parametric(n_objects, duration_s=SCENE_S)
    return simulate(one_second_radars(config) if fast_radars else config, geography, seed).scenario


def plot_slice(det: Detections, start_s: float, max_detections: int) -> tuple[Detections, float, float]:
    """Plots from whole second start_s up to the last whole second keeping <= max_detections."""
    later = det.take(det.t_s > start_s)
    if len(later) == 0:
        return later, start_s, start_s
    end_s = float(np.floor(later.t_s[min(max_detections, len(later)) - 1]))
    end_s = max(end_s, start_s + 1.0)
    return later.take(later.t_s <= end_s), start_s, end_s


def run_steps(step: StepFn, det: Detections, start_s: float, end_s: float) -> float:
    """Wall seconds to feed det through step() in 1 s scans from start_s to end_s."""
    return timed_steps(step, det, start_s, end_s)[0]


def timed_steps(step: StepFn, det: Detections, start_s: float, end_s: float) -> tuple[float, float]:
    """Wall and CPU seconds (this process) to feed det through step() in 1 s scans."""
    shifted = dataclasses.replace(det, t_s=det.t_s - start_s)
    t0, c0 = time.perf_counter(), time.process_time()
    for t_s, batch in scans(shifted, 1.0, end_s - start_s):
        step(t_s, batch)
    return time.perf_counter() - t0, time.process_time() - c0


def head_to_head(sizes: list[int], geography: Geography, args: argparse.Namespace) -> None:
    """Section 1: both trackers on one slice of each scene; rates by wall and by CPU time."""
    print("1. Head to head, radar plots only, radars with 1 s scans (plots/s; higher is better)")
    print(
        f"{'objects':>8} {'slice s':>9} {'plots':>7} {'SS wall':>8} {'ours wall':>10} {'ratio':>7}"
        f" {'SS CPU':>7} {'ours CPU':>9} {'ratio':>7}"
    )
    for n in sizes:
        sc = scene(n, geography, args.seed, fast_radars=True)
        det, start_s, end_s = plot_slice(
            radar_only(sc.detections, sc.info.sensors), args.start_s, args.max_detections
        )
        frame = LocalFrame(*sc.info.area.center, 0.0)
        ss = timed_steps(StoneSoupTracker(sc.info.sensors, frame).step, det, start_s, end_s)
        runs = [timed_steps(Tracker(sc.info.sensors, frame).step, det, start_s, end_s) for _ in range(3)]
        ours = (min(r[0] for r in runs), min(r[1] for r in runs))  # best of 3 short runs
        ss_wall, ours_wall, ss_cpu, ours_cpu = (len(det) / t for t in (ss[0], ours[0], ss[1], ours[1]))
        window = f"{start_s:.0f}-{end_s:.0f}"
        print(
            f"{n:>8} {window:>9} {len(det):>7} {ss_wall:>8.0f} {ours_wall:>10.0f}"
            f" {ours_wall / ss_wall:>6.1f}x {ss_cpu:>7.0f} {ours_cpu:>9.0f} {ours_cpu / ss_cpu:>6.1f}x",
            flush=True,
        )


def real_time(geography: Geography, args: argparse.Namespace) -> None:
    """Section 2: the mass raid, every row, through airwarn's tracker."""
    sc = simulate(preset("mass-raid"), geography, args.seed).scenario
    frame = LocalFrame(*sc.info.area.center, 0.0)
    wall, cpu = timed_steps(Tracker(sc.info.sensors, frame).step, sc.detections, 0.0, sc.info.duration_s)
    rows, duration_s = len(sc.detections), sc.info.duration_s
    print(f"\n2. mass-raid (seed {args.seed}): {rows} rows, {duration_s:.0f} s of scenario")
    print(
        f"   airwarn tracker {wall:.1f} s wall, {cpu:.1f} s CPU: {duration_s / wall:.0f}x real time "
        f"by the wall clock, {duration_s / cpu:.0f}x by CPU time"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--objects", type=int, nargs="*", default=[20, 100, 300])
    parser.add_argument("--max-detections", type=int, default=8000)
    parser.add_argument("--start-s", type=float, default=200.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-mass-raid", action="store_true")
    args = parser.parse_args()
    geography = load_geography()
    if args.objects:
        head_to_head(args.objects, geography, args)
    if not args.skip_mass_raid:
        real_time(geography, args)


if __name__ == "__main__":
    main()
