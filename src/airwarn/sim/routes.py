"""Where threats come from and go: launch zones behind the real border, sea entry points,
targets among populated places, and waypoint routes between them (pure, seeded)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt
import shapely
from shapely import affinity
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from airwarn.errors import ConfigError
from airwarn.geo.frames import bearing_deg, destination, haversine_m
from airwarn.geo.geography import Geography
from airwarn.scenario.model import Area

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

KM_PER_DEG_LAT: Final = 111.2
CRIMEA_BOX: Final = (32.4, 44.3, 36.7, 45.98)
"""Occupied Crimea, approximated as Ukraine's land in this lon/lat box (the atlas shows Crimea
as Ukraine, as the UN holds; the front line on the mainland is not modelled)."""
BLACK_SEA_BOX: Final = (30.0, 43.3, 36.5, 45.6)
"""Sea entry points are drawn from the Black Sea off Ukraine's coast, west of the Kerch Strait."""


def launch_region(geography: Geography, regions: Sequence[str]) -> BaseGeometry:
    """Union of the named launch regions: ISO alpha-3 country codes, or "crimea"."""
    parts: list[BaseGeometry] = []
    for name in regions:
        if name == "crimea":
            parts.append(geography.ukraine.intersection(box(*CRIMEA_BOX)))
        elif name in geography.countries:
            parts.append(geography.countries[name])
        else:
            raise ConfigError(
                f"launch region {name!r} is unknown: use 'crimea' or an ISO alpha-3 code "
                "of the atlas (e.g. 'RUS', 'BLR')"
            )
    return unary_union(parts)


def border_zone(geography: Geography, regions: Sequence[str], depth_km: tuple[float, float]) -> BaseGeometry:
    """The part of the launch regions between depth_km[0] and depth_km[1] from Ukraine's border."""
    lat0 = 49.0
    fx = float(np.cos(np.radians(lat0)))
    ukr = affinity.scale(geography.ukraine.simplify(0.01), xfact=fx, yfact=1.0, origin=(0, 0))
    ring = ukr.buffer(depth_km[1] / KM_PER_DEG_LAT).difference(ukr.buffer(depth_km[0] / KM_PER_DEG_LAT))
    ring = affinity.scale(ring, xfact=1.0 / fx, yfact=1.0, origin=(0, 0))
    return ring.intersection(launch_region(geography, regions))


def sea_zone(geography: Geography) -> BaseGeometry:
    """Black Sea water off Ukraine's coast (not land), for sea-launched drones and missiles."""
    return box(*BLACK_SEA_BOX).difference(geography.land.intersection(box(*BLACK_SEA_BOX)))


def sample_in(geom: BaseGeometry, n: int, rng: np.random.Generator) -> tuple[FloatArray, FloatArray]:
    """n points (lat, lon) uniform in lon/lat degrees inside a polygonal geometry."""
    if geom.is_empty:
        raise ConfigError("launch zone is empty: choose launch regions that border Ukraine")
    west, south, east, north = geom.bounds
    shapely.prepare(geom)
    lat_out: list[FloatArray] = []
    lon_out: list[FloatArray] = []
    got = 0
    while got < n:
        lon = rng.uniform(west, east, 4 * n + 16)
        lat = rng.uniform(south, north, 4 * n + 16)
        inside = shapely.contains_xy(geom, lon, lat)
        lat_out.append(lat[inside])
        lon_out.append(lon[inside])
        got += int(inside.sum())
    return np.concatenate(lat_out)[:n], np.concatenate(lon_out)[:n]


def target_candidates(
    geography: Geography, area: Area, names: Sequence[str], min_population: float
) -> IntArray:
    """Indices of places that may be targeted: the named ones, else places in the area and in
    Ukraine with at least min_population people."""
    places = geography.places
    if names:
        out = []
        for name in names:
            hits = np.flatnonzero(places.name == name)
            if hits.size == 0:
                raise ConfigError(f"target {name!r} is not a populated place in Ukraine (GeoNames name)")
            out.append(int(hits[0]))
        return np.asarray(out, dtype=np.intp)
    ok = area.contains(places.lat, places.lon) & (places.population >= min_population)
    ok &= shapely.contains_xy(geography.ukraine, places.lon, places.lat)
    idx = np.flatnonzero(ok)
    if idx.size == 0:
        raise ConfigError(f"no place of {min_population:.0f}+ people in the area {area}; widen the area")
    return idx


