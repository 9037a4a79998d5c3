import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from airwarn.errors import ConfigError
from airwarn.refdata.geography import load_geography
from airwarn.scenario.model import Truth
from airwarn.sim.config import load_config
from airwarn.sim.layouts import radar
from airwarn.sim.presets import PRESETS, parametric, preset
from airwarn.sim.scenario_sim import SimResult, simulate


@pytest.fixture(scope="module")
def geography():
    return load_geography()


@pytest.fixture(scope="module")
def small():
    return parametric(12, duration_s=900.0)


def _truth(result: SimResult) -> Truth:
    assert result.scenario.truth is not None
    return result.scenario.truth


def test_same_seed_same_scenario_other_seed_differs(geography, small):
    a, b, c = simulate(small, geography, 7), simulate(small, geography, 7), simulate(small, geography, 8)
    ta, tb, tc = _truth(a), _truth(b), _truth(c)
    for name in ("t_s", "lat", "lon", "alt_m"):
        np.testing.assert_array_equal(getattr(ta, name), getattr(tb, name))
    np.testing.assert_array_equal(a.scenario.detections.t_s, b.scenario.detections.t_s)
    np.testing.assert_array_equal(a.origin_id, b.origin_id)
    assert len(ta) != len(tc) or not np.array_equal(ta.lat, tc.lat)


def test_adding_a_sensor_keeps_trajectories_and_other_sensors(geography, small):
    more = replace(small, sensors=(*small.sensors, radar("RX", 49.0, 35.0, "airport")))
    a, b = simulate(small, geography, 3), simulate(more, geography, 3)
    np.testing.assert_array_equal(_truth(a).lat, _truth(b).lat)
    r1 = a.scenario.detections.sensor_id == "R1"
    r1b = b.scenario.detections.sensor_id == "R1"
    np.testing.assert_array_equal(a.scenario.detections.range_m[r1], b.scenario.detections.range_m[r1b])


def test_result_follows_the_contract(geography, small):
    result = simulate(small, geography, 5)
    s = result.scenario
    truth, impacts = _truth(result), s.impacts
    assert impacts is not None
    assert np.all(np.diff(s.detections.t_s) >= 0) and np.all(np.diff(truth.t_s) >= 0)
    assert len(result.origin_id) == len(s.detections)
    ids = set(truth.object_id)
    assert set(result.origin_id) - {""} <= ids
    assert set(impacts.object_id) <= ids
    assert truth.t_s.min() >= 0 and truth.t_s.max() <= small.duration_s
    assert small.area.contains(truth.lat, truth.lon).mean() > 0.99
    for oid in ids:
        t = truth.t_s[truth.object_id == oid]
        assert np.diff(t).max() <= 1.0 + 1e-9
    assert {x.kind for x in s.info.sensors} == {"radar", "acoustic", "observer"}


def test_progress_is_reported(geography, small):
    seen: list[tuple[str, int, int]] = []
    simulate(small, geography, 1, on_progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen[-1][1] == seen[-1][2]
    assert {stage for stage, _, _ in seen} == {"trajectories", "sensors"}


def test_mass_raid_has_the_counts_asked_for(geography):
    config = preset("mass-raid")
    counts: Counter[str] = Counter()
    for group in config.threats:
        counts[group.kind] += group.count
    assert counts["drone"] >= 100 and counts["cruise_missile"] >= 20
    radars = [s for s in config.sensors if s.kind == "radar"]
    assert len(radars) >= 4
    assert {s.max_range_m for s in radars} == {110_000.0, 460_000.0}
    from airwarn.sim.layouts import acoustic_posts

    assert len(acoustic_posts(config.acoustic_layouts, geography, np.random.default_rng(0))) >= 300
    assert config.duration_s == 3600.0


def test_presets_resolve():
    for name in PRESETS:
        config = preset(name)
        assert config.name == name
    assert sum(g.count for g in preset("parametric-100").threats) == 100
    kharkiv = preset("kharkiv-glide")
    assert {g.kind for g in kharkiv.threats} == {"glide_bomb", "ballistic_missile"}
    with pytest.raises(ConfigError, match="unknown"):
        preset("no-such")


GOOD = {
    "name": "t",
    "start_time": "2025-01-01T00:00:00Z",
    "duration_s": 600,
    "area": {"south": 49, "west": 35, "north": 51, "east": 38},
    "threats": [{"kind": "glide_bomb", "count": 2, "launch_window_s": [0, 100], "targets": ["Kharkiv"]}],
    "sensors": [
        {"id": "R1", "kind": "radar", "lat": 49.9, "lon": 36.3, "max_range_m": 1e5, "clutter_per_scan": 3},
        {"id": "public", "kind": "observer", "sigma_position_m": 1500},
    ],
    "acoustic_layouts": [{"centres": ["Kharkiv"], "radius_km": 10, "spacing_km": 4}],
}


def _write(tmp_path: Path, obj: dict[str, Any]) -> Path:
    path = tmp_path / "sim.json"
    path.write_text(json.dumps(obj))
    return path


def test_load_config_reads_a_good_file(tmp_path):
    config = load_config(_write(tmp_path, GOOD))
    assert config.threats[0].targets == ("Kharkiv",)
    assert config.sensors[0].extra == {"clutter_per_scan": 3}
    assert config.acoustic_layouts[0].spacing_km == 4.0


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"duration_s": -5}, "duration_s"),
        ({"start_time": "yesterday"}, "start_time"),
        ({"area": {"south": 51, "west": 35, "north": 49, "east": 38}}, "area"),
        ({"threats": [{"kind": "ufo", "count": 1}]}, r"threats\[0\].*kind"),
        ({"threats": [{"kind": "drone", "count": "many"}]}, r"threats\[0\].*count"),
        ({"threats": [{"kind": "drone", "count": 1, "speed": 3}]}, r"threats\[0\].*speed"),
        ({"sensors": [{"id": "R1", "kind": "radar"}]}, r"sensors\[0\].*lat"),
        ({"sensors": [{"id": "R1", "kind": "radar", "lat": "x", "lon": 3}]}, r"sensors\[0\].*'lat'"),
        ({"acoustic_layouts": [{"centres": "Kharkiv"}]}, r"acoustic_layouts\[0\].*centres"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_load_config_names_the_bad_key(tmp_path, patch, message):
    with pytest.raises(ConfigError, match=message):
        load_config(_write(tmp_path, {**GOOD, **patch}))


def test_load_config_reports_bad_json_with_its_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n "name": "x",\n oops\n}')
    with pytest.raises(ConfigError, match=r"bad.json:3"):
        load_config(path)
