"""Object-kind guess from a track's speed, altitude and climb rate (simple kinematic rules)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
StrArray = npt.NDArray[np.object_]


def guess_kind(speed_mps: FloatArray, alt_m: FloatArray, v_up_mps: FloatArray) -> tuple[StrArray, FloatArray]:
    """Kind guesses (K,) ("" when unsure) and a confidence in [0, 1] (K,) for each track.

    Ballistic: faster than 900 m/s or above 20 km. Glide bomb: 150-400 m/s, above 2 km,
    descending. Cruise missile: 150-350 m/s below 2 km. Drone: 20-110 m/s below 5 km.
    """
    kinds = np.full(speed_mps.shape[0], "", dtype=object)
    conf = np.zeros(speed_mps.shape[0])
    drone = (speed_mps > 20.0) & (speed_mps < 110.0) & (alt_m < 5000.0)
    cruise = (speed_mps >= 150.0) & (speed_mps < 350.0) & (alt_m < 2000.0)
    glide = (speed_mps >= 150.0) & (speed_mps < 400.0) & (alt_m >= 2000.0) & (v_up_mps < -5.0)
    ballistic = (speed_mps > 900.0) | (alt_m > 20_000.0)
    for mask, name, c in (
        (drone, "drone", 0.7),
        (cruise, "cruise_missile", 0.6),
        (glide, "glide_bomb", 0.6),
        (ballistic, "ballistic_missile", 0.8),
    ):
        kinds[mask] = name
        conf[mask] = c
    return kinds, conf
