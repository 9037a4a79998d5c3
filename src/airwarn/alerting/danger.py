"""Danger on H3 cells for one track, with cell-level hysteresis.

A cell is in danger while the threat's predicted arrival over it is at most the horizon ahead
and at most passed_s behind. Once in danger, a cell is held for hold_s after its danger last
held, so a prediction that flickers does not make the alert flap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from airwarn.alerting.cells import CellArray, in_sorted, union_sorted
from airwarn.scenario.model import FloatArray


def _no_cells() -> CellArray:
    return np.zeros(0, dtype=np.int64)


@dataclass
class CellDanger:
    """One track's footprint cells (sorted) with their arrival times, and the cells it holds."""

    cells: CellArray = field(default_factory=_no_cells)
    eta_t_s: FloatArray = field(default_factory=lambda: np.zeros(0))
    held: CellArray = field(default_factory=_no_cells)
    held_last_t_s: FloatArray = field(default_factory=lambda: np.zeros(0))
    held_eta_t_s: FloatArray = field(default_factory=lambda: np.zeros(0))

    def set_footprint(self, cells: CellArray, eta_t_s: FloatArray) -> None:
        """Replace the footprint (cells (M,) and arrival times (M,)) with a fresh prediction."""
        order = np.argsort(cells, kind="stable")
        self.cells, self.eta_t_s = cells[order], eta_t_s[order]

    def clear_footprint(self) -> None:
        """Drop the footprint (the track is gone or no longer a threat); held cells decay."""
        self.cells, self.eta_t_s = _no_cells(), np.zeros(0)

    def clear(self) -> None:
        """Drop the footprint and the held cells at once (the threat was never real)."""
        self.clear_footprint()
        self.held, self.held_last_t_s, self.held_eta_t_s = _no_cells(), np.zeros(0), np.zeros(0)

    def release(self, cells: CellArray) -> None:
        """Stop holding those of the given cells (sorted) that the footprint no longer has: a
        course just learnt shows the threat is not heading there, and hysteresis is for
        flickering predictions, not for this."""
        drop = in_sorted(self.held, cells) & ~in_sorted(self.held, self.cells)
        self.held, self.held_last_t_s, self.held_eta_t_s = (
            self.held[~drop],
            self.held_last_t_s[~drop],
            self.held_eta_t_s[~drop],
        )

    def within(self, t_s: float, ahead_s: float, passed_s: float) -> CellArray:
        """Footprint cells whose arrival lies in [t_s - passed_s, t_s + ahead_s]."""
        dt = self.eta_t_s - t_s
        return self.cells[(dt <= ahead_s) & (dt >= -passed_s)]

    def advance(self, t_s: float, danger: CellArray, hold_s: float, passed_s: float = np.inf) -> CellArray:
        """Mark `danger` cells (sorted, footprint cells) as in danger at t_s; return the held
        cells (sorted). A cell is held hold_s after its danger last held, unless the threat has
        passed it (its last arrival more than passed_s ago): hysteresis is for flickering
        predictions, not for places already flown over."""
        merged = union_sorted(self.held, danger)
        last = np.full(merged.shape, -np.inf)
        eta = np.full(merged.shape, np.inf)
        at_held = np.searchsorted(merged, self.held)
        last[at_held], eta[at_held] = self.held_last_t_s, self.held_eta_t_s
        at_danger = np.searchsorted(merged, danger)
        last[at_danger] = t_s
        eta[at_danger] = self.eta_t_s[np.searchsorted(self.cells, danger)] if danger.size else eta[at_danger]
        keep = (t_s - last <= hold_s) & (eta >= t_s - passed_s)
        self.held, self.held_last_t_s, self.held_eta_t_s = merged[keep], last[keep], eta[keep]
        return self.held

    def earliest_eta_t_s(self, cells: CellArray, t_s: float) -> float:
        """Earliest predicted arrival (not before t_s) over the given footprint cells; t_s if none."""
        eta = self.eta_t_s[in_sorted(self.cells, cells)]
        return float(max(np.min(eta), t_s)) if eta.size else t_s

    def latest_eta_t_s(self, cells: CellArray, t_s: float) -> float:
        """Latest predicted arrival over the given footprint cells, at least t_s."""
        eta = self.eta_t_s[in_sorted(self.cells, cells)]
        return float(max(np.max(eta), t_s)) if eta.size else t_s
