"""The live outputs of a fed service: GeoJSON tracks, predictions and alerts, CAP 1.2 per alert
(valid against the OASIS schema), the Atom feed, the strike log, manual cancels, and the SSE
stream (a snapshot, then every fused scan's clock, tracks and alert messages)."""

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from lxml import etree

from airwarn.scenario.readers import read_scenario
from airwarn.service import broadcast
from airwarn.service.broadcast import Hub
from airwarn.service.feeder import feed, finish
from airwarn.service.live import Event
from tests.alerting.test_cap import _schema
from tests.paths import EXAMPLE_SCENARIO
from tests.service.harness import Running, short_scenario, start

DURATION_S = 120.0
ATOM = "{http://www.w3.org/2005/Atom}"
TRACK_PROPERTIES = (
    "track_id t_s kind kind_confidence confirmed alt_m vel_e vel_n vel_u speed_mps heading_deg pos_sd_m"
)


class StreamReader(threading.Thread):
    """Reads /stream into (event, data) pairs until a clock event reaches until_t_s."""

    def __init__(self, url: str, token: str, until_t_s: float) -> None:
        super().__init__(daemon=True)
        self.url, self.token, self.until_t_s = url, token, until_t_s
        self.events: list[tuple[str, Any]] = []
        self.ready = threading.Event()

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.stream("GET", f"{self.url}/api/v1/stream", headers=headers, timeout=120) as r:
            name = ""
            for line in r.iter_lines():
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    self.events.append((name, json.loads(line[6:])))
                    self.ready.set()
                    if name == "clock" and self.events[-1][1]["t_s"] >= self.until_t_s:
                        return


@pytest.fixture(scope="module")
def fed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Running, dict[str, StreamReader]]]:
    tmp = tmp_path_factory.mktemp("outputs")
    scenario = short_scenario(EXAMPLE_SCENARIO, tmp / "scenario", DURATION_S)
    service = start(tmp / "data", scenario=scenario)
    readers = {
        who: StreamReader(service.url, service.tokens[who], DURATION_S) for who in ("operator", "public")
    }
    for reader in readers.values():
        reader.start()
        assert reader.ready.wait(10)
    with service.client("operator") as c:
        feed(c, read_scenario(scenario, with_truth=False).detections, speed=0)
        finish(c, DURATION_S, service.config.scan_s, service.config.lateness_s)
    for reader in readers.values():
        reader.join(30)
    yield service, readers
    service.stop()


def test_the_stream_sends_a_snapshot_then_every_scan_and_every_alert_message(
    fed: tuple[Running, dict[str, StreamReader]],
) -> None:
    service, readers = fed
    with service.client("operator") as c:
        history = c.get("/api/v1/history").json()
    events = readers["operator"].events
    assert events[0][0] == "snapshot" and {"clock_t_s", "tracks", "alerts"} <= events[0][1].keys()
    clocks = [data["t_s"] for name, data in events if name == "clock"]
    assert clocks == [float(t) for t in range(1, int(DURATION_S) + 1)]
    streamed = [m for name, data in events if name == "alerts" for m in data["messages"]]
    assert streamed == history["alerts"] and streamed
    tracks = [data for name, data in events if name == "tracks"]
    assert tracks and all(f["geometry"]["type"] == "Point" for t in tracks for f in t["updated"]["features"])
    public = readers["public"].events
    assert {name for name, _ in public} == {"snapshot", "clock", "alerts"}
    assert public[0][1]["tracks"]["features"] == []
    assert [m for name, data in public if name == "alerts" for m in data["messages"]] == streamed


def test_tracks_are_geojson_points_with_kinematics_and_a_trail(
    fed: tuple[Running, dict[str, StreamReader]],
) -> None:
    service, _ = fed
    with service.client("operator") as c:
        features = c.get("/api/v1/tracks").json()["features"]
    assert features
    for f in features:
        lon, lat, alt = f["geometry"]["coordinates"]
        p = f["properties"]
        assert 25.0 < lon < 42.0 and 42.0 < lat < 53.0 and alt == p["alt_m"]
        assert {*TRACK_PROPERTIES.split(), "trail"} <= p.keys()
        assert 1 <= len(p["trail"]) <= 60 and p["trail"][-1] == [lon, lat]
        assert p["pos_sd_m"] is None or p["pos_sd_m"] > 0


