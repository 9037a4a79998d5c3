"""Object-kind guess from a track's speed, altitude, climb rate and whether posts heard it."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
StrArray = npt.NDArray[np.object_]
BoolArray = npt.NDArray[np.bool_]


def guess_kind(
    speed_mps: FloatArray, alt_m: FloatArray, v_up_mps: FloatArray, heard: BoolArray
) -> tuple[StrArray, FloatArray]:
    """Kind guesses (K,) ("" when unsure) and a confidence in [0, 1] (K,) for each track.

    Ballistic: faster than 900 m/s or above 20 km. Glide bomb: 150-400 m/s, above 2 km,
    descending, never heard (no engine). Cruise missile: 150-350 m/s below 2 km. Drone:
    20-110 m/s below 5 km. A heard track that fits nothing is a drone below 150 m/s, else
    a cruise missile (only engines are heard); hearing raises the confidence.
    """
    kinds = np.full(speed_mps.shape[0], "", dtype=object)
    conf = np.zeros(speed_mps.shape[0])
    drone = (speed_mps > 20.0) & (speed_mps < 110.0) & (alt_m < 5000.0)
    cruise = (speed_mps >= 150.0) & (speed_mps < 350.0) & (alt_m < 2000.0)
    glide = (speed_mps >= 150.0) & (speed_mps < 400.0) & (alt_m >= 2000.0) & (v_up_mps < -5.0) & ~heard
    ballistic = ((speed_mps > 900.0) | (alt_m > 20_000.0)) & ~heard
    engine = heard & ~(drone | cruise | glide | ballistic)
    drone |= engine & (speed_mps < 150.0)
    cruise |= engine & (speed_mps >= 150.0)
    for mask, name, c in (
        (drone, "drone", 0.7),
        (cruise, "cruise_missile", 0.6),
        (glide, "glide_bomb", 0.6),
        (ballistic, "ballistic_missile", 0.8),
    ):
        kinds[mask] = name
        conf[mask] = c
    conf[heard & (kinds != "")] = np.minimum(conf[heard & (kinds != "")] + 0.2, 1.0)
    return kinds, conf
