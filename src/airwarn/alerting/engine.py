"""The alert engine: track rows in, step by step; Alert, Update and Cancel messages out.

Per track it keeps the latest row, predicts the threat's footprint on H3 cells when the track
updates, holds cells in danger with hysteresis (danger.py), and keeps one alert per track:
an Alert when its danger cells first appear, an Update when cells are added, many drop out, or
the alert nears its expiry, and a Cancel once no cell is held (threat passed, fell or vanished).
Pure: time comes in with each step.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from airwarn.alerting.cells import (
    CellArray,
    cell_centres,
    cells_geojson,
    in_sorted,
    outline_cells,
    point_cell,
    union_sorted,
)
from airwarn.alerting.danger import CellDanger
from airwarn.alerting.messages import headline
from airwarn.alerting.policy import AlertPolicy
from airwarn.scenario.model import AlertMessage, FloatArray, Tracks
from airwarn.threat.impact import path_glide_ratio
from airwarn.threat.kinds import IMPACT_KINDS, MIN_THREAT_SPEED_MPS, UNKNOWN, infer_kinds, time_critical
from airwarn.threat.predict import Footprint, predict

HISTORY_S: Final = (20.0, 60.0)
"""A track's glide ratio is measured from its row between these many seconds ago and now."""


@dataclass
class _OpenAlert:
    alert_id: str
    cells: CellArray
    expires_t_s: float
    area: dict[str, object]


@dataclass
class _TrackState:
    row: FloatArray = field(default_factory=lambda: np.full(7, np.nan))
    """t_s, lat, lon, alt_m, v_east, v_north, v_up of the latest row."""
    reported_kind: str = ""
    confirmed: bool = False
    n_rows: int = 0
    kind: str = UNKNOWN
    impact_t_s: float = math.nan
    alive: bool = True
    history: deque[FloatArray] = field(default_factory=lambda: deque(maxlen=64))
    danger: CellDanger = field(default_factory=CellDanger)
    alert: _OpenAlert | None = None


def _glide_ratios(states: list[_TrackState]) -> FloatArray:
    """Each track's glide ratio flown since its oldest row within HISTORY_S (NaN if none)."""
    old = np.full((len(states), 7), np.nan)
    for k, st in enumerate(states):
        row = st.history[0] if st.history else st.row
        if row[0] <= st.row[0] - HISTORY_S[0]:
            old[k] = row
    new = np.stack([st.row for st in states]) if states else np.zeros((0, 7))
    return path_glide_ratio(old[:, 1], old[:, 2], old[:, 3], new[:, 1], new[:, 2], new[:, 3])


