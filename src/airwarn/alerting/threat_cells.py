"""What each threat puts in danger, on H3 cells with arrival times: glide bombs and ballistic
missiles their impact ellipse; drones, cruise missiles and unknown flyers a narrow cone along
their heading plus the built-up areas of the places ahead that they may be aimed at.

Impact predictions are batched per kind over all tracks of a step; cells per track.
"""

from __future__ import annotations

import math

import numpy as np

from airwarn.alerting.cells import CellArray, in_sorted
from airwarn.alerting.footprint_cells import CellEta, FootprintCells, merge_earliest, no_cells
from airwarn.alerting.policy import AlertPolicy
from airwarn.scenario.model import FloatArray, StrArray
from airwarn.threat.footprint import sigma_scale
from airwarn.threat.impact import ballistic_impact, glide_impact
from airwarn.threat.kinds import BALLISTIC, CRUISE, GLIDE_BOMB, IMPACT_KINDS
from airwarn.threat.targets import likely_targets


def threat_cells(
    mapper: FootprintCells,
    policy: AlertPolicy,
    t_s: float,
    kinds: StrArray,
    rows: FloatArray,
    glide_ratio: FloatArray,
    velocity_sigma_mps: FloatArray,
) -> tuple[list[CellEta], FloatArray, list[CellArray]]:
    """Cells in danger from N tracks (rows (N, 7): t_s, lat, lon, alt_m, v_east, v_north, v_up),
    each track's predicted impact time (NaN for corridors), and the cells that only an uncertain
    course put in (see corridor_cells); velocity_sigma_mps (N, 2) is each track's horizontal velocity
    and climb-rate error (NaN where not known)."""
    n = rows.shape[0]
    out: list[CellEta] = [no_cells()] * n
    spread: list[CellArray] = [no_cells()[0]] * n
    t_impact = np.full(n, math.nan)
    cfg = policy.prediction
    m = sigma_scale(policy.min_probability)
    for kind in (GLIDE_BOMB, BALLISTIC):
        idx = np.flatnonzero(kinds == kind)
        if idx.size == 0:
            continue
        r = rows[idx]
        args = (t_s, r[:, 1], r[:, 2], r[:, 3], r[:, 4:7])
        pred = (
            glide_impact(*args, cfg.glide, cfg.ground_alt_m, glide_ratio[idx], velocity_sigma_mps[idx, 1])
            if kind == GLIDE_BOMB
            else ballistic_impact(*args, cfg.ballistic, cfg.ground_alt_m)
        )
        for j, k in enumerate(idx):
            t_impact[k] = pred.t_impact_s[j]
            out[k] = mapper.ellipse(
                float(pred.lat[j]), float(pred.lon[j]), float(pred.heading_deg[j]),
                m * float(pred.sigma_along_m[j]), m * float(pred.sigma_cross_m[j]), float(pred.t_impact_s[j]),
            )  # fmt: skip
    for k in np.flatnonzero(np.array([str(x) not in IMPACT_KINDS for x in kinds], dtype=bool)):
        course_sigma = course_sigma_deg(rows[k], float(velocity_sigma_mps[k, 0]))
        out[k], spread[k] = corridor_cells(mapper, policy, t_s, str(kinds[k]), rows[k], course_sigma)
    return out, t_impact, spread


def corridor_cells(
    mapper: FootprintCells,
    policy: AlertPolicy,
    t_s: float,
    kind: str,
    row: FloatArray,
    heading_sigma_deg: float = 0.0,
) -> tuple[CellEta, CellArray]:
    """A flyer's cone along its heading and the places ahead within its reach; and the cells only
    an uncertain course adds. A course too uncertain for the target sector (heading_sigmas x its
    heading sigma beyond the sector: a young track from two plots far off) adds the cells and
    places within sighting_radius_m that lie within that spread of the heading (all around when
    the course is unknown): a wrong first heading must not leave out what the threat could reach
    before its course settles."""
    cfg = policy.prediction
    speed = min(math.hypot(row[4], row[5]), cfg.max_corridor_speed_mps)
    heading = math.degrees(math.atan2(row[4], row[5])) % 360.0
    reach = speed * (policy.horizon_s + policy.update_ahead_s)
    cruise = kind == CRUISE
    band = cfg.cruise_band_half_angle_deg if cruise else cfg.band_half_angle_deg
    band_m = speed * (cfg.cruise_band_horizon_s if cruise else cfg.band_horizon_s)
    lat, lon = float(row[1]), float(row[2])
    cone = mapper.cone(t_s, lat, lon, heading, speed, band_m, band, cfg.cone_base_radius_m)
    sector = cfg.cruise_target_half_angle_deg if cruise else cfg.target_half_angle_deg
    places, edge_m = likely_targets(mapper.places, lat, lon, heading, reach, sector)
    nominal = merge_earliest([cone, mapper.targets(places, t_s + edge_m / max(speed, 1.0))])
    spread = min(cfg.heading_sigmas * heading_sigma_deg, 180.0)
    if spread <= sector:
        return nominal, no_cells()[0]
    near_m = min(band_m, policy.sighting_radius_m)
    wide = mapper.cone(t_s, lat, lon, heading, speed, near_m, spread, cfg.cone_base_radius_m)
    near, near_edge_m = likely_targets(mapper.places, lat, lon, heading, near_m, spread)
    extra = merge_earliest([wide, mapper.targets(near, t_s + near_edge_m / max(speed, 1.0))])
    merged = merge_earliest([nominal, extra])
    return merged, extra[0][~in_sorted(extra[0], nominal[0])]


def course_sigma_deg(row: FloatArray, v_sigma_mps: float) -> float:
    """How uncertain a track's course is (degrees, 1 sigma): the angle its horizontal velocity
    error subtends at its speed, 90 once the error reaches the speed; 0 where it is not known."""
    ratio = (0.0 if math.isnan(v_sigma_mps) else v_sigma_mps) / max(math.hypot(row[4], row[5]), 1.0)
    return math.degrees(math.asin(min(ratio, 1.0)))


def sighting_cells(mapper: FootprintCells, policy: AlertPolicy, t_s: float, row: FloatArray) -> CellEta:
    """A disc around a track seen without a velocity, and the places it touches, until sighting_s."""
    lat, lon = float(row[1]), float(row[2])
    r = policy.sighting_radius_m
    disc = mapper.ellipse(lat, lon, 0.0, r, r, t_s)
    places, _ = likely_targets(mapper.places, lat, lon, 0.0, r, 180.0)
    merged = merge_earliest([disc, mapper.targets(places, np.full(places.size, t_s))])
    return merged[0], np.full(merged[0].size, t_s + policy.sighting_s)
