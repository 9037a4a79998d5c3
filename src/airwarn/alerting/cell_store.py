"""H3 cells with their centres, loaded a tile (a coarse parent cell) at a time and kept.

Footprints are put on cells by testing cell centres against shapes in numpy, instead of an H3
polygon fill per footprint: the store hands out every cell of the tiles near a point, with the
centres it computed once per tile.
"""

from __future__ import annotations

import math
from typing import Final

import h3.api.basic_int as h3
import numpy as np

from airwarn.alerting.cells import CellArray
from airwarn.scenario.model import FloatArray

TILE_RES_STEP: Final = 3
"""Tiles are the parents this many resolutions coarser (res 7 cells in res 4 tiles: 343 each)."""


class CellStore:
    """Cells of one H3 resolution by tile; tiles are computed on first use and kept."""

    def __init__(self, res: int) -> None:
        self.res = res
        self.tile_res = max(res - TILE_RES_STEP, 0)
        self.cell_radius_m = float(h3.average_hexagon_edge_length(res, "m"))
        """A cell's circumradius: its centre is at most this far from any of its points."""
        self.tile_radius_m = float(h3.average_hexagon_edge_length(self.tile_res, "m")) * 1.15
        self._tiles: dict[int, tuple[CellArray, FloatArray, FloatArray]] = {}
        self._tile_centres: dict[int, tuple[float, float]] = {}

    def tiles_near(self, lat: float, lon: float, radius_m: float) -> tuple[list[int], FloatArray, FloatArray]:
        """Tiles that may hold a point within radius_m of (lat, lon), with their centres (lat, lon)."""
        home = h3.latlng_to_cell(lat, lon, self.tile_res)
        spacing_m = self.tile_radius_m / 1.15 * math.sqrt(3.0)
        k = math.ceil(radius_m / (0.85 * spacing_m)) + 1
        tiles = h3.grid_disk(home, k)
        centres = np.array([self._centre(t) for t in tiles], dtype=float).reshape(-1, 2)
        return tiles, centres[:, 0], centres[:, 1]

    def cells_of(self, tiles: list[int]) -> tuple[CellArray, FloatArray, FloatArray]:
        """Every cell of the tiles (concatenated) with its centre's lat and lon, degrees."""
        parts = [self._tile(t) for t in tiles]
        if not parts:
            return np.zeros(0, np.int64), np.zeros(0), np.zeros(0)
        return (
            np.concatenate([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]),
        )

    def _centre(self, tile: int) -> tuple[float, float]:
        c = self._tile_centres.get(tile)
        if c is None:
            c = self._tile_centres[tile] = h3.cell_to_latlng(tile)
        return c

    def _tile(self, tile: int) -> tuple[CellArray, FloatArray, FloatArray]:
        got = self._tiles.get(tile)
        if got is None:
            cells = np.sort(np.asarray(h3.cell_to_children(tile, self.res), dtype=np.int64))
            ll = np.array([h3.cell_to_latlng(int(c)) for c in cells], dtype=float)
            got = self._tiles[tile] = (cells, ll[:, 0], ll[:, 1])
        return got
