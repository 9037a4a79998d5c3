"""Reference geography the simulator and alerting work with: populated places and borders.

Pure containers: loading them from installed data sets is done in airwarn.refdata.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from shapely.geometry.base import BaseGeometry

FloatArray = npt.NDArray[np.float64]
StrArray = npt.NDArray[np.object_]


@dataclass(frozen=True)
class Places:
    """Populated places as columns: name, position (deg) and population."""

    name: StrArray
    lat: FloatArray
    lon: FloatArray
    population: FloatArray

    def __len__(self) -> int:
        return int(self.lat.shape[0])


@dataclass(frozen=True)
class Geography:
    """Countries (shapely geometries in lon/lat degrees, keyed by ISO 3166 alpha-3),
    land, and Ukraine's populated places."""

    countries: dict[str, BaseGeometry]
    land: BaseGeometry
    places: Places

    @property
    def ukraine(self) -> BaseGeometry:
        return self.countries["UKR"]
