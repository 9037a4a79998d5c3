"""Which detections count for which object: hand cases per sensor kind, and a cross-check."""

from __future__ import annotations

import numpy as np

from airwarn.evaluate.attribution import Attribution, attribute
from airwarn.evaluate.presentation import scoring_frame, truth_paths
from airwarn.geo.frames import LocalFrame, aer_from, destination, geodetic_from_aer, haversine_m
from airwarn.scenario.model import (
    Area,
    Detections,
    ScenarioInfo,
    Sensor,
    Truth,
    detections_from_columns,
)
from tests.evaluate.example_loader import load_example

RADAR = Sensor("R1", "radar", lat=48.0, lon=33.0, alt_m=100.0, max_range_m=200_000.0)
POST = Sensor("A1", "acoustic", lat=48.3, lon=33.4, alt_m=50.0, max_range_m=3000.0)
INFO = ScenarioInfo(
    name="hand",
    start_time="2025-01-01T00:00:00Z",
    duration_s=200.0,
    area=Area(47.5, 32.5, 48.8, 34.0),
    sensors=(RADAR, POST, Sensor("public", "observer")),
)
T = np.arange(0.0, 101.0)


def _object(
    oid: str, frame: LocalFrame, start: tuple[float, float, float], end: tuple[float, float, float]
) -> Truth:
    """An object flying straight (in `frame`) from start to end over t = 0..100 s."""
    f = T / 100.0
    e, n, u = (np.asarray(a) + (np.asarray(b) - np.asarray(a)) * f for a, b in zip(start, end, strict=True))
    lat, lon, alt = frame.to_geodetic(e, n, u)
    ids = np.full(T.size, oid, dtype=object)
    return Truth(T.copy(), ids, np.full(T.size, "drone", dtype=object), lat, lon, alt)


def _truth() -> Truth:
    radar_frame = LocalFrame(48.0, 33.0, 100.0)
    post_frame = LocalFrame(48.3, 33.4, 50.0)
    parts = [
        _object("T1", radar_frame, (-20e3, 50e3, 3000.0), (20e3, 50e3, 3000.0)),
        _object("T2", post_frame, (-1000.0, 2000.0, 300.0), (1000.0, 2000.0, 300.0)),
        _object("T3", post_frame, (0.0, 3500.0, 300.0), (0.0, 3500.0, 300.0)),
    ]
    return Truth(*(np.concatenate([getattr(p, c) for p in parts]) for c in Truth.__dataclass_fields__))


def _position(truth: Truth, oid: str, t_s: float) -> tuple[float, float, float]:
    k = int(np.flatnonzero((truth.object_id == oid) & (truth.t_s == t_s))[0])
    return float(truth.lat[k]), float(truth.lon[k]), float(truth.alt_m[k])


def _attribute(rows: list[dict[str, object]], truth: Truth) -> Attribution:
    rows = sorted(rows, key=lambda r: float(r["t_s"]))  # type: ignore[arg-type]
    cols = {
        k: [r.get(k, np.nan if k != "sensor_id" else "") for r in rows]
        for k in ("t_s", "sensor_id", "range_m", "azimuth_deg", "elevation_deg", "lat", "lon")
    }
    det = detections_from_columns(len(rows), cols)
    frame = scoring_frame(INFO)
    return attribute(INFO, det, truth_paths(truth, frame), frame)


def _counts(a: Attribution) -> dict[str, int]:
    return {str(i): int(c) for i, c in zip(a.ids, a.count, strict=True)}


def test_radar_plot_counts_within_2_km_of_the_true_position_while_flying() -> None:
    truth = _truth()
    rows = []
    for t_s, extra_range_m in [(10.0, 0.0), (20.0, 1900.0), (30.0, 2100.0), (40.5, 0.0)]:
        lat, lon, alt = _position(truth, "T1", float(np.floor(t_s)))
        az, el, rng = aer_from(48.0, 33.0, 100.0, lat, lon, alt)
        rows.append(
            {
                "t_s": t_s,
                "sensor_id": "R1",
                "range_m": float(rng) + extra_range_m,
                "azimuth_deg": float(az),
                "elevation_deg": float(el),
            }
        )
    lat, lon, alt = _position(truth, "T1", 100.0)
    az, el, rng = aer_from(48.0, 33.0, 100.0, lat, lon, alt)
    rows.append(
        {
            "t_s": 150.0,
            "sensor_id": "R1",
            "range_m": float(rng),
            "azimuth_deg": float(az),
            "elevation_deg": float(el),
        }
    )
    a = _attribute(rows, truth)
    # t=40.5 uses the t=40 position: T1 moves 400 m/s, so it is 200 m off: still counts.
    # t=150: T1 stopped flying at t=100, so the plot counts for nothing.
    assert _counts(a) == {"T1": 3, "T2": 0, "T3": 0}
    assert a.first_t_s[0] == 10.0
    assert np.isnan(a.first_t_s[1])


