"""Finite-difference figures of a trajectory, shared by the kinematics tests."""

from __future__ import annotations

import numpy as np

from airwarn.geo.frames import bearing_deg, haversine_m
from airwarn.sim.types import Trajectory


def speeds_mps(traj: Trajectory) -> np.ndarray:
    """3-D speed between consecutive samples."""
    ground = haversine_m(traj.lat[:-1], traj.lon[:-1], traj.lat[1:], traj.lon[1:])
    return np.hypot(ground, np.diff(traj.alt_m)) / np.diff(traj.t_s)


def turn_rates_deg_s(traj: Trajectory) -> np.ndarray:
    """Heading change per second between consecutive whole-second steps."""
    heading = bearing_deg(traj.lat[:-1], traj.lon[:-1], traj.lat[1:], traj.lon[1:])
    dt = np.diff(traj.t_s)[1:]
    return np.abs((np.diff(heading) + 180.0) % 360.0 - 180.0) / dt
