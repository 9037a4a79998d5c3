"""The example scenario for the evaluator tests, and run tables made from its truth."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import (
    Scenario,
    Tracks,
    Truth,
)
from airwarn.scenario.readers import read_scenario
from tests.paths import EXAMPLE_SCENARIO

EXAMPLE = EXAMPLE_SCENARIO


def load_example(folder: Path = EXAMPLE) -> Scenario:
    """The example scenario as an in-memory Scenario, through the project's own reader."""
    return read_scenario(folder)


def tracks_from_truth(truth: Truth) -> Tracks:
    """Confirmed tracks that follow the truth exactly, velocity by forward difference (local ENU)."""
    order = np.lexsort((truth.t_s, truth.object_id))
    t, oid = truth.t_s[order], truth.object_id[order]
    lat, lon, alt = truth.lat[order], truth.lon[order], truth.alt_m[order]
    vel = np.zeros((t.size, 3))
    for k in range(t.size - 1):
        if oid[k + 1] == oid[k] and t[k + 1] > t[k]:
            e, n, u = LocalFrame(lat[k], lon[k], alt[k]).to_enu(lat[k + 1], lon[k + 1], alt[k + 1])
            vel[k] = np.array([e, n, u], float).ravel() / (t[k + 1] - t[k])
    return Tracks(
        t_s=t,
        track_id=np.array([f"trk-{x}" for x in oid], dtype=object),
        lat=lat,
        lon=lon,
        alt_m=alt,
        v_east_mps=vel[:, 0],
        v_north_mps=vel[:, 1],
        v_up_mps=vel[:, 2],
        object_kind=truth.object_kind[order],
        confirmed=np.ones(t.size, bool),
    )


def no_tracks() -> Tracks:
    """A run that tracked nothing."""
    e = np.zeros(0)
    o = np.zeros(0, dtype=object)
    return Tracks(e, o, e, e, e, e, e, e, o, np.zeros(0, bool))
