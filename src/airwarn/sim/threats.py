"""Turn threat groups into true trajectories: pick origins and targets, fly each kind, and keep
the part inside the scenario's area and time (pure; one seeded generator per object)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from shapely.geometry.base import BaseGeometry

from airwarn.geo.frames import bearing_deg, haversine_m
from airwarn.geo.geography import Geography
from airwarn.scenario.model import Area
from airwarn.sim.ballistic import ballistic_missile, launch_site
from airwarn.sim.config import SimConfig, ThreatGroup
from airwarn.sim.glide import glide_bomb, release_point
from airwarn.sim.routes import (
    border_zone,
    exit_point,
    launch_region,
    pick_target,
    sample_in,
    sea_zone,
    target_candidates,
    waypoints,
)
from airwarn.sim.types import Trajectory
from airwarn.sim.winged import fly_winged

ProgressFn = Callable[[str, int, int], None]
BORDER_DEPTH_KM = (10.0, 60.0)
LEGS_M = {"drone": (15e3, (10e3, 30e3)), "cruise_missile": (50e3, (50e3, 80e3))}


def object_rng(seed: int, group: int, index: int) -> np.random.Generator:
    """The generator of one object: independent of every other object and of all sensors."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0, group, index)))


def _origin_zone(group: ThreatGroup, geography: Geography) -> BaseGeometry:
    """Where a group's objects start: launch region(s) for missiles and bombs, else border or sea."""
    if group.kind in ("ballistic_missile", "glide_bomb"):
        return launch_region(geography, group.launch_regions)
    if group.origin == "sea":
        return sea_zone(geography)
    return border_zone(geography, group.launch_regions, BORDER_DEPTH_KM)


def plan_object(
    group: ThreatGroup,
    geography: Geography,
    area: Area,
    zone: BaseGeometry,
    candidates: np.ndarray,
    rng: np.random.Generator,
) -> Trajectory:
    """One object's full flight (not yet clipped), times relative to the scenario start."""
    launch_t_s = float(rng.uniform(*group.launch_window_s))
    target = pick_target(geography, candidates, rng)
    if group.kind == "glide_bomb":
        release = release_point(target, zone, geography.ukraine, rng, group.from_bearing_deg)
        return glide_bomb(release, target, launch_t_s, rng)
    if group.kind == "ballistic_missile":
        return ballistic_missile(launch_site(target, zone, rng), target, launch_t_s, rng)
    lat, lon = sample_in(zone, 4, rng)
    i = int(np.argmin(haversine_m(lat, lon, target[0], target[1])))
    start = (float(lat[i]), float(lon[i]))
    strike = group.kind != "drone" or rng.uniform() >= group.transit_share
    end = target
    if not strike:
        az = float(bearing_deg(start[0], start[1], target[0], target[1])) + rng.uniform(-30.0, 30.0)
        end = exit_point(target[0], target[1], az, area)
    min_leg_m, final_leg_m = LEGS_M[group.kind]
    lat_wp, lon_wp = waypoints(start, end, rng, min_leg_m, final_leg_m)
    return fly_winged(group.kind, lat_wp, lon_wp, launch_t_s, strike, rng)


def clip(traj: Trajectory, area: Area, duration_s: float) -> Trajectory | None:
    """The part of a flight inside the scenario (from first entering the area to last leaving
    it, within [0, duration_s]); None if nothing remains. Impact stays only if kept."""
    inside = area.contains(traj.lat, traj.lon) & (traj.t_s >= 0.0) & (traj.t_s <= duration_s)
    if inside.sum() < 2:
        return None
    first = int(np.argmax(inside))
    last = len(inside) - 1 - int(np.argmax(inside[::-1]))
    keep = slice(first, last + 1)
    return replace(
        traj,
        t_s=traj.t_s[keep],
        lat=traj.lat[keep],
        lon=traj.lon[keep],
        alt_m=traj.alt_m[keep],
        impact=traj.impact and last == len(inside) - 1,
    )


def generate_trajectories(
    config: SimConfig, geography: Geography, seed: int, on_progress: ProgressFn | None = None
) -> list[Trajectory]:
    """All objects of the config that fly inside the scenario, numbered T0001, T0002, ...
    in group order (objects wholly outside the area or time are left out)."""
    total = sum(g.count for g in config.threats)
    out: list[Trajectory] = []
    done = 0
    for gi, group in enumerate(config.threats):
        if group.count == 0:
            continue
        zone = _origin_zone(group, geography)
        candidates = target_candidates(geography, config.area, group.targets, group.min_target_population)
        for j in range(group.count):
            raw = plan_object(group, geography, config.area, zone, candidates, object_rng(seed, gi, j))
            kept = clip(raw, config.area, config.duration_s)
            if kept is not None:
                out.append(replace(kept, object_id=f"T{len(out) + 1:04d}"))
            done += 1
            if on_progress is not None:
                on_progress("trajectories", done, total)
    return out
