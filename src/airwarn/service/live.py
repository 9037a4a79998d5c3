"""The live picture: stored detections fused scan by scan with the batch runner's Fusion.

A scan (t - scan_s, t] is fused once the clock passes t + lateness_s and no batch that could
still hold rows of it is being committed. A row arriving after its scan was fused joins the next
scan (the tracker takes it at its own time) and the log records which scan that was, so a replay
of the log fuses every row in the scan the live service did and gives the same picture.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from airwarn.alerting.cap import cap_identifier
from airwarn.fusion import Fusion
from airwarn.scenario.alerts_jsonl import alert_to_json
from airwarn.scenario.model import AlertMessage, Detections, ScenarioInfo, Tracks
from airwarn.service.config import ServiceConfig
from airwarn.service.geojson import LiveTrack, alert_feature, cell_count, collection, track_feature
from airwarn.service.ingest import Problem, check_times
from airwarn.stream import cut, scan_edges

MAX_SCANS_PER_LOCK = 32
"""Scans fused per hold of the lock, so readers and ingest are never held up for long."""


@dataclass(frozen=True)
class Event:
    """One Server-Sent Event: its name, JSON text, its number (in publishing order) and who may see it."""

    name: str
    data: str
    seq: int
    operator_only: bool

    @property
    def wire(self) -> bytes:
        """The event as text/event-stream sends it."""
        return sse_bytes(self.name, self.data, self.seq)


def sse_bytes(name: str, data: str, seq: int) -> bytes:
    """One event in the text/event-stream format (data is one line of JSON)."""
    return f"id: {seq}\nevent: {name}\ndata: {data}\n\n".encode()


Listener = Callable[[list[Event]], None]


class LivePicture:
    """Fusion state, the clock, pending rows, tracks and alerts of the live service."""

    def __init__(self, info: ScenarioInfo, config: ServiceConfig) -> None:
        self.info = info
        self.config = config
        self.lock = threading.RLock()
        """Guards the fusion and the picture (tracks, alerts, history)."""
        self.fusion = Fusion(info, cap_sender=config.cap_sender)
        self.queue_lock = threading.Lock()
        """Guards the clock, the pending rows and the batches being committed (never held long)."""
        self.scans_fused = 0
        self.scans_claimed = 0
        self.watermark_t_s = 0.0
        self.set_clock_t_s = 0.0
        self._pending: list[Detections] = []
        self.pending_rows = 0
        self.rows_accepted = 0
        """Rows stored and handed to the fusion (replayed ones included)."""
        self._inflight: dict[int, float] = {}
        self._next_token = 0
        self.tracks: dict[str, LiveTrack] = {}
        self.track_history: list[Tracks] = []
        self.messages: list[AlertMessage] = []
        self.caps: list[str] = []
        """The CAP document of each message, in the same order."""
        self.latest: dict[str, tuple[AlertMessage, str, int]] = {}
        """alert_id -> (latest message, its CAP document, its cell count)."""
        self.cap_by_alert: dict[str, str] = {}
        self.cap_by_identifier: dict[str, str] = {}
        self._sequence: dict[str, int] = {}
        self.cancelled: set[str] = set()
        self._due_cancels: list[tuple[str, float]] = []
        self.listeners: list[Listener] = []
        self.event_seq = 0
        self._start = datetime.fromisoformat(info.start_time.replace("Z", "+00:00"))

    # -- the clock ----------------------------------------------------------------------------
    @property
    def fused_t_s(self) -> float:
        """End of the last fused scan: the time of the picture."""
        return self._edge(self.scans_fused)

    def _edge(self, k: int) -> float:
        """End of scan k (0 for none)."""
        return float(scan_edges(k, k, self.config.scan_s)[0])

    def clock_t_s(self) -> float:
        """The scenario clock: the latest detection time, an operator's clock, or wall time."""
        clock = max(self.watermark_t_s, self.set_clock_t_s)
        if self.config.clock == "wall":
            clock = max(clock, (datetime.now(UTC) - self._start).total_seconds())
        return clock

    def set_clock(self, t_s: float) -> None:
        """Move the clock forward to t_s (never back)."""
        with self.queue_lock:
            self.set_clock_t_s = max(self.set_clock_t_s, t_s)

    # -- ingest: reserve, then accept or release ----------------------------------------------
    def reserve(self, t_s: np.ndarray) -> tuple[int, list[Problem], list[int | None] | None]:
        """Check a batch's times against the clock and hold its scans open while it is committed;
        returns a token for accept/release (or -1 and the problems) and, if some rows are late for
        their scan, the scan each row joins (None for rows on time) to store with them."""
        with self.queue_lock:
            # The first scan takes t_s = 0 too (as the batch runner's), so nothing is late before it.
            claimed = -math.inf if self.scans_claimed == 0 else self._edge(self.scans_claimed)
            c = self.config
            problems = check_times(t_s, claimed, self.clock_t_s(), c.max_ahead_s, c.max_late_s)
            if problems:
                return -1, problems, None
            self._next_token += 1
            # A late row holds the next scan open until it is committed, so it is fused in that scan.
            self._inflight[self._next_token] = float(t_s.min()) if t_s.size else math.inf
            late = t_s <= claimed
            fuse_scan = None
            if late.any():
                joins = self.scans_claimed + 1
                fuse_scan = [joins if is_late else None for is_late in late.tolist()]
            return self._next_token, [], fuse_scan

    def accept(self, token: int, det: Detections) -> None:
        """A committed batch joins the rows waiting for their scan."""
        with self.queue_lock:
            self._inflight.pop(token, None)
            if len(det):
                self._pending.append(det)
                self.pending_rows += len(det)
                self.rows_accepted += len(det)
                self.watermark_t_s = max(self.watermark_t_s, float(det.t_s.max()))

    def release(self, token: int) -> None:
        """A batch that was not committed frees its scans."""
        with self.queue_lock:
            self._inflight.pop(token, None)

    # -- fusion -------------------------------------------------------------------------------
    def advance(self, publish: bool = True, up_to_scan: int | None = None) -> int:
        """Fuse every scan the clock allows (up to scan number up_to_scan if given); returns how
        many were fused. One caller at a time (the worker thread, or the replay before it starts)."""
        done = 0
        while True:
            with self.queue_lock:
                edges = self._ready_edges()
                if up_to_scan is not None:
                    edges = edges[: max(0, up_to_scan - self.scans_claimed)]
                if edges.size == 0:
                    return done
                rows = self._take_pending(float(edges[-1]))
                self.scans_claimed += int(edges.size)
            with self.lock:
                events: list[Event] = []
                for edge, batch in cut(rows, edges):
                    events.extend(self._fuse_scan(edge, batch, publish))
                done += int(edges.size)
                listeners = list(self.listeners) if publish else []
            for listener in listeners:
                listener(events)

    def _ready_edges(self) -> np.ndarray:
        """Ends of the next scans that may be fused now (at most MAX_SCANS_PER_LOCK)."""
        limit = self.clock_t_s() - self.config.lateness_s
        open_from = min(self._inflight.values(), default=math.inf)
        k0 = self.scans_claimed + 1
        edges = scan_edges(k0, k0 + MAX_SCANS_PER_LOCK - 1, self.config.scan_s)
        return edges[(edges < limit) & (edges < open_from)]

    def _take_pending(self, up_to_t_s: float) -> Detections:
        """The pending rows up to a time, sorted by time (ties in arrival order); the rest stay."""
        pending = Detections.concat(self._pending).sorted_by_time() if self._pending else Detections.empty()
        used = int(np.searchsorted(pending.t_s, up_to_t_s, side="right"))
        rest = pending.take(slice(used, None))
        self._pending = [rest] if len(rest) else []
        self.pending_rows = len(rest)
        return pending.take(slice(0, used))

    def _fuse_scan(self, edge: float, batch: Detections, publish: bool) -> list[Event]:
        scan = self.fusion.step(edge, batch)
        self.scans_fused += 1
        updated = self._update_tracks(scan.tracks)
        removed = self._remove_dead()
        messages = []
        for m, cap in zip(scan.messages, scan.caps, strict=True):
            if m.alert_id not in self.cancelled:
                self._record(m, cap)
                messages.append(m)
        while self._due_cancels and self._due_cancels[0][1] <= edge:
            alert_id = self._due_cancels.pop(0)[0]
            if alert_id in self.latest:
                messages.append(self._cancel_now(alert_id))
            self.cancelled.add(alert_id)
        self._expire(edge)
        if not publish:
            return []
        return self._events(edge, updated, removed, messages)

    def _update_tracks(self, rows: Tracks) -> list[str]:
        if len(rows):
            self.track_history.append(rows)
        sd = self._position_sd()
        ids = rows.track_id.tolist()
        for i, tid in enumerate(ids):
            tr = self.tracks.get(tid)
            v = (float(rows.v_east_mps[i]), float(rows.v_north_mps[i]), float(rows.v_up_mps[i]))
            lat, lon = float(rows.lat[i]), float(rows.lon[i])
            if tr is None:
                tr = self.tracks[tid] = LiveTrack(0.0, lat, lon, 0.0, v, "", False)
            tr.t_s, tr.lat, tr.lon, tr.alt_m, tr.v_enu = float(rows.t_s[i]), lat, lon, float(rows.alt_m[i]), v
            tr.kind, tr.confirmed = str(rows.object_kind[i]), bool(rows.confirmed[i])
            tr.pos_sd_m = sd.get(tid, math.nan)
            tr.climb_sd_mps = float(rows.v_up_sigma_mps[i])
            tr.trail.append((lon, lat))
        return list(dict.fromkeys(ids))

    def _position_sd(self) -> dict[str, float]:
        """1-sigma horizontal position error of each live track (RMS of east and north)."""
        table = self.fusion.tracker.tracks
        sd = np.sqrt(0.5 * (table.P[:, 0, 0] + table.P[:, 1, 1]))
        return {f"T{n}": float(s) for n, s in zip(table.number.tolist(), sd.tolist(), strict=True)}

    def _remove_dead(self) -> list[str]:
        live = {f"T{n}" for n in self.fusion.tracker.tracks.number.tolist()}
        gone = [tid for tid in self.tracks if tid not in live]
        for tid in gone:
            del self.tracks[tid]
        return gone

    def _record(self, m: AlertMessage, cap: str) -> None:
        self.messages.append(m)
        self.caps.append(cap)
        sequence = self._sequence.get(m.alert_id, 0)
        self._sequence[m.alert_id] = sequence + 1
        self.cap_by_identifier[cap_identifier(self.config.cap_sender, m.alert_id, sequence)] = cap
        self.cap_by_alert[m.alert_id] = cap
        if m.msg_type == "Cancel":
            self.latest.pop(m.alert_id, None)
        else:
            self.latest[m.alert_id] = (m, cap, cell_count(m.area, self.fusion.engine.policy.h3_res))

    def _expire(self, t_s: float) -> None:
        for alert_id in [a for a, (m, _, _) in self.latest.items() if m.expires_t_s <= t_s]:
            del self.latest[alert_id]

    # -- operator actions ---------------------------------------------------------------------
    def cancel(self, alert_id: str, on_record: Callable[[float], object]) -> AlertMessage | None:
        """Cancel an alert in force by hand at the picture's time (None if not in force);
        on_record(t_s) stores the cancel durably before it takes effect."""
        with self.lock:
            if alert_id not in self.latest:
                return None
            on_record(self.fused_t_s)
            message = self._cancel_now(alert_id)
            events = self._events(self.fused_t_s, [], [], [message])
            listeners = list(self.listeners)
        for listener in listeners:
            listener(events)
        return message

    def publish_event(self, name: str, body: dict[str, Any], operator_only: bool = False) -> None:
        """Send one event (e.g. a logged impact) to the stream's subscribers."""
        with self.lock:
            events = [self._event(name, body, operator_only)]
            listeners = list(self.listeners)
        for listener in listeners:
            listener(events)

    def schedule_cancels(self, cancels: list[tuple[str, float]]) -> None:
        """Manual cancels from the log, applied during replay after the scan they were made at."""
        self._due_cancels = sorted(cancels, key=lambda c: c[1])

    def _cancel_now(self, alert_id: str) -> AlertMessage:
        last = self.latest[alert_id][0]
        t = self.fused_t_s
        message = AlertMessage(
            alert_id=alert_id, msg_type="Cancel", t_s=t, expires_t_s=t, area=last.area,
            threat_track_ids=last.threat_track_ids, object_kind=last.object_kind, eta_t_s=None,
            headline=last.headline, extra={"cancelled_by": "operator"},
        )  # fmt: skip
        self.cancelled.add(alert_id)
        self._record(message, self.fusion.cap.render(message))
        return message

    # -- views --------------------------------------------------------------------------------
    def alert_features(self) -> list[dict[str, Any]]:
        """The alerts in force, one feature each, in issue order."""
        return [alert_feature(m, self.info.start_time, cells) for m, _, cells in self.latest.values()]

    def track_features(self, ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Live tracks (all, or the given ids that are still live) as features."""
        wanted = self.tracks if ids is None else {t: self.tracks[t] for t in ids if t in self.tracks}
        return [track_feature(tid, tr) for tid, tr in wanted.items()]

    def snapshot(self, operator: bool) -> tuple[int, str]:
        """The picture now as the stream's first event (JSON text), and the number of the last
        event it already holds."""
        with self.lock:
            tracks = collection(self.track_features() if operator else [])  # public: no tracks, same shape
            data = {
                "clock_t_s": self.fused_t_s,
                "tracks": tracks,
                "alerts": collection(self.alert_features()),
            }
            return self.event_seq, json.dumps(data, allow_nan=False)

    def _event(self, name: str, body: dict[str, Any], operator_only: bool) -> Event:
        self.event_seq += 1
        return Event(name, json.dumps(body, allow_nan=False), self.event_seq, operator_only)

    def _events(
        self, t_s: float, updated: list[str], removed: list[str], messages: list[AlertMessage]
    ) -> list[Event]:
        """A scan's events: changed tracks, alert messages, then the clock (the scan is complete)."""
        events = []
        if updated or removed:
            body = {"t_s": t_s, "updated": collection(self.track_features(updated)), "removed": removed}
            events.append(self._event("tracks", body, True))
        if messages:
            ids = {m.alert_id for m in messages}
            features = [f for f in self.alert_features() if f["id"] in ids]
            body = {"t_s": t_s, "messages": [alert_to_json(m) for m in messages], "features": features}
            events.append(self._event("alerts", body, False))
        events.append(self._event("clock", {"t_s": t_s}, False))
        return events
