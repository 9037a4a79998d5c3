"""The report's figures, drawn with matplotlib (Agg) and returned as base64 PNG strings."""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Final

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from airwarn.evaluate.score import RunMetrics
from airwarn.evaluate.warning import SHELTER_S, required_lead_s
from airwarn.scenario.model import BoolArray, FloatArray, Tracks

WARNED_COLOUR: Final = "#1f78b4"
UNWARNED_COLOUR: Final = "#e66101"
MAX_MAP_POINTS: Final = 40_000


@contextmanager
def _figure(width_in: float = 9.0, height_in: float = 3.6) -> Iterator[tuple[Figure, Axes]]:
    """A fresh figure and axes, closed afterwards."""
    fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=100)
    try:
        yield fig, ax
    finally:
        plt.close(fig)


def _impact_markers(ax: Axes, x: FloatArray, y: FloatArray, warned: BoolArray, size: float) -> None:
    """Warned impacts as blue circles, unwarned as orange crosses (shape and colour both differ)."""
    ax.scatter(
        x[warned],
        y[warned],
        s=size,
        marker="o",
        color=WARNED_COLOUR,
        edgecolors="black",
        zorder=5,
        label="impact, warned",
    )
    ax.scatter(
        x[~warned],
        y[~warned],
        s=size * 1.2,
        marker="X",
        color=UNWARNED_COLOUR,
        edgecolors="black",
        zorder=5,
        label="impact, not warned",
    )


def _png_base64(fig: Figure) -> str:
    """The figure as a base64 PNG."""
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def gospa_plot(metrics: RunMetrics) -> str:
    """GOSPA and its parts against scenario time."""
    s = metrics.tracking.series
    with _figure() as (fig, ax):
        ax.plot(s.t_s, s.distance_m, color="black", lw=1.5, label="GOSPA")
        ax.plot(s.t_s, s.localisation_m, color="#1f78b4", lw=1, label="localisation")
        ax.plot(s.t_s, s.missed_m, color="#e66101", lw=1, ls="--", label="missed")
        ax.plot(s.t_s, s.false_m, color="#5e3c99", lw=1, ls=":", label="false")
        ax.set_xlabel("scenario time (s)")
        ax.set_ylabel("metres")
        ax.legend(loc="upper right", fontsize=8)
        ax.grid(alpha=0.3)
        return _png_base64(fig)


def lead_plot(metrics: RunMetrics) -> str:
    """Each impact's lead against its limit, with the sufficiency line min(0.9 * limit, 600 s)."""
    t, b = metrics.impacts, metrics.baseline.impacts
    top = max(float(np.nanmax(t.limit_s, initial=0.0)), SHELTER_S / 0.9) * 1.05
    x = np.linspace(0.0, top, 200)
    with _figure(9.0, 4.2) as (fig, ax):
        ax.plot(x, required_lead_s(x), color="black", lw=1, label="needed: min(0.9 limit, 600 s)")
        ax.plot(x, x, color="grey", lw=0.8, ls=":", label="lead = limit")
        w = t.warned
        _impact_markers(ax, t.limit_s, np.nan_to_num(t.lead_s), w, 45.0)
        bw = b.warned
        ax.scatter(
            b.limit_s[bw],
            b.lead_s[bw],
            s=40,
            facecolors="none",
            edgecolors="#4d4d4d",
            marker="s",
            label="regional baseline, warned",
        )
        ax.set_xlabel("limit: impact time minus first detection (s)")
        ax.set_ylabel("lead time (s)")
        ax.legend(loc="upper left", fontsize=8)
        ax.grid(alpha=0.3)
        return _png_base64(fig)


def burden_plot(metrics: RunMetrics) -> str:
    """Area under alert over time: this run's union against the regional baseline."""
    bs, base = metrics.burden, metrics.baseline
    with _figure() as (fig, ax):
        if bs.t_start_s.size:
            xs = np.append(bs.t_start_s, bs.t_end_s[-1])
            ax.stairs(bs.area_km2, xs, color="#1f78b4", lw=1.5, label="this run (union of alerts)")
        if base.t_s.size:
            ax.stairs(
                base.area_km2,
                np.append(base.t_s, base.t_s[-1] + 1.0),
                color="#e66101",
                lw=1.2,
                ls="--",
                label="regional baseline (H3 res 3)",
            )
        ax.set_xlabel("scenario time (s)")
        ax.set_ylabel("area under alert (km²)")
        ax.legend(loc="upper right", fontsize=8)
        ax.grid(alpha=0.3)
        return _png_base64(fig)


def _rings(geom: BaseGeometry) -> Iterator[np.ndarray]:
    """Exterior rings (lon, lat) of a Polygon or MultiPolygon."""
    polys = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    for poly in polys:
        if isinstance(poly, Polygon) and not poly.is_empty:
            yield np.asarray(poly.exterior.coords)


def _draw_borders(ax: Axes, borders: Sequence[BaseGeometry]) -> None:
    """Outline each border geometry thinly without widening the axes beyond the data."""
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    for geom in borders:
        for ring in _rings(geom):
            ax.plot(ring[:, 0], ring[:, 1], color="#8c8c8c", lw=0.7, zorder=1)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)


def map_plot(
    metrics: RunMetrics, tracks: Tracks, lat0_deg: float, borders: Sequence[BaseGeometry] = ()
) -> str:
    """Truth paths, confirmed tracks, alert areas and impacts on plain lon/lat axes, over the
    outlines of `borders` (cut to the data's extent)."""
    p = metrics.paths
    with _figure(9.0, 7.5) as (fig, ax):
        for k, piece in enumerate(metrics.pieces):
            for ring in _rings(piece.area):
                ax.fill(
                    ring[:, 0],
                    ring[:, 1],
                    color="#fdb863",
                    alpha=0.25,
                    lw=0.6,
                    ec="#b35806",
                    label="alert area" if k == 0 else None,
                )
        for i in range(p.ids.size):
            sl = slice(int(p.starts[i]), int(p.stops[i]))
            ax.plot(
                p.lon[sl], p.lat[sl], color="#4d4d4d", lw=1.0, zorder=3, label="truth" if i == 0 else None
            )
        conf = np.flatnonzero(np.asarray(tracks.confirmed, bool))
        conf = conf[:: max(1, math.ceil(conf.size / MAX_MAP_POINTS))]
        ax.scatter(
            tracks.lon[conf], tracks.lat[conf], s=6, color="#b2abd2", zorder=2, label="confirmed tracks"
        )
        t = metrics.impacts
        _impact_markers(ax, t.lon, t.lat, t.warned, 80.0)
        _draw_borders(ax, borders)
        ax.set_aspect(1.0 / max(math.cos(math.radians(lat0_deg)), 0.05))
        ax.set_xlabel("longitude (°)")
        ax.set_ylabel("latitude (°)")
        ax.legend(loc="best", fontsize=8)
        ax.grid(alpha=0.3)
        return _png_base64(fig)
