"""The warning figures per scenario, as a Markdown table for the README: simulate, run (tracker
and alert engine) and score kharkiv-glide, mass-raid and five parametric seeds.

Columns: impacts warned, sufficiently warned, warned too late, alert burden, the regional
baseline's burden beside it, their ratio, and the CPU seconds of `run` (and its speed-up over
real time). Targets (issue 4): >= 99 % warned, >= 95 % sufficient, burden <= 5 % of baseline.

    .venv/bin/python -m bench.warning_table [--out DIR] [--seeds 11 12 13 14 15] [--parametric parametric-100]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from airwarn.batch import run_scenario
from airwarn.refdata.geography import load_geography
from airwarn.scenario.alerts_jsonl import read_alerts
from airwarn.scenario.readers import read_scenario
from airwarn.scenario.writers import write_scenario
from airwarn.sim.presets import preset
from airwarn.sim.scenario_sim import simulate
from bench.replay_alerts import score_warnings


@dataclass(frozen=True)
class Row:
    """One scenario's figures."""

    name: str
    n_impacts: int
    n_undetected: int
    warned: float
    sufficient: float
    warned_detected: float
    sufficient_detected: float
    late: int
    burden_km2_min: float
    baseline_km2_min: float
    run_cpu_s: float
    duration_s: float


def measure(name: str, seed: int, out: Path) -> Row:
    """Simulate (unless done before), run and score one preset and seed under out/."""
    scenario_dir = out / f"{name}-s{seed}" / "scenario"
    run_dir = out / f"{name}-s{seed}" / "run"
    if not (scenario_dir / "scenario.json").exists():
        write_scenario(simulate(preset(name), load_geography(), seed).scenario, scenario_dir)
    t0 = time.process_time()
    run_scenario(scenario_dir, run_dir)
    cpu = time.process_time() - t0
    scenario = read_scenario(scenario_dir)
    f = score_warnings(scenario, read_alerts(run_dir))
    detected = f.table.limit_s > 0  # never-detected impacts have limit 0
    n_det = max(int(detected.sum()), 1)
    return Row(
        f"{name} (seed {seed})",
        f.n_impacts,
        int((~detected).sum()),
        f.share_warned,
        f.share_sufficient,
        float(f.table.warned[detected].sum()) / n_det,
        float(f.table.sufficient[detected].sum()) / n_det,
        f.n_late,
        f.burden_km2_min,
        f.baseline_km2_min,
        cpu,
        scenario.info.duration_s,
    )


def markdown(rows: list[Row]) -> str:
    """The table, one line per scenario."""
    head = (
        "| scenario | impacts | never detected | warned | sufficiently warned | "
        "warned / sufficient among detected | warned < 15 s (limit > 60 s) | "
        "burden (km²·min) | regional baseline (km²·min) | burden / baseline | `run` CPU |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    body = "".join(
        f"| {r.name} | {r.n_impacts} | {r.n_undetected} | {r.warned:.1%} | {r.sufficient:.1%} | "
        f"{r.warned_detected:.1%} / {r.sufficient_detected:.1%} | {r.late} | "
        f"{r.burden_km2_min:,.0f} | {r.baseline_km2_min:,.0f} | "
        f"{r.burden_km2_min / r.baseline_km2_min:.2%} | "
        f"{r.run_cpu_s:.1f} s ({r.duration_s / r.run_cpu_s:.0f}× real time) |\n"
        for r in rows
    )
    return head + body


def main() -> None:
    """Measure every scenario and print the Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("out/warning_table"))
    ap.add_argument("--seeds", type=int, nargs="+", default=[11, 12, 13, 14, 15])
    ap.add_argument("--parametric", default="parametric-100")
    ap.add_argument("--seed", type=int, default=2, help="seed of kharkiv-glide and mass-raid")
    args = ap.parse_args()
    jobs = [("kharkiv-glide", args.seed), ("mass-raid", args.seed)]
    jobs += [(args.parametric, s) for s in args.seeds]
    rows = []
    for name, seed in jobs:
        rows.append(measure(name, seed, args.out))
        print(markdown(rows[-1:]).splitlines()[-1], flush=True)
    print()
    print(markdown(rows))


if __name__ == "__main__":
    main()
