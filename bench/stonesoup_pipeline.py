"""Stone Soup 1.9.1's standard pipeline over airwarn's radar plots, as a baseline to compare with.

The pipeline (Stone Soup's tutorial "multi-target tracking" set-up, 3-D):
  ConstantVelocity x3 (CombinedLinearGaussianTransitionModel) -> ExtendedKalmanPredictor;
  CartesianToElevationBearingRange per radar -> ExtendedKalmanUpdater;
  DistanceHypothesiser(Mahalanobis, missed_distance=gate) -> GNNWith2DAssignment
  (optionally pre-gated by a kd-tree over plot positions, see PreGatedGNN);
  MultiMeasurementInitiator (SimpleMeasurementInitiator inside) releasing tracks after
  min_points updates; UpdateTimeDeleter + CovarianceBasedDeleter; MultiTargetTracker.

Frames. States are [e, ve, n, vn, u, vu] in a LocalFrame at the area centre (the frame the
airwarn tracker and scorer use). Each radar gets its own measurement model: translation_offset
is the radar's ENU position in that frame and rotation_offset turns the frame's axes into the
radar's own ENU axes (a few degrees apart at 200 km), so the model is exact like airwarn's.
Stone Soup measures bearing counter-clockwise from x (east): bearing = pi/2 - azimuth.

Time. Each plot keeps its own timestamp (DistanceHypothesiser predicts every track to each
plot's time). One airwarn scan interval is fed as one tracker update per radar (plots of a
radar share one measurement model; two radars seeing a target in the same second would
otherwise leave one plot to start a duplicate track).

Memory. Stone Soup keeps every state of every track; after each scan the history before a
track's last update is dropped (no component looks further back), so long runs fit in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree
from scipy.spatial.transform import Rotation
from stonesoup.base import Property
from stonesoup.dataassociator.neighbour import GNNWith2DAssignment
from stonesoup.deleter.base import Deleter
from stonesoup.deleter.error import CovarianceBasedDeleter
from stonesoup.deleter.multi import CompositeDeleter
from stonesoup.deleter.time import UpdateTimeDeleter
from stonesoup.hypothesiser.distance import DistanceHypothesiser
from stonesoup.initiator.simple import MultiMeasurementInitiator
from stonesoup.measures import Mahalanobis
from stonesoup.models.measurement.nonlinear import CartesianToElevationBearingRange
from stonesoup.models.transition.linear import (
    CombinedLinearGaussianTransitionModel,
    ConstantVelocity,
)
from stonesoup.predictor.kalman import ExtendedKalmanPredictor
from stonesoup.tracker.simple import MultiTargetTracker
from stonesoup.types.angle import Bearing, Elevation
from stonesoup.types.array import CovarianceMatrix, StateVector
from stonesoup.types.detection import Detection
from stonesoup.types.state import GaussianState
from stonesoup.types.update import Update
from stonesoup.updater.kalman import ExtendedKalmanUpdater

from airwarn.geo.frames import LocalFrame
from airwarn.scenario.model import TRACK_FIELDS, Detections, Sensor, Tracks
from airwarn.tracking.enu import frame_to_local_rotation, geodetic_state

FloatArray = npt.NDArray[np.float64]
POS = (0, 2, 4)
VEL = (1, 3, 5)


@dataclass(frozen=True)
class StoneSoupSettings:
    """The baseline's tunables (chosen for 50-250 m/s threats seen by 5-12 s scan radars)."""

    q_m2ps3: float = 20.0
    """ConstantVelocity noise diffusion per axis (m²/s³): ~2 m/s² over a 5 s scan."""
    gate_mahalanobis: float = 4.0
    """DistanceHypothesiser missed_distance: Mahalanobis gate (4 ≈ chi² 16, 99.9 % in 3-D)."""
    min_points: int = 3
    """MultiMeasurementInitiator: updates (the first plot included) that release a track."""
    prior_speed_sigma_mps: float = 150.0
    """Velocity sigma of a new track (zero prior velocity) in each axis."""
    holding_silence_s: float = 14.0
    """A holding (tentative) track without an update for this long is dropped (> one 12 s scan)."""
    delete_silence_s: float = 30.0
    """A released track without an update for this long is deleted (as airwarn's default)."""
    max_position_sigma_m: float = 5000.0
    """A track whose position covariance trace exceeds this sigma squared is deleted."""
    pregate: bool = True
    """Pre-gate with a kd-tree over plot ENU positions (False: stock, every track x plot)."""
    pregate_sigmas: float = 4.0
    """Pre-gate radius in position sigmas (track plus plot), plus speed x plot time span."""
    max_pregate_radius_m: float = 60_000.0
    """Upper bound on a pre-gate radius (m)."""


