"""The regional baseline policy: alert whole H3 resolution-3 cells around every falling threat.

Each scored whole second s, a cell is alerted when an object that will come down (it has a row
in impacts.csv) is flying then (first truth sample <= s <= impact time) and its interpolated
position is inside the cell or within 30 km of the cell's polygon. The state at second s holds
over [s, s + 1), so the burden is the sum over seconds of the alerted cells' area (h3
cell_area, km^2) divided by 60: km^2 * min. Distances are measured in the horizontal plane of
an ENU frame at each cell's centre, where the cell polygon is buffered by 30 km.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import h3
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import Polygon

from airwarn.evaluate.presentation import IntArray, TruthPaths
from airwarn.evaluate.warning import ImpactTable, judge
from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import FloatArray, Impacts

H3_RESOLUTION: Final = 3
REACH_M: Final = 30_000.0
_DISK_K: Final = 2
"""Rings searched around a point's own cell; a res-3 cell two rings away is over 50 km off."""
_BOX_MARGIN_DEG: Final = 0.5


@dataclass(frozen=True)
class BaselineResult:
    """Baseline cells alerted per second, its burden and its own verdict on each impact."""

    t_s: FloatArray
    area_km2: FloatArray
    burden_km2_min: float
    impacts: ImpactTable


def threat_positions(
    impacts: Impacts, paths: TruthPaths, seconds: IntArray
) -> tuple[IntArray, FloatArray, FloatArray]:
    """(second, lat, lon) of every falling object at each scored second it is flying.

    Objects with no truth rows have no position and are left out.
    """
    index = {str(x): i for i, x in enumerate(paths.ids)}
    sec: list[IntArray] = []
    lats: list[FloatArray] = []
    lons: list[FloatArray] = []
    t_first = paths.t_first()
    for k in range(len(impacts)):
        i = index.get(str(impacts.object_id[k]))
        if i is None:
            continue
        lo = np.searchsorted(seconds, t_first[i], "left")
        hi = np.searchsorted(seconds, impacts.t_s[k], "right")
        s = seconds[lo:hi]
        lat, lon = paths.latlon_at(i, s.astype(float))
        sec.append(s)
        lats.append(lat)
        lons.append(lon)
    if not sec:
        return np.zeros(0, np.intp), np.zeros(0), np.zeros(0)
    return np.concatenate(sec), np.concatenate(lats), np.concatenate(lons)


def _cell_reach(cell: str) -> tuple[LocalFrame, Polygon]:
    """The cell's ENU frame (at its centre) and its polygon there, grown by 30 km."""
    lat0, lon0 = h3.cell_to_latlng(cell)
    frame = LocalFrame(lat0, lon0, 0.0)
    boundary = np.array(h3.cell_to_boundary(cell))
    e, n, _ = frame.to_enu(boundary[:, 0], boundary[:, 1], np.zeros(len(boundary)))
    grown = Polygon(np.stack([e, n], axis=-1)).buffer(REACH_M, quad_segs=16)
    shapely.prepare(grown)
    return frame, grown


def alerted_pairs(second: IntArray, lat: FloatArray, lon: FloatArray) -> tuple[IntArray, list[str]]:
    """Unique (second, cell) pairs alerted: returns (second per pair, cell per pair)."""
    homes = [h3.latlng_to_cell(float(a), float(b), H3_RESOLUTION) for a, b in zip(lat, lon, strict=True)]
    home_ids, home_of = np.unique(np.array(homes, dtype=object), return_inverse=True)
    home_of = home_of.reshape(-1)
    order = np.argsort(home_of, kind="stable")
    bounds = np.searchsorted(home_of[order], np.arange(home_ids.size + 1))
    near: dict[str, set[str]] = {}
    for h in home_ids:
        for c in h3.grid_disk(str(h), _DISK_K):
            near.setdefault(c, set()).add(str(h))
    home_pos = {str(h): j for j, h in enumerate(home_ids)}
    out_s: list[IntArray] = []
    out_c: list[str] = []
    for cell, homes_near in near.items():
        pts = np.concatenate([order[bounds[home_pos[h]] : bounds[home_pos[h] + 1]] for h in homes_near])
        pts = pts[_in_box(cell, lat[pts], lon[pts])]
        if pts.size == 0:
            continue
        frame, grown = _cell_reach(cell)
        e, n, _ = frame.to_enu(lat[pts], lon[pts], np.zeros(pts.size))
        hit = np.unique(second[pts[shapely.contains_xy(grown, e, n)]])
        out_s.append(hit)
        out_c.extend([cell] * hit.size)
    if not out_s:
        return np.zeros(0, np.intp), []
    return np.concatenate(out_s).astype(np.intp), out_c


def _in_box(cell: str, lat: FloatArray, lon: FloatArray) -> np.ndarray:
    """Cheap pre-filter: points inside the cell's lon/lat box widened by ~50 km."""
    b = np.array(h3.cell_to_boundary(cell))
    pad_lon = _BOX_MARGIN_DEG / max(math.cos(math.radians(float(np.abs(b[:, 0]).max()))), 0.05)
    return np.asarray(
        (lat >= b[:, 0].min() - _BOX_MARGIN_DEG)
        & (lat <= b[:, 0].max() + _BOX_MARGIN_DEG)
        & (lon >= b[:, 1].min() - pad_lon)
        & (lon <= b[:, 1].max() + pad_lon),
        bool,
    )


def run_baseline(
    impacts: Impacts, paths: TruthPaths, seconds: IntArray, limit_s: FloatArray
) -> BaselineResult:
    """Apply the regional policy over the scored seconds and judge every impact with it."""
    sec, lat, lon = threat_positions(impacts, paths, seconds)
    pair_s, pair_c = alerted_pairs(sec, lat, lon)
    areas = {c: float(h3.cell_area(c, unit="km^2")) for c in set(pair_c)}
    pair_area = np.array([areas[c] for c in pair_c], float)
    area = np.bincount(pair_s, weights=pair_area, minlength=seconds.size)[: seconds.size].astype(float)
    cell_arr = np.array(pair_c, dtype=object)
    lead = np.array([_cell_lead_s(pair_s, cell_arr, impacts, k) for k in range(len(impacts))], float)
    return BaselineResult(
        t_s=seconds.astype(float),
        area_km2=area,
        burden_km2_min=float(area.sum() / 60.0),
        impacts=judge(impacts, ~np.isnan(lead), lead, limit_s),
    )


def _cell_lead_s(pair_s: IntArray, pair_c: npt.NDArray[np.object_], impacts: Impacts, k: int) -> float:
    """Lead of impact k under the baseline: from the start of its cell's alerted run; NaN if none."""
    t_s = float(impacts.t_s[k])
    cell = h3.latlng_to_cell(float(impacts.lat[k]), float(impacts.lon[k]), H3_RESOLUTION)
    alerted = set(pair_s[pair_c == cell].tolist())
    s = math.floor(t_s)
    if s not in alerted:
        return math.nan
    while s - 1 in alerted:
        s -= 1
    return t_s - s
