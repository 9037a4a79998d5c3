"""Threat kinds from a track's reported kind or, when empty, its speed, altitude and climb rate."""

from __future__ import annotations

from typing import Final

import numpy as np

from airwarn.scenario.model import BoolArray, FloatArray, StrArray

GLIDE_BOMB: Final = "glide_bomb"
BALLISTIC: Final = "ballistic_missile"
CRUISE: Final = "cruise_missile"
DRONE: Final = "drone"
UNKNOWN: Final = "unknown"
IMPACT_KINDS: Final = frozenset({GLIDE_BOMB, BALLISTIC})
"""Kinds that come down on a predictable point (impact prediction, not a corridor)."""
KNOWN_KINDS: Final = frozenset({GLIDE_BOMB, BALLISTIC, CRUISE, DRONE})

MIN_THREAT_SPEED_MPS: Final = 15.0
"""Slower than this, a track is not treated as a flying threat (birds, clutter, hover)."""
DIVE_RATE_MPS: Final = 60.0
"""A fast track descending faster than this is diving onto its target."""


def infer_kinds(
    reported: StrArray, speed_mps: FloatArray, alt_m: FloatArray, v_up_mps: FloatArray
) -> StrArray:
    """The kind of each track (N,): the reported kind when it is one we know, else by kinematics.

    Ballistic: faster than 900 m/s, or above 20 km. Glide bomb: 120-450 m/s above 2.5 km.
    Cruise missile: 120-350 m/s lower down. Drone: 15-120 m/s. Anything else: "unknown".
    A fast track diving faster than DIVE_RATE_MPS is coming down on a point, whatever it was
    reported as: it is predicted as a glide bomb (its measured glide ratio covers the dive).
    """
    kinds = np.full(speed_mps.shape[0], UNKNOWN, dtype=object)
    drone = (speed_mps >= MIN_THREAT_SPEED_MPS) & (speed_mps < 120.0)
    fast = (speed_mps >= 120.0) & (speed_mps < 450.0)
    kinds[drone] = DRONE
    kinds[fast & (alt_m < 2500.0) & (speed_mps < 350.0)] = CRUISE
    kinds[fast & (alt_m >= 2500.0)] = GLIDE_BOMB
    kinds[(speed_mps > 900.0) | ((alt_m > 20_000.0) & (speed_mps > 450.0))] = BALLISTIC
    known = np.array([str(k) in KNOWN_KINDS for k in reported], dtype=bool)
    kinds[known] = reported[known]
    diving = (speed_mps >= 100.0) & (v_up_mps < -DIVE_RATE_MPS) & (kinds != BALLISTIC)
    kinds[diving] = GLIDE_BOMB
    return kinds


def time_critical(
    speed_mps: FloatArray, alt_m: FloatArray, v_up_mps: FloatArray, climb_sigma_mps: FloatArray | None = None
) -> BoolArray:
    """Tracks that cannot wait for confirmation (N,): fast and high, or very fast and descending.

    A glide bomb or a missile: at least 150 m/s above 4 km (and, where climb_sigma_mps (N,) is
    known, not climbing by more than two of its sigmas: no glide bomb climbs, and a plot pair of
    clutter 20 km up "climbing 700 m/s" warned 18,000 km² for four minutes), or over 900 m/s and
    not climbing faster than 200 m/s (a boosting missile is not yet coming down), or over
    1500 m/s above 12 km even while climbing (a ballistic missile on its arc: it comes down
    within minutes)."""
    glide_like = (speed_mps >= 150.0) & (speed_mps < 450.0) & (alt_m >= 4000.0)
    if climb_sigma_mps is not None:
        surely_climbing = v_up_mps > 2.0 * np.nan_to_num(climb_sigma_mps, nan=np.inf)
        glide_like &= ~surely_climbing
    ballistic_like = (speed_mps > 900.0) & (v_up_mps < 200.0) & (alt_m > 3000.0)
    ballistic_like |= (speed_mps > 1500.0) & (alt_m > 12_000.0)
    return np.asarray(glide_like | ballistic_like, dtype=bool)


POWERED_MIN_SPAN_S: Final = 45.0
"""A track is judged level (powered) only over at least this many seconds of its rows."""


POWERED_GLIDE_RATIO: Final = 20.0
"""No glide bomb flies flatter than this (UMPK-type kits glide at 5-10, the best wings ~15)."""


def powered_flight(t_s: FloatArray, alt_m: FloatArray, speed_mps: float) -> bool:
    """Whether a track's recent rows (K,) show it holding height too well to be gliding: its
    sink rate, fitted by least squares over at least POWERED_MIN_SPAN_S, is under that of a
    POWERED_GLIDE_RATIO glide (speed / ratio) by more than two of the fit's sigmas. A glide bomb
    has no engine and must sink; a fast, high track that does not is a jet drone, a cruise
    missile or an aircraft flying on, not one coming down ahead of it."""
    t = np.asarray(t_s, float)
    if t.size < 5 or t[-1] - t[0] < POWERED_MIN_SPAN_S:
        return False
    dt = t - t.mean()  # the fit by hand: scipy's linregress gives NaN for a height held exactly
    sxx = float(dt @ dt)
    y = np.asarray(alt_m, float) - float(np.mean(alt_m))
    climb = float(dt @ y) / sxx
    resid = y - climb * dt
    climb_sd = float(np.sqrt(float(resid @ resid) / (t.size - 2) / sxx))
    return -climb + 2.0 * climb_sd < speed_mps / POWERED_GLIDE_RATIO