class PreGatedGNN(GNNWith2DAssignment):  # type: ignore[misc]
    """GNNWith2DAssignment that hypothesises only plots near each track's predicted position.

    Stone Soup's own DetectionKDTreeMixIn needs one measurement model for all plots; radars
    measure in different polar spaces, so this builds the kd-tree over plot ENU positions
    (detection.metadata["enu"]) instead and queries each track's constant-velocity prediction.
    A track with no plot within its radius is left out of this association (it coasts: no
    prediction is appended), so a call costs Kalman predictions only for gated pairs.
    """

    sigmas: float = Property(default=4.0, doc="radius in position sigmas")
    q_m2ps3: float = Property(default=20.0, doc="process noise, for the sigma growth")
    max_radius_m: float = Property(default=60_000.0, doc="upper bound on a radius (m)")

    def generate_hypotheses(
        self, tracks: set[Any], detections: set[Any], timestamp: datetime, **kwargs: Any
    ) -> dict[Any, Any]:
        if not tracks or not detections:
            return {}
        dets = list(detections)
        xyz = np.array([d.metadata["enu"] for d in dets], dtype=float)
        plot_sigma = max(float(d.metadata["sigma_m"]) for d in dets)
        t_det = [d.timestamp for d in dets]
        span_s = (max(t_det) - min(t_det)).total_seconds()
        track_list = list(tracks)
        x = np.array([np.asarray(t.state_vector, float)[:, 0] for t in track_list])
        pos_var = np.array([float(np.trace(np.asarray(t.covar)[np.ix_(POS, POS)])) for t in track_list])
        dt = np.array([(timestamp - t.timestamp).total_seconds() for t in track_list])
        pred = x[:, POS] + x[:, VEL] * dt[:, None]  # p + v dt
        sigma = np.sqrt(pos_var + self.q_m2ps3 * np.abs(dt) ** 3)  # trace grows by 3 q dt³/3
        speed = np.linalg.norm(x[:, VEL], axis=1)
        radius = np.minimum(self.sigmas * (sigma + plot_sigma) + speed * span_s, self.max_radius_m)
        tree = cKDTree(xyz)
        near = tree.query_ball_point(pred, radius)
        return {
            t: self.hypothesiser.hypothesise(t, {dets[j] for j in idx}, timestamp, **kwargs)
            for t, idx in zip(track_list, near, strict=True)
            if idx
        }


class ClockedUpdateTimeDeleter(UpdateTimeDeleter):  # type: ignore[misc]
    """UpdateTimeDeleter measured from the tracker's clock (`now`), not the track's last state:
    PreGatedGNN appends nothing to a track without plots near it, so its last state can be old."""

    now: datetime | None = Property(default=None, doc="current time; None: the track's own time")

    def check_for_deletion(self, track: Any, timestamp: datetime | None = None, **kwargs: Any) -> bool:
        t = self.now if self.now is not None else timestamp
        return bool(super().check_for_deletion(track, timestamp=t, **kwargs))


def radar_models(sensors: Sequence[Sensor], frame: LocalFrame) -> dict[str, CartesianToElevationBearingRange]:
    """One measurement model per radar with a position: offset and rotation into its ENU axes."""
    models: dict[str, CartesianToElevationBearingRange] = {}
    for s in sensors:
        if s.kind != "radar" or s.lat is None or s.lon is None or s.alt_m is None:
            continue
        e, n, u = frame.to_enu(s.lat, s.lon, s.alt_m)
        C = frame_to_local_rotation(frame.lat0, frame.lon0, np.array([s.lat]), np.array([s.lon]))[0]
        # Stone Soup's rotation matrix is rotx(-a) @ roty(b) @ rotz(-c); C = Rx(α) Ry(β) Rz(γ).
        alpha, beta, gamma = Rotation.from_matrix(C).as_euler("XYZ")
        sigma = [
            np.radians(s.sigma_elevation_deg if s.sigma_elevation_deg is not None else 0.5),
            np.radians(s.sigma_azimuth_deg if s.sigma_azimuth_deg is not None else 0.5),
            s.sigma_range_m if s.sigma_range_m is not None else 100.0,
        ]
        models[s.id] = CartesianToElevationBearingRange(
            ndim_state=6,
            mapping=POS,
            noise_covar=CovarianceMatrix(np.diag(np.square(sigma))),
            translation_offset=StateVector([float(e), float(n), float(u)]),
            rotation_offset=StateVector([-alpha, beta, -gamma]),
        )
    return models


