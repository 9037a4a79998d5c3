"""Every preset's simulated scenario, written to disk, passes the contract validator."""

from pathlib import Path

import pytest

from airwarn.refdata.geography import load_geography
from airwarn.scenario.validate import validate_scenario
from airwarn.scenario.writers import ORIGIN_FILE, origin_csv, write_scenario
from airwarn.sim.presets import PRESETS, preset
from airwarn.sim.scenario_sim import simulate


@pytest.mark.parametrize("name", PRESETS)
def test_preset_output_is_a_valid_scenario(name: str, tmp_path: Path) -> None:
    result = simulate(preset(name), load_geography(), seed=11)
    folder = tmp_path / name
    write_scenario(result.scenario, folder, extra_files={ORIGIN_FILE: origin_csv(result.origin_id)})
    assert validate_scenario(folder) == []
    assert len(result.scenario.detections) > 1000
    origin_rows = (folder / ORIGIN_FILE).read_text().splitlines()
    assert len(origin_rows) == len(result.scenario.detections) + 1
