"""Access: every route against every role, sensor keys bound to their own sensors, hashed keys
created and revoked from the command line, rate limits, and the browser session cookie."""

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from airwarn.cli import app
from tests.service.harness import Running, radar_row, start

REPORT = {"t_s": 3.0, "sensor_id": "public", "lat": 46.5, "lon": 31.0, "reporter_id": "u1"}
# (method, path, JSON body, expected status for operator, sensor, public key, no key)
ROUTES: list[tuple[str, str, Any, tuple[int, int, int, int]]] = [
    ("GET", "/api/v1/health", None, (200, 200, 200, 200)),
    ("GET", "/api/v1/scenario", None, (200, 200, 200, 401)),
    ("GET", "/api/v1/tracks", None, (200, 403, 403, 401)),
    ("GET", "/api/v1/predictions", None, (200, 403, 403, 401)),
    ("GET", "/api/v1/alerts", None, (200, 200, 200, 401)),
    ("GET", "/api/v1/alerts/aw-999999/cap", None, (404, 404, 404, 401)),
    ("GET", "/api/v1/cap/nobody:aw-999999:0", None, (404, 404, 404, 401)),
    ("GET", "/api/v1/alerts.atom", None, (200, 200, 200, 401)),
    ("GET", "/api/v1/impacts", None, (200, 200, 200, 401)),
    (
        "POST",
        "/api/v1/impacts",
        {"t_s": 1.0, "lat": 46.5, "lon": 31.0, "kind": "drone"},
        (200, 403, 403, 401),
    ),
    ("POST", "/api/v1/alerts/aw-999999/cancel", None, (404, 403, 403, 401)),
    ("GET", "/api/v1/history", None, (200, 200, 200, 401)),
    ("POST", "/api/v1/clock", {"t_s": 0.0}, (200, 403, 403, 401)),
    ("POST", "/api/v1/detections", {"batch_id": "x", "detections": [radar_row(2.0)]}, (200, 200, 403, 401)),
    ("POST", "/api/v1/reports", REPORT, (200, 200, 403, 401)),
]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """One service for the route-by-role table (its writes are idempotent or harmless)."""
    running = start(tmp_path_factory.mktemp("access") / "data")
    yield running
    running.stop()


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"), ROUTES, ids=[f"{m} {p}" for m, p, _, _ in ROUTES]
)
def test_every_route_answers_every_role_as_the_contract_says(
    shared: Running, method: str, path: str, body: Any, expected: tuple[int, int, int, int]
) -> None:
    got = []
    for who in ("operator", "sensor", "public", None):
        with shared.client(who) as c:
            got.append(c.request(method, path, json=body).status_code)
    assert tuple(got) == expected


def test_the_stream_is_open_to_every_key_and_closed_without_one(service: Running) -> None:
    for who in ("operator", "sensor", "public"):
        with service.client(who) as c, c.stream("GET", "/api/v1/stream") as r:
            assert r.status_code == 200
            assert r.headers["content-type"].startswith("text/event-stream")
            first = next(line for line in r.iter_lines() if line.startswith("event:"))
            assert first == "event: snapshot"
    with service.client(None) as c:
        assert c.get("/api/v1/stream").status_code == 401


def test_public_sees_the_area_but_not_the_sensors_or_tracks(service: Running) -> None:
    with service.client("public") as pub, service.client("operator") as op:
        public_view, full_view = pub.get("/api/v1/scenario").json(), op.get("/api/v1/scenario").json()
        history = pub.get("/api/v1/history").json()
    assert public_view["area"] == full_view["area"] == {"lat_min": 44.4, "lat_max": 48.6, "lon_min": 29.7,
                                                        "lon_max": 36.6}  # fmt: skip
    assert public_view["sensors"] == [] and len(full_view["sensors"]) == 1381
    assert any(p["name"] == "Odesa" for p in full_view["places"])
    assert history["tracks"]["rows"] == [] and history["impacts"] == []


