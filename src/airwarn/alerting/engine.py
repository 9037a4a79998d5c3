"""The alert engine: track rows in, step by step; Alert, Update and Cancel messages out.

Per track it keeps the latest row, predicts the cells its threat puts in danger (threat_cells.py)
when the track updates, holds cells in danger with hysteresis (danger.py), and keeps one alert
per track: an Alert when its danger cells first appear, an Update when cells are added, many
drop out, or the alert nears its expiry, and a Cancel once no cell is held (threat passed, fell
or vanished). A track gone silent keeps its footprint for a while: threats fly on unseen.
Pure: time comes in with each step; the likely-target places come in with the engine.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

import numpy as np

from airwarn.alerting.cell_store import CellStore
from airwarn.alerting.cells import CellArray, cells_geojson, in_sorted, union_sorted
from airwarn.alerting.danger import CellDanger
from airwarn.alerting.footprint_cells import FootprintCells, merge_keeping
from airwarn.alerting.messages import headline
from airwarn.alerting.policy import AlertPolicy
from airwarn.alerting.threat_cells import sighting_cells, threat_cells
from airwarn.scenario.model import AlertMessage, Area, FloatArray, Tracks
from airwarn.threat.impact import path_glide_ratio
from airwarn.threat.kinds import (
    CRUISE,
    DIVE_RATE_MPS,
    DRONE,
    GLIDE_BOMB,
    IMPACT_KINDS,
    MIN_THREAT_SPEED_MPS,
    UNKNOWN,
    infer_kinds,
    powered_flight,
    time_critical,
)
from airwarn.threat.targets import TargetPlaces

HISTORY_S: Final = (20.0, 60.0)
"""A track's glide ratio is measured from its row between these many seconds ago and now."""


TARGET_MARGIN_DEG: Final = 0.25
"""Places this far (degrees, ~25 km) beyond the scenario's area may still be aimed at: the area is
where the sensors look and the threats come down, its edge towns included."""


@lru_cache(maxsize=4)
def default_targets(min_population: float, area: Area | None = None) -> TargetPlaces:
    """Populated places of at least min_population people (installed GeoNames data): of every
    country in and around the area (threats are aimed where people live, whichever side of a
    border), or Ukraine's when no area is given."""
    from airwarn.refdata.places import load_places

    pop = max(500, int(min_population))
    if area is None:
        p = load_places(min_population=pop)
    else:
        m = TARGET_MARGIN_DEG
        p = load_places(None, pop, (area.south - m, area.west - m, area.north + m, area.east + m))
    return TargetPlaces.from_population(p.lat, p.lon, p.population)


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
    v_sigma_mps: float = math.nan
    v_up_sigma_mps: float = math.nan
    confirmed: bool = False
    n_rows: int = 0
    first_t_s: float = math.nan
    provisional: bool = False
    """Acted on only as a young tentative drone or cruise missile (tentative_flyer_rows)."""
    spread_cells: CellArray = field(default_factory=lambda: np.zeros(0, np.int64))
    """Cells its corridors put in only while its course was uncertain (corridor_cells); released
    once the course settles, unless the settled footprint has them."""
    kind: str = UNKNOWN
    impact_t_s: float = math.nan
    alive: bool = True
    lost_t_s: float = math.inf
    predicted_t_s: float = -math.inf
    decide_t_s: float = -math.inf
    history: deque[FloatArray] = field(default_factory=lambda: deque(maxlen=64))
    danger: CellDanger = field(default_factory=CellDanger)
    alert: _OpenAlert | None = None


def _sighting(row: FloatArray) -> bool:
    """A track row without a velocity: a position seen, not yet a flight."""
    return bool(abs(row[4]) < 1.0 and abs(row[5]) < 1.0 and abs(row[6]) < 1.0)


