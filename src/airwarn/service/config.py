"""The service's configuration: a JSON file, then AIRWARN_* environment variables over it.

Every key has a default, so `airwarn serve --scenario DIR` needs nothing else: the event log is
SQLite (WAL) under data_dir.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from airwarn.batch import CAP_SENDER
from airwarn.errors import ConfigError

ENV_PREFIX = "AIRWARN_"


class ServiceConfig(BaseModel):
    """What `airwarn serve` runs with (times in scenario seconds unless named _wall_s)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    data_dir: Path = Path("airwarn-data")
    scenario: Path | None = None
    """A scenario folder or its scenario.json; None: the scenario stored in data_dir."""
    anonymous_public: bool = False
    """Requests without a key read as `public` (else 401)."""
    clock: Literal["data", "wall"] = "data"
    """data: the clock is the latest detection time received (feeds, replays); wall: now - start_time."""
    scan_s: float = Field(1.0, gt=0, le=60)
    lateness_s: float = Field(1.0, ge=0, le=600)
    """A scan (t - scan_s, t] is fused once the clock passes t + lateness_s; a row arriving later
    joins the next scan fused (and is stored with it, so a replay fuses it there too)."""
    max_late_s: float = Field(600.0, ge=0)
    """Rows older than the fused picture by more than this are refused (a wrong clock, not a delay)."""
    max_ahead_s: float = Field(3600.0, gt=0)
    """Rows further than this ahead of the clock are refused (a wrong clock would jump the picture)."""
    max_body_bytes: int = Field(8_000_000, gt=0)
    max_batch_rows: int = Field(10_000, gt=0)
    max_pending_rows: int = Field(500_000, gt=0)
    """Back-pressure: stored but not yet fused rows above this answer 503 + Retry-After."""
    max_ingest_in_flight: int = Field(8, gt=0)
    rate_per_s: float = Field(100.0, gt=0)
    """Default per-key token bucket: requests per second and burst (a key may set its own)."""
    burst: float = Field(200.0, ge=1)
    public_rate_per_s: float = Field(20.0, gt=0)
    """Requests without a key: a bucket per client address."""
    public_burst: float = Field(60.0, ge=1)
    synchronous: Literal["FULL", "NORMAL"] = "FULL"
    """SQLite synchronous mode: FULL makes each acknowledged batch survive power loss."""
    cap_sender: str = CAP_SENDER
    sse_queue_events: int = Field(1024, gt=0)
    """A subscriber this many events behind is disconnected (it reconnects to a fresh snapshot)."""

    @property
    def db_path(self) -> Path:
        """The SQLite event log."""
        return self.data_dir / "airwarn.sqlite3"


def load_config(
    path: Path | None = None, env: Mapping[str, str] | None = None, **overrides: object
) -> ServiceConfig:
    """The file's keys (if any), then AIRWARN_<KEY> environment variables, then explicit overrides."""
    values: dict[str, object] = {}
    if path is not None:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the service configuration: {exc}") from exc
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: must hold one JSON object of settings")
        values.update(data)
    environ = os.environ if env is None else env
    for name in ServiceConfig.model_fields:
        key = ENV_PREFIX + name.upper()
        if key in environ:
            values[name] = environ[key]
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return ServiceConfig.model_validate(values)
    except ValidationError as exc:
        where = f" in {path}" if path is not None else ""
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"service configuration{where} (or {ENV_PREFIX}* variables): {problems}") from exc
