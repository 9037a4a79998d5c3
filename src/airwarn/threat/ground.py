"""Where the ground is under a scenario: its ground sensors stand on it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from airwarn.scenario.model import Sensor
from airwarn.threat.impact import DEFAULT_GROUND_ALT_M


def ground_height_m(sensors: Sequence[Sensor], default_m: float = DEFAULT_GROUND_ALT_M) -> float:
    """The ground's height (m above the ellipsoid) under a scenario: the median height of its
    acoustic posts (microphones stand on the ground), else of its radars (on masts a few tens of
    metres up), else default_m. Glide bombs and ballistic missiles are flown down to it: 500 m of
    error moves a glide bomb's predicted impact by 3-5 km."""
    for kind in ("acoustic", "radar"):
        heights = [
            s.alt_m for s in sensors if s.kind == kind and s.alt_m is not None and np.isfinite(s.alt_m)
        ]
        if heights:
            return float(np.median(heights))
    return float(default_m)
