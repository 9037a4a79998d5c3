"""H3 cells for footprints: outline to cells, cell centres, and cells to GeoJSON areas."""

from __future__ import annotations

from typing import Any

import h3.api.basic_int as h3
import numpy as np
import numpy.typing as npt

from airwarn.scenario.model import FloatArray

CellArray = npt.NDArray[np.int64]


def outline_cells(ring_lat: FloatArray, ring_lon: FloatArray, res: int) -> CellArray:
    """Sorted unique cells (M,) overlapping the closed outline (K,) in lat/lon degrees."""
    poly = h3.LatLngPoly(list(zip(ring_lat.tolist(), ring_lon.tolist(), strict=True)))
    cells = h3.h3shape_to_cells_experimental(poly, res, contain="overlap")
    return union_sorted(np.asarray(cells, dtype=np.int64), np.zeros(0, dtype=np.int64))


def in_sorted(values: CellArray, sorted_cells: CellArray) -> npt.NDArray[np.bool_]:
    """Membership of each of values (M,) in sorted_cells (K,), sorted ascending: np.isin by
    binary search, several times cheaper than the hash-based np.isin on every engine step."""
    if sorted_cells.size == 0:
        return np.zeros(values.shape, dtype=bool)
    index = np.minimum(np.searchsorted(sorted_cells, values), sorted_cells.size - 1)
    return np.asarray(sorted_cells[index] == values)


def union_sorted(a: CellArray, b: CellArray) -> CellArray:
    """Sorted unique union of two cell arrays (np.union1d by one sort, no hashing)."""
    merged = np.sort(np.concatenate((a, b)))
    if merged.size < 2:
        return merged
    return merged[np.concatenate(([True], merged[1:] != merged[:-1]))]


def point_cell(lat: float, lon: float, res: int) -> int:
    """The cell holding a point."""
    return int(h3.latlng_to_cell(lat, lon, res))


def cell_centres(cells: CellArray) -> tuple[FloatArray, FloatArray]:
    """Lat and lon (M,) of the cells' centres, degrees."""
    if cells.size == 0:
        return np.zeros(0), np.zeros(0)
    ll = np.array([h3.cell_to_latlng(int(c)) for c in cells], dtype=float)
    return ll[:, 0], ll[:, 1]


def cells_geojson(cells: CellArray) -> dict[str, Any]:
    """The cells merged into one GeoJSON Polygon or MultiPolygon (lon first, closed rings)."""
    shape = h3.cells_to_h3shape([int(c) for c in cells]).__geo_interface__
    coords = shape["coordinates"]
    if shape["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": _rings(coords)}
    return {"type": shape["type"], "coordinates": [_rings(poly) for poly in coords]}


def _rings(rings: Any) -> list[list[list[float]]]:
    """A polygon's rings of (lon, lat) tuples as JSON arrays."""
    return [[[float(x), float(y)] for x, y in ring] for ring in rings]