def _reported(st: _TrackState) -> bool:
    """A tentative track the tracker already names a drone or cruise missile: people reported it
    and the course it flew (airwarn's tracker names no other tentative track)."""
    return not st.confirmed and st.reported_kind in (DRONE, CRUISE)


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
    """Turns track updates into alert messages under an AlertPolicy (see the module docstring).

    targets: the places drones and cruise missiles may be aimed at; by default the places of at
    least policy.target_min_population people in and around `area` (any country; Ukraine's
    without an area). TargetPlaces.none() for corridors alone.
    """

    def __init__(
        self, policy: AlertPolicy | None = None, targets: TargetPlaces | None = None, area: Area | None = None
    ) -> None:
        self.policy = policy or AlertPolicy()
        places = default_targets(self.policy.target_min_population, area) if targets is None else targets
        self._cells = FootprintCells(CellStore(self.policy.h3_res), places)
        self._tracks: dict[str, _TrackState] = {}
        self._issued = 0

    def step(self, t_s: float, updates: Tracks) -> list[AlertMessage]:
        """Take this step's track rows (only tracks updated in it; the engine keeps the latest row per
        track itself), and return the alert messages issued at t_s."""
        fresh = self._ingest(updates)
        self._forget(t_s)
        threats = []
        for tid in fresh:
            st = self._tracks[tid]
            if self._qualifies(st):
                threats.append(tid)
            elif st.danger.cells.size:
                st.danger.clear_footprint()
                st.decide_t_s = t_s
        self._predict(t_s, [tid for tid in threats if self._predict_due(t_s, self._tracks[tid])])
        out: list[AlertMessage] = []
        for tid in list(self._tracks):
            st = self._tracks[tid]
            if t_s < st.decide_t_s:
                continue
            message = self._decide(t_s, tid, st)
            if message is not None:
                out.append(message)
            fast = st.kind in IMPACT_KINDS
            st.decide_t_s = t_s + (0.0 if fast else self.policy.decide_every_s)
            if not st.alive and st.alert is None and st.danger.held.size == 0 and st.danger.cells.size == 0:
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
        table = np.column_stack(
            [updates.t_s, updates.lat, updates.lon, updates.alt_m,
             updates.v_east_mps, updates.v_north_mps, updates.v_up_mps]
        ).astype(float)  # fmt: skip
        for tid, i in last.items():
            st = self._tracks[tid]
            if math.isnan(st.first_t_s):
                st.first_t_s = float(table[i, 0])
            st.row = table[i]
            st.reported_kind = str(updates.object_kind[i])
            st.v_sigma_mps = float(updates.v_sigma_mps[i])
            st.v_up_sigma_mps = float(updates.v_up_sigma_mps[i])
            st.confirmed = bool(updates.confirmed[i])
            st.alive, st.lost_t_s = True, math.inf
            while st.history and st.history[0][0] < st.row[0] - HISTORY_S[1]:
                st.history.popleft()
            st.history.append(st.row)
        return list(last)

    def _forget(self, t_s: float) -> None:
        """Tracks silent longer than the timeout are lost: their footprint is kept for a while
        (lost_keep_s for corridors, until the impact for impact kinds), then dropped."""
        p = self.policy
        for st in self._tracks.values():
            timeout = p.provisional_timeout_s if st.provisional else p.track_timeout_s
            if st.alive and t_s - st.row[0] > timeout:
                st.alive, st.lost_t_s = False, t_s
                if st.provisional:
                    st.danger.clear()  # a young flyer never confirmed, now gone: likely clutter, all clear
                    st.decide_t_s = t_s
            if not st.alive and st.danger.cells.size:
                keep = p.passed_s if st.kind in IMPACT_KINDS else p.lost_keep_s
                if t_s - st.lost_t_s > keep and not (st.kind in IMPACT_KINDS and st.impact_t_s > t_s):
                    st.danger.clear_footprint()
                    st.decide_t_s = t_s

    def _qualifies(self, st: _TrackState) -> bool:
        """Confirmed tracks, sightings (no velocity), tentative tracks the tracker names a drone or
        cruise missile (people reported it and its course), tentative tracks that are fast and high,
        and tentative drones and cruise missiles with tentative_flyer_rows rows (provisional: cleared
        at once if they fall silent unconfirmed)."""
        st.provisional = False
        if st.confirmed or _sighting(st.row) or _reported(st):
            return True
        p = self.policy
        critical = p.tentative_time_critical and st.n_rows >= p.min_tentative_rows and self._time_critical(st)
        if (
            not critical
            and p.tentative_flyer_rows
            and st.n_rows >= p.tentative_flyer_rows
            and self._low_flyer(st)
        ):
            st.provisional = True
            return True
        return critical

    @staticmethod
    def _low_flyer(st: _TrackState) -> bool:
        """A drone or cruise missile by its kinematics (or reported kind)."""
        speed = np.array([math.hypot(st.row[4], st.row[5])])
        kind = infer_kinds(np.array([st.reported_kind], dtype=object), speed, st.row[3:4], st.row[6:7])[0]
        return str(kind) in (DRONE, CRUISE)

    @staticmethod
    def _time_critical(st: _TrackState) -> bool:
        speed = np.array([math.hypot(st.row[4], st.row[5])])
        return bool(time_critical(speed, st.row[3:4], st.row[6:7], np.array([st.v_up_sigma_mps]))[0])

    @staticmethod
    def _holds_height(st: _TrackState, speed_mps: float) -> bool:
        """A fast, high track that has not sunk as a glide must over its recent rows (powered_flight)
        and is not diving now (a powered flyer that dives is coming down on a point)."""
        if len(st.history) < 5 or st.row[6] < -DIVE_RATE_MPS:
            return False
        rows = np.stack(st.history)
        return powered_flight(rows[:, 0], rows[:, 3], speed_mps)

    def _predict_due(self, t_s: float, st: _TrackState) -> bool:
        """Impact kinds, fast tracks and young tracks (whose velocity is still settling) every
        update; corridors every predict_every_s."""
        if st.kind in IMPACT_KINDS or st.alert is None or self._time_critical(st):
            return True
        if st.row[0] - st.first_t_s < self.policy.young_track_s:
            return True
        return t_s - st.predicted_t_s >= self.policy.predict_every_s

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
            if kinds[j] == GLIDE_BOMB and self._holds_height(st, float(speed[j])):
                kinds[j] = CRUISE
            st.kind = str(kinds[j])
            st.predicted_t_s = st.decide_t_s = t_s
        sighting = np.array([_sighting(r) for r in rows], dtype=bool)
        moving = (np.hypot(speed, rows[:, 6]) >= MIN_THREAT_SPEED_MPS) & ~sighting
        for st in (s for s, m in zip(states, moving, strict=True) if not m):
            st.danger.clear_footprint()
        idx = np.flatnonzero(moving)
        moved = [states[k] for k in idx]
        sigmas = np.array([(st.v_sigma_mps, st.v_up_sigma_mps) for st in moved], dtype=float).reshape(-1, 2)
        footprints, t_impact, spread = threat_cells(
            self._cells, self.policy, t_s, kinds[idx], rows[idx], _glide_ratios(moved), sigmas
        )
        for j, k in enumerate(idx):
            st = states[k]
            st.impact_t_s = float(t_impact[j])
            if self._waits_for_confirmation(t_s, st):
                st.danger.clear_footprint()
                continue
            if _reported(st):  # seen there, flying on: the sighting and the corridor ahead
                footprints[j] = merge_keeping(
                    sighting_cells(self._cells, self.policy, t_s, rows[k]), footprints[j]
                )
            st.danger.set_footprint(*footprints[j])
            if spread[j].size:
                st.spread_cells = union_sorted(st.spread_cells, spread[j])
            elif st.spread_cells.size:  # the course has settled
                st.danger.release(st.spread_cells)
                st.spread_cells = np.zeros(0, np.int64)
        for k in np.flatnonzero(sighting):
            states[k].danger.set_footprint(*sighting_cells(self._cells, self.policy, t_s, rows[k]))

    def _waits_for_confirmation(self, t_s: float, st: _TrackState) -> bool:
        """A tentative glide bomb or ballistic missile predicted to come down more than
        tentative_impact_wait_s from now: there is time to confirm it first."""
        far = st.impact_t_s - t_s > self.policy.tentative_impact_wait_s
        return not st.confirmed and st.kind in IMPACT_KINDS and far

    def _decide(self, t_s: float, tid: str, st: _TrackState) -> AlertMessage | None:
        """Advance the track's cell danger and issue its Alert, Update or Cancel, if any."""
        p = self.policy
        if st.alert is None and st.danger.cells.size == 0 and st.danger.held.size == 0:
            return None
        hold_s = p.impact_hold_s if st.kind in IMPACT_KINDS else p.hold_s
        held = st.danger.advance(t_s, st.danger.within(t_s, p.horizon_s, p.passed_s), hold_s, p.passed_s)
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