def test_alerts_in_force_come_as_polygons_with_their_cap_and_an_atom_feed(
    fed: tuple[Running, dict[str, StreamReader]],
) -> None:
    service, _ = fed
    schema = _schema()
    with service.client("public") as c:
        alerts = c.get("/api/v1/alerts").json()["features"]
        assert alerts
        for f in alerts:
            p = f["properties"]
            assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
            assert p["msg_type"] in ("Alert", "Update") and p["cells"] > 0
            assert p["headline_uk"] and p["instruction_en"] and p["expires"].endswith("+00:00")
            cap = c.get(f"/api/v1/alerts/{p['alert_id']}/cap")
            assert cap.headers["content-type"].startswith("application/cap+xml")
            doc = etree.fromstring(cap.content)
            schema.assertValid(doc)
            assert doc.findtext("{urn:oasis:names:tc:emergency:cap:1.2}msgType") == p["msg_type"]
        atom = c.get("/api/v1/alerts.atom")
        feed_doc = etree.fromstring(atom.content)
        entries = feed_doc.findall(f"{ATOM}entry")
        assert len(entries) == len(alerts)
        for entry in entries:
            href = entry.find(f"{ATOM}link").get("href")
            assert c.get(href).status_code == 200


def test_predictions_give_paths_and_danger_areas(fed: tuple[Running, dict[str, StreamReader]]) -> None:
    service, _ = fed
    with service.client("operator") as c:
        features = c.get("/api/v1/predictions").json()["features"]
    layers = {f["properties"]["layer"] for f in features}
    assert layers <= {"path", "impact"} and "path" in layers
    for f in features:
        kind = f["geometry"]["type"]
        assert kind == ("LineString" if f["properties"]["layer"] == "path" else "Polygon")


def test_logged_impacts_say_whether_an_alert_covered_them(
    fed: tuple[Running, dict[str, StreamReader]],
) -> None:
    service, _ = fed
    with service.client("operator") as c:
        alert = c.get("/api/v1/alerts").json()["features"][0]
        ring = alert["geometry"]["coordinates"][0] if alert["geometry"]["type"] == "Polygon" else (
            alert["geometry"]["coordinates"][0][0])  # fmt: skip
        from shapely.geometry import shape

        inside = shape(alert["geometry"]).representative_point()
        t = alert["properties"]["t_s"]
        hit = c.post(
            "/api/v1/impacts", json={"t_s": t, "lat": inside.y, "lon": inside.x, "kind": "glide_bomb"}
        )
        miss = c.post("/api/v1/impacts", json={"t_s": t, "lat": 44.5, "lon": 29.8, "note": "far away"})
        later = c.post("/api/v1/impacts", json={"t_s": 5000.0, "lat": 44.5, "lon": 29.8})
        logged = c.get("/api/v1/impacts").json()["features"]
    assert ring and hit.status_code == 200
    by_id = {f["properties"]["impact_id"]: f["properties"]["warned"] for f in logged}
    assert by_id[hit.json()["properties"]["impact_id"]] is True
    assert by_id[miss.json()["properties"]["impact_id"]] is False
    assert by_id[later.json()["properties"]["impact_id"]] is None


def test_an_operator_cancel_goes_out_and_survives_a_restart(tmp_path: Path) -> None:
    scenario = short_scenario(EXAMPLE_SCENARIO, tmp_path / "scenario", 40.0)
    service = start(tmp_path / "data", scenario=scenario)
    try:
        with service.client("operator") as c:
            feed(c, read_scenario(scenario, with_truth=False).detections, speed=0)
            finish(c, 30.0, service.config.scan_s, service.config.lateness_s)
            alert_id = c.get("/api/v1/alerts").json()["features"][0]["properties"]["alert_id"]
            cancel = c.post(f"/api/v1/alerts/{alert_id}/cancel")
            assert c.post(f"/api/v1/alerts/{alert_id}/cancel").status_code == 404
            finish(c, 40.0, service.config.scan_s, service.config.lateness_s)
            before = c.get("/api/v1/history").json()
            cap = c.get(f"/api/v1/alerts/{alert_id}/cap").text
    finally:
        service.stop()
    assert cancel.status_code == 200 and cancel.json()["msg_type"] == "Cancel"
    assert "<msgType>Cancel</msgType>" in cap
    mine = [m for m in before["alerts"] if m["alert_id"] == alert_id]
    assert mine[-1]["msg_type"] == "Cancel" and sum(m["msg_type"] == "Cancel" for m in mine) == 1
    again = start(tmp_path / "data", scenario=scenario, keys=False)
    try:
        with httpx.Client(
            base_url=again.url, headers={"Authorization": f"Bearer {service.tokens['operator']}"}
        ) as c:
            assert c.get("/api/v1/history").json() == before
            assert alert_id not in {f["id"] for f in c.get("/api/v1/alerts").json()["features"]}
    finally:
        again.stop()


