"""The multi-sensor tracker: per scan associate, update, initiate; then delete and report.

Reads like the textbook loop (Stone Soup's tracker roles) over columnar arrays. A step's radar
plots, every radar's together, go in time chunks to the radar updater (candidate tracks
predicted to each plot's own time, gated, assigned by global nearest neighbour, updated by a
batched IMM EKF), one plot of each radar per track; leftover plots start tentative tracks.
Acoustic bearings, then citizens' reports, update tracks and start their own. Finally tracks
are confirmed (M of N) or deleted, and the tracks updated in the step reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import Detections, Sensor, Tracks
from airwarn.tracking.bearing_updater import update_with_bearings
from airwarn.tracking.classify import guess_kind
from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.deleter import duplicates, expired
from airwarn.tracking.enu import (
    approx_altitude_m,
    climb_rate_sigma,
    geodetic_state,
    horizontal_velocity_sigma,
)
from airwarn.tracking.initiator import PlotSet, pair_plots, two_point_states
from airwarn.tracking.models.bearing import post_geometry
from airwarn.tracking.models.radar import plots_to_enu, radar_geometry
from airwarn.tracking.radar_updater import update_with_plots
from airwarn.tracking.report_init import report_track_states
from airwarn.tracking.report_updater import update_with_reports
from airwarn.tracking.reports import ReportSet, Reputation, agreeing_clusters, kind_codes, pseudo_positions
from airwarn.tracking.sensor_index import index_by
from airwarn.tracking.state import ORIGIN_BEARINGS, ORIGIN_RADAR, ORIGIN_REPORTS, TrackTable
from airwarn.tracking.triangulation import (
    BearingSet,
    crossing_states,
    heard_groups,
    heard_states,
    pair_bearings,
    posts_beyond_radars,
)
from airwarn.tracking.updater import effective_q, imm_models

__all__ = ["Tracker", "TrackerConfig"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]


class Tracker:
    """Multi-sensor tracker in a LocalFrame; one step() per scan-sized interval, bounded memory."""

    def __init__(
        self, sensors: Sequence[Sensor], frame: LocalFrame, config: TrackerConfig | None = None
    ) -> None:
        self.config = config if config is not None else TrackerConfig()
        self.frame = frame
        self.radars = radar_geometry(sensors, frame, self.config.default_scan_period_s)
        self.sensor_kind = {s.id: s.kind for s in sensors}
        self._sensor_ids = tuple(s.id for s in sensors)
        self._sensor_lookup = {sid: i for i, sid in enumerate(self._sensor_ids)}
        ids = np.array((*self._sensor_ids, ""), dtype=object)  # the last entry answers unknown ids (-1)
        self.models = imm_models(self.config)
        self.tracks = TrackTable.empty(self.models.size)
        self.posts = post_geometry(sensors, frame)
        self._radar_of = self.radars.index_of(ids)
        self._post_of = self.posts.index_of(ids)
        self._observer_of = np.array([s.kind == "observer" for s in sensors] + [False], dtype=bool)
        self._radar_of[-1] = self._post_of[-1] = -1
        self._post_unwatched = posts_beyond_radars(
            self.posts, self.radars, self.config.acoustic_heard_radar_clear_m
        )
        self.pool = PlotSet.empty()
        self.bearing_pool = BearingSet.empty()
        self.stats: Counter[str] = Counter()
        self.reputation = Reputation(self.config)
        self.report_pool = ReportSet.empty()
        sig = [s.sigma_position_m for s in sensors if s.kind == "observer" and s.sigma_position_m]
        self._observer_sigma_m = float(max(sig, default=self.config.observer_sigma_position_m))
        self._t_prev_s = -np.inf
        self._next_number = 1
        pd = self.config.detection_probability
        self._log_clutter_ratio = float(np.log(self.config.clutter_density * (1.0 - pd) / pd))

    def step(self, t_s: float, detections: Detections) -> Tracks:
        """Process all detections with times in (previous t_s, t_s] (any sensor kinds; rows of kinds
        not yet supported are ignored, counted in self.stats) and return one row per track updated in
        this step (state at the track's latest update time, geodetic position, ENU velocity, kind guess
        or "", confirmed flag), with stable track ids like "T17"."""
        t_prev = self._t_prev_s
        t = detections.t_s
        if len(detections) and not (t.min() > t_prev and t.max() <= t_s):
            detections = detections.take((t > t_prev) & (t <= t_s))
        if len(detections):
            self._process_rows(detections)
        self._delete(t_s)
        self._t_prev_s = max(t_s, t_prev)
        return self._report(t_prev)

    def _process_rows(self, det: Detections) -> None:
        """Radar plots by time chunk, then acoustic bearings, then citizens' reports."""
        code = index_by(self._sensor_lookup, det.sensor_id)  # one lookup per step for every role
        radar, post, observer = self._radar_of[code], self._post_of[code], self._observer_of[code]
        t_plot, z, sensor = self._radar_plots(det, radar, post, observer)
        for idx in self._chunks(t_plot):
            self._process_plots(t_plot[idx], z[idx], sensor[idx])
        self._process_bearings(self._bearings(det, post))
        self._process_reports(det.take(observer & np.isfinite(det.lat) & np.isfinite(det.lon)))

    def _radar_plots(
        self, det: Detections, radar: IntArray, post: IntArray, observer: npt.NDArray[np.bool_]
    ) -> tuple[FloatArray, FloatArray, IntArray]:
        """Times (M,), measurements (M, 3) in (m, rad, rad) and radar indices (M,) of usable rows."""
        self.stats["detections"] += len(det)
        z = np.stack([det.range_m, np.radians(det.azimuth_deg), np.radians(det.elevation_deg)], axis=1)
        usable = (radar >= 0) & np.isfinite(z).all(axis=1)
        heard = (post >= 0) & np.isfinite(det.azimuth_deg)
        reported = observer & np.isfinite(det.lat) & np.isfinite(det.lon)
        for sid in det.sensor_id[~usable & ~heard & ~reported]:
            kind = self.sensor_kind.get(sid, "unknown_sensor")
            self.stats[
                f"ignored_{kind}" if kind not in ("radar", "acoustic") else f"ignored_incomplete_{kind}"
            ] += 1
        self.stats["radar_plots"] += int(usable.sum())
        return det.t_s[usable], z[usable], radar[usable]

    def _bearings(self, det: Detections, post: IntArray) -> BearingSet:
        """The step's usable acoustic bearings (azimuth required; elevation NaN where not given)."""
        ok = (post >= 0) & np.isfinite(det.azimuth_deg)
        self.stats["acoustic_bearings"] += int(ok.sum())
        el = np.where(np.isnan(self.posts.sigma[post[ok], 1]), np.nan, np.radians(det.elevation_deg[ok]))
        return BearingSet(det.t_s[ok], post[ok], np.radians(det.azimuth_deg[ok]), el)

    def _process_reports(self, det: Detections) -> None:
        """Update confirmed tracks with the step's usable reports (rows with the reporter's position),
        score reporters, start tracks from agreement."""
        if len(det) == 0:
            return
        self.stats["observer_reports"] += len(det)
        e, n, _ = self.frame.to_enu(det.lat, det.lon, np.zeros(len(det)))
        who = self.reputation.lookup(det.reporter_id)
        r = ReportSet(
            det.t_s.copy(), np.column_stack([e, n]), np.radians(det.azimuth_deg), who,
            np.radians(det.heading_deg), kind_codes(det.object_kind),
        )  # fmt: skip
        z, R = pseudo_positions(r, self._observer_sigma_m, self.config)
        R = R / self.reputation.weight(who)[:, None, None]  # R / w: trust follows reputation
        gated = np.zeros(len(r), dtype=bool)
        if len(self.tracks):
            match = update_with_reports(self.tracks, r, z, R, self.models, self.config)
            gated = match.gated
            self.stats["reports_assigned"] += int(match.rows.shape[0])
        self.reputation.record(who, gated)
        self._start_from_reports(r.take(~gated), float(det.t_s.max()))

    def _start_from_reports(self, new: ReportSet, t_now_s: float) -> None:
        """Pool unmatched reports; start a confirmed track where enough reputable reporters agree."""
        cfg = self.config
        pool = self.report_pool.take(self.report_pool.t_s >= t_now_s - cfg.observer_window_s).extend(new)
        z, R = pseudo_positions(pool, self._observer_sigma_m, cfg)
        w = self.reputation.weight(pool.reporter)
        fresh = np.arange(len(pool) - len(new), len(pool), dtype=np.intp)
        clusters = agreeing_clusters(pool, z, w >= cfg.observer_reputable, fresh, cfg)
        if clusters:
            x, P, t0 = report_track_states(pool, z, R / w[:, None, None], clusters, cfg, self.frame.alt0_m)
            self._append_tracks(x, P, t0, np.full(len(clusters), cfg.observer_window_s), ORIGIN_REPORTS)
            self.tracks.confirmed[-len(clusters) :] = cfg.observer_tracks_confirmed
            self.stats["report_tracks_started"] += len(clusters)
            used = np.zeros(len(pool), dtype=bool)
            used[np.concatenate(clusters)] = True
            pool = pool.take(~used)
        self.report_pool = pool

    def _process_bearings(self, b: BearingSet) -> None:
        """Update tracks with the bearings, then start tracks where the rest cross."""
        if len(b) == 0:
            return
        free = np.ones(len(b), dtype=bool)
        if len(self.tracks):
            done = update_with_bearings(self.tracks, b, self.posts, self.models, self.config)
            revisit = 2.0 * self.posts.report_period_s[b.post[done.bearings]]
            # A bearing confirms what bearings or reports started, never a radar pair on its own
            # (an azimuth gates loosely, and the sound of a fallen object is heard for seconds).
            # Bearings of one post fix no range: a track started by a crossing confirms only once a
            # second post has updated it too (a heard-only track drifts along one post's ray).
            tr, post = self.tracks, b.post[done.bearings]
            tr.post_changes[done.rows] += (tr.last_post[done.rows] >= 0) & (tr.last_post[done.rows] != post)
            tr.last_post[done.rows] = post
            origin = tr.origin[done.rows]
            vouch = (origin == ORIGIN_REPORTS) | (
                (origin == ORIGIN_BEARINGS) & (tr.post_changes[done.rows] > 0)
            )
            self._credit(done.rows, done.cost, revisit, vouch)
            self.tracks.heard[done.rows] = True
            free[done.bearings] = False
            self.stats["bearings_assigned"] += int(done.rows.shape[0])
        t_now = float(b.t_s.max())
        self.bearing_pool = self.bearing_pool.take(
            self.bearing_pool.t_s >= t_now - self.config.acoustic_init_window_s
        )
        new = b.take(free)
        ip, jn, r_p, r_n = pair_bearings(self.bearing_pool, new, self.posts, self.config)
        if ip.shape[0]:
            x, P, t0 = crossing_states(
                self.bearing_pool.take(ip), new.take(jn), r_p, r_n, self.posts, self.config
            )
            self._append_tracks(x, P, t0, 2.0 * self.posts.report_period_s[new.post[jn]], ORIGIN_BEARINGS)
            used = np.zeros(len(self.bearing_pool), dtype=bool)
            used[ip] = True
            keep_new = np.ones(len(new), dtype=bool)
            keep_new[jn] = False
            self.bearing_pool = self.bearing_pool.take(~used)
            new = new.take(keep_new)
            self.stats["acoustic_tracks_started"] += int(ip.shape[0])
        self.bearing_pool = self.bearing_pool.extend(new)
        groups = heard_groups(self.bearing_pool, self._post_unwatched, self.config)
        if groups:
            x, P, t0 = heard_states(self.bearing_pool, groups, self.posts, self.config)
            post = self.bearing_pool.post[[int(g[0]) for g in groups]]
            self._append_tracks(x, P, t0, 2.0 * self.posts.report_period_s[post], ORIGIN_BEARINGS)
            used = np.zeros(len(self.bearing_pool), dtype=bool)
            used[np.concatenate(groups)] = True
            self.bearing_pool = self.bearing_pool.take(~used)
            self.stats["heard_tracks_started"] += len(groups)

    def _chunks(self, t_plot: FloatArray) -> list[IntArray]:
        """Plot indices per time chunk of at most sub_batch_s, in time order (every radar together)."""
        if t_plot.shape[0] == 0:
            return []
        order = np.argsort(t_plot, kind="stable")
        if float(t_plot[order[-1]] - t_plot[order[0]]) < self.config.sub_batch_s:
            return [order]
        bucket = np.floor((t_plot[order] - t_plot[order[0]]) / self.config.sub_batch_s)
        return np.split(order, np.flatnonzero(np.diff(bucket)) + 1)

    def _process_plots(self, t_plot: FloatArray, z: FloatArray, sensor: IntArray) -> None:
        """Associate a chunk's plots with the tracks (a track takes at most one plot of each radar),
        update them, and initiate from the rest."""
        pos, cov = plots_to_enu(z, sensor, self.radars)
        free = np.ones(t_plot.shape[0], dtype=bool)
        if len(self.tracks):
            done = update_with_plots(
                self.tracks,
                t_plot,
                z,
                sensor,
                pos,
                cov,
                self.radars,
                self.models,
                self.config,
                self._log_clutter_ratio,
            )
            self._credit(done.rows, done.cost, self.radars.scan_period_s[sensor[done.plots]])
            self.tracks.radar_s[done.rows] = t_plot[done.plots]
            self.tracks.radar_revisit_s[done.rows] = self.radars.scan_period_s[sensor[done.plots]]
            self.stats["assigned"] += int(done.rows.shape[0])
            free[done.plots] = False
        self._initiate(PlotSet(t_plot, pos, cov, sensor).take(free))
        self._prune_pool(float(t_plot.max()))

    def _credit(
        self, rows: IntArray, cost: FloatArray, revisit_s: FloatArray, may_confirm: BoolArray | None = None
    ) -> None:
        """Count a hit and its log-likelihood ratio −cost/2 for each updated row; confirm M of N
        (only the rows may_confirm (A,) allows, if given)."""
        cfg, tr = self.config, self.tracks
        np.add.at(tr.hits, rows, 1)  # a row may come twice (plots of two radars)
        np.add.at(tr.score, rows, -0.5 * cost)
        tr.revisit_s[rows] = revisit_s
        ready = (tr.hits[rows] >= cfg.confirm_hits) & (tr.score[rows] >= cfg.confirm_score)
        if may_confirm is not None:
            ready &= may_confirm
        newly = rows[~tr.confirmed[rows] & ready]
        tr.confirmed[newly] = True
        self.stats["tracks_confirmed"] += int(newly.shape[0])

    def _initiate(self, free: PlotSet) -> None:
        """Start tentative tracks from plausible (pool, new) plot pairs; pool the new plots."""
        cfg = self.config
        alt = approx_altitude_m(free.pos, self.frame.alt0_m)
        free = free.take((alt >= cfg.min_alt_m) & (alt <= cfg.max_alt_m))
        pool = self.pool.extend(free)  # a new plot pairs with older pooled or new plots
        ip, jn = pair_plots(pool, free, cfg)
        if ip.shape[0]:
            old, new = pool.take(ip), free.take(jn)
            physical = self._physical_pairs(old, new)
            ip, jn, old, new = ip[physical], jn[physical], old.take(physical), new.take(physical)
            x, P, t0 = two_point_states(old, new, cfg.init_velocity_sigma_mps)
            self._append_tracks(x, P, t0, self._revisit(old, new), ORIGIN_RADAR)
            used = np.zeros(len(pool), dtype=bool)
            used[ip] = True  # the earlier plot of a pair is spent; the later one stays pooled
            pool = pool.take(~used)
        self.pool = pool

    def _physical_pairs(self, a: PlotSet, b: PlotSet) -> npt.NDArray[np.bool_]:
        """Pairs (K,) a real threat could make: none faster than fast_pair_speed_mps low down."""
        cfg = self.config
        speed = np.linalg.norm(b.pos - a.pos, axis=1) / np.maximum(np.abs(b.t_s - a.t_s), 1e-9)
        alt0 = self.frame.alt0_m
        low = np.minimum(approx_altitude_m(a.pos, alt0), approx_altitude_m(b.pos, alt0))
        return np.asarray(~((speed > cfg.fast_pair_speed_mps) & (low < cfg.fast_pair_min_alt_m)), bool)

    def _revisit(self, a: PlotSet, b: PlotSet) -> FloatArray:
        """Expected revisit period (K,) of a track started from plots a and b: the slower scan."""
        scan = self.radars.scan_period_s
        return np.asarray(np.maximum(scan[a.sensor], scan[b.sensor]), float)

    def _append_tracks(
        self, x: FloatArray, P: FloatArray, t0: FloatArray, revisit: FloatArray, origin: int
    ) -> None:
        """Add tentative tracks with fresh numbers, started by origin (an ORIGIN_* code)."""
        k = x.shape[0]
        numbers = np.arange(self._next_number, self._next_number + k, dtype=np.int64)
        self._next_number += k
        m = self.models.size
        mu = np.broadcast_to(self.models.prior, (k, m)).copy()
        new = TrackTable(
            x=x,
            P=P,
            xm=np.repeat(x[:, None, :], m, axis=1),
            Pm=np.repeat(P[:, None, :, :], m, axis=1),
            mu=mu,
            t_s=t0,
            q=effective_q(x, mu, self.models, self.config),
            number=numbers,
            confirmed=np.full(k, self.config.confirm_hits <= 2 and self.config.confirm_score <= 0.0),
            hits=np.full(k, 2, dtype=np.int64),
            score=np.zeros(k),
            created_s=t0.copy(),
            revisit_s=revisit,
            heard=np.zeros(k, dtype=bool),
            origin=np.full(k, origin, dtype=np.int64),
            radar_s=t0.copy() if origin == ORIGIN_RADAR else np.full(k, -np.inf),
            radar_revisit_s=revisit.copy() if origin == ORIGIN_RADAR else np.full(k, np.inf),
            last_post=np.full(k, -1, dtype=np.int64),
            post_changes=np.zeros(k, dtype=np.int64),
        )
        self.tracks = self.tracks.extend(new)
        self.stats["tracks_started"] += k

    def _prune_pool(self, t_now_s: float) -> None:
        """Forget pooled plots too old to start a track with."""
        self.pool = self.pool.take(self.pool.t_s >= t_now_s - self.config.init_max_dt_s)

    def _delete(self, t_now_s: float) -> None:
        """Drop expired tracks, then the junior of each duplicate pair."""
        drop = expired(self.tracks, t_now_s, self.config, self.frame.alt0_m)
        if drop.any():
            self.stats["tracks_deleted"] += int(drop.sum())
            self.tracks = self.tracks.take(~drop)
        dup = duplicates(self.tracks, t_now_s, self.config)
        if dup.any():
            self.stats["duplicates_dropped"] += int(dup.sum())
            self.tracks = self.tracks.take(~dup)

    def _report(self, t_prev_s: float) -> Tracks:
        """One row per track updated after t_prev_s: geodetic position, local ENU velocity."""
        tr = self.tracks
        rows = np.flatnonzero(tr.t_s > t_prev_s)
        x, confirmed = tr.x[rows], tr.confirmed[rows]
        lat, lon, alt, v = geodetic_state(self.frame, x[:, :3], x[:, 3:])
        kinds, _ = guess_kind(np.linalg.norm(v, axis=1), alt, v[:, 2], tr.heard[rows])
        # A tentative track is named only when people reported it and gave its course (a report
        # track with a velocity that no radar or post has updated yet): the alerting acts on those.
        reported = (tr.origin[rows] == ORIGIN_REPORTS) & ~np.isfinite(tr.radar_s[rows]) & ~tr.heard[rows]
        kinds[~confirmed & ~(reported & (np.hypot(v[:, 0], v[:, 1]) > 1.0))] = ""
        return Tracks(
            t_s=tr.t_s[rows],
            track_id=np.array([f"T{n}" for n in tr.number[rows]], dtype=object),
            lat=lat,
            lon=lon,
            alt_m=alt,
            v_east_mps=v[:, 0].copy(),
            v_north_mps=v[:, 1].copy(),
            v_up_mps=v[:, 2].copy(),
            object_kind=kinds,
            confirmed=confirmed,
            v_sigma_mps=horizontal_velocity_sigma(tr.P[rows]),
            v_up_sigma_mps=climb_rate_sigma(tr.P[rows]),
        )
