import numpy as np
import pytest

from airwarn.geo.frames import haversine_m
from airwarn.geo.geography import Geography
from airwarn.refdata.geography import load_geography
from airwarn.sim.ballistic import ballistic_missile, launch_site
from airwarn.sim.glide import glide_bomb, release_point
from airwarn.sim.paths import GROUND_ALT_M
from airwarn.sim.routes import border_zone, launch_region, sample_in, sea_zone, waypoints
from airwarn.sim.types import Trajectory
from airwarn.sim.winged import fly_winged
from tests.sim.kinematics_checks import speeds_mps, turn_rates_deg_s

KHARKIV = (49.9935, 36.2304)
KYIV = (50.4501, 30.5234)
SEEDS = range(6)


@pytest.fixture(scope="module")
def geography():
    return load_geography()


def _winged(kind: str, geography: Geography, seed: int, origin: str = "border") -> Trajectory:
    rng = np.random.default_rng(seed)
    zone = sea_zone(geography) if origin == "sea" else border_zone(geography, ("RUS",), (10.0, 60.0))
    lat, lon = sample_in(zone, 1, rng)
    legs = (15e3, (10e3, 30e3)) if kind == "drone" else (50e3, (50e3, 80e3))
    lat_wp, lon_wp = waypoints((float(lat[0]), float(lon[0])), KYIV, rng, *legs)
    return fly_winged(kind, lat_wp, lon_wp, 100.0, True, rng)


@pytest.mark.parametrize("seed", SEEDS)
def test_drone_speed_height_and_turns(geography, seed):
    traj = _winged("drone", geography, seed, "sea" if seed % 2 else "border")
    v = speeds_mps(traj)
    assert v[:-1].min() >= 45.0 and v.max() <= 55.0
    height = traj.alt_m - GROUND_ALT_M
    dive = traj.t_s > traj.t_s[-1] - 60.0
    assert height[~dive].min() >= 50.0 and height.max() <= 2500.0
    assert height[-1] == pytest.approx(0.0, abs=1e-6)
    assert turn_rates_deg_s(traj).max() <= 3.0
    assert haversine_m(traj.lat[-1], traj.lon[-1], *KYIV) < 100.0
    assert np.all(np.diff(traj.t_s) <= 1.0 + 1e-9) and traj.t_s[0] == 100.0


@pytest.mark.parametrize("seed", SEEDS)
def test_cruise_missile_flies_low_and_fast(geography, seed):
    traj = _winged("cruise_missile", geography, seed, "sea" if seed % 2 else "border")
    v = speeds_mps(traj)
    assert v[:-1].min() >= 220.0 and v.max() <= 250.0
    height = traj.alt_m - GROUND_ALT_M
    dive = traj.t_s > traj.t_s[-1] - 5.0
    assert height[~dive].min() >= 30.0 and height.max() <= 150.0
    assert turn_rates_deg_s(traj).max() <= 3.0


@pytest.mark.parametrize("seed", SEEDS)
def test_ballistic_range_apogee_time_and_impact_speed(geography, seed):
    rng = np.random.default_rng(seed)
    site = launch_site(KHARKIV, launch_region(geography, ("RUS",)), rng)
    range_m = float(haversine_m(*site, *KHARKIV))
    assert 300e3 <= range_m <= 500e3
    traj = ballistic_missile(site, KHARKIV, 0.0, rng)
    v = speeds_mps(traj)
    assert v[-1] > 1000.0
    assert 30e3 <= traj.alt_m.max() <= 70e3
    assert 180.0 <= traj.t_s[-1] <= 360.0
    assert haversine_m(traj.lat[-1], traj.lon[-1], *KHARKIV) < 50.0
    assert traj.alt_m[-1] == GROUND_ALT_M
    assert v.max() < 3500.0  # no jumps: positions and speeds agree


def test_ballistic_far_target_uses_nearest_feasible_site(geography):
    lviv = (49.84, 24.03)
    site = launch_site(lviv, launch_region(geography, ("RUS", "crimea")), np.random.default_rng(0))
    assert 500e3 < haversine_m(*site, *lviv) < 1000e3


@pytest.mark.parametrize("seed", SEEDS)
def test_glide_bomb_on_kharkiv_released_over_russia(geography, seed):
    rng = np.random.default_rng(seed)
    rus = launch_region(geography, ("RUS",))
    release = release_point(KHARKIV, rus, geography.ukraine, rng, 30.0)
    traj = glide_bomb(release, KHARKIV, 0.0, rng)
    from shapely.geometry import Point

    assert not geography.ukraine.contains(Point(traj.lon[0], traj.lat[0]))
    assert 40e3 <= haversine_m(traj.lat[0], traj.lon[0], *KHARKIV) <= 70e3
    assert 8000.0 <= traj.alt_m[0] - GROUND_ALT_M <= 12000.0
    v = speeds_mps(traj)
    assert v[:-1].min() >= 200.0 and v.max() <= 300.0
    assert 120.0 <= traj.t_s[-1] <= 300.0
    slope = -np.diff(traj.alt_m) / haversine_m(traj.lat[:-1], traj.lon[:-1], traj.lat[1:], traj.lon[1:])
    assert slope[-3:].min() > 2.0 * np.median(slope)  # terminal dive steeper than the glide


def test_glide_bomb_deep_target_falls_back_to_nearest_release(geography):
    rng = np.random.default_rng(1)
    kyiv_release = release_point(KYIV, launch_region(geography, ("RUS",)), geography.ukraine, rng, None)
    assert haversine_m(*kyiv_release, *KYIV) == pytest.approx(70e3, rel=1e-3)


def test_sea_entries_are_water(geography):
    lat, lon = sample_in(sea_zone(geography), 200, np.random.default_rng(3))
    from shapely import contains_xy

    assert not contains_xy(geography.land, lon, lat).any()
    assert lat.max() < 46.0


def test_border_entries_are_in_russia_near_ukraine(geography):
    lat, lon = sample_in(border_zone(geography, ("RUS",), (10.0, 60.0)), 200, np.random.default_rng(4))
    from shapely import contains_xy, distance, points

    assert contains_xy(geography.countries["RUS"], lon, lat).all()
    assert (distance(geography.ukraine, points(lon, lat)) < 1.0).all()
