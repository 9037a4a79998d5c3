"""scenario.json parsing that remembers where each object sits, and value checks naming that line."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import math
from typing import Any, Final

from airwarn.scenario.issues import IssueLog

JSON_FILE: Final = "scenario.json"
COORDINATE_LIMITS: Final = {
    "lat": 90.0,
    "lon": 180.0,
    "south": 90.0,
    "north": 90.0,
    "west": 180.0,
    "east": 180.0,
}


class JsonPositions:
    """Where each object of one parsed JSON document starts and ends in its text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: dict[int, tuple[int, int]] = {}

    def line_of(self, obj: object, key: str | None = None) -> int | None:
        """1-based line of `key` inside object `obj` (of the object itself without a key)."""
        span = self.spans.get(id(obj))
        if span is None:
            return None
        start, end = span
        position = start
        if key is not None:
            found = self.text.find(json.dumps(key), start, end)
            position = found if found >= 0 else start
        return self.text.count("\n", 0, position) + 1


def load_json_with_positions(text: str) -> tuple[Any, JsonPositions]:
    """Parse JSON text; raises json.JSONDecodeError (with lineno, colno) when it is not JSON."""
    positions = JsonPositions(text)
    decoder = json.JSONDecoder()

    def parse_object(
        s_and_end: tuple[str, int],
        strict: bool,
        scan_once: Any,
        object_hook: Any,
        object_pairs_hook: Any,
        memo: Any = None,
    ) -> tuple[Any, int]:
        obj, end = json.decoder.JSONObject(  # type: ignore[attr-defined]
            s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo
        )
        positions.spans[id(obj)] = (s_and_end[1] - 1, end)
        return obj, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text), positions


class JsonChecker:
    """Checks values of one parsed scenario.json, logging each issue with its line and key path."""

    def __init__(self, log: IssueLog, positions: JsonPositions) -> None:
        self.log = log
        self.positions = positions

    def issue(self, parent: object, key: str | None, label: str | None, message: str) -> None:
        """Log an issue about `key` of object `parent`, shown as column `label`."""
        self.log.add(JSON_FILE, self.positions.line_of(parent, key), label, message)

    def number(self, parent: dict[str, Any], key: str, label: str) -> float | None:
        """parent[key] as a finite float, or None after logging that it is not one."""
        value = parent[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.issue(parent, key, label, f"{json.dumps(value)} is not a finite number")
            return None
        return float(value)

    def coordinate(self, parent: dict[str, Any], key: str, label: str, required: bool) -> float | None:
        """A number that, for lat/lon-like keys, lies within +-90 or +-180 degrees."""
        if key not in parent:
            if required:
                self.issue(parent, None, label, "is missing; add it")
            return None
        value = self.number(parent, key, label)
        limit = COORDINATE_LIMITS.get(key)
        if value is not None and limit is not None and abs(value) > limit:
            self.issue(parent, key, label, f"{value} is outside [-{limit:g}, {limit:g}] degrees")
            return None
        return value

    def text(self, parent: dict[str, Any], key: str, label: str) -> str | None:
        """parent[key] as a non-empty string, or None after logging why not."""
        if key not in parent:
            self.issue(parent, None, label, "is missing; add it")
            return None
        value = parent[key]
        if not isinstance(value, str) or not value:
            self.issue(parent, key, label, f"{json.dumps(value)} is not a non-empty string")
            return None
        return value
