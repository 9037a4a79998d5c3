"""What the simulator's parts hand each other: true trajectories and sensor outputs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from airwarn.scenario.model import Detections

FloatArray = npt.NDArray[np.float64]
StrArray = npt.NDArray[np.object_]


@dataclass(frozen=True)
class Trajectory:
    """One object's true flight: WGS84 samples at increasing times (at most 1 s apart).

    The object exists from t_s[0] to t_s[-1]; if `impact` is True it comes down at the
    last sample (alt_m[-1] is ground level), otherwise it leaves the simulated area or
    the scenario ends.
    """

    object_id: str
    kind: str
    t_s: FloatArray
    lat: FloatArray
    lon: FloatArray
    alt_m: FloatArray
    impact: bool

    def position_at(self, t_s: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Linearly interpolated (lat, lon, alt_m) at times t_s; NaN outside the flight."""
        t = np.asarray(t_s, dtype=float)
        inside = (t >= self.t_s[0]) & (t <= self.t_s[-1])
        out = []
        for col in (self.lat, self.lon, self.alt_m):
            v = np.interp(t, self.t_s, col)
            out.append(np.where(inside, v, np.nan))
        return out[0], out[1], out[2]


@dataclass
class SensorOutput:
    """Detections from one sensor model plus what caused each row (simulator-only truth):
    `origin_id` is the object id, or "" for clutter and false or malicious reports."""

    detections: Detections
    origin_id: StrArray

    def __post_init__(self) -> None:
        if len(self.origin_id) != len(self.detections):
            raise ValueError("origin_id must have one entry per detection row")
