"""With 500 live tracks streaming in, the map keeps above 30 frames per second (headless chromium,
software rendering, on this 2-core machine); the update costs are printed."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.web.conftest import screenshot
from tests.web.loopback import ThreadServer
from tests.web.track_stream import mean, swarm_app

TRACKS = 500
SCANS_PER_S = 2.0
MEASURE_S = 4.0


@pytest.fixture
def swarm() -> Iterator[tuple[str, dict[str, int]]]:
    app, sent = swarm_app(TRACKS, SCANS_PER_S, scans=int(SCANS_PER_S * (MEASURE_S + 4)))
    server = ThreadServer(app).start()
    yield server.url, sent
    server.stop()


def test_500_live_tracks_keep_the_map_above_30_fps(swarm, open_page):
    url, sent = swarm
    watched = open_page(f"{url}/#key=frame-rate", locale="en-GB")
    page = watched.page
    page.wait_for_function(f"window.airwarn.tracks().length === {TRACKS}", timeout=20_000)
    page.wait_for_function("(window.airwarn.stats.updates.by_type.tracks?.events ?? 0) >= 2", timeout=20_000)

    before = page.evaluate("JSON.parse(JSON.stringify(window.airwarn.stats))")
    draws_before = page.evaluate("({...window.airwarn.drawStats()})")
    sent_before = dict(sent)
    start = time.monotonic()
    time.sleep(MEASURE_S)
    after = page.evaluate("JSON.parse(JSON.stringify(window.airwarn.stats))")
    wall_s = time.monotonic() - start
    draws = page.evaluate("({...window.airwarn.drawStats()})")

    fps = (after["frames"] - before["frames"]) / wall_s
    upd_a, upd_b = after["updates"]["by_type"]["tracks"], before["updates"]["by_type"]["tracks"]
    events = upd_a["events"] - upd_b["events"]
    n_draws = draws["draws"] - draws_before["draws"]
    event_bytes = (sent["tracks_bytes"] - sent_before["tracks_bytes"]) / max(
        1, sent["tracks_events"] - sent_before["tracks_events"]
    )
    apply_ms = mean(upd_a["ms_total"] - upd_b["ms_total"], events)
    draw_ms = mean(draws["drawMsTotal"] - draws_before["drawMsTotal"], n_draws)
    print(
        f"\n{TRACKS} live tracks, {events} track updates of all {TRACKS} in {wall_s:.1f} s "
        f"({event_bytes / 1e3:.0f} kB each): {fps:.1f} frames/s; applying an update (JSON.parse + "
        f"symbols) {apply_ms:.1f} ms mean, {upd_a['ms_max']:.1f} ms max; drawing the tracks canvas "
        f"{draw_ms:.1f} ms mean over {n_draws} draws, {draws['drawMsMax']:.1f} ms max"
    )
    screenshot(page, "map-500-tracks.png")
    assert events >= 0.75 * SCANS_PER_S * MEASURE_S, "the track updates did not stream in"
    assert fps > 30, f"{fps:.1f} frames per second with {TRACKS} live tracks"
    watched.assert_clean()