def pick_target(geography: Geography, candidates: IntArray, rng: np.random.Generator) -> tuple[float, float]:
    """A target (lat, lon): a candidate place drawn by population, offset within its built-up
    radius (~2 km per 100k people, square root, at most 8 km) to spread aim points."""
    pop = geography.places.population[candidates]
    i = int(rng.choice(candidates, p=pop / pop.sum()))
    radius_m = min(8000.0, 2000.0 * float(np.sqrt(geography.places.population[i] / 1e5)))
    lat, lon = destination(
        geography.places.lat[i],
        geography.places.lon[i],
        rng.uniform(0.0, 360.0),
        radius_m * np.sqrt(rng.uniform()),
    )
    return float(lat), float(lon)


def waypoints(
    start: tuple[float, float],
    end: tuple[float, float],
    rng: np.random.Generator,
    min_leg_m: float,
    final_leg_m: tuple[float, float],
) -> tuple[FloatArray, FloatArray]:
    """A dog-leg route from start to end: up to three detours off the direct line and a final
    approach from a side, so a threat's heading does not give its target away."""
    dist_m = float(haversine_m(start[0], start[1], end[0], end[1]))
    az = float(bearing_deg(start[0], start[1], end[0], end[1]))
    k = int(rng.integers(1, 4)) if dist_m > 4 * min_leg_m else 0
    frac = np.sort(rng.uniform(0.15, 0.8, k))
    lateral = np.clip(rng.normal(0.0, 0.12 * dist_m, k), -min(0.25 * dist_m, 8e4), min(0.25 * dist_m, 8e4))
    lat_c, lon_c = destination(np.full(k, start[0]), np.full(k, start[1]), np.full(k, az), frac * dist_m)
    lat_w, lon_w = destination(lat_c, lon_c, np.full(k, az + 90.0), lateral)
    lat = np.concatenate([[start[0]], lat_w])
    lon = np.concatenate([[start[1]], lon_w])
    back = float(bearing_deg(end[0], end[1], lat[-1], lon[-1]))
    leg_m = min(rng.uniform(*final_leg_m), 0.4 * dist_m)
    if leg_m >= min_leg_m:
        a_lat, a_lon = destination(end[0], end[1], back + rng.uniform(-60.0, 60.0), leg_m)
        lat, lon = np.append(lat, a_lat), np.append(lon, a_lon)
    return _prune(np.append(lat, end[0]), np.append(lon, end[1]), min_leg_m)


def _prune(lat: FloatArray, lon: FloatArray, min_leg_m: float) -> tuple[FloatArray, FloatArray]:
    """Drop interior waypoints that make a leg shorter than min_leg_m or a turn sharper than 120°."""
    keep = list(range(len(lat)))
    changed = True
    while changed and len(keep) > 2:
        changed = False
        for j in range(1, len(keep) - 1):
            a, b, c = keep[j - 1], keep[j], keep[j + 1]
            leg = min(
                haversine_m(lat[a], lon[a], lat[b], lon[b]), haversine_m(lat[b], lon[b], lat[c], lon[c])
            )
            turn = (
                bearing_deg(lat[b], lon[b], lat[c], lon[c])
                - bearing_deg(lat[b], lon[b], lat[a], lon[a])
                - 180
            )
            if leg < min_leg_m or abs((turn + 180.0) % 360.0 - 180.0) > 120.0:
                del keep[j]
                changed = True
                break
    return lat[keep], lon[keep]


def exit_point(
    lat: float, lon: float, azimuth_deg: float, area: Area, margin_m: float = 20e3
) -> tuple[float, float]:
    """The point margin_m beyond where a straight flight from (lat, lon) leaves the area box."""
    d = np.arange(0.0, 3e6, 5e3)
    la, lo = destination(np.full(d.size, lat), np.full(d.size, lon), np.full(d.size, azimuth_deg), d)
    outside = ~area.contains(la, lo)
    i = int(np.argmax(outside)) if outside.any() else d.size - 1
    out_lat, out_lon = destination(lat, lon, azimuth_deg, d[i] + margin_m)
    return float(out_lat), float(out_lon)