def test_acoustic_bearing_counts_within_15_degrees_wrapped_and_in_range() -> None:
    # At t = 40, T2 is 200 m west and 2000 m north of the post: true bearing 354.3 degrees.
    rows = [
        {"t_s": 40.0, "sensor_id": "A1", "azimuth_deg": 8.0},
        {"t_s": 40.0, "sensor_id": "A1", "azimuth_deg": 10.0},
        {"t_s": 40.0, "sensor_id": "A1", "azimuth_deg": 340.0},
        {"t_s": 40.0, "sensor_id": "A1", "azimuth_deg": 180.0},
    ]
    a = _attribute(rows, _truth())
    # T3 is due north too, but 3.5 km away, beyond the post's 3 km max_range_m.
    assert _counts(a) == {"T1": 0, "T2": 2, "T3": 0}


def test_observer_report_counts_within_5_km_of_the_object() -> None:
    truth = _truth()
    lat, lon, _ = _position(truth, "T1", 50.0)
    near = destination(lat, lon, 90.0, 4900.0)
    far = destination(lat, lon, 90.0, 5100.0)
    rows = [
        {"t_s": 50.0, "sensor_id": "public", "lat": float(near[0]), "lon": float(near[1])},
        {"t_s": 50.0, "sensor_id": "public", "lat": float(far[0]), "lon": float(far[1])},
        {"t_s": 60.0, "sensor_id": "nobody", "lat": float(near[0]), "lon": float(near[1])},
    ]
    a = _attribute(rows, truth)
    assert _counts(a)["T1"] == 1
    assert a.first_t_s[0] == 50.0


def test_batched_attribution_matches_a_row_by_row_reference() -> None:
    sc = load_example()
    assert sc.truth is not None
    frame = scoring_frame(sc.info)
    paths = truth_paths(sc.truth, frame)
    sub = sc.detections.take(np.arange(0, len(sc.detections), 7))
    a = attribute(sc.info, sub, paths, frame)
    expected = np.zeros(paths.ids.size, int)
    sensors = sc.info.sensor_by_id()
    for k in range(len(sub)):
        s = sensors.get(str(sub.sensor_id[k]))
        t = float(sub.t_s[k])
        for i in range(paths.ids.size):
            if s is None or not paths.t_first()[i] <= t <= paths.t_last()[i]:
                continue
            lat, lon = (float(x[0]) for x in paths.latlon_at(i, np.array([t])))
            sl = slice(int(paths.starts[i]), int(paths.stops[i]))
            alt = float(np.interp(t, paths.t_s[sl], frame.to_geodetic(*paths.xyz_m[sl].T)[2]))
            expected[i] += _agrees(s, sub, k, lat, lon, alt)
    np.testing.assert_array_equal(a.count, expected)
    assert a.count.sum() > 20


def _agrees(s: Sensor, d: Detections, k: int, lat: float, lon: float, alt: float) -> bool:
    """The contract's agreement rule for one row and one object, written plainly."""
    if s.kind == "radar":
        p = geodetic_from_aer(
            float(s.lat or 0),
            float(s.lon or 0),
            float(s.alt_m or 0),
            d.azimuth_deg[k],
            d.elevation_deg[k],
            d.range_m[k],
        )
        return bool(np.linalg.norm(np.array(LocalFrame(lat, lon, alt).to_enu(*p), float)) <= 2000.0)
    if s.kind == "acoustic":
        az, _, rng = aer_from(float(s.lat or 0), float(s.lon or 0), float(s.alt_m or 0), lat, lon, alt)
        off = abs((float(d.azimuth_deg[k]) - float(az) + 180.0) % 360.0 - 180.0)
        return off <= 15.0 and float(rng) <= float(s.max_range_m or np.inf)
    if s.kind == "observer":
        return bool(haversine_m(d.lat[k], d.lon[k], lat, lon) <= 5000.0)
    return False