def to_stonesoup(
    det: Detections, models: dict[str, CartesianToElevationBearingRange], t0: datetime
) -> dict[str, list[Detection]]:
    """Radar rows with a complete polar plot, as Stone Soup Detections grouped by radar.

    Each Detection carries its own timestamp and its radar's model; metadata holds its ENU
    position ("enu") and largest position sigma ("sigma_m") for the pre-gate.
    """
    groups: dict[str, list[Detection]] = {}
    rng, az, el = det.range_m, np.radians(det.azimuth_deg), np.radians(det.elevation_deg)
    for i in range(len(det)):
        model = models.get(det.sensor_id[i])
        if model is None or not np.isfinite((rng[i], az[i], el[i])).all():
            continue
        z = StateVector([Elevation(el[i]), Bearing(np.pi / 2 - az[i]), float(rng[i])])
        d = Detection(z, timestamp=t0 + timedelta(seconds=float(det.t_s[i])), measurement_model=model)
        sd = np.sqrt(np.diag(model.covar()))
        d.metadata["enu"] = np.asarray(model.inverse_function(d), float)[POS, 0]
        d.metadata["sigma_m"] = float(max(sd[2], rng[i] * max(sd[0], sd[1])))
        groups.setdefault(str(det.sensor_id[i]), []).append(d)
    return groups


def build_tracker(settings: StoneSoupSettings) -> MultiTargetTracker:
    """The standard pipeline with these settings (no detector: fed by update_tracker)."""
    s = settings
    transition = CombinedLinearGaussianTransitionModel([ConstantVelocity(s.q_m2ps3)] * 3)
    predictor = ExtendedKalmanPredictor(transition)
    updater = ExtendedKalmanUpdater(measurement_model=None)
    hypothesiser = DistanceHypothesiser(
        predictor, updater, measure=Mahalanobis(), missed_distance=s.gate_mahalanobis
    )

    def associator() -> GNNWith2DAssignment:
        if s.pregate:
            return PreGatedGNN(
                hypothesiser, sigmas=s.pregate_sigmas, q_m2ps3=s.q_m2ps3, max_radius_m=s.max_pregate_radius_m
            )
        return GNNWith2DAssignment(hypothesiser)

    def deleter(silence_s: float) -> CompositeDeleter:
        return CompositeDeleter(
            [
                ClockedUpdateTimeDeleter(timedelta(seconds=silence_s)),
                CovarianceBasedDeleter(covar_trace_thresh=s.max_position_sigma_m**2, mapping=list(POS)),
            ],
            intersect=False,
        )

    vel_var = s.prior_speed_sigma_mps**2
    prior = GaussianState(StateVector(np.zeros(6)), CovarianceMatrix(np.diag([0, vel_var] * 3)))
    initiator = MultiMeasurementInitiator(
        prior_state=prior,
        deleter=deleter(s.holding_silence_s),
        data_associator=associator(),
        updater=updater,
        min_points=s.min_points,
    )
    return MultiTargetTracker(
        initiator=initiator,
        deleter=deleter(s.delete_silence_s),
        detector=None,
        data_associator=associator(),
        updater=updater,
    )


