"""The multi-radar tracker: per sub-batch of plots associate, update, initiate; then delete.

Reads like the textbook loop (Stone Soup's tracker roles) over columnar arrays:
for each time-ordered, per-sensor sub-batch of a step's plots, every candidate track is
predicted to each plot's own time, gated, assigned by global nearest neighbour and updated
by a batched EKF; leftover plots start tentative tracks; finally tracks are confirmed
(M of N) or deleted, and the tracks updated in the step are reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import Detections, Sensor, Tracks
from airwarn.tracking.association import assign
from airwarn.tracking.bearing_updater import update_with_bearings
from airwarn.tracking.classify import guess_kind
from airwarn.tracking.config import TrackerConfig
from airwarn.tracking.deleter import duplicates, expired
from airwarn.tracking.enu import approx_altitude_m, geodetic_state
from airwarn.tracking.gating import candidate_pairs, chi2_gate, pair_cost
from airwarn.tracking.initiator import PlotSet, pair_plots, two_point_states
from airwarn.tracking.kalman import innovation_stats
from airwarn.tracking.models.bearing import post_geometry
from airwarn.tracking.models.motion import position_variance_at
from airwarn.tracking.models.radar import (
    innovation,
    jacobian,
    measure,
    noise_covariance,
    plots_to_enu,
    radar_geometry,
)
from airwarn.tracking.report_init import report_track_states
from airwarn.tracking.report_updater import update_with_reports
from airwarn.tracking.reports import ReportSet, Reputation, agreeing_clusters, pseudo_positions
from airwarn.tracking.sensor_index import index_in
from airwarn.tracking.state import TrackTable
from airwarn.tracking.triangulation import BearingSet, crossing_states, pair_bearings
from airwarn.tracking.updater import effective_q, imm_models, predict_rows, update_rows

__all__ = ["Tracker", "TrackerConfig"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


class Tracker:
    """Radar tracker in a LocalFrame; one step() per scan-sized interval, bounded memory."""

    def __init__(
        self, sensors: Sequence[Sensor], frame: LocalFrame, config: TrackerConfig | None = None
    ) -> None:
        self.config = config if config is not None else TrackerConfig()
        self.frame = frame
        self.radars = radar_geometry(sensors, frame, self.config.default_scan_period_s)
        self.sensor_kind = {s.id: s.kind for s in sensors}
        self._observer_ids = tuple(s.id for s in sensors if s.kind == "observer")
        self.models = imm_models(self.config)
        self.tracks = TrackTable.empty(self.models.size)
        self.posts = post_geometry(sensors, frame)
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
        in_step = (detections.t_s > t_prev) & (detections.t_s <= t_s)
        det = detections.take(in_step)
        t_plot, z, sensor = self._radar_plots(det)
        for idx in self._sub_batches(t_plot, sensor):
            self._process(t_plot[idx], z[idx], sensor[idx])
        self._process_bearings(self._bearings(det))
        self._process_reports(det)
        self._delete(t_s)
        self._t_prev_s = max(t_s, t_prev)
        return self._report(t_prev)

    def _radar_plots(self, det: Detections) -> tuple[FloatArray, FloatArray, IntArray]:
        """Times (M,), measurements (M, 3) in (m, rad, rad) and radar indices (M,) of usable rows."""
        self.stats["detections"] += len(det)
        sensor = self.radars.index_of(det.sensor_id)
        z = np.stack([det.range_m, np.radians(det.azimuth_deg), np.radians(det.elevation_deg)], axis=1)
        complete = np.isfinite(z).all(axis=1)
        usable = (sensor >= 0) & complete
        heard = (self.posts.index_of(det.sensor_id) >= 0) & np.isfinite(det.azimuth_deg)
        for sid in det.sensor_id[~usable & ~heard & ~self._reported(det)]:
            kind = self.sensor_kind.get(sid, "unknown_sensor")
            self.stats[
                f"ignored_{kind}" if kind not in ("radar", "acoustic") else f"ignored_incomplete_{kind}"
            ] += 1
        self.stats["radar_plots"] += int(usable.sum())
        return det.t_s[usable], z[usable], sensor[usable]

    def _bearings(self, det: Detections) -> BearingSet:
        """The step's usable acoustic bearings (azimuth required; elevation NaN where not given)."""
        post = self.posts.index_of(det.sensor_id)
        ok = (post >= 0) & np.isfinite(det.azimuth_deg)
        self.stats["acoustic_bearings"] += int(ok.sum())
        el = np.where(np.isnan(self.posts.sigma[post[ok], 1]), np.nan, np.radians(det.elevation_deg[ok]))
        return BearingSet(det.t_s[ok], post[ok], np.radians(det.azimuth_deg[ok]), el)

    def _reported(self, det: Detections) -> npt.NDArray[np.bool_]:
        """Usable citizens' reports (M,): an observer row with the reporter's position."""
        observer = index_in(self._observer_ids, det.sensor_id) >= 0
        return np.asarray(observer & np.isfinite(det.lat) & np.isfinite(det.lon), bool)

    def _process_reports(self, det: Detections) -> None:
        """Update confirmed tracks with the step's reports, score reporters, start from agreement."""
        det = det.take(self._reported(det))
        if len(det) == 0:
            return
        self.stats["observer_reports"] += len(det)
        e, n, _ = self.frame.to_enu(det.lat, det.lon, np.zeros(len(det)))
        who = self.reputation.lookup(det.reporter_id)
        r = ReportSet(det.t_s.copy(), np.column_stack([e, n]), np.radians(det.azimuth_deg), who)
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
            x, P, t0 = report_track_states(pool, z, R / w[:, None, None], clusters, cfg)
            self._append_tracks(x, P, t0, np.full(len(clusters), cfg.observer_window_s))
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
            self._credit(done.rows, done.cost, revisit)
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
            self._append_tracks(x, P, t0, 2.0 * self.posts.report_period_s[new.post[jn]])
            used = np.zeros(len(self.bearing_pool), dtype=bool)
            used[ip] = True
            keep_new = np.ones(len(new), dtype=bool)
            keep_new[jn] = False
            self.bearing_pool = self.bearing_pool.take(~used)
            new = new.take(keep_new)
            self.stats["acoustic_tracks_started"] += int(ip.shape[0])
        self.bearing_pool = self.bearing_pool.extend(new)

    def _sub_batches(self, t_plot: FloatArray, sensor: IntArray) -> list[IntArray]:
        """Plot indices per (sensor, time chunk), chunks at most sub_batch_s or half a scan, in time order."""
        if t_plot.shape[0] == 0:
            return []
        width = np.minimum(self.config.sub_batch_s, 0.5 * self.radars.scan_period_s[sensor])
        bucket = np.floor((t_plot - t_plot.min()) / width).astype(np.int64)
        key = sensor.astype(np.int64) * (int(bucket.max()) + 1) + bucket
        order = np.lexsort((t_plot, key))
        bounds = np.flatnonzero(np.diff(key[order])) + 1
        groups = np.split(order, bounds)
        starts = np.array([t_plot[g[0]] for g in groups])
        return [groups[i] for i in np.argsort(starts, kind="stable")]

    def _process(self, t_plot: FloatArray, z: FloatArray, sensor: IntArray) -> None:
        """Associate one sub-batch with the tracks, update them, and initiate from the rest."""
        pos, cov = plots_to_enu(z, sensor, self.radars)
        assigned = np.zeros(t_plot.shape[0], dtype=bool)
        if len(self.tracks):
            assigned = self._associate_update(t_plot, z, sensor, pos, cov)
        self._initiate(PlotSet(t_plot, pos, cov, sensor).take(~assigned))
        self._prune_pool(float(t_plot.max()))

    def _gate_candidates(
        self, t_plot: FloatArray, pos: FloatArray, cov: FloatArray
    ) -> tuple[IntArray, IntArray]:
        """kd-tree pre-gate: (track, plot) pairs within each track's predicted search radius."""
        cfg, tr = self.config, self.tracks
        t_mid = 0.5 * (t_plot.min() + t_plot.max())
        half_span = 0.5 * (t_plot.max() - t_plot.min())
        dt = t_mid - tr.t_s
        pred = tr.x[:, :3] + tr.x[:, 3:] * dt[:, None]  # p + v dt
        track_sigma = np.sqrt(position_variance_at(tr.P, dt, tr.q))
        plot_sigma = float(np.sqrt(np.einsum("kii->k", cov)).max())
        speed = np.linalg.norm(tr.x[:, 3:], axis=1)
        radius = cfg.prefilter_sigmas * (track_sigma + plot_sigma) + speed * half_span
        return candidate_pairs(pred, np.minimum(radius, cfg.max_gate_radius_m), pos)

    def _associate_update(
        self, t_plot: FloatArray, z: FloatArray, sensor: IntArray, pos: FloatArray, cov: FloatArray
    ) -> npt.NDArray[np.bool_]:
        """Gate, assign and EKF-update; returns which plots (M,) were assigned to a track."""
        assigned = np.zeros(t_plot.shape[0], dtype=bool)
        ti, pj = self._gate_candidates(t_plot, pos, cov)
        if ti.shape[0] == 0:
            return assigned
        tr, geom, cfg = self.tracks, self.radars, self.config
        pred = predict_rows(tr, ti, t_plot[pj], self.models, cfg)  # to each plot's own time
        H = jacobian(pred.x, sensor[pj], geom)
        R = noise_covariance(sensor[pj], geom)
        nu = innovation(z[pj], measure(pred.x, sensor[pj], geom))
        st = innovation_stats(pred.P, nu, H, R)
        cost = pair_cost(st.mahalanobis2, st.log_det_s, np.full(ti.shape[0], self._log_clutter_ratio))
        cost[~chi2_gate(st.mahalanobis2, cfg.gate_chi2)] = np.inf
        chosen = assign(ti, pj, cost, len(tr), t_plot.shape[0])
        rows, plots = ti[chosen], pj[chosen]

        def per_model(xs: FloatArray, pair: IntArray) -> tuple[FloatArray, FloatArray]:
            s = sensor[plots[pair]]
            return innovation(z[plots[pair]], measure(xs, s, geom)), jacobian(xs, s, geom)

        update_rows(tr, rows, t_plot[plots], pred.take(chosen), per_model, R[chosen], self.models, cfg)
        self._credit(rows, cost[chosen], geom.scan_period_s[sensor[plots]])
        self.stats["assigned"] += int(chosen.shape[0])
        assigned[pj[chosen]] = True
        return assigned

    def _credit(self, rows: IntArray, cost: FloatArray, revisit_s: FloatArray) -> None:
        """Count a hit and its log-likelihood ratio −cost/2 for each updated row; confirm M of N."""
        cfg, tr = self.config, self.tracks
        tr.hits[rows] += 1
        tr.score[rows] += -0.5 * cost
        tr.revisit_s[rows] = revisit_s
        ready = (tr.hits[rows] >= cfg.confirm_hits) & (tr.score[rows] >= cfg.confirm_score)
        newly = rows[~tr.confirmed[rows] & ready]
        tr.confirmed[newly] = True
        self.stats["tracks_confirmed"] += int(newly.shape[0])

    def _initiate(self, free: PlotSet) -> None:
        """Start tentative tracks from plausible (pool, new) plot pairs; pool the new plots."""
        cfg = self.config
        alt = approx_altitude_m(free.pos, self.frame.alt0_m)
        free = free.take((alt >= cfg.min_alt_m) & (alt <= cfg.max_alt_m))
        ip, jn = pair_plots(self.pool, free, cfg)
        if ip.shape[0]:
            old, new = self.pool.take(ip), free.take(jn)
            physical = self._physical_pairs(old, new)
            ip, jn, old, new = ip[physical], jn[physical], old.take(physical), new.take(physical)
            x, P, t0 = two_point_states(old, new, cfg.init_velocity_sigma_mps)
            self._append_tracks(x, P, t0, self._revisit(old, new))
            used = np.zeros(len(self.pool), dtype=bool)
            used[ip] = True
            self.pool = self.pool.take(~used)
        self.pool = self.pool.extend(free)

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

    def _append_tracks(self, x: FloatArray, P: FloatArray, t0: FloatArray, revisit: FloatArray) -> None:
        """Add tentative tracks with fresh numbers."""
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
        )
        self.tracks = self.tracks.extend(new)
        self.stats["tracks_started"] += k

    def _prune_pool(self, t_now_s: float) -> None:
        """Forget pooled plots too old to start a track with."""
        self.pool = self.pool.take(self.pool.t_s >= t_now_s - self.config.init_max_dt_s)

    def _delete(self, t_now_s: float) -> None:
        """Drop expired tracks, then the junior of each duplicate pair."""
        drop = expired(self.tracks, t_now_s, self.config)
        self.stats["tracks_deleted"] += int(drop.sum())
        self.tracks = self.tracks.take(~drop)
        dup = duplicates(self.tracks, t_now_s, self.config)
        self.stats["duplicates_dropped"] += int(dup.sum())
        self.tracks = self.tracks.take(~dup)

    def _report(self, t_prev_s: float) -> Tracks:
        """One row per track updated after t_prev_s: geodetic position, local ENU velocity."""
        tr = self.tracks.take(self.tracks.t_s > t_prev_s)
        lat, lon, alt, v = geodetic_state(self.frame, tr.x[:, :3], tr.x[:, 3:])
        kinds, _ = guess_kind(np.linalg.norm(v, axis=1), alt, v[:, 2], tr.heard)
        kinds[~tr.confirmed] = ""
        return Tracks(
            t_s=tr.t_s.copy(),
            track_id=np.array([f"T{n}" for n in tr.number], dtype=object),
            lat=lat,
            lon=lon,
            alt_m=alt,
            v_east_mps=v[:, 0].copy(),
            v_north_mps=v[:, 1].copy(),
            v_up_mps=v[:, 2].copy(),
            object_kind=kinds,
            confirmed=tr.confirmed.copy(),
        )
