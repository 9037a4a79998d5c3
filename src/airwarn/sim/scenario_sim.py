"""Run a simulation: trajectories from the config's threats, every sensor's reports, merged
into the data contract's Scenario (pure; deterministic per seed)."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from airwarn.geo.geography import Geography
from airwarn.scenario.model import Detections, Impacts, Scenario, ScenarioInfo, Sensor, StrArray, Truth
from airwarn.sim.acoustic import acoustic_bearings
from airwarn.sim.config import SimConfig
from airwarn.sim.layouts import acoustic_posts
from airwarn.sim.observer import observer_reports
from airwarn.sim.radar import radar_plots
from airwarn.sim.threats import generate_trajectories
from airwarn.sim.types import SensorOutput, Trajectory

ProgressFn = Callable[[str, int, int], None]


@dataclass
class SimResult:
    """A simulated scenario plus, row for row with its detections, the object that caused each
    ("" for clutter and false reports); trajectories as flown (times from the start)."""

    scenario: Scenario
    origin_id: StrArray
    trajectories: list[Trajectory]


def stream_rng(seed: int, stream: int, name: str = "") -> np.random.Generator:
    """An independent generator per stream (1 acoustic layout, 2 acoustic reports, 3 a sensor by
    its id), so adding a sensor changes neither the trajectories nor other sensors' output."""
    key = (stream, zlib.crc32(name.encode("utf-8"))) if name else (stream,)
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


def simulate(
    config: SimConfig, geography: Geography, seed: int, on_progress: ProgressFn | None = None
) -> SimResult:
    """The scenario the config describes, as seen by its sensors, for one seed."""
    trajectories = generate_trajectories(config, geography, seed, on_progress)
    posts = acoustic_posts(config.acoustic_layouts, geography, stream_rng(seed, 1))
    sensors = tuple(s for s in config.sensors if s.kind != "acoustic")
    explicit_posts = [s for s in config.sensors if s.kind == "acoustic"]
    all_posts = explicit_posts + posts
    outputs = _sensor_outputs(sensors, all_posts, trajectories, geography, config, seed, on_progress)
    detections = Detections.concat([o.detections for o in outputs])
    origin = np.concatenate([o.origin_id for o in outputs]) if outputs else np.empty(0, dtype=object)
    order = np.argsort(detections.t_s, kind="stable")
    info = ScenarioInfo(
        name=config.name,
        start_time=config.start_time,
        duration_s=config.duration_s,
        area=config.area,
        sensors=(*sensors, *all_posts),
        extra={"generator": {"name": "airwarn-sim", "seed": seed}},
    )
    scenario = Scenario(
        info=info,
        detections=detections.take(order),
        truth=truth_table(trajectories),
        impacts=impact_table(trajectories),
    )
    return SimResult(scenario=scenario, origin_id=origin[order].astype(object), trajectories=trajectories)


def _sensor_outputs(
    sensors: tuple[Sensor, ...],
    posts: list[Sensor],
    trajectories: list[Trajectory],
    geography: Geography,
    config: SimConfig,
    seed: int,
    on_progress: ProgressFn | None,
) -> list[SensorOutput]:
    """Run each radar and observer on its own generator, and all acoustic posts together."""
    total = len(sensors) + (1 if posts else 0)
    outputs: list[SensorOutput] = []
    for i, sensor in enumerate(sensors):
        rng = stream_rng(seed, 3, sensor.id)
        if sensor.kind == "radar":
            outputs.append(radar_plots(sensor, trajectories, config.duration_s, rng))
        elif sensor.kind == "observer":
            outputs.append(observer_reports(sensor, trajectories, geography.places, config.duration_s, rng))
        if on_progress is not None:
            on_progress("sensors", i + 1, total)
    if posts:
        outputs.append(acoustic_bearings(posts, trajectories, config.duration_s, stream_rng(seed, 2)))
        if on_progress is not None:
            on_progress("sensors", total, total)
    return outputs


def truth_table(trajectories: list[Trajectory]) -> Truth:
    """truth.csv's rows: every trajectory sample, sorted by time (stable, objects in id order)."""
    if not trajectories:
        empty = np.empty(0)
        return Truth(empty, np.empty(0, dtype=object), np.empty(0, dtype=object), empty, empty, empty)
    sizes = [len(t.t_s) for t in trajectories]
    t_s = np.concatenate([t.t_s for t in trajectories])
    order = np.argsort(t_s, kind="stable")
    ids = np.repeat(np.array([t.object_id for t in trajectories], dtype=object), sizes)
    kinds = np.repeat(np.array([t.kind for t in trajectories], dtype=object), sizes)
    return Truth(
        t_s=t_s[order],
        object_id=ids[order],
        object_kind=kinds[order],
        lat=np.concatenate([t.lat for t in trajectories])[order],
        lon=np.concatenate([t.lon for t in trajectories])[order],
        alt_m=np.concatenate([t.alt_m for t in trajectories])[order],
    )


def impact_table(trajectories: list[Trajectory]) -> Impacts:
    """impacts.csv's rows: the last sample of each trajectory that comes down, by time."""
    hits = sorted((t for t in trajectories if t.impact), key=lambda t: float(t.t_s[-1]))
    return Impacts(
        object_id=np.array([t.object_id for t in hits], dtype=object),
        object_kind=np.array([t.kind for t in hits], dtype=object),
        t_s=np.array([t.t_s[-1] for t in hits], dtype=float),
        lat=np.array([t.lat[-1] for t in hits], dtype=float),
        lon=np.array([t.lon[-1] for t in hits], dtype=float),
    )
