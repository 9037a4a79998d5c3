"""Locate front-end libraries installed from npm (Leaflet) the way the atlas is located.

AIRWARN_LEAFLET if set, else the nearest node_modules/leaflet/dist above this package or the cwd.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from airwarn.errors import DataMissingError

LEAFLET_PACKAGE: Final = "leaflet"
LEAFLET_DIST: Final = Path("node_modules") / LEAFLET_PACKAGE / "dist"
ENV_VAR: Final = "AIRWARN_LEAFLET"


def find_leaflet() -> Path:
    """The folder holding leaflet.js and leaflet.css (Leaflet's dist/)."""
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override)
        if not (path / "leaflet.js").is_file():
            raise DataMissingError(
                f"{ENV_VAR}={override} holds no leaflet.js; set it to node_modules/leaflet/dist or unset it"
            )
        return path
    for start in (Path(__file__).resolve().parent, Path.cwd().resolve()):
        for folder in (start, *start.parents):
            candidate = folder / LEAFLET_DIST
            if (candidate / "leaflet.js").is_file():
                return candidate
    raise DataMissingError(
        f"Leaflet is not installed: run `npm ci` in the airwarn repository (it installs "
        f"node_modules/{LEAFLET_PACKAGE}), or set {ENV_VAR} to its dist/ folder"
    )


def safe_file(root: Path, relative: str) -> Path | None:
    """root/relative if it is a file inside root (no `..` escapes, no hidden files), else None."""
    if not relative or any(part.startswith(".") for part in Path(relative).parts):
        return None
    root = root.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path
