"""Warned, lead, limit and sufficiency on hand-made alert timelines."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from airwarn.errors import ScenarioError
from airwarn.evaluate.alert_timeline import alert_pieces
from airwarn.evaluate.attribution import Attribution
from airwarn.evaluate.warning import impact_limits_s, summarise, warn_impacts
from airwarn.scenario.model import AlertMessage, Impacts

LON, LAT = 33.0, 48.0


def _square(lon: float, lat: float, half_deg: float = 0.05) -> dict[str, Any]:
    ring = [
        [lon - half_deg, lat - half_deg],
        [lon + half_deg, lat - half_deg],
        [lon + half_deg, lat + half_deg],
        [lon - half_deg, lat + half_deg],
        [lon - half_deg, lat - half_deg],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


ON = _square(LON, LAT)
OFF = _square(LON + 1.0, LAT)


def _msg(
    alert_id: str, kind: str, t_s: float, expires_t_s: float = 1e4, area: dict[str, Any] | None = None
) -> AlertMessage:
    return AlertMessage(
        alert_id, kind, t_s, expires_t_s, ON if area is None and kind != "Cancel" else (area or {})
    )


def _impacts(*t_s: float) -> Impacts:
    n = len(t_s)
    return Impacts(
        object_id=np.array([f"T{k}" for k in range(n)], dtype=object),
        object_kind=np.full(n, "drone", dtype=object),
        t_s=np.array(t_s, float),
        lat=np.full(n, LAT),
        lon=np.full(n, LON),
    )


def _leads(alerts: list[AlertMessage], *t_s: float) -> list[float]:
    table = warn_impacts(_impacts(*t_s), alert_pieces(alerts), np.zeros(len(t_s)))
    return [float(x) for x in table.lead_s]


def test_lead_runs_from_the_alert_start() -> None:
    assert _leads([_msg("a", "Alert", 100.0)], 400.0, 50.0) == [300.0, pytest.approx(math.nan, nan_ok=True)]


def test_update_that_moves_the_area_away_breaks_coverage() -> None:
    alerts = [_msg("a", "Alert", 100.0), _msg("a", "Update", 200.0, area=OFF), _msg("a", "Update", 300.0)]
    assert _leads(alerts, 150.0, 250.0, 400.0) == [50.0, pytest.approx(math.nan, nan_ok=True), 100.0]


def test_cancel_ends_the_alert() -> None:
    alerts = [_msg("a", "Alert", 100.0), _msg("a", "Cancel", 300.0)]
    assert _leads(alerts, 250.0, 300.0, 400.0)[0] == 150.0
    assert all(math.isnan(x) for x in _leads(alerts, 300.0, 400.0))


def test_expiry_ends_the_alert_unless_an_update_extends_it_in_time() -> None:
    expired = [_msg("a", "Alert", 100.0, 350.0)]
    extended = [*expired, _msg("a", "Update", 300.0, 500.0)]
    too_late = [*expired, _msg("a", "Update", 360.0, 500.0)]
    assert math.isnan(_leads(expired, 400.0)[0])
    assert _leads(extended, 400.0) == [300.0]
    assert math.isnan(_leads(too_late, 400.0)[0])


def test_overlapping_or_touching_alerts_give_unbroken_coverage() -> None:
    first = _msg("a", "Alert", 100.0, 300.0)
    assert _leads([first, _msg("b", "Alert", 250.0, 600.0)], 400.0) == [300.0]
    assert _leads([first, _msg("b", "Alert", 300.0, 600.0)], 400.0) == [300.0]
    assert _leads([first, _msg("b", "Alert", 301.0, 600.0)], 400.0) == [99.0]


def test_multipolygon_and_boundary_points_are_covered() -> None:
    multi = {
        "type": "MultiPolygon",
        "coordinates": [OFF["coordinates"], _square(LON + 0.05, LAT)["coordinates"]],
    }
    assert _leads([_msg("a", "Alert", 0.0, area=multi)], 10.0) == [10.0]


def test_an_area_that_is_not_a_polygon_is_refused() -> None:
    with pytest.raises(ScenarioError, match="Point"):
        alert_pieces([_msg("a", "Alert", 0.0, area={"type": "Point", "coordinates": [33.0, 48.0]})])


def test_limit_counts_from_the_first_detection_and_is_zero_if_never_detected() -> None:
    att = Attribution(np.array(["T0", "T1"], dtype=object), np.array([4, 0]), np.array([50.0, np.nan]))
    limits = impact_limits_s(_impacts(1050.0, 200.0, 300.0), att)
    assert limits.tolist() == [1000.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("alert_t_s", "limit_s", "sufficient"),
    [(450.0, 1000.0, True), (451.0, 1000.0, False), (960.0, 100.0, True), (961.0, 100.0, False)],
)
def test_sufficient_needs_min_of_90_percent_of_limit_and_10_minutes(
    alert_t_s: float, limit_s: float, sufficient: bool
) -> None:
    table = warn_impacts(_impacts(1050.0), alert_pieces([_msg("a", "Alert", alert_t_s)]), np.array([limit_s]))
    assert bool(table.sufficient[0]) is sufficient


def test_summary_counts_shares_and_late_warnings() -> None:
    alerts = [_msg("a", "Alert", 990.0), _msg("b", "Alert", 0.0, 500.0)]
    table = warn_impacts(_impacts(1000.0, 1000.0, 400.0), alert_pieces(alerts), np.array([100.0, 50.0, 0.0]))
    s = summarise(table)
    assert (s.n_impacts, s.share_warned, s.n_late_warned) == (3, 1.0, 1)
    assert s.share_sufficient == pytest.approx(1 / 3)


def test_summary_also_reports_warning_among_impacts_the_sensors_detected() -> None:
    alerts = [_msg("a", "Alert", 990.0), _msg("b", "Alert", 0.0, 500.0)]
    table = warn_impacts(_impacts(1000.0, 1000.0, 400.0), alert_pieces(alerts), np.array([100.0, 50.0, 0.0]))
    s = summarise(table)
    assert s.n_undetected == 1
    assert s.share_warned_detected == 1.0
    assert s.share_sufficient_detected == 0.0
