"""`airwarn demo` end to end on the live service: simulate Kharkiv, serve it, feed it over HTTP,
score the live run, and exit when asked."""

import json
from pathlib import Path

from typer.testing import CliRunner

from airwarn.cli import app


def test_the_demo_feeds_the_live_service_and_scores_its_run(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(
        app, ["demo", "--out", str(out), "--port", "0", "--speed", "0", "--exit-when-done"]
    )
    assert result.exit_code == 0, result.output
    assert "live map: http://127.0.0.1:" in result.output and "/#key=aw_" in result.output
    run = out / "run"
    assert (run / "tracks.csv").read_text().startswith("t_s,track_id,lat,lon,alt_m,")
    alerts = (run / "alerts.jsonl").read_text().splitlines()
    assert alerts and len(list((run / "cap").glob("*.xml"))) == len(alerts)
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["n_confirmed_tracks"] >= 5 and metrics["share_warned"] > 0.5
    assert '"gospa_mean_m"' in result.output and (run / "report.html").exists()
