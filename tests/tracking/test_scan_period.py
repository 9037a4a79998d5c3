"""A radar's scan period is read off the rotation of its beam when its entry does not give one."""

from __future__ import annotations

import numpy as np
import pytest

from airwarn.tracking.models.scan_period import FloatArray, estimate_scan_period_s


def _rotating_plots(
    period_s: float, duration_s: float, seed: int, clockwise: bool = True
) -> tuple[FloatArray, FloatArray]:
    """Plots of a radar whose beam turns once per period_s: 30 objects and clutter at random
    azimuths, each stamped when the beam passes it, 30 % of them missed."""
    rng = np.random.default_rng(seed)
    bearing = rng.uniform(0.0, 360.0, 40)
    scans = np.arange(int(duration_s / period_s))
    turn = 1.0 if clockwise else -1.0
    az = (bearing[None, :] + rng.normal(0.0, 0.3, (scans.size, bearing.size))) % 360.0
    t = (scans[:, None] + ((turn * az) % 360.0) / 360.0) * period_s
    seen = rng.uniform(size=t.shape) > 0.3
    order = np.argsort(t[seen])
    return t[seen][order], az[seen][order]


@pytest.mark.parametrize(("period_s", "clockwise"), [(4.8, True), (12.0, True), (10.0, False), (1.0, True)])
def test_the_period_of_a_turning_beam_is_found(period_s: float, clockwise: bool) -> None:
    t, az = _rotating_plots(period_s, 600.0, seed=3, clockwise=clockwise)
    estimate = estimate_scan_period_s(t, az)
    assert estimate == pytest.approx(period_s, rel=1e-3)


def test_plots_that_show_no_rotation_give_no_period() -> None:
    rng = np.random.default_rng(5)
    t = np.sort(rng.uniform(0.0, 600.0, 800))  # an electronically scanned array: any azimuth any time
    assert estimate_scan_period_s(t, rng.uniform(0.0, 360.0, 800)) is None


def test_too_few_plots_give_no_period() -> None:
    t, az = _rotating_plots(5.0, 600.0, seed=1)
    assert estimate_scan_period_s(t[:10], az[:10]) is None
    assert estimate_scan_period_s(np.zeros(0), np.zeros(0)) is None
