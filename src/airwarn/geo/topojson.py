"""Decode TopoJSON topologies (quantized, delta-encoded shared arcs) into shapely geometries.

Pure: takes the already parsed JSON dict. Coordinates come out as (lon, lat) degrees.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

FloatArray = npt.NDArray[np.float64]


def decode_arcs(topology: dict[str, Any]) -> list[FloatArray]:
    """Every arc as an (n, 2) array of absolute positions, undoing delta encoding and quantization."""
    transform = topology.get("transform")
    arcs: list[FloatArray] = []
    for raw in topology.get("arcs", []):
        pts = np.asarray(raw, dtype=float).reshape(-1, 2)
        if transform is not None:
            scale = np.asarray(transform["scale"], dtype=float)
            translate = np.asarray(transform["translate"], dtype=float)
            pts = np.cumsum(pts, axis=0) * scale + translate
        arcs.append(pts)
    return arcs


def _ring(arcs: list[FloatArray], indices: list[int]) -> FloatArray:
    """One ring from arc indices; ~i (negative) means arc i reversed; shared end points dropped."""
    parts: list[FloatArray] = []
    for k, index in enumerate(indices):
        pts = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(pts if k == 0 else pts[1:])
    return np.concatenate(parts) if parts else np.empty((0, 2))


def _polygon(arcs: list[FloatArray], rings: list[list[int]]) -> Polygon:
    """A polygon from its rings of arc indices: the first is the shell, the rest are holes."""
    coords = [_ring(arcs, r) for r in rings]
    coords = [c for c in coords if len(c) >= 4]
    if not coords:
        return Polygon()
    return Polygon(coords[0], coords[1:])


def geometry(arcs: list[FloatArray], obj: dict[str, Any]) -> BaseGeometry:
    """One TopoJSON geometry object (Polygon, MultiPolygon or GeometryCollection) as shapely."""
    kind = obj.get("type")
    if kind == "Polygon":
        return _valid(_polygon(arcs, obj["arcs"]))
    if kind == "MultiPolygon":
        polys = [_polygon(arcs, p) for p in obj["arcs"]]
        return _valid(MultiPolygon([p for p in polys if not p.is_empty]))
    if kind == "GeometryCollection":
        return unary_union([geometry(arcs, g) for g in obj.get("geometries", [])])
    if kind is None:
        return Polygon()
    raise ValueError(f"TopoJSON geometry type {kind!r} is not supported (only polygonal types are)")


def _valid(geom: BaseGeometry) -> BaseGeometry:
    """The geometry, repaired with buffer(0) if quantization left it invalid."""
    return geom if geom.is_valid else geom.buffer(0)


def features(
    topology: dict[str, Any], name: str, arcs: list[FloatArray] | None = None
) -> list[tuple[dict[str, Any], BaseGeometry]]:
    """(properties, geometry) of each member of the named object (or the object itself);
    pass `arcs` from decode_arcs to decode several objects of one topology once."""
    arcs = decode_arcs(topology) if arcs is None else arcs
    obj = topology["objects"][name]
    members = obj["geometries"] if obj.get("type") == "GeometryCollection" else [obj]
    return [(dict(g.get("properties") or {}), geometry(arcs, g)) for g in members]
