"""A radar's revisit period, estimated from its plots when its scenario entry does not give one.

A rotating radar stamps each plot when its beam passes the plot's azimuth, so azimuth advances
with time at 360° per scan: the period is the one at which the plots' azimuth-minus-rotation
phases agree (a periodogram over rotation rates, coarse on the first minutes, then refined on
all plots). A radar whose plots show no rotation (an electronically scanned array) gets None.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

MIN_PERIOD_S: Final = 0.5
MAX_PERIOD_S: Final = 60.0
COARSE_SPAN_S: Final = 180.0
"""The coarse search uses the plots of this first stretch of time."""
MIN_PLOTS: Final = 20
MIN_AGREEMENT: Final = 0.6
"""Least mean resultant length of the phases (1: every plot on the beam) to call it a rotation."""


def estimate_scan_period_s(t_s: FloatArray, azimuth_deg: FloatArray) -> float | None:
    """The radar's scan period (s) from its plots' times and azimuths (P,), clockwise or
    anticlockwise rotation; None with fewer than MIN_PLOTS plots or no clear rotation."""
    ok = np.isfinite(t_s) & np.isfinite(azimuth_deg)
    t, az = np.asarray(t_s, float)[ok], np.radians(np.asarray(azimuth_deg, float)[ok])
    if t.size < MIN_PLOTS:
        return None
    t = t - t.min()
    early = t <= max(COARSE_SPAN_S, float(np.sort(t)[MIN_PLOTS - 1]))
    span = max(float(t[early].max()), 1.0)
    step = 0.05 / span  # rotation rate step (rev/s): phases drift < 0.05 rev over the stretch
    rates = np.arange(1.0 / MAX_PERIOD_S, 1.0 / MIN_PERIOD_S + step, step)
    rates = np.concatenate([rates, -rates])
    best = _best_rate(t[early], az[early], rates)
    full = max(float(t.max()), 1.0)
    fine = best + np.arange(-20, 21, dtype=float) * (step / 20.0)
    for _ in range(3):  # each pass narrows the step tenfold, towards 0.05 rev over all plots
        best = _best_rate(t, az, fine)
        width = (fine[1] - fine[0]) if fine.size > 1 else step
        if width <= 0.05 / full:
            break
        fine = best + np.arange(-20, 21, dtype=float) * (width / 10.0)
    agreement = abs(np.mean(np.exp(1j * (az - 2.0 * np.pi * best * t))))
    return float(1.0 / abs(best)) if agreement >= MIN_AGREEMENT else None


def _best_rate(t: FloatArray, az: FloatArray, rates: FloatArray) -> float:
    """The rotation rate (rev/s) among `rates` at which az - 2π rate t agree most."""
    best, best_r = float(rates[0]), -1.0
    for chunk in np.array_split(rates, max(1, rates.size * t.size // 2_000_000 + 1)):
        phase = az[None, :] - 2.0 * np.pi * chunk[:, None] * t[None, :]
        r = np.abs(np.exp(1j * phase).mean(axis=1))
        k = int(np.argmax(r))
        if r[k] > best_r:
            best, best_r = float(chunk[k]), float(r[k])
    return best
