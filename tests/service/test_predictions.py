"""The map's predicted danger areas follow the alert engine's prediction of the same track."""

from __future__ import annotations

import math

from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from airwarn.alerting.policy import AlertPolicy
from airwarn.geo.frames import destination
from airwarn.service.geojson import LiveTrack
from airwarn.service.predictions import prediction_features


def _impact_area(climb_sd_mps: float) -> BaseGeometry:
    # 10 km above the default ground, 240 m/s east, seemingly level: a glide bomb by its speed and height
    bomb = LiveTrack(
        0.0, 50.0, 36.0, 10_150.0, (240.0, 0.0, -1.0), "glide_bomb", True, climb_sd_mps=climb_sd_mps
    )
    features = prediction_features(0.0, {"T1": bomb}, AlertPolicy())
    (area,) = [f for f in features if f["properties"]["layer"] == "impact"]
    return shape(area["geometry"])


def test_a_young_glide_bomb_with_an_unsure_sink_rate_is_drawn_over_every_glide_it_may_fly() -> None:
    # A 3.5:1 glide comes down 29 km ahead: outside the area drawn from the prior 6.5:1 alone, inside
    # the one drawn with the track's 120 m/s climb-rate error (as the alert engine warns it).
    steep = Point(*reversed([float(x) for x in destination(50.0, 36.0, 90.0, 29_150.0)]))
    assert not _impact_area(math.nan).covers(steep)
    assert _impact_area(120.0).covers(steep)