class StoneSoupTracker:
    """airwarn's Tracker interface over the Stone Soup pipeline: step(t_s, detections) -> Tracks."""

    def __init__(
        self,
        sensors: Sequence[Sensor],
        frame: LocalFrame,
        settings: StoneSoupSettings | None = None,
        t0: datetime = datetime(2000, 1, 1),
    ) -> None:
        self.settings = settings if settings is not None else StoneSoupSettings()
        self.frame = frame
        self.models = radar_models(sensors, frame)
        self.tracker = build_tracker(self.settings)
        self._clocks = [
            d
            for deleter in (self.tracker.deleter, self.tracker.initiator.deleter)
            for d in _leaf_deleters(deleter)
            if isinstance(d, ClockedUpdateTimeDeleter)
        ]
        self.t0 = t0
        self._t_prev_s = -np.inf
        self._names: dict[str, str] = {}
        self._reported: dict[str, datetime] = {}
        self.radar_plots = 0

    def step(self, t_s: float, detections: Detections) -> Tracks:
        """Track the radar plots with times in (previous t_s, t_s]; rows for tracks updated here."""
        keep = (detections.t_s > self._t_prev_s) & (detections.t_s <= t_s)
        groups = to_stonesoup(detections.take(keep), self.models, self.t0)
        ordered = sorted(groups.values(), key=lambda g: min(d.timestamp for d in g))
        for group in ordered:
            self.radar_plots += len(group)
            now = max(d.timestamp for d in group)
            for clock in self._clocks:
                clock.now = now
            self.tracker.update_tracker(now, set(group))
        self._t_prev_s = max(t_s, self._t_prev_s)
        rows = self._updated_states()
        self._trim_histories()
        return self._rows_to_tracks(rows)

    def _updated_states(self) -> list[tuple[str, Any]]:
        """(name, last Update) of every released track updated since it was last reported."""
        out = []
        for track in self.tracker.tracks:
            state = track.state
            if not isinstance(state, Update):
                state = next((s for s in reversed(track.states) if isinstance(s, Update)), None)
                if state is None:
                    continue
            if self._reported.get(track.id) == state.timestamp:
                continue
            self._reported[track.id] = state.timestamp
            name = self._names.setdefault(track.id, f"S{len(self._names) + 1}")
            out.append((name, state))
        live = {t.id for t in self.tracker.tracks}
        self._reported = {k: v for k, v in self._reported.items() if k in live}
        return out

    def _trim_histories(self) -> None:
        """Drop states no component reads again: released tracks keep their last update and
        last state; holding tracks keep their updates (the initiator counts them) and last state."""
        for track in self.tracker.tracks:
            states = track.states
            last = next((i for i in range(len(states) - 1, -1, -1) if isinstance(states[i], Update)), 0)
            head = [states[last]] if last < len(states) - 1 else []
            states[:] = head + states[-1:]
        for track in self.tracker.initiator.holding_tracks:
            states = track.states
            states[:] = [s for s in states[:-1] if isinstance(s, Update)] + states[-1:]

    def _rows_to_tracks(self, rows: list[tuple[str, Any]]) -> Tracks:
        """Tracks rows: geodetic position, velocity in local ENU axes at the track, confirmed."""
        x = np.array([np.asarray(s.state_vector, float)[:, 0] for _, s in rows]).reshape(-1, 6)
        t_s = np.array([(s.timestamp - self.t0).total_seconds() for _, s in rows], dtype=float)
        lat, lon, alt, v = geodetic_state(self.frame, x[:, POS], x[:, VEL])
        n = len(rows)
        return Tracks(
            t_s=t_s,
            track_id=np.array([name for name, _ in rows], dtype=object),
            lat=lat,
            lon=lon,
            alt_m=alt,
            v_east_mps=v[:, 0].copy(),
            v_north_mps=v[:, 1].copy(),
            v_up_mps=v[:, 2].copy(),
            object_kind=np.full(n, "", dtype=object),
            confirmed=np.ones(n, dtype=bool),
        )


def _leaf_deleters(deleter: Deleter) -> list[Deleter]:
    """The deleters inside a CompositeDeleter (or the deleter itself)."""
    if isinstance(deleter, CompositeDeleter):
        return [leaf for d in deleter.deleters for leaf in _leaf_deleters(d)]
    return [deleter]


def radar_only(detections: Detections, sensors: Sequence[Sensor]) -> Detections:
    """The rows of `detections` that come from radars."""
    radars = {s.id for s in sensors if s.kind == "radar"}
    return detections.take(np.array([sid in radars for sid in detections.sensor_id], dtype=bool))


def concat_tracks(parts: list[Tracks]) -> Tracks:
    """All rows of parts, in order."""
    if not parts:
        e, o = np.zeros(0), np.zeros(0, dtype=object)
        return Tracks(e, o, e, e, e, e, e, e, o, np.zeros(0, dtype=bool))
    return Tracks(**{c: np.concatenate([getattr(p, c) for p in parts]) for c in TRACK_FIELDS})
