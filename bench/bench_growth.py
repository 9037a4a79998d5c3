"""How the tracker's time and peak memory grow with objects and with detections.

Run: .venv/bin/python -m bench.bench_growth [--objects 20 100 300 1000] [--clutter 1 4 16]
     [--scene-s 600] [--seed 1]

1. Objects: parametric scenes of --objects threats (--scene-s seconds, the preset radars with
   5 s and 12 s scans, acoustic posts and citizens' reports), every row through airwarn's
   Tracker in 1 s scans.
2. Detections: the 100-object scene with each radar's clutter (false plots per sweep)
   multiplied by --clutter, so the rows grow while the objects stay.
Each line: rows, wall and CPU seconds (this process: the fair figure on a shared machine),
rows per CPU second, the most live tracks, the most state kept between steps (track table
and pools), and the tracker's peak traced memory (tracemalloc over a second pass: the state
plus a step's temporaries), with rows, CPU time and peak memory also as ratios to the first
line (the baseline run in this process).
"""

from __future__ import annotations

import argparse
import dataclasses
import time
import tracemalloc
from typing import Any

from airwarn.geo.frames import LocalFrame
from airwarn.geo.geography import Geography
from airwarn.refdata.geography import load_geography
from airwarn.scenario.model import Scenario
from airwarn.sim.config import SimConfig
from airwarn.sim.presets import parametric
from airwarn.sim.scenario_sim import simulate
from airwarn.stream import scans
from airwarn.tracking.tracker import Tracker


@dataclasses.dataclass(frozen=True)
class Growth:
    """One measured run: what went in, the time, live tracks and peak memory."""

    label: str
    rows: int
    wall_s: float
    cpu_s: float
    max_tracks: int
    state_kib: float
    peak_mib: float


def more_clutter(config: SimConfig, factor: float) -> SimConfig:
    """The config with every radar's clutter_per_scan multiplied by factor (default 5 per sweep)."""

    def scaled(extra: dict[str, Any]) -> dict[str, Any]:
        return {**extra, "clutter_per_scan": float(extra.get("clutter_per_scan", 5.0)) * factor}

    sensors = tuple(
        dataclasses.replace(s, extra=scaled(dict(s.extra))) if s.kind == "radar" else s
        for s in config.sensors
    )
    return dataclasses.replace(config, sensors=sensors)


def state_bytes(tracker: Tracker) -> int:
    """Bytes the tracker keeps between steps: the track table and the plot, bearing and report pools."""
    held = (tracker.tracks, tracker.pool, tracker.bearing_pool, tracker.report_pool)
    return sum(getattr(part, f.name).nbytes for part in held for f in dataclasses.fields(part))


def track(sc: Scenario) -> tuple[float, float, int, int]:
    """Wall and CPU seconds to track every row of the scenario in 1 s scans, the most live tracks,
    and the most bytes of state kept between steps."""
    tracker = Tracker(sc.info.sensors, LocalFrame(*sc.info.area.center, 0.0))
    most, held = 0, 0
    t0, c0 = time.perf_counter(), time.process_time()
    for t_s, batch in scans(sc.detections, 1.0, sc.info.duration_s):
        tracker.step(t_s, batch)
        most = max(most, len(tracker.tracks))
        held = max(held, state_bytes(tracker))
    return time.perf_counter() - t0, time.process_time() - c0, most, held


def peak_mib(sc: Scenario) -> float:
    """The tracker's peak traced memory (MiB) over a whole run."""
    tracemalloc.start()
    tracker = Tracker(sc.info.sensors, LocalFrame(*sc.info.area.center, 0.0))
    for t_s, batch in scans(sc.detections, 1.0, sc.info.duration_s):
        tracker.step(t_s, batch)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def measure(label: str, config: SimConfig, geography: Geography, seed: int) -> Growth:
    """Simulate, then time and trace one tracker run."""
    sc = simulate(config, geography, seed).scenario
    wall, cpu, most, held = track(sc)
    return Growth(label, len(sc.detections), wall, cpu, most, held / 1024.0, peak_mib(sc))


def print_table(title: str, rows: list[Growth]) -> None:
    """The runs, each also as a ratio to the first (time: this process's CPU seconds)."""
    print(f"\n{title}")
    print(
        f"{'run':>16} {'rows':>7} {'wall s':>7} {'CPU s':>6} {'rows/CPU s':>10} {'tracks':>6}"
        f" {'state KiB':>9} {'peak MiB':>8} {'x rows':>6} {'x CPU':>6} {'x mem':>6}"
    )
    base = rows[0]
    for g in rows:
        print(
            f"{g.label:>16} {g.rows:>7} {g.wall_s:>7.2f} {g.cpu_s:>6.2f} {g.rows / g.cpu_s:>10.0f}"
            f" {g.max_tracks:>6} {g.state_kib:>9.0f} {g.peak_mib:>8.1f} {g.rows / base.rows:>5.1f}x"
            f" {g.cpu_s / base.cpu_s:>5.1f}x {g.peak_mib / base.peak_mib:>5.1f}x",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--objects", type=int, nargs="*", default=[20, 100, 300, 1000])
    parser.add_argument("--clutter", type=float, nargs="*", default=[1.0, 4.0, 16.0])
    parser.add_argument("--scene-s", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    geography = load_geography()
    warm = simulate(parametric(20, duration_s=120.0), geography, args.seed).scenario
    track(warm)  # first calls into numpy and scipy are slower: keep them out of the baseline
    if args.objects:
        runs = [
            measure(f"{n} objects", parametric(n, duration_s=args.scene_s), geography, args.seed)
            for n in args.objects
        ]
        print_table(f"1. Objects: parametric scenes of {args.scene_s:.0f} s, every row", runs)
    if args.clutter:
        base = parametric(100, duration_s=args.scene_s)
        runs = [measure(f"clutter x{f:g}", more_clutter(base, f), geography, args.seed) for f in args.clutter]
        print_table("2. Detections: 100 objects, radar clutter multiplied", runs)


if __name__ == "__main__":
    main()