def test_a_quiet_stream_gets_keep_alive_comments(service: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(broadcast, "KEEPALIVE_S", 0.1)
    headers = {"Authorization": f"Bearer {service.tokens['public']}"}
    received = b""
    with httpx.stream("GET", f"{service.url}/api/v1/stream", headers=headers, timeout=10) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        for data in r.iter_raw():
            received += data
            if broadcast.KEEPALIVE in received:
                break
    assert received.startswith(b"id: 0\nevent: snapshot\ndata: {")
    assert broadcast.KEEPALIVE in received


def test_a_stream_whose_client_went_away_is_forgotten(service: Running) -> None:
    hub = service.server.app.state.airwarn.hub
    headers = {"Authorization": f"Bearer {service.tokens['operator']}"}
    for _ in range(3):
        with httpx.stream("GET", f"{service.url}/api/v1/stream", headers=headers, timeout=10) as r:
            chunks = r.iter_raw()  # kept: a dropped iterator closes the response
            assert next(chunks).startswith(b"id: 0\nevent: snapshot")
            assert len(hub.subscribers) == 1
    deadline = time.monotonic() + 10
    while hub.subscribers and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not hub.subscribers


def _event(seq: int, name: str = "clock", operator_only: bool = False) -> Event:
    return Event(name, json.dumps({"t_s": float(seq)}), seq, operator_only)


def test_deliveries_not_taken_yet_come_as_one_chunk_and_each_is_encoded_once() -> None:
    async def run() -> tuple[bytes | None, bytes | None, bool]:
        hub = Hub(asyncio.get_running_loop(), queue_chunks=8)
        public, other, operator = hub.subscribe(False, 0), hub.subscribe(False, 0), hub.subscribe(True, 0)
        hub._deliver([_event(1, "tracks", operator_only=True), _event(2)])
        hub._deliver([_event(3, "alerts")])
        shared = all(a is b for a, b in zip(public.chunks, other.chunks, strict=True))
        taken = await public.take(), await operator.take()
        hub.close()
        return *taken, shared

    public, operator, shared = asyncio.run(run())
    assert public == _event(2).wire + _event(3, "alerts").wire
    assert operator == _event(1, "tracks", True).wire + _event(2).wire + _event(3, "alerts").wire
    assert shared


def test_public_streams_get_clock_ticks_at_most_every_hold_but_alerts_at_once() -> None:
    async def run() -> list[list[bytes]]:
        hub = Hub(asyncio.get_running_loop(), queue_chunks=8)
        public, operator = hub.subscribe(False, 0), hub.subscribe(True, 0)
        seen = []
        hub._deliver([_event(1)])
        hub._deliver([_event(2)])
        seen.append(list(public.chunks))
        seen.append(list(operator.chunks))
        await asyncio.sleep(broadcast.CLOCK_HOLD_S + 0.05)
        seen.append(list(public.chunks))
        hub._deliver([_event(3)])
        hub._deliver([_event(4, "alerts"), _event(5)])
        seen.append(list(public.chunks))
        hub.close()
        return seen

    held, operator, later, alerts = asyncio.run(run())
    assert held == [_event(1).wire]
    assert operator == [_event(1).wire, _event(2).wire]
    assert later == [_event(1).wire, _event(2).wire]
    assert alerts == [*later, _event(3).wire + _event(4, "alerts").wire + _event(5).wire]


def test_a_subscriber_that_falls_too_far_behind_is_dropped_and_its_stream_ends() -> None:
    async def run() -> tuple[bytes | None, int, int]:
        hub = Hub(asyncio.get_running_loop(), queue_chunks=2)
        slow = hub.subscribe(False, 0)
        for seq in (1, 2, 3):
            hub._deliver([_event(seq, "alerts")])
        return await slow.take(), hub.dropped, len(hub.subscribers)

    assert asyncio.run(run()) == (None, 1, 0)
