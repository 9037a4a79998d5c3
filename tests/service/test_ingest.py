"""Ingest over HTTP: batches are stored once and acknowledged with their sequence numbers; bad,
oversized, out-of-area or wrongly clocked input is refused naming the row and field; rows late for
their scan join the next one."""

import sqlite3
import time
from pathlib import Path

from tests.paths import EXAMPLE_SCENARIO
from tests.service.harness import Running, detail_locs, radar_row, start


def _stored(service: Running) -> int:
    with sqlite3.connect(service.config.db_path) as db:
        return int(db.execute("SELECT COUNT(*) FROM detections").fetchone()[0])


def test_a_batch_is_stored_and_a_resent_batch_id_counts_once(service: Running) -> None:
    batch = {"batch_id": "b-1", "detections": [radar_row(1.0), radar_row(1.5, "R2")]}
    with service.client("sensor") as c:
        first = c.post("/api/v1/detections", json=batch)
        again = c.post("/api/v1/detections", json=batch)
        health = c.get("/api/v1/health").json()
    assert first.status_code == 200, first.text
    assert first.json() == {
        "batch_id": "b-1",
        "accepted": 2,
        "duplicate": False,
        "first_seq": 1,
        "last_seq": 2,
    }
    assert again.json() == {**first.json(), "duplicate": True}
    assert _stored(service) == 2
    assert health["detections"] == 2


