"""Cell danger with hysteresis, one track, stepped once a second."""

from __future__ import annotations

import numpy as np

from airwarn.alerting.danger import CellDanger


def test_cells_are_in_danger_within_the_horizon_and_held_after() -> None:
    d = CellDanger()
    d.set_footprint(np.array([30, 10, 20], dtype=np.int64), np.array([100.0, 700.0, 1000.0]))
    held: dict[int, list[int]] = {}
    for t in range(0, 400):
        if t == 350:
            d.clear_footprint()
        held[t] = d.advance(float(t), d.within(float(t), 720.0, 30.0), 90.0).tolist()
    assert held[0] == [10, 30]
    # cell 30: arrival at 100 s, in danger until 130 s, held 90 s more
    assert held[220] == [10, 30] and held[221] == [10]
    # cell 20: arrival at 1000 s comes within the 720 s horizon at 280 s
    assert held[279] == [10] and held[280] == [10, 20]
    # footprint gone at 350 s: both held until 349 + 90 s
    assert held[399] == [10, 20]


def test_a_cell_the_threat_has_passed_is_released_without_the_hold() -> None:
    d = CellDanger()
    d.set_footprint(np.array([10, 20], dtype=np.int64), np.array([100.0, 400.0]))
    held = {t: d.advance(float(t), d.within(float(t), 720.0, 30.0), 90.0, 30.0).tolist() for t in range(300)}
    # cell 10: the threat is over it at 100 s; in danger until 130 s, then released at once
    assert held[130] == [10, 20] and held[131] == [20]
    d.clear_footprint()
    # a prediction that drops cell 20 (arrival still ahead) keeps it for the 90 s hold
    assert d.advance(300.0, d.within(300.0, 720.0, 30.0), 90.0, 30.0).tolist() == [20]
    assert d.advance(390.0, d.within(390.0, 720.0, 30.0), 90.0, 30.0).tolist() == []
