"""Tracking speed: airwarn's tracker against Stone Soup 1.9.1's standard pipeline, same plots.

Run: .venv/bin/python -m bench.bench_tracking [--objects 20 100 300] [--scale 20 100 300 1000]
     [--max-detections 4000] [--start-s 200] [--seed 1] [--skip-mass-raid]

1. Head to head: parametric scenes (600 s) whose radars scan once a second; the radar plots
   of one slice (from --start-s, whole seconds, until --max-detections plots) go through
   Stone Soup (bench/stonesoup_pipeline.py) and airwarn's Tracker in this process. Prints
   plots per second for each and the ratio airwarn / Stone Soup.
2. Scaling: airwarn alone on all radar plots of 600 s parametric scenes with the preset radars
   (5 s and 12 s scans) at --scale sizes; time, plots per second, and the tracker's peak
   traced memory (tracemalloc, a second pass), each as a ratio to the smallest scene.
3. Real time: the mass-raid preset (1 h; radar, acoustic and observer rows) through airwarn's
   Tracker scan by scan; scenario seconds per wall second.
Needs the `bench` extra (stonesoup).
"""

from __future__ import annotations

import argparse
import dataclasses
import time
import tracemalloc
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
    shifted = dataclasses.replace(det, t_s=det.t_s - start_s)
    t0 = time.perf_counter()
    for t_s, batch in scans(shifted, 1.0, end_s - start_s):
        step(t_s, batch)
    return time.perf_counter() - t0


def head_to_head(sizes: list[int], geography: Geography, args: argparse.Namespace) -> None:
    """Section 1: both trackers on one slice of each scene."""
    print("1. Head to head, radar plots only, radars with 1 s scans (plots/s; higher is better)")
    print(f"{'objects':>8} {'slice s':>9} {'plots':>7} {'Stone Soup':>11} {'airwarn':>9} {'ratio':>7}")
    for n in sizes:
        sc = scene(n, geography, args.seed, fast_radars=True)
        det, start_s, end_s = plot_slice(
            radar_only(sc.detections, sc.info.sensors), args.start_s, args.max_detections
        )
        frame = LocalFrame(*sc.info.area.center, 0.0)
        ss = StoneSoupTracker(sc.info.sensors, frame)
        ours = Tracker(sc.info.sensors, frame)
        ss_wall = run_steps(ss.step, det, start_s, end_s)
        our_wall = run_steps(ours.step, det, start_s, end_s)
        ss_rate, our_rate = len(det) / ss_wall, len(det) / our_wall
        window = f"{start_s:.0f}-{end_s:.0f}"
        print(
            f"{n:>8} {window:>9} {len(det):>7} {ss_rate:>11.0f} {our_rate:>9.0f} {our_rate / ss_rate:>6.1f}x",
            flush=True,
        )


def scaling(sizes: list[int], geography: Geography, args: argparse.Namespace) -> None:
    """Section 2: airwarn alone on whole scenes, time and peak memory against the smallest."""
    print(
        f"\n2. airwarn alone, all radar plots of {SCENE_S:.0f} s scenes (preset radars: 5 s and 12 s scans)"
    )
    print(
        f"{'objects':>8} {'plots':>8} {'wall s':>7} {'plots/s':>8} {'peak MiB':>9} {'x time':>7} {'x mem':>6}"
    )
    base: tuple[float, float] | None = None
    for n in sizes:
        sc = scene(n, geography, args.seed, fast_radars=False)
        det = radar_only(sc.detections, sc.info.sensors)
        frame = LocalFrame(*sc.info.area.center, 0.0)
        wall = run_steps(Tracker(sc.info.sensors, frame).step, det, 0.0, SCENE_S)
        tracemalloc.start()
        run_steps(Tracker(sc.info.sensors, frame).step, det, 0.0, SCENE_S)
        peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        base = base or (wall, peak_mib)
        print(
            f"{n:>8} {len(det):>8} {wall:>7.1f} {len(det) / wall:>8.0f} {peak_mib:>9.1f} "
            f"{wall / base[0]:>6.1f}x {peak_mib / base[1]:>5.1f}x",
            flush=True,
        )


def real_time(geography: Geography, args: argparse.Namespace) -> None:
    """Section 3: the mass raid, every row, through airwarn's tracker."""
    sc = simulate(preset("mass-raid"), geography, args.seed).scenario
    frame = LocalFrame(*sc.info.area.center, 0.0)
    wall = run_steps(Tracker(sc.info.sensors, frame).step, sc.detections, 0.0, sc.info.duration_s)
    rows, duration_s = len(sc.detections), sc.info.duration_s
    print(f"\n3. mass-raid (seed {args.seed}): {rows} rows, {duration_s:.0f} s of scenario")
    print(f"   airwarn tracker {wall:.1f} s wall: {sc.info.duration_s / wall:.0f}x faster than real time")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--objects", type=int, nargs="*", default=[20, 100, 300])
    parser.add_argument("--scale", type=int, nargs="*", default=[20, 100, 300, 1000])
    parser.add_argument("--max-detections", type=int, default=4000)
    parser.add_argument("--start-s", type=float, default=200.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-mass-raid", action="store_true")
    args = parser.parse_args()
    geography = load_geography()
    if args.objects:
        head_to_head(args.objects, geography, args)
    if args.scale:
        scaling(args.scale, geography, args)
    if not args.skip_mass_raid:
        real_time(geography, args)


if __name__ == "__main__":
    main()