def test_csv_rows_of_the_contract_are_ingested_with_the_idempotency_key(service: Running) -> None:
    lines = (EXAMPLE_SCENARIO / "detections.csv").read_text().splitlines()[:201]
    body = "\n".join(lines) + "\n"
    headers = {"Content-Type": "text/csv", "Idempotency-Key": "csv-1"}
    with service.client("operator") as c:
        answer = c.post("/api/v1/detections", content=body, headers=headers)
        missing_key = c.post("/api/v1/detections", content=body, headers={"Content-Type": "text/csv"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["accepted"] == 200
    assert missing_key.status_code == 422
    assert detail_locs(missing_key) == [["header", "Idempotency-Key"]]


def test_a_bad_csv_field_is_named_by_line_and_column(service: Running) -> None:
    body = (
        "t_s,sensor_id,range_m,azimuth_deg,elevation_deg,lat,lon,alt_m,reporter_id,heading_deg,object_kind\n"
    )
    body += "1.0,R1,1000,10,1,,,,,,\n1.2,R1,far,10,1,,,,,,\n"
    with service.client("operator") as c:
        answer = c.post("/api/v1/detections", content=body, headers={"Content-Type": "text/csv",
                                                                       "Idempotency-Key": "bad"})  # fmt: skip
    assert answer.status_code == 422
    assert ["body", "line 3", "range_m"] in detail_locs(answer)
    assert _stored(service) == 0


def test_each_bad_field_is_named_with_its_row(service: Running) -> None:
    rows: list[dict[str, object]] = [
        radar_row(1.0),
        radar_row(1.0, azimuth_deg=400.0),
        {"t_s": 1.0, "sensor_id": "R1", "range_m": 1000.0},
        {"t_s": 1.0, "sensor_id": "NOPE", "azimuth_deg": 10.0},
    ]
    with service.client("operator") as c:
        shape = c.post("/api/v1/detections", json={"batch_id": "bad", "detections": rows})
        del rows[1]
        meaning = c.post("/api/v1/detections", json={"batch_id": "bad", "detections": rows})
    assert shape.status_code == 422
    assert ["body", "detections", 1, "azimuth_deg"] in detail_locs(shape)
    assert meaning.status_code == 422
    locs = detail_locs(meaning)
    assert ["body", "detections", 1, "azimuth_deg"] in locs and [
        "body",
        "detections",
        1,
        "elevation_deg",
    ] in locs
    assert ["body", "detections", 2, "sensor_id"] in locs
    assert _stored(service) == 0


def test_malformed_json_and_a_wrong_media_type_are_refused(service: Running) -> None:
    with service.client("operator") as c:
        broken = c.post("/api/v1/detections", content=b'{"batch_id": "x", "detections": [', headers={
            "Content-Type": "application/json"})  # fmt: skip
        xml = c.post("/api/v1/detections", content=b"<x/>", headers={"Content-Type": "application/xml"})
    assert broken.status_code == 422 and "json" in broken.text.lower()
    assert xml.status_code == 415


def test_oversized_batches_are_refused_with_413(tmp_path: Path) -> None:
    service = start(tmp_path / "d", max_batch_rows=10, max_body_bytes=20_000)
    try:
        with service.client("operator") as c:
            many = c.post("/api/v1/detections", json={"batch_id": "m", "detections": [radar_row(1.0)] * 11})
            csv = {"Content-Type": "text/csv", "Idempotency-Key": "h"}
            huge = c.post("/api/v1/detections", content=b"x" * 30_000, headers=csv)
    finally:
        service.stop()
    assert many.status_code == 413 and "10" in many.json()["detail"]
    assert huge.status_code == 413


def test_a_report_outside_the_area_is_refused_naming_the_row(service: Running) -> None:
    report = {"t_s": 2.0, "sensor_id": "public", "lat": 52.0, "lon": 30.0, "reporter_id": "u1"}
    with service.client("sensor") as c:
        batch = c.post("/api/v1/detections", json={"batch_id": "o", "detections": [radar_row(1.0), report]})
        single = c.post("/api/v1/reports", json=report)
        inside = c.post("/api/v1/reports", json={**report, "lat": 46.5, "report_id": "r1"})
        inside_again = c.post("/api/v1/reports", json={**report, "lat": 46.5, "report_id": "r1"})
    assert batch.status_code == 422
    assert detail_locs(batch) == [["body", "detections", 1, "lat"]]
    assert "outside the area" in batch.json()["detail"][0]["msg"]
    assert single.status_code == 422 and detail_locs(single) == [["body", "lat"]]
    assert inside.status_code == 200 and inside_again.json()["duplicate"] is True


def test_a_row_late_for_its_scan_joins_the_next_and_only_a_wrong_clock_is_refused(tmp_path: Path) -> None:
    service = start(tmp_path / "data", max_late_s=100.0)
    try:
        with service.client("operator") as c:
            first = c.post(
                "/api/v1/detections", json={"batch_id": "a", "detections": [radar_row(0.0), radar_row(150.0)]}
            )
            assert c.post("/api/v1/clock", json={"t_s": 160.0}).status_code == 200
            deadline = time.monotonic() + 30
            while c.get("/api/v1/health").json()["clock_t_s"] < 158.0:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            late = c.post("/api/v1/detections", json={"batch_id": "late", "detections": [radar_row(120.0)]})
            old = c.post("/api/v1/detections", json={"batch_id": "old", "detections": [radar_row(12.0)]})
            ahead = c.post("/api/v1/detections", json={"batch_id": "ahead", "detections": [radar_row(1e6)]})
    finally:
        service.stop()
    assert first.status_code == 200 and late.status_code == 200, late.text
    with sqlite3.connect(service.config.db_path) as db:
        stored = db.execute("SELECT t_s, fuse_scan FROM detections ORDER BY seq").fetchall()
    assert stored[:2] == [(0.0, None), (150.0, None)]
    assert stored[2][0] == 120.0 and stored[2][1] >= 159  # the first scan not yet fused when it came
    assert old.status_code == 422
    assert detail_locs(old) == [["body", "detections", 0, "t_s"]] and "max_late_s" in old.text
    assert ahead.status_code == 422 and "max_ahead_s" in ahead.text


def test_a_fusion_backlog_answers_503_with_retry_after(tmp_path: Path) -> None:
    service = start(tmp_path / "d", max_pending_rows=3)
    try:
        with service.client("operator") as c:
            first = c.post("/api/v1/detections", json={"batch_id": "1", "detections": [radar_row(0.5)] * 4})
            second = c.post("/api/v1/detections", json={"batch_id": "2", "detections": [radar_row(0.6)]})
    finally:
        service.stop()
    assert first.status_code == 200
    assert second.status_code == 503 and second.headers["retry-after"] == "1"


def test_a_claimed_sensor_type_must_match_the_sensor(service: Running) -> None:
    with service.client("operator") as c:
        answer = c.post("/api/v1/detections", json={"batch_id": "k", "detections": [
            radar_row(1.0, sensor_type="radar"), radar_row(1.0, sensor_type="acoustic")]})  # fmt: skip
    assert answer.status_code == 422
    assert detail_locs(answer) == [["body", "detections", 1, "sensor_type"]] and "is a radar" in answer.text