def test_a_sensor_key_cannot_write_for_another_partners_sensors(service: Running) -> None:
    with service.client("other") as other, service.client("sensor") as mine:
        foreign = other.post(
            "/api/v1/detections", json={"batch_id": "f", "detections": [radar_row(2.0, "R1")]}
        )
        own = other.post("/api/v1/detections", json={"batch_id": "f", "detections": [radar_row(2.0, "R3")]})
        both = [radar_row(2.0, "R1"), radar_row(2.0, "R3")]
        mixed = mine.post("/api/v1/detections", json={"batch_id": "m", "detections": both})
        report = other.post("/api/v1/reports", json=REPORT)
    assert foreign.status_code == 403 and "R1" in foreign.json()["detail"]
    assert own.status_code == 200
    assert mixed.status_code == 403 and "R3" in mixed.json()["detail"]
    assert report.status_code == 403


def test_bad_keys_are_refused(service: Running) -> None:
    for header in ("Bearer aw_not-a-key", "Basic dXNlcjpwYXNz", "Bearer"):
        answer = httpx.get(f"{service.url}/api/v1/alerts", headers={"Authorization": header})
        assert answer.status_code == 401, header


def test_anonymous_requests_read_as_public_when_configured(tmp_path: Path) -> None:
    service = start(tmp_path / "d", anonymous_public=True)
    try:
        with service.client(None) as c:
            assert c.get("/api/v1/alerts").status_code == 200
            assert c.get("/api/v1/tracks").status_code == 403
            assert c.post("/api/v1/detections", json={"batch_id": "a", "detections": []}).status_code == 403
    finally:
        service.stop()


def test_keys_are_created_listed_and_revoked_from_the_command_line_and_stored_hashed(
    service: Running,
) -> None:
    data = ["--data-dir", str(service.config.data_dir)]
    runner = CliRunner()
    made = runner.invoke(app, ["keys", "create", "--role", "sensor", "--partner", "acoustic-net",
                               "--sensor", "A0001", "--sensor", "A0002", *data])  # fmt: skip
    assert made.exit_code == 0, made.output
    key_id, token = made.output.split()[0], made.output.strip().splitlines()[-1]
    with sqlite3.connect(service.config.db_path) as db:
        stored = db.execute("SELECT token_sha256 FROM api_keys WHERE key_id=?", (key_id,)).fetchone()[0]
        assert stored == hashlib.sha256(token.encode()).hexdigest()
        assert db.execute("SELECT COUNT(*) FROM api_keys WHERE token_sha256=?", (token,)).fetchone()[0] == 0
    listed = runner.invoke(app, ["keys", "list", *data])
    assert key_id in listed.output and "A0001,A0002" in listed.output and token not in listed.output
    auth = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{service.url}/api/v1/alerts", headers=auth).status_code == 200
    assert runner.invoke(app, ["keys", "revoke", key_id, *data]).exit_code == 0
    assert httpx.get(f"{service.url}/api/v1/alerts", headers=auth).status_code == 401
    assert runner.invoke(app, ["keys", "revoke", key_id, *data]).exit_code == 2
    bad = runner.invoke(app, ["keys", "create", "--role", "sensor", "--partner", "x", *data])
    assert bad.exit_code == 2 and "sensor ids" in bad.output


def test_a_key_over_its_rate_is_told_when_to_retry(tmp_path: Path) -> None:
    service = start(tmp_path / "d", rate_per_s=2.0, burst=3.0)
    try:
        with service.client("public") as c:
            codes = [c.get("/api/v1/alerts") for _ in range(5)]
    finally:
        service.stop()
    assert [r.status_code for r in codes[:3]] == [200, 200, 200]
    assert codes[3].status_code == 429 and int(codes[3].headers["retry-after"]) >= 1


def test_a_session_cookie_carries_the_key_for_the_browser(service: Running) -> None:
    with httpx.Client(base_url=service.url) as browser:
        assert browser.post("/api/v1/session", json={"key": "aw_wrong"}).status_code == 401
        opened = browser.post("/api/v1/session", json={"key": service.tokens["operator"]})
        assert opened.json() == {"role": "operator", "partner": "ops"}
        assert "httponly" in opened.headers["set-cookie"].lower()
        assert browser.get("/api/v1/tracks").status_code == 200
        assert browser.delete("/api/v1/session").status_code == 204
        browser.cookies.clear()
        assert browser.get("/api/v1/tracks").status_code == 401


def test_the_map_page_is_served_at_the_root_without_a_key(service: Running) -> None:
    page = httpx.get(f"{service.url}/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
