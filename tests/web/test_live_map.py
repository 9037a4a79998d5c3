"""The live map in headless chromium against the real service running the kharkiv-glide preset, fed
over HTTP while the page watches."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page
from shapely.geometry import Point, shape

from airwarn.scenario import read_impacts, read_scenario_info
from tests.web.conftest import screenshot
from tests.web.live_service import LiveService, detections_until, start_service

FEED_END_S = 500.0
"""By then the first glide bombs have been warned of, have struck, and their alerts are cancelled."""


@pytest.fixture(scope="module")
def scenario_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kharkiv") / "scenario"
    subprocess.run(
        [sys.executable, "-m", "airwarn", "simulate", "kharkiv-glide", "--seed", "1", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture
def service(scenario_dir: Path, tmp_path: Path) -> Iterator[LiveService]:
    svc = start_service(scenario_dir, tmp_path / "data")
    yield svc
    svc.stop()


@pytest.fixture(scope="module")
def fed_service(scenario_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """A service that has fused the scenario up to FEED_END_S (fed as fast as it accepts)."""
    svc = start_service(scenario_dir, tmp_path_factory.mktemp("fed") / "data")
    svc.feed_in_background(detections_until(scenario_dir, FEED_END_S), speed=0, prefix="fast").join()
    with svc.client() as c:
        deadline = time.monotonic() + 60
        while c.get("/api/v1/health").json()["clock_t_s"] < FEED_END_S - 15:
            assert time.monotonic() < deadline, "the service did not catch up with the feed"
            time.sleep(0.1)
    yield svc
    svc.stop()


def tracks(page: Page) -> list[dict[str, Any]]:
    """The live tracks as the page holds them (id, lat, lon, t_s, kind, where drawn)."""
    shown: list[dict[str, Any]] = page.evaluate("window.airwarn.tracks()")
    return shown


def alert_ids(page: Page) -> list[str]:
    """The ids of the alerts the page shows, sorted."""
    return sorted(a["alert_id"] for a in page.evaluate("window.airwarn.alerts()"))


def test_tracks_appear_move_and_an_alert_comes_over_the_impact_and_clears(service, scenario_dir, open_page):
    watched = open_page(f"{service.url}/#key={service.operator_key}", locale="en-GB")
    page = watched.page
    assert page.evaluate("window.airwarn.role") == "operator"
    assert "key=" not in page.url, "the key must not stay in the address bar"
    assert tracks(page) == []

    feeder = service.feed_in_background(detections_until(scenario_dir, FEED_END_S), speed=100)

    page.wait_for_function("window.airwarn.tracks().length > 0", timeout=20_000)
    # A track moves: one seen again (a later update) at another place.
    page.wait_for_function(
        """() => { const seen = (window.seenTracks ??= {});
                   return window.airwarn.tracks().some(t => {
                     const p = seen[t.track_id];
                     if (!p) { seen[t.track_id] = [t.lat, t.lon]; return false; }
                     return p[0] !== t.lat || p[1] !== t.lon; }); }""",
        timeout=20_000,
    )

    page.wait_for_function("window.airwarn.alerts().length > 0", timeout=30_000)
    alert = page.evaluate("window.airwarn.alerts()")[0]
    alert_id = alert["alert_id"]
    assert page.locator(f'#alert-list li[data-alert-id="{alert_id}"]').is_visible()
    assert page.locator("path.aw-alert").count() >= 1
    assert page.locator(".aw-alert-label").count() >= 1
    # The right place: the area drawn holds the point where one of the scenario's bombs comes down
    # after the alert was issued.
    area = shape(alert["geometry"])
    impacts = read_impacts(scenario_dir, read_scenario_info(scenario_dir))
    under = np.array(
        [area.contains(Point(lon, lat)) for lat, lon in zip(impacts.lat, impacts.lon, strict=True)]
    ) & (impacts.t_s > alert["properties"]["t_s"])
    assert np.any(under), f"alert {alert_id} over {alert['bounds']} covers none of the impacts to come"

    # An impact logged by an operator shows on the map at once.
    impact = {
        "t_s": 400.0,
        "lat": float(impacts.lat[under][0]),
        "lon": float(impacts.lon[under][0]),
        "kind": "glide_bomb",
    }
    with service.client() as c:
        assert c.post("/api/v1/impacts", json=impact).status_code == 200
    marker = page.locator(".leaflet-marker-pane .aw-impact").first
    marker.wait_for(state="visible", timeout=10_000)
    assert page.locator("#impact-count").inner_text() == "1"
    marker.click()
    page.locator("#details[data-kind='impact']").wait_for(state="visible", timeout=5_000)
    page.keyboard.press("Escape")

    feeder.join(timeout=60)
    page.wait_for_function(
        "(id) => !window.airwarn.alerts().some(a => a.alert_id === id)", arg=alert_id, timeout=30_000
    )
    assert page.locator(f'#alert-list li[data-alert-id="{alert_id}"]').count() == 0
    assert page.locator(f"path.aw-alert-{alert_id}").count() == 0

    # Click a track: its details open beside the map.
    box = page.locator("#map").bounding_box()
    assert box is not None
    # Tracks drawn where nothing else (a control, a marker) would take the click.
    shown: list[dict[str, Any]] = page.evaluate(
        """([x0, y0]) => window.airwarn.tracks().filter(t => {
             if (!t.screen) return false;
             const el = document.elementFromPoint(x0 + t.screen[0], y0 + t.screen[1]);
             return el !== null && el.closest('#map') !== null &&
                    el.closest('.leaflet-control-container, .leaflet-marker-icon') === null; })""",
        [box["x"], box["y"]],
    )
    assert shown, "no track is drawn inside the map"
    target = shown[0]
    page.mouse.click(box["x"] + target["screen"][0], box["y"] + target["screen"][1])
    details = page.locator("#details")
    details.wait_for(state="visible", timeout=5_000)
    assert details.get_attribute("data-kind") == "track"
    picked = details.get_attribute("data-id")
    assert picked in {t["track_id"] for t in shown}
    assert f"Track {picked}" in page.locator("#details-title").inner_text()
    assert "Altitude" in page.locator("#details-body").inner_text()
    screenshot(page, "live-map-kharkiv.png")
    page.keyboard.press("Escape")
    details.wait_for(state="hidden", timeout=5_000)
    watched.assert_clean()


def test_language_switch_and_keyboard_on_the_public_page(fed_service, open_page):
    watched = open_page(f"{fed_service.url}/", locale="uk-UA")
    page = watched.page
    assert page.evaluate("window.airwarn.role") == "public"
    page.wait_for_function("window.airwarn.alerts().length > 0", timeout=20_000)
    assert tracks(page) == [], "a public page gets no tracks"
    html = page.locator("html")
    first = page.locator("#alert-list li").first

    assert html.get_attribute("lang") == "uk"
    assert page.locator("#alerts-title").inner_text().startswith("Тривоги")
    assert "укриття" in first.inner_text()

    page.click("#lang-en")
    assert html.get_attribute("lang") == "en"
    assert page.locator("#alerts-title").inner_text().startswith("Alerts")
    assert "take shelter" in first.inner_text()
    assert "Glide bomb" in page.locator("#legend-list").inner_text()
    assert page.locator("#lang-en").get_attribute("aria-pressed") == "true"

    page.click("#lang-uk")
    assert html.get_attribute("lang") == "uk"
    assert "Керована авіабомба" in page.locator("#legend-list").inner_text()

    # Keyboard: the alert list is focusable, Enter opens an alert's details, Escape closes them.
    first.focus()
    page.keyboard.press("ArrowDown")
    second_id = page.evaluate("document.activeElement.dataset.alertId")
    assert second_id == page.locator("#alert-list li").nth(1).get_attribute("data-alert-id")
    page.keyboard.press("Enter")
    details = page.locator("#details")
    details.wait_for(state="visible", timeout=5_000)
    assert details.get_attribute("data-kind") == "alert"
    assert details.get_attribute("data-id") == second_id
    assert "укриття" in page.locator("#details-body").inner_text()
    page.keyboard.press("Escape")
    details.wait_for(state="hidden", timeout=5_000)
    assert page.evaluate("document.activeElement.dataset.alertId") == second_id
    screenshot(page, "live-map-public-uk.png")

    # A phone: the map on top at full width, the alert list under it.
    page.set_viewport_size({"width": 390, "height": 800})
    page.wait_for_timeout(200)
    map_box = page.locator("#map").bounding_box()
    list_box = page.locator("#alerts-panel").bounding_box()
    assert map_box is not None and list_box is not None
    assert map_box["width"] >= 380
    assert list_box["y"] >= map_box["y"] + map_box["height"] - 1
    screenshot(page, "live-map-phone.png")
    watched.assert_clean()


def test_replay_shows_the_alerts_in_force_at_the_chosen_time(fed_service, tmp_path, open_page):
    with fed_service.client() as c:
        history = c.get("/api/v1/history").json()
    at_s = 300.0
    latest: dict[str, dict[str, Any]] = {}
    for m in history["alerts"]:
        if m["t_s"] <= at_s:
            latest[m["alert_id"]] = m
    expected = sorted(i for i, m in latest.items() if m["msg_type"] != "Cancel" and m["expires_t_s"] > at_s)
    assert expected, "the scenario has alerts in force at the replay time"

    watched = open_page(f"{fed_service.url}/#key={fed_service.operator_key}", locale="en-GB")
    page = watched.page
    page.click("#mode-replay")
    page.locator("#replay").wait_for(state="visible", timeout=10_000)
    assert page.locator("#status").get_attribute("data-state") == "replay"
    page.evaluate(
        """(t) => { const s = document.getElementById('replay-slider'); s.value = String(t);
                    s.dispatchEvent(new Event('input')); }""",
        at_s,
    )
    assert abs(page.evaluate("window.airwarn.now()") - at_s) < 1e-6
    assert alert_ids(page) == expected
    assert len(tracks(page)) > 0
    assert page.locator("#replay-time").inner_text() == "5:00"

    assert page.locator("#replay-source").inner_text() == "Source: the service"

    # A finished batch run's files replay the same way (written here from the service's history).
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    columns = history["tracks"]["columns"]
    lines = [",".join(columns)] + [
        ",".join("" if v is None else str(v) for v in row) for row in history["tracks"]["rows"]
    ]
    (run_dir / "tracks.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    alerts_text = "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in history["alerts"])
    (run_dir / "alerts.jsonl").write_text(alerts_text, encoding="utf-8")
    page.set_input_files("#replay-files", [str(run_dir / "tracks.csv"), str(run_dir / "alerts.jsonl")])
    page.wait_for_function("document.getElementById('replay-source').textContent.startsWith('Source: files')")
    page.evaluate(
        """(t) => { const s = document.getElementById('replay-slider'); s.value = String(t);
                    s.dispatchEvent(new Event('input')); }""",
        at_s,
    )
    assert alert_ids(page) == expected
    assert len(tracks(page)) > 0

    page.select_option("#replay-speed", "300")
    page.click("#replay-play")
    page.wait_for_function("(t) => window.airwarn.now() > t + 30", arg=at_s, timeout=10_000)

    page.click("#mode-live")
    page.wait_for_function("document.getElementById('status').dataset.state === 'live'", timeout=10_000)
    assert page.locator("#replay").is_hidden()
    watched.assert_clean()
