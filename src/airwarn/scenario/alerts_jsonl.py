"""RUN/alerts.jsonl: one JSON object per alert message, written incrementally and read back checked.

Keys are the contract's (alert_id, msg_type, t_s, expires_t_s, area, threat_track_ids, object_kind,
eta_t_s, headline); AlertMessage.extra keys are merged in after them and come back in `extra`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final

from airwarn.errors import ScenarioError
from airwarn.scenario.issues import IssueLog
from airwarn.scenario.model import MSG_TYPES, AlertMessage

ALERTS_FILE: Final = "alerts.jsonl"
ALERT_KEYS: Final = (
    "alert_id",
    "msg_type",
    "t_s",
    "expires_t_s",
    "area",
    "threat_track_ids",
    "object_kind",
    "eta_t_s",
    "headline",
)
AREA_TYPES: Final = ("Polygon", "MultiPolygon")


def alert_to_json(message: AlertMessage) -> dict[str, Any]:
    """The message as alerts.jsonl writes it: the contract's keys, then its extra keys."""
    out: dict[str, Any] = {
        "alert_id": message.alert_id,
        "msg_type": message.msg_type,
        "t_s": message.t_s,
        "expires_t_s": message.expires_t_s,
        "area": message.area,
        "threat_track_ids": list(message.threat_track_ids),
        "object_kind": message.object_kind,
        "eta_t_s": message.eta_t_s,
        "headline": message.headline,
    }
    clashes = sorted(set(message.extra) & set(out))
    if clashes:
        raise ScenarioError(
            f"extra keys {clashes} clash with the contract's keys; rename them", file=ALERTS_FILE
        )
    out.update(message.extra)
    return out


class AlertWriter:
    """Writes RUN/alerts.jsonl, one line per message, flushed as each is issued."""

    def __init__(self, run_dir: Path) -> None:
        """Create run_dir if needed and open run_dir/alerts.jsonl for writing (replacing it)."""
        run_dir = Path(run_dir)
        run_dir.mkdir(parents=True, exist_ok=True)
        self.path = run_dir / ALERTS_FILE
        self.messages_written = 0
        self._file: IO[str] | None = self.path.open("w", encoding="utf-8", newline="\n")

    def write(self, message: AlertMessage) -> None:
        """Append one message and flush it."""
        self.write_many([message])

    def write_many(self, messages: Iterable[AlertMessage]) -> None:
        """Append messages in the order they were issued, then flush."""
        if self._file is None:
            raise ScenarioError("is closed; open a new AlertWriter to write more", file=ALERTS_FILE)
        for message in messages:
            try:
                line = json.dumps(alert_to_json(message), ensure_ascii=False, allow_nan=False)
            except ValueError as exc:
                raise ScenarioError(
                    f"alert {message.alert_id!r} cannot be written ({exc}); use finite numbers",
                    file=ALERTS_FILE,
                ) from exc
            self._file.write(line + "\n")
            self.messages_written += 1
        self._file.flush()

    def close(self) -> None:
        """Close the file (idempotent)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> AlertWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def read_alerts(path: Path) -> list[AlertMessage]:
    """Read alerts.jsonl (the file, or the run folder holding it); ScenarioError at the first issue."""
    path = Path(path)
    file_path = path / ALERTS_FILE if path.is_dir() else path
    log = IssueLog()
    try:
        text = file_path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        log.add(ALERTS_FILE, None, None, f"file not found at {file_path}")
        return []
    except UnicodeDecodeError as exc:
        log.add(ALERTS_FILE, text_line(exc.object, exc.start), None, "is not UTF-8; save the file as UTF-8")
        return []
    messages: list[AlertMessage] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            messages.append(_parse_alert(line, number, log))
            if len(messages) > 1 and messages[-1].t_s < messages[-2].t_s:
                log.add(
                    ALERTS_FILE, number, "t_s", "is earlier than the line before; write alerts in issue order"
                )
    return messages


def text_line(data: bytes, offset: int) -> int:
    """1-based line of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def _parse_alert(line: str, number: int, log: IssueLog) -> AlertMessage:
    """One line of alerts.jsonl as an AlertMessage; every wrong key is an issue."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        log.add(ALERTS_FILE, number, None, f"is not valid JSON: {exc.msg} at character {exc.colno}")
        obj = {}
    if not isinstance(obj, dict):
        log.add(ALERTS_FILE, number, None, "must be one JSON object {...} per line")
        obj = {}

    def issue(key: str, message: str) -> None:
        log.add(ALERTS_FILE, number, key, message)

    alert_id = obj.get("alert_id")
    if not isinstance(alert_id, str) or not alert_id:
        issue("alert_id", f"{json.dumps(alert_id)} must be a non-empty string")
    msg_type = obj.get("msg_type")
    if msg_type not in MSG_TYPES:
        issue("msg_type", f"{json.dumps(msg_type)} must be one of {', '.join(MSG_TYPES)}")
    t_s, expires_t_s = _number(obj, "t_s", issue), _number(obj, "expires_t_s", issue)
    eta_t_s = None if obj.get("eta_t_s") is None else _number(obj, "eta_t_s", issue)
    area = obj.get("area")
    if not isinstance(area, dict) or area.get("type") not in AREA_TYPES or "coordinates" not in area:
        issue("area", "must be a GeoJSON Polygon or MultiPolygon with coordinates (longitude first)")
    track_ids = obj.get("threat_track_ids", [])
    if not isinstance(track_ids, list) or not all(isinstance(t, str) for t in track_ids):
        issue("threat_track_ids", f"{json.dumps(track_ids)[:40]} must be a list of track id strings")
    for key in ("object_kind", "headline"):
        if not isinstance(obj.get(key, ""), str):
            issue(key, f"{json.dumps(obj[key])[:40]} must be a string")
    return AlertMessage(
        alert_id=str(alert_id),
        msg_type=str(msg_type),
        t_s=t_s,
        expires_t_s=expires_t_s,
        area=area if isinstance(area, dict) else {},
        threat_track_ids=tuple(str(t) for t in track_ids) if isinstance(track_ids, list) else (),
        object_kind=str(obj.get("object_kind", "")),
        eta_t_s=eta_t_s,
        headline=str(obj.get("headline", "")),
        extra={k: v for k, v in obj.items() if k not in ALERT_KEYS},
    )


def _number(obj: dict[str, Any], key: str, issue: Callable[[str, str], None]) -> float:
    """obj[key] as a finite float; NaN after reporting that it is missing or not a number."""
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        issue(key, f"{json.dumps(value)} must be a finite number of seconds")
        return math.nan
    return float(value)
