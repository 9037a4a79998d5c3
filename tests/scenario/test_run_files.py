"""tracks.csv and alerts.jsonl: incremental writers round-trip through their checked readers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from airwarn.errors import ScenarioError
from airwarn.scenario.alerts_jsonl import AlertWriter, read_alerts
from airwarn.scenario.model import TRACK_COLUMNS, AlertMessage, Tracks
from airwarn.scenario.tracks_csv import TrackWriter, read_tracks


def _tracks(t_s: float, ids: list[str], confirmed: list[bool]) -> Tracks:
    n = len(ids)
    return Tracks(
        t_s=np.full(n, t_s),
        track_id=np.array(ids, dtype=object),
        lat=np.linspace(48.0, 48.5, n).round(6),
        lon=np.linspace(36.0, 36.5, n).round(6),
        alt_m=np.full(n, 1200.5),
        v_east_mps=np.full(n, -45.25),
        v_north_mps=np.full(n, 3.5),
        v_up_mps=np.full(n, 0.0),
        object_kind=np.array(["drone"] + [""] * (n - 1), dtype=object),
        confirmed=np.array(confirmed),
    )


def test_track_writer_appends_batches_that_read_back(tmp_path: Path) -> None:
    batches = [
        _tracks(5.0, ["T1", "T2"], [True, False]),
        _tracks(10.0, ["T1", "T2", "T3"], [True, True, False]),
    ]
    with TrackWriter(tmp_path / "run") as writer:
        writer.write(batches[0])
        assert len(read_tracks(tmp_path / "run")) == 2  # flushed before the next batch
        writer.write(batches[1])
    back = read_tracks(tmp_path / "run" / "tracks.csv")
    assert writer.rows_written == len(back) == 5
    for name in TRACK_COLUMNS:
        expected = np.concatenate([getattr(b, name) for b in batches])
        assert getattr(back, name).tolist() == expected.tolist(), name
    assert (tmp_path / "run" / "tracks.csv").read_text().splitlines()[1] == (
        "5.000,T1,48.000000,36.000000,1200.5,-45.25,3.50,0.00,drone,1,,"
    )


def test_track_velocity_sigmas_are_written_and_read_back_and_optional(tmp_path: Path) -> None:
    tracks = _tracks(5.0, ["T1", "T2"], [True, False])
    tracks.v_sigma_mps = np.array([12.34, np.nan])
    tracks.v_up_sigma_mps = np.array([56.78, 4.0])
    with TrackWriter(tmp_path / "run") as writer:
        writer.write(tracks)
    lines = (tmp_path / "run" / "tracks.csv").read_text().splitlines()
    assert lines[0].endswith(",confirmed,v_sigma_mps,v_up_sigma_mps")
    assert lines[1].endswith(",drone,1,12.3,56.8") and lines[2].endswith(",0,,4.0")
    back = read_tracks(tmp_path / "run")
    assert back.v_sigma_mps[0] == 12.3 and np.isnan(back.v_sigma_mps[1])
    assert back.v_up_sigma_mps.tolist() == [56.8, 4.0]
    # A tracks.csv with the contract's columns alone (another tracker's) reads, its sigmas unknown.
    (tmp_path / "tracks.csv").write_text(",".join(TRACK_COLUMNS) + "\n1.000,T1,48.0,36.0,100.0,0,0,0,,1\n")
    plain = read_tracks(tmp_path)
    assert np.isnan(plain.v_sigma_mps).tolist() == np.isnan(plain.v_up_sigma_mps).tolist() == [True]
    for column, row in (("v_sigma_mps", "-3,1"), ("v_up_sigma_mps", "3,-1")):
        header = ",".join(TRACK_COLUMNS) + ",v_sigma_mps,v_up_sigma_mps"
        (tmp_path / "tracks.csv").write_text(f"{header}\n1.000,T1,48.0,36.0,100.0,0,0,0,,1,{row}\n")
        with pytest.raises(ScenarioError) as raised:
            read_tracks(tmp_path)
        assert (raised.value.line, raised.value.column) == (2, column)


def test_track_writer_refuses_a_batch_from_the_past(tmp_path: Path) -> None:
    with TrackWriter(tmp_path) as writer:
        writer.write(_tracks(10.0, ["T1"], [True]))
        with pytest.raises(ScenarioError, match="time order"):
            writer.write(_tracks(5.0, ["T1"], [True]))


def test_track_reader_checks_confirmed_flag(tmp_path: Path) -> None:
    header = ",".join(TRACK_COLUMNS)
    (tmp_path / "tracks.csv").write_text(f"{header}\n1.000,T1,48.0,36.0,100.0,0,0,0,,yes\n")
    with pytest.raises(ScenarioError) as raised:
        read_tracks(tmp_path)
    assert (raised.value.line, raised.value.column) == (2, "confirmed")


def _alert(alert_id: str, msg_type: str, t_s: float, **extra: object) -> AlertMessage:
    area = {"type": "Polygon", "coordinates": [[[36.1, 49.9], [36.2, 49.9], [36.2, 50.0], [36.1, 49.9]]]}
    return AlertMessage(alert_id, msg_type, t_s, t_s + 600.0, area, ("T17",), "glide_bomb", t_s + 60.0,
                        "Glide bomb: take shelter now", extra=dict(extra))  # fmt: skip


def test_alert_writer_round_trip_keeps_extra_keys(tmp_path: Path) -> None:
    messages = [_alert("aw-1", "Alert", 812.4, severity="Extreme"), _alert("aw-1", "Cancel", 900.0)]
    messages.append(AlertMessage("aw-2", "Alert", 901.0, 1500.0, messages[0].area))
    with AlertWriter(tmp_path / "run") as writer:
        writer.write(messages[0])
        writer.write_many(messages[1:])
    assert read_alerts(tmp_path / "run") == messages
    first = json.loads((tmp_path / "run" / "alerts.jsonl").read_text().splitlines()[0])
    assert list(first) == [
        "alert_id", "msg_type", "t_s", "expires_t_s", "area", "threat_track_ids", "object_kind", "eta_t_s",
        "headline", "severity",
    ]  # fmt: skip
    assert first["eta_t_s"] == 872.4 and first["threat_track_ids"] == ["T17"]


HEAD = '{"alert_id": "a", "msg_type": "Alert", '


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        (HEAD.replace("Alert", "Warn") + '"t_s": 1, "expires_t_s": 2, "area": AREA}', "msg_type", "one of"),
        (HEAD + '"t_s": "x", "expires_t_s": 2, "area": AREA}', "t_s", "finite"),
        (HEAD.replace('"a"', '""') + '"t_s": 1, "expires_t_s": 2, "area": AREA}', "alert_id", "non-empty"),
        (HEAD + '"t_s": 1, "expires_t_s": 2, "area": {"type": "Point"}}', "area", "Polygon"),
        (HEAD + '"t_s": 1, "expires_t_s": 2, "area": AREA', None, "not valid JSON"),
    ],
)  # fmt: skip
def test_alert_reader_names_line_and_key(tmp_path: Path, line: str, column: str | None, words: str) -> None:
    area = json.dumps(
        {"type": "Polygon", "coordinates": [[[36.0, 49.0], [36.1, 49.0], [36.0, 49.1], [36.0, 49.0]]]}
    )
    good = f'{{"alert_id": "z", "msg_type": "Alert", "t_s": 0, "expires_t_s": 9, "area": {area}}}'
    (tmp_path / "alerts.jsonl").write_text(good + "\n" + line.replace("AREA", area) + "\n")
    with pytest.raises(ScenarioError) as raised:
        read_alerts(tmp_path / "alerts.jsonl")
    assert (raised.value.file, raised.value.line, raised.value.column) == ("alerts.jsonl", 2, column)
    assert words in raised.value.reason


def test_alert_writer_refuses_extra_keys_that_clash(tmp_path: Path) -> None:
    with AlertWriter(tmp_path) as writer, pytest.raises(ScenarioError, match="clash"):
        writer.write(_alert("a", "Alert", 1.0, headline="other"))