class AlertEngine:
    """Turns track updates into alert messages under an AlertPolicy (see the module docstring)."""

    def __init__(self, policy: AlertPolicy | None = None) -> None:
        self.policy = policy or AlertPolicy()
        self._tracks: dict[str, _TrackState] = {}
        self._issued = 0

    def step(self, t_s: float, updates: Tracks) -> list[AlertMessage]:
        """Take this step's track rows (only tracks updated in it; the engine keeps the latest row per
        track itself and forgets tracks silent > 30 s), and return the alert messages issued at t_s."""
        fresh = self._ingest(updates)
        self._forget(t_s)
        threats = [tid for tid in fresh if self._qualifies(self._tracks[tid])]
        for tid in set(fresh).difference(threats):
            self._tracks[tid].danger.clear_footprint()
        self._predict(t_s, threats)
        out: list[AlertMessage] = []
        for tid in list(self._tracks):
            message = self._decide(t_s, tid, self._tracks[tid])
            if message is not None:
                out.append(message)
            st = self._tracks[tid]
            if not st.alive and st.alert is None and st.danger.held.size == 0:
                del self._tracks[tid]
        return out

    def _ingest(self, updates: Tracks) -> list[str]:
        """Store each updated track's latest row; return the updated track ids."""
        if len(updates) == 0:
            return []
        order = np.argsort(updates.t_s, kind="stable")
        last: dict[str, int] = {}
        for i in order.tolist():
            tid = str(updates.track_id[i])
            last[tid] = i
            self._tracks.setdefault(tid, _TrackState()).n_rows += 1
        for tid, i in last.items():
            st = self._tracks[tid]
            st.row = np.array(
                [updates.t_s[i], updates.lat[i], updates.lon[i], updates.alt_m[i],
                 updates.v_east_mps[i], updates.v_north_mps[i], updates.v_up_mps[i]],
                dtype=float,
            )  # fmt: skip
            st.reported_kind = str(updates.object_kind[i])
            st.confirmed = bool(updates.confirmed[i])
            st.alive = True
            while st.history and st.history[0][0] < st.row[0] - HISTORY_S[1]:
                st.history.popleft()
            st.history.append(st.row)
        return list(last)

    def _forget(self, t_s: float) -> None:
        """Tracks silent longer than the timeout lose their footprint (held cells decay)."""
        for st in self._tracks.values():
            if st.alive and t_s - st.row[0] > self.policy.track_timeout_s:
                st.alive = False
                st.danger.clear_footprint()

    def _qualifies(self, st: _TrackState) -> bool:
        """Confirmed tracks, and tentative ones that are fast and high (time-critical)."""
        if st.confirmed:
            return True
        p = self.policy
        if not p.tentative_time_critical or st.n_rows < p.min_tentative_rows:
            return False
        speed = np.array([math.hypot(st.row[4], st.row[5])])
        return bool(time_critical(speed, st.row[3:4], st.row[6:7])[0])

    def _predict(self, t_s: float, track_ids: list[str]) -> None:
        """Fresh footprints for the given tracks, as cells with arrival times."""
        if not track_ids:
            return
        states = [self._tracks[tid] for tid in track_ids]
        rows = np.stack([st.row for st in states])
        speed = np.hypot(rows[:, 4], rows[:, 5])
        reported = np.array([st.reported_kind for st in states], dtype=object)
        kinds = infer_kinds(reported, speed, rows[:, 3], rows[:, 6])
        for j, st in enumerate(states):
            if st.kind in IMPACT_KINDS:
                kinds[j] = st.kind
            st.kind = str(kinds[j])
        moving = np.hypot(speed, rows[:, 6]) >= MIN_THREAT_SPEED_MPS
        for st in (s for s, m in zip(states, moving, strict=True) if not m):
            st.danger.clear_footprint()
        idx = np.flatnonzero(moving)
        p = self.policy
        ids = np.array(track_ids, dtype=object)[idx]
        r = rows[idx]
        footprints = predict(
            t_s, ids, kinds[idx], r[:, 1], r[:, 2], r[:, 3], r[:, 4:7],
            p.horizon_s + p.update_ahead_s, p.min_probability, p.prediction,
            _glide_ratios([states[k] for k in idx]),
        )  # fmt: skip
        for f in footprints:
            self._place(self._tracks[f.track_id], f)

    def _place(self, st: _TrackState, f: Footprint) -> None:
        """Put one footprint on cells: those overlapping its outline (and the impact point's)."""
        res = self.policy.h3_res
        cells = outline_cells(f.ring_lat, f.ring_lon, res)
        if f.is_impact:
            cells = union_sorted(cells, np.array([point_cell(f.impact_lat, f.impact_lon, res)], np.int64))
        lat, lon = cell_centres(cells)
        st.impact_t_s = f.impact_t_s
        st.danger.set_footprint(cells, f.arrival_t_s(lat, lon))

    def _decide(self, t_s: float, tid: str, st: _TrackState) -> AlertMessage | None:
        """Advance the track's cell danger and issue its Alert, Update or Cancel, if any."""
        p = self.policy
        if st.alert is None and st.danger.cells.size == 0 and st.danger.held.size == 0:
            return None
        hold_s = p.impact_hold_s if st.kind in IMPACT_KINDS else p.hold_s
        held = st.danger.advance(t_s, st.danger.within(t_s, p.horizon_s, p.passed_s), hold_s)
        a = st.alert
        if a is None:
            return self._issue(t_s, tid, st, held, "Alert") if held.size else None
        if held.size == 0:
            st.alert = None
            return self._message(a.alert_id, "Cancel", t_s, t_s, a.area, tid, st, None)
        added = not bool(np.all(in_sorted(held, a.cells)))
        dropped = float(np.mean(~in_sorted(a.cells, held))) >= p.material_change
        if added or dropped or t_s >= a.expires_t_s - p.refresh_before_s:
            return self._issue(t_s, tid, st, held, "Update")
        return None

    def _issue(self, t_s: float, tid: str, st: _TrackState, held: CellArray, msg_type: str) -> AlertMessage:
        """Alert or Update the track's alert to cover the held cells and those soon in danger."""
        p = self.policy
        cells = union_sorted(held, st.danger.within(t_s, p.horizon_s + p.update_ahead_s, p.passed_s))
        expires = (
            max(st.danger.latest_eta_t_s(cells, t_s), t_s + max(p.hold_s, p.impact_hold_s))
            + p.expiry_margin_s
        )
        if st.alert is None:
            self._issued += 1
            alert_id = f"aw-{self._issued:06d}"
        else:
            alert_id = st.alert.alert_id
        area = cells_geojson(cells)
        st.alert = _OpenAlert(alert_id, cells, expires, area)
        eta = st.impact_t_s if st.kind in IMPACT_KINDS else st.danger.earliest_eta_t_s(cells, t_s)
        return self._message(alert_id, msg_type, t_s, expires, area, tid, st, eta)

    def _message(
        self,
        alert_id: str,
        msg_type: str,
        t_s: float,
        expires_t_s: float,
        area: dict[str, object],
        tid: str,
        st: _TrackState,
        eta_t_s: float | None,
    ) -> AlertMessage:
        """An AlertMessage for the track's alert."""
        kind = "" if st.kind == UNKNOWN else st.kind
        eta = None if eta_t_s is None or math.isnan(eta_t_s) else float(eta_t_s)
        return AlertMessage(
            alert_id=alert_id,
            msg_type=msg_type,
            t_s=float(t_s),
            expires_t_s=float(expires_t_s),
            area=dict(area),
            threat_track_ids=(tid,),
            object_kind=kind,
            eta_t_s=eta,
            headline=headline(kind),
        )
