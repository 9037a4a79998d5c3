"""The picture's read routes (scenario, tracks, predictions, alerts, CAP, Atom, impacts, history)
and the operator's actions (cancel an alert, log an impact, move the clock)."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from shapely.geometry import Point, shape

from airwarn.alerting.atom import render_atom
from airwarn.scenario.alerts_jsonl import alert_to_json
from airwarn.scenario.model import TRACK_EXTRA_COLUMNS, TRACK_FIELDS, AlertMessage, Tracks
from airwarn.service.deps import Caller, Operator, State
from airwarn.service.geojson import collection, impact_feature
from airwarn.service.ingest import IngestRefusedError
from airwarn.service.predictions import prediction_features
from airwarn.service.schemas import AreaOut, ClockIn, ImpactIn, PlaceOut, ScenarioOut, SensorOut
from airwarn.service.state import CLOCK_META, ServiceState

router = APIRouter()
CAP_MEDIA = "application/cap+xml"
ATOM_MEDIA = "application/atom+xml"
FeatureCollection = dict[str, Any]


@router.get("/scenario", response_model=ScenarioOut)
def get_scenario(state: State, who: Caller) -> ScenarioOut:
    """The scenario being served: area and places for everyone, sensors for operators."""
    info, a = state.info, state.info.area
    sensors = []
    if who.operator:
        owners = {s: k.partner for k in state.store.list_keys() if k.revoked_utc is None for s in k.sensors}
        sensors = [
            SensorOut(sensor_id=s.id, type=s.kind, partner=str(s.extra.get("partner", owners.get(s.id, ""))),
                      lat=s.lat, lon=s.lon, alt_m=s.alt_m, max_range_m=s.max_range_m)
            for s in info.sensors
        ]  # fmt: skip
    return ScenarioOut(
        name=info.name, start_time=info.start_time, clock_t_s=state.picture.fused_t_s,
        area=AreaOut(lat_min=a.south, lat_max=a.north, lon_min=a.west, lon_max=a.east),
        sensors=sensors, places=_places(state),
    )  # fmt: skip


def _places(state: ServiceState) -> list[PlaceOut]:
    from airwarn.errors import DataMissingError
    from airwarn.refdata.places import load_places

    if state.places is None:
        try:
            state.places = load_places(min_population=15000)
        except DataMissingError:
            return []
    p, a = state.places, state.info.area
    inside = np.flatnonzero(a.contains(p.lat, p.lon))
    return [
        PlaceOut(name=str(p.name[i]), name_uk=None, lat=float(p.lat[i]), lon=float(p.lon[i]),
                 population=int(p.population[i]))
        for i in inside.tolist()
    ]  # fmt: skip


@router.get("/tracks")
def get_tracks(state: State, who: Operator) -> FeatureCollection:
    """Every live track as a GeoJSON Point with its kinematics and recent trail."""
    with state.picture.lock:
        return collection(state.picture.track_features())


@router.get("/predictions")
def get_predictions(state: State, who: Operator) -> FeatureCollection:
    """Predicted paths (LineString) and danger areas (Polygon) of the moving confirmed tracks."""
    p = state.picture
    with p.lock:
        return collection(prediction_features(p.fused_t_s, p.tracks, p.fusion.engine.policy))


@router.get("/alerts")
def get_alerts(state: State, who: Caller) -> FeatureCollection:
    """The alerts in force, one (Multi)Polygon feature each."""
    with state.picture.lock:
        return collection(state.picture.alert_features())


@router.get("/alerts/{alert_id}/cap", response_class=Response, responses={200: {"content": {CAP_MEDIA: {}}}})
def get_alert_cap(alert_id: str, state: State, who: Caller) -> Response:
    """The latest CAP 1.2 message of an alert."""
    with state.picture.lock:
        return _cap_response(state.picture.cap_by_alert.get(alert_id), f"no alert {alert_id!r}")


@router.get("/cap/{identifier}", response_class=Response, responses={200: {"content": {CAP_MEDIA: {}}}})
def get_cap(identifier: str, state: State, who: Caller) -> Response:
    """One CAP 1.2 message by its identifier (as the Atom feed links them)."""
    with state.picture.lock:
        return _cap_response(
            state.picture.cap_by_identifier.get(identifier), f"no CAP message {identifier!r}"
        )


def _cap_response(xml: str | None, missing: str) -> Response:
    """A CAP document as its media type, or 404 naming what is missing."""
    if xml is None:
        raise HTTPException(404, missing)
    return Response(xml, media_type=CAP_MEDIA)


@router.get("/alerts.atom", response_class=Response, responses={200: {"content": {ATOM_MEDIA: {}}}})
def get_atom(request: Request, state: State, who: Caller) -> Response:
    """An Atom feed of the alerts in force, each entry linking its CAP message."""
    base = str(request.base_url).rstrip("/")
    with state.picture.lock:
        messages, t_s = list(state.picture.messages), state.picture.fused_t_s
    text = render_atom(
        messages, t_s, sender=state.config.cap_sender, start_time=state.info.start_time,
        feed_url=f"{base}/api/v1/alerts.atom", cap_url=base + "/api/v1/cap/{identifier}",
    )  # fmt: skip
    return Response(text, media_type=ATOM_MEDIA)


@router.post("/alerts/{alert_id}/cancel")
def cancel_alert(alert_id: str, state: State, who: Operator) -> dict[str, Any]:
    """Cancel an alert in force by hand: a Cancel message goes out (and survives restarts)."""
    p = state.picture
    with p.lock:
        message = p.cancel(alert_id, on_record=lambda t: state.store.add_cancel(alert_id, t, who.key_id))
    if message is None:
        raise HTTPException(404, f"no alert {alert_id!r} in force")
    return alert_to_json(message)


@router.get("/impacts")
def get_impacts(state: State, who: Caller) -> FeatureCollection:
    """The strike log: impacts logged by operators, each with whether an alert covered it."""
    impacts = state.store.impacts()
    with state.picture.lock:
        messages, t_now = list(state.picture.messages), state.picture.fused_t_s
    return collection([impact_feature(i, _warned(messages, i.t_s, i.lat, i.lon, t_now)) for i in impacts])


@router.post("/impacts")
def post_impact(impact: ImpactIn, state: State, who: Operator) -> dict[str, Any]:
    """Log an impact in the strike log."""
    impact_id = state.store.add_impact(
        impact.t_s, impact.lat, impact.lon, impact.kind, impact.note, who.key_id
    )
    record = next(i for i in state.store.impacts() if i.impact_id == impact_id)
    with state.picture.lock:
        messages, t_now = list(state.picture.messages), state.picture.fused_t_s
    feature = impact_feature(record, _warned(messages, record.t_s, record.lat, record.lon, t_now))
    state.picture.publish_event("impact", feature)
    return feature


def _warned(messages: list[AlertMessage], t_s: float, lat: float, lon: float, t_now: float) -> bool | None:
    """Whether an alert in force at t_s covered the point (None while t_s is ahead of the picture)."""
    if t_s > t_now:
        return None
    latest: dict[str, AlertMessage] = {}
    for m in messages:
        if m.t_s <= t_s:
            latest[m.alert_id] = m
    point = Point(lon, lat)
    return any(
        m.msg_type != "Cancel" and m.expires_t_s > t_s and shape(m.area).covers(point)
        for m in latest.values()
    )


@router.get("/history")
def get_history(state: State, who: Caller, with_cap: bool = False) -> Response:
    """Everything so far, for the replay slider: track rows, alert messages, impacts (operator);
    alert messages only for others. with_cap=true adds each message's CAP document ("cap")."""
    p = state.picture
    with p.lock:
        chunks, messages, caps, t_s = list(p.track_history), list(p.messages), list(p.caps), p.fused_t_s
    body = history_json(state, chunks if who.operator else [], messages, t_s, who.operator)
    if with_cap:
        body["cap"] = caps
    return Response(json.dumps(body, allow_nan=False), media_type="application/json")


