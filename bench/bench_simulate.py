"""How long `airwarn simulate mass-raid` (1 hour) takes, against its one-minute budget.

Run: .venv/bin/python -m bench.bench_simulate [--preset mass-raid] [--seed 1]

Prints the time of each stage (simulation, writing the folder), the ratio of the total
to the 60 s budget the foundation issue sets, and how much faster than real time the
scenario was made.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from airwarn.refdata.geography import load_geography
from airwarn.scenario.writers import ORIGIN_FILE, origin_csv, write_scenario
from airwarn.sim.presets import preset
from airwarn.sim.scenario_sim import simulate

BUDGET_S = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", default="mass-raid")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    t0 = time.perf_counter()
    geography = load_geography()
    config = preset(args.preset)
    t1 = time.perf_counter()
    result = simulate(config, geography, args.seed)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        write_scenario(
            result.scenario,
            Path(tmp) / "scenario",
            extra_files={ORIGIN_FILE: origin_csv(result.origin_id)},
        )
    t3 = time.perf_counter()

    scenario = result.scenario
    total = t3 - t0
    kinds: dict[str, int] = {}
    for sensor in scenario.info.sensors:
        kinds[sensor.kind] = kinds.get(sensor.kind, 0) + 1
    n_objects = len(set(scenario.truth.object_id.tolist())) if scenario.truth is not None else 0
    print(f"preset {args.preset}, seed {args.seed}: {scenario.info.duration_s:.0f} s of scenario")
    print(f"  objects {n_objects}, sensors {kinds}, detections {len(scenario.detections)}")
    print(f"  load geography + config  {t1 - t0:7.2f} s")
    print(f"  simulate                 {t2 - t1:7.2f} s")
    print(f"  write scenario folder    {t3 - t2:7.2f} s")
    print(f"  total                    {total:7.2f} s")
    print(f"ratio to the {BUDGET_S:.0f} s budget: {total / BUDGET_S:.2f}  (must be < 1)")
    print(f"faster than real time: {scenario.info.duration_s / total:.0f}x")


if __name__ == "__main__":
    main()
