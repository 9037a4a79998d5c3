"""The independent example scenario scored end to end, metrics.json and the HTML report."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from airwarn.evaluate.report import write_report
from airwarn.evaluate.score import RunMetrics, score_run, write_metrics
from airwarn.scenario.model import AlertMessage, Scenario
from tests.evaluate.example_loader import load_example, no_tracks, tracks_from_truth


@pytest.fixture(scope="module")
def example() -> Scenario:
    return load_example()


def _alerts_over_impacts(sc: Scenario, before_s: float) -> list[AlertMessage]:
    """One 0.1-degree square alert per impact, issued before_s ahead of it."""
    imp = sc.impacts
    assert imp is not None
    out = []
    for k in range(len(imp)):
        lon, lat, d = float(imp.lon[k]), float(imp.lat[k]), 0.05
        ring = [
            [lon - d, lat - d],
            [lon + d, lat - d],
            [lon + d, lat + d],
            [lon - d, lat + d],
            [lon - d, lat - d],
        ]
        t = float(imp.t_s[k])
        out.append(
            AlertMessage(f"a{k}", "Alert", t - before_s, t + 60.0, {"type": "Polygon", "coordinates": [ring]})
        )
    return out


def test_tracks_made_from_truth_score_near_zero(example: Scenario) -> None:
    assert example.truth is not None
    m = score_run(example, tracks_from_truth(example.truth), [])
    j = m.to_json()
    assert j["gospa_mean_m"] < 1.0
    assert j["n_false_tracks"] == 0 and j["n_missed_objects"] == 0
    assert j["n_objects"] == j["n_confirmed_tracks"] == 8
    assert j["n_impacts"] == 7 and j["share_warned"] == 0.0


def test_no_tracks_score_c_over_root_2_per_object(example: Scenario) -> None:
    m = score_run(example, no_tracks(), [])
    s = m.tracking.series
    np.testing.assert_allclose(s.distance_m, 1000.0 / math.sqrt(2) * np.sqrt(s.n_truth))
    assert s.n_truth.max() >= 2
    j = m.to_json()
    assert j["n_missed_objects"] == j["n_detectable_objects"] > 0


def test_every_impact_is_judged_and_the_baseline_costs_more(example: Scenario) -> None:
    assert example.truth is not None
    m = score_run(example, tracks_from_truth(example.truth), _alerts_over_impacts(example, 120.0))
    j = m.to_json()
    assert j["share_warned"] == 1.0
    rows = j["impacts"]
    assert [r["lead_s"] >= 120.0 for r in rows] == [True] * 7
    assert all(0.0 < r["limit_s"] <= r["t_s"] for r in rows)
    assert 0.0 < j["burden_ratio"] < 0.05


def test_progress_is_reported(example: Scenario) -> None:
    stages: list[str] = []
    score_run(example, no_tracks(), [], on_progress=lambda stage, frac: stages.append(stage))
    assert stages[0] == "attribution" and stages[-1] == "done" and "baseline" in stages


@pytest.fixture(scope="module")
def scored(example: Scenario) -> RunMetrics:
    assert example.truth is not None
    return score_run(example, tracks_from_truth(example.truth), _alerts_over_impacts(example, 90.0))


def test_metrics_json_is_strict_json_with_the_named_metrics(scored: RunMetrics, tmp_path: Path) -> None:
    path = tmp_path / "metrics.json"
    write_metrics(path, scored)
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text
    data = json.loads(text)
    for key in (
        "gospa_mean_m",
        "n_false_tracks",
        "n_missed_objects",
        "share_warned",
        "share_sufficient",
        "burden_km2_min",
        "baseline_burden_km2_min",
        "burden_ratio",
        "n_late_warned",
        "impacts",
    ):
        assert key in data
    assert set(data["impacts"][0]) >= {
        "object_id",
        "kind",
        "t_s",
        "warned",
        "lead_s",
        "limit_s",
        "sufficient",
    }


def test_report_is_self_contained_and_has_every_section(
    example: Scenario, scored: RunMetrics, tmp_path: Path
) -> None:
    assert example.truth is not None
    path = tmp_path / "report.html"
    tracks = tracks_from_truth(example.truth)
    write_report(path, example, tracks, _alerts_over_impacts(example, 90.0), scored)
    page = path.read_text(encoding="utf-8")
    for section in ("summary", "gospa", "lead", "burden", "map"):
        assert f"id='{section}'" in page
    assert len(re.findall(r"src='data:image/png;base64,", page)) == 4
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", page)
    assert "burden ratio" in page and "T0007" in page