def history_json(
    state: ServiceState, chunks: list[Tracks], messages: list[AlertMessage], t_s: float, operator: bool
) -> dict[str, Any]:
    """The /history body."""
    rows: list[list[Any]] = []
    for c in chunks:
        cols = [getattr(c, name).tolist() for name in TRACK_FIELDS]
        cols[TRACK_FIELDS.index("confirmed")] = [int(x) for x in c.confirmed]
        for name in TRACK_EXTRA_COLUMNS:
            cols[TRACK_FIELDS.index(name)] = [None if math.isnan(x) else x for x in getattr(c, name).tolist()]
        rows.extend(map(list, zip(*cols, strict=True)))
    impacts = state.store.impacts() if operator else []
    body = {
        "start_time": state.info.start_time,
        "clock_t_s": t_s,
        "tracks": {"columns": list(TRACK_FIELDS), "rows": rows},
        "alerts": [alert_to_json(m) for m in messages],
        "impacts": [impact_feature(i, _warned(messages, i.t_s, i.lat, i.lon, t_s)) for i in impacts],
    }
    return body


@router.post("/clock")
async def post_clock(clock: ClockIn, state: State, who: Operator) -> dict[str, float]:
    """Move the scenario clock forward (a feed's end flushes its last scans this way); at most
    max_ahead_s at a time, so a wrong clock cannot bury the service in empty scans."""
    now, ahead = state.picture.clock_t_s(), state.config.max_ahead_s
    if clock.t_s > now + ahead:
        detail = f"{clock.t_s:g} is more than max_ahead_s ({ahead:g} s) after the clock ({now:g}); step it"
        raise IngestRefusedError(422, [{"loc": ["body", "t_s"], "msg": detail, "type": "value_error"}])
    state.picture.set_clock(clock.t_s)
    await run_in_threadpool(state.store.set_meta, CLOCK_META, repr(state.picture.set_clock_t_s))
    state.wake()
    return {"clock_t_s": state.picture.fused_t_s, "set_clock_t_s": state.picture.set_clock_t_s}
