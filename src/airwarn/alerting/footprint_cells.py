"""Footprints on H3 cells, with the predicted arrival over each cell: a corridor's cone, an
impact ellipse, and the built-up areas of likely target places.

A cell is in a footprint when its centre is inside the shape grown by rim_m (part of a cell's
radius), so a cell the shape only grazes is left out and one it mostly covers is in. Shapes are
tested against the cell centres of a CellStore in numpy, one footprint at a time.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from airwarn.alerting.cell_store import CellStore
from airwarn.alerting.cells import CellArray, in_sorted
from airwarn.scenario.model import BoolArray, FloatArray
from airwarn.threat.plane import along_cross, local_xy
from airwarn.threat.targets import TargetPlaces

CellEta = tuple[CellArray, FloatArray]
"""Sorted unique cells (M,) and the predicted arrival over each (M,), seconds."""


def no_cells() -> CellEta:
    """An empty footprint."""
    return np.zeros(0, np.int64), np.zeros(0)


def merge_keeping(first: CellEta, second: CellEta) -> CellEta:
    """The union of two footprints, a cell in both keeping the first one's arrival (unsorted)."""
    keep = ~in_sorted(second[0], first[0])
    return np.concatenate([first[0], second[0][keep]]), np.concatenate([first[1], second[1][keep]])


def merge_earliest(parts: list[CellEta]) -> CellEta:
    """The union of footprints, each cell with its earliest arrival."""
    parts = [p for p in parts if p[0].size]
    if not parts:
        return no_cells()
    cells = np.concatenate([p[0] for p in parts])
    eta = np.concatenate([p[1] for p in parts])
    order = np.lexsort((eta, cells))
    cells, eta = cells[order], eta[order]
    first = np.concatenate(([True], cells[1:] != cells[:-1]))
    return cells[first], eta[first]


class FootprintCells:
    """Puts footprints on the cells of a store; the cells of each place are worked out once."""

    def __init__(self, store: CellStore, places: TargetPlaces, rim_share: float = 0.5) -> None:
        self.store = store
        self.places = places
        self.rim_m = rim_share * store.cell_radius_m
        self._place_cells: dict[int, tuple[CellArray, FloatArray, FloatArray]] = {}

    def cone(
        self,
        t_s: float,
        lat: float,
        lon: float,
        heading_deg: float,
        speed_mps: float,
        length_m: float,
        half_angle_deg: float,
        base_m: float,
    ) -> CellEta:
        """Cells of the cone ahead of a track: base_m wide around it, widening at half_angle_deg,
        length_m long; arrival = now + distance ahead / speed (now for cells beside or behind)."""
        grow = self.store.tile_radius_m
        tiles, tlat, tlon = self.store.tiles_near(lat, lon, length_m + base_m + grow)
        a, c = along_cross(lat, lon, heading_deg, tlat, tlon)
        near = _in_cone(a, c, length_m, half_angle_deg, base_m, grow)
        cells, clat, clon = self.store.cells_of([tiles[i] for i in np.flatnonzero(near)])
        a, c = along_cross(lat, lon, heading_deg, clat, clon)
        inside = _in_cone(a, c, length_m, half_angle_deg, base_m, self.rim_m)
        ahead = np.hypot(a, c) if half_angle_deg >= 90.0 else np.maximum(a, 0.0)
        eta = t_s + ahead[inside] / max(speed_mps, 1.0)
        return _sorted(cells[inside], eta)

    def ellipse(
        self,
        lat: float,
        lon: float,
        heading_deg: float,
        semi_along_m: float,
        semi_cross_m: float,
        t_impact_s: float,
    ) -> CellEta:
        """Cells of the ellipse around a predicted impact (semi-axes along and across the
        heading), all with the impact time; the impact point's own cell always included."""
        reach = max(semi_along_m, semi_cross_m) + self.rim_m
        tiles, tlat, tlon = self.store.tiles_near(lat, lon, reach)
        tx, ty = local_xy(lat, lon, tlat, tlon)
        near = np.hypot(tx, ty) <= reach + self.store.tile_radius_m
        cells, clat, clon = self.store.cells_of([tiles[i] for i in np.flatnonzero(near)])
        a, c = along_cross(lat, lon, heading_deg, clat, clon)
        ra, rc = semi_along_m + self.rim_m, semi_cross_m + self.rim_m
        inside = (a / ra) ** 2 + (c / rc) ** 2 <= 1.0
        if cells.size:
            inside[np.argmin(np.hypot(a, c))] = True
        return _sorted(cells[inside], np.full(int(inside.sum()), float(t_impact_s)))

    def place_cells(self, place: int) -> tuple[CellArray, FloatArray, FloatArray]:
        """Sorted cells of one place's built-up disc with their centres (cached)."""
        got = self._place_cells.get(place)
        if got is None:
            p = self.places
            lat, lon, r = float(p.lat[place]), float(p.lon[place]), float(p.radius_m[place])
            tiles, tlat, tlon = self.store.tiles_near(lat, lon, r + self.rim_m)
            tx, ty = local_xy(lat, lon, tlat, tlon)
            near = np.hypot(tx, ty) <= r + self.rim_m + self.store.tile_radius_m
            cells, clat, clon = self.store.cells_of([tiles[i] for i in np.flatnonzero(near)])
            x, y = local_xy(lat, lon, clat, clon)
            inside = np.flatnonzero(np.hypot(x, y) <= r + self.rim_m)
            inside = inside[np.argsort(cells[inside], kind="stable")]
            got = self._place_cells[place] = (cells[inside], clat[inside], clon[inside])
        return got

    def targets(self, places: npt.NDArray[np.intp], eta_t_s: FloatArray) -> CellEta:
        """Cells of the given places' discs, each with its place's arrival time (a flyer is over
        a place once over its built-up edge: the earliest it may strike there)."""
        parts = [self.place_cells(int(k))[0] for k in places]
        if not parts:
            return no_cells()
        eta = np.concatenate([np.full(p.size, float(e)) for p, e in zip(parts, eta_t_s, strict=True)])
        return merge_earliest([(np.concatenate(parts), eta)])


def _in_cone(
    a: FloatArray, c: FloatArray, length_m: float, half_angle_deg: float, base_m: float, grow_m: float
) -> BoolArray:
    """Points (a ahead, c across, m) in a cone base_m wide at its apex, widening at half_angle_deg
    to length_m ahead, grown by grow_m; from 90 degrees on it is a disc of radius length_m + base_m
    (a threat whose heading is not known)."""
    if half_angle_deg >= 90.0:
        return np.asarray(np.hypot(a, c) <= length_m + base_m + grow_m, dtype=bool)
    tan_a = math.tan(math.radians(half_angle_deg))
    inside = (a >= -base_m - grow_m) & (a <= length_m + grow_m)
    inside &= np.abs(c) <= base_m + grow_m + np.clip(a, 0.0, length_m) * tan_a
    return np.asarray(inside, dtype=bool)


def _sorted(cells: CellArray, eta: FloatArray) -> CellEta:
    order = np.argsort(cells, kind="stable")
    return cells[order], eta[order]
