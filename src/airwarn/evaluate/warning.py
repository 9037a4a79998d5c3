"""Warning scores per impact: warned, lead time, limit, sufficient.

Lead is the impact time minus the start of the impact point's unbroken coverage by alerts in
force. Limit is the impact time minus the object's first counting detection; an object never
detected gets limit 0 (no system could have warned from the sensors), so any warning of it is
sufficient. Sufficient means warned with lead >= min(0.9 * limit, 600 s).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from airwarn.evaluate.alert_timeline import AlertPiece, coverage_start, pieces_covering
from airwarn.evaluate.attribution import Attribution
from airwarn.scenario.model import BoolArray, FloatArray, Impacts, StrArray

LIMIT_SHARE: Final = 0.9
SHELTER_S: Final = 600.0
LATE_LEAD_S: Final = 15.0
LATE_LIMIT_S: Final = 60.0


@dataclass(frozen=True)
class ImpactTable:
    """One row per impact (impacts.csv order); lead_s is NaN where not warned."""

    object_id: StrArray
    object_kind: StrArray
    t_s: FloatArray
    lat: FloatArray
    lon: FloatArray
    warned: BoolArray
    lead_s: FloatArray
    limit_s: FloatArray
    sufficient: BoolArray

    def rows(self) -> list[dict[str, Any]]:
        """The table as JSON-ready dicts (NaN as None)."""
        return [
            {
                "object_id": str(self.object_id[k]),
                "kind": str(self.object_kind[k]),
                "t_s": float(self.t_s[k]),
                "warned": bool(self.warned[k]),
                "lead_s": None if math.isnan(self.lead_s[k]) else float(self.lead_s[k]),
                "limit_s": float(self.limit_s[k]),
                "sufficient": bool(self.sufficient[k]),
            }
            for k in range(self.t_s.size)
        ]


def required_lead_s(limit_s: FloatArray) -> FloatArray:
    """The lead a sufficient warning needs: min(90 % of the limit, 10 minutes)."""
    return np.minimum(LIMIT_SHARE * np.asarray(limit_s, float), SHELTER_S)


def impact_limits_s(impacts: Impacts, attribution: Attribution) -> FloatArray:
    """Impact time minus the object's first counting detection (0 when never detected)."""
    first = dict(zip(attribution.ids.tolist(), attribution.first_t_s.tolist(), strict=True))
    first_t = np.array([first.get(str(o), math.nan) for o in impacts.object_id], float)
    return np.where(np.isnan(first_t), 0.0, np.maximum(impacts.t_s - np.nan_to_num(first_t), 0.0))


def judge(impacts: Impacts, warned: BoolArray, lead_s: FloatArray, limit_s: FloatArray) -> ImpactTable:
    """Put warned/lead/limit together and decide sufficiency."""
    sufficient = warned & (np.nan_to_num(lead_s, nan=-1.0) >= required_lead_s(limit_s))
    return ImpactTable(
        object_id=impacts.object_id,
        object_kind=impacts.object_kind,
        t_s=impacts.t_s,
        lat=impacts.lat,
        lon=impacts.lon,
        warned=warned,
        lead_s=lead_s,
        limit_s=limit_s,
        sufficient=sufficient,
    )


def warn_impacts(impacts: Impacts, pieces: Sequence[AlertPiece], limit_s: FloatArray) -> ImpactTable:
    """Judge each impact against the alert timeline."""
    n = len(impacts)
    lead = np.full(n, np.nan)
    for k in range(n):
        covers = pieces_covering(pieces, float(impacts.lon[k]), float(impacts.lat[k]))
        start = coverage_start(pieces, covers, float(impacts.t_s[k]))
        lead[k] = float(impacts.t_s[k]) - start
    return judge(impacts, ~np.isnan(lead), lead, limit_s)


@dataclass(frozen=True)
class WarningSummary:
    """The headline warning figures of one impact table."""

    n_impacts: int
    share_warned: float
    share_sufficient: float
    n_late_warned: int
    n_undetected: int
    """Impacts no sensor ever detected (limit 0): an extension, the contract counts them as usual."""
    share_warned_detected: float
    """Share warned among the impacts the sensors detected at least once (NaN if none)."""
    share_sufficient_detected: float


def summarise(table: ImpactTable) -> WarningSummary:
    """Shares warned and sufficiently warned (NaN with no impacts); warned-too-late count.

    Late: warned with lead under 15 s although the limit exceeded 60 s.
    """
    n = int(table.t_s.size)
    late = table.warned & (np.nan_to_num(table.lead_s) < LATE_LEAD_S) & (table.limit_s > LATE_LIMIT_S)
    detected = table.limit_s > 0
    n_detected = int(detected.sum())
    return WarningSummary(
        n_impacts=n,
        share_warned=float(np.mean(table.warned)) if n else math.nan,
        share_sufficient=float(np.mean(table.sufficient)) if n else math.nan,
        n_late_warned=int(late.sum()),
        n_undetected=n - n_detected,
        share_warned_detected=float(np.mean(table.warned[detected])) if n_detected else math.nan,
        share_sufficient_detected=float(np.mean(table.sufficient[detected])) if n_detected else math.nan,
    )
