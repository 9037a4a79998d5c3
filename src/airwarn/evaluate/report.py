"""The run report: one self-contained HTML file (inline CSS, figures as base64 PNG)."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import numpy as np
from shapely.geometry.base import BaseGeometry

from airwarn.evaluate.report_plots import burden_plot, gospa_plot, lead_plot, map_plot
from airwarn.evaluate.score import RunMetrics
from airwarn.evaluate.warning import required_lead_s
from airwarn.scenario.model import AlertMessage, FloatArray, Scenario, Tracks

_CSS: Final = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 980px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th { background: #f0f0f0; } td.l, th.l { text-align: left; }
img { max-width: 100%; } .note { color: #555; font-size: 0.85em; }
"""


def write_report(
    path: Path,
    scenario: Scenario,
    tracks: Tracks,
    alerts: Sequence[AlertMessage],
    metrics: RunMetrics,
    borders: Sequence[BaseGeometry] = (),
) -> None:
    """Write the HTML report of one scored run to `path` (UTF-8, no external links); `borders`
    (lon/lat geometries, e.g. countries) are drawn under the map when given."""
    lat0, _ = scenario.info.area.center
    body = [
        f"<h1>airwarn run report: {_e(scenario.info.name)}</h1>",
        f"<p class='note'>Start {_e(scenario.info.start_time)}, {metrics.duration_s:g} s scored; "
        f"{len(tracks)} track rows, {len(alerts)} alert messages.</p>",
        "<h2 id='summary'>Summary</h2>",
        _summary_table(metrics),
        "<h2 id='gospa'>GOSPA over time</h2>",
        _img(gospa_plot(metrics), "GOSPA over time"),
        "<p class='note'>p = 2, alpha = 2, c = 1000 m, 3-D, confirmed tracks as shown online.</p>",
        "<h2 id='lead'>Lead time against limit</h2>",
        _img(lead_plot(metrics), "lead time against limit"),
        _impact_table(metrics),
        "<h2 id='burden'>Alert burden over time</h2>",
        _img(burden_plot(metrics), "alert burden over time"),
        "<h2 id='map'>Map</h2>",
        _img(map_plot(metrics, tracks, lat0, borders), "map of truth, tracks, alerts and impacts"),
    ]
    page = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>airwarn report: {_e(scenario.info.name)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
    Path(path).write_text(page, encoding="utf-8")


def _e(text: str) -> str:
    """HTML-escaped text."""
    return html.escape(str(text))


def _img(png_base64: str, alt: str) -> str:
    """An inline PNG."""
    return f"<img alt='{_e(alt)}' src='data:image/png;base64,{png_base64}'>"


def _num(value: float, fmt: str = "{:,.1f}") -> str:
    """A number for a table cell; a dash for NaN."""
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else fmt.format(value)


def _pct(value: float) -> str:
    """A share as a percentage."""
    return _num(100.0 * value if not math.isnan(value) else math.nan, "{:.0f} %")


def _mean(x: FloatArray) -> float:
    """Mean of a series, NaN when empty."""
    return float(np.mean(x)) if x.size else math.nan


def _summary_table(m: RunMetrics) -> str:
    """The headline figures."""
    s = m.tracking.series
    rows = [
        ("GOSPA mean (m)", _num(_mean(s.distance_m))),
        ("  localisation part (m)", _num(_mean(s.localisation_m))),
        ("  missed part (m)", _num(_mean(s.missed_m))),
        ("  false part (m)", _num(_mean(s.false_m))),
        ("tracks / confirmed / true objects", f"{m.n_tracks} / {m.n_confirmed_tracks} / {m.paths.ids.size}"),
        ("false tracks", str(len(m.tracking.false_track_ids))),
        ("missed objects", str(len(m.tracking.missed_object_ids))),
        ("impacts", str(m.warning.n_impacts)),
        (
            "warned (target ≥ 99 %)",
            f"{_pct(m.warning.share_warned)} (baseline {_pct(m.baseline_warning.share_warned)})",
        ),
        (
            "sufficiently warned (target ≥ 95 %)",
            f"{_pct(m.warning.share_sufficient)} (baseline {_pct(m.baseline_warning.share_sufficient)})",
        ),
        ("warned under 15 s though limit > 60 s", str(m.warning.n_late_warned)),
        ("alert burden (km²·min)", _num(m.burden_km2_min, "{:,.0f}")),
        ("baseline burden (km²·min)", _num(m.baseline.burden_km2_min, "{:,.0f}")),
        ("burden ratio, run / baseline (target ≤ 0.05)", _num(m.burden_ratio, "{:.3f}")),
    ]
    cells = "".join(f"<tr><th class='l'>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    return f"<table>{cells}</table>"


def _impact_table(m: RunMetrics) -> str:
    """One row per impact: our verdict beside the baseline's."""
    t, b = m.impacts, m.baseline.impacts
    need = required_lead_s(t.limit_s)
    head = (
        "<tr><th class='l'>object</th><th class='l'>kind</th><th>t (s)</th><th>warned</th>"
        "<th>lead (s)</th><th>limit (s)</th><th>needed (s)</th><th>sufficient</th>"
        "<th>baseline lead (s)</th></tr>"
    )
    rows = [
        f"<tr><td class='l'>{_e(str(t.object_id[k]))}</td><td class='l'>{_e(str(t.object_kind[k]))}</td>"
        f"<td>{t.t_s[k]:.1f}</td><td>{'yes' if t.warned[k] else 'no'}</td><td>{_num(t.lead_s[k])}</td>"
        f"<td>{t.limit_s[k]:.1f}</td><td>{need[k]:.1f}</td><td>{'yes' if t.sufficient[k] else 'no'}</td>"
        f"<td>{_num(b.lead_s[k])}</td></tr>"
        for k in range(t.t_s.size)
    ]
    return f"<table>{head}{''.join(rows)}</table>"
