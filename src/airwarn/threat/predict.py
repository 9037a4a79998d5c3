"""Predict where each track's threat goes: an impact ellipse for glide bombs and ballistic
missiles, a widening cone for drones, cruise missiles and unknown flyers.

One call handles all N tracks of a step, vectorised per kind; the result is one Footprint per
track (an outline and a way to tell arrival times), for the alerting layer to put on cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from airwarn.scenario.model import FloatArray, StrArray
from airwarn.threat.corridor import MAX_CORRIDOR_SPEED_MPS, Corridor, arrival_t_s, corridor
from airwarn.threat.footprint import cone_rings, impact_rings
from airwarn.threat.impact import (
    DEFAULT_GROUND_ALT_M,
    BallisticModel,
    GlideModel,
    ballistic_impact,
    glide_impact,
)
from airwarn.threat.kinds import BALLISTIC, CRUISE, GLIDE_BOMB, IMPACT_KINDS


@dataclass(frozen=True)
class PredictionConfig:
    """How threats are predicted. Cones: half-angle (deg) by kind (cruise missiles turn less
    than drones), and a base radius (m) for the track's own position error. Likely targets:
    places within the reach and within target_half_angle_deg of a drone's heading (cruise
    missiles: cruise_target_half_angle_deg); their final approach may come from a side. Alerts
    use a narrower band along the heading (band_*) over a shorter time for targets that are not
    places, so a flyer crossing open country alerts little besides the places ahead of it.
    A course whose heading_sigmas-sigma spread (from the track's velocity error) exceeds the
    target sector is not known well enough for it: the alerting adds what lies near the track
    within that spread (see alerting.threat_cells.corridor_cells)."""

    cone_half_angle_deg: float = 30.0
    cruise_half_angle_deg: float = 20.0
    cone_base_radius_m: float = 1000.0
    target_half_angle_deg: float = 45.0
    cruise_target_half_angle_deg: float = 30.0
    band_half_angle_deg: float = 5.0
    cruise_band_half_angle_deg: float = 5.0
    band_horizon_s: float = 120.0
    cruise_band_horizon_s: float = 120.0
    heading_sigmas: float = 2.0
    max_corridor_speed_mps: float = MAX_CORRIDOR_SPEED_MPS
    ground_alt_m: float = DEFAULT_GROUND_ALT_M
    glide: GlideModel = field(default_factory=GlideModel)
    ballistic: BallisticModel = field(default_factory=BallisticModel)


@dataclass(frozen=True)
class Footprint:
    """Where one track's threat may be, as a closed outline (lat, lon degrees, shape (K,)).

    For an impact kind, impact_* give the predicted point and time (arrival anywhere in the
    outline is the impact time); for a corridor they are NaN and arrival comes from the cone.
    """

    track_id: str
    kind: str
    ring_lat: FloatArray
    ring_lon: FloatArray
    impact_lat: float = math.nan
    impact_lon: float = math.nan
    impact_t_s: float = math.nan
    cone: Corridor | None = None
    cone_index: int = 0

    @property
    def is_impact(self) -> bool:
        """True for an impact prediction (glide bomb, ballistic missile)."""
        return self.cone is None

    def arrival_t_s(self, lat: FloatArray, lon: FloatArray) -> FloatArray:
        """Predicted arrival time over each place (M,)."""
        if self.cone is None:
            return np.full(np.shape(lat), self.impact_t_s)
        return arrival_t_s(self.cone, self.cone_index, lat, lon)


def predict(
    t_s: float,
    track_id: StrArray,
    kinds: StrArray,
    lat: FloatArray,
    lon: FloatArray,
    alt_m: FloatArray,
    v_enu_mps: FloatArray,
    horizon_s: float,
    min_probability: float,
    config: PredictionConfig = PredictionConfig(),
    glide_ratio: FloatArray | None = None,
    climb_sigma_mps: FloatArray | None = None,
) -> list[Footprint]:
    """Footprints of N tracks (track order kept); v_enu_mps is (N, 3), kinds from infer_kinds;
    glide_ratio (N,), where finite, is each track's glide ratio flown so far (path_glide_ratio);
    climb_sigma_mps (N,) its climb-rate error, where known (see glide_impact)."""
    out: list[Footprint | None] = [None] * len(track_id)
    for kind in (GLIDE_BOMB, BALLISTIC):
        idx = np.flatnonzero(kinds == kind)
        if idx.size:
            args = (t_s, lat[idx], lon[idx], alt_m[idx], v_enu_mps[idx])
            pred = (
                glide_impact(
                    *args,
                    config.glide,
                    config.ground_alt_m,
                    _take(glide_ratio, idx),
                    _take(climb_sigma_mps, idx),
                )
                if kind == GLIDE_BOMB
                else ballistic_impact(*args, config.ballistic, config.ground_alt_m)
            )
            r_lat, r_lon = impact_rings(pred, min_probability)
            for j, k in enumerate(idx):
                out[k] = Footprint(
                    str(track_id[k]), kind, r_lat[j], r_lon[j],
                    float(pred.lat[j]), float(pred.lon[j]), float(pred.t_impact_s[j]),
                )  # fmt: skip
    idx = np.flatnonzero(np.array([str(k) not in IMPACT_KINDS for k in kinds], dtype=bool))
    if idx.size:
        half = np.where(kinds[idx] == CRUISE, config.cruise_half_angle_deg, config.cone_half_angle_deg)
        cone = corridor(t_s, lat[idx], lon[idx], v_enu_mps[idx], horizon_s, half, config.cone_base_radius_m)
        r_lat, r_lon = cone_rings(cone)
        for j, k in enumerate(idx):
            out[k] = Footprint(str(track_id[k]), str(kinds[k]), r_lat[j], r_lon[j], cone=cone, cone_index=j)
    return [f for f in out if f is not None]


def _take(values: FloatArray | None, idx: npt.NDArray[np.intp]) -> FloatArray | None:
    """values[idx], or None when there are no values."""
    return None if values is None else values[idx]
