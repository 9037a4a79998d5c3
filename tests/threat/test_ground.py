"""The ground's height under a scenario, from the sensors standing on it."""

import pytest

from airwarn.fusion import Fusion
from airwarn.scenario.model import Sensor
from airwarn.scenario.readers import read_scenario_info
from airwarn.threat.ground import ground_height_m
from airwarn.threat.impact import DEFAULT_GROUND_ALT_M
from tests.paths import EXAMPLE_SCENARIO


def test_acoustic_posts_stand_on_the_ground() -> None:
    sensors = [
        Sensor("R1", "radar", 47.0, 35.0, 400.0),
        Sensor("A1", "acoustic", 47.0, 35.0, 60.0),
        Sensor("A2", "acoustic", 47.1, 35.0, 66.0),
        Sensor("A3", "acoustic", 47.2, 35.0, 900.0),  # one on a hill does not move the median far
        Sensor("public", "observer"),
    ]
    assert ground_height_m(sensors) == pytest.approx(66.0)


def test_radars_are_the_fallback_and_the_default_the_last_resort() -> None:
    assert (
        ground_height_m([Sensor("R1", "radar", 47.0, 35.0, 310.0), Sensor("R2", "radar", 47.0, 35.0, 290.0)])
        == 300.0
    )
    assert ground_height_m([Sensor("public", "observer")]) == DEFAULT_GROUND_ALT_M


def test_the_example_scenarios_impacts_are_predicted_down_to_its_own_ground() -> None:
    # the independent generator's southern Ukraine stands its posts 63 m up, not at the 150 m default
    info = read_scenario_info(EXAMPLE_SCENARIO)
    fusion = Fusion(info, cap_sender="test")
    assert fusion.engine.policy.prediction.ground_alt_m == pytest.approx(63.0)
