"""API keys: 256-bit random tokens handed out once, stored only as their SHA-256.

Roles: `sensor` writes detections for its own sensor ids, `operator` reads everything and
manages alerts, `public` reads alerts only.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from airwarn.errors import ConfigError
from airwarn.service.store import EventStore, KeyRecord

ROLES: Final = ("sensor", "operator", "public")
TOKEN_PREFIX: Final = "aw_"


@dataclass(frozen=True)
class NewKey:
    """A key just created: the token is shown this once and never stored."""

    record: KeyRecord
    token: str


def token_hash(token: str) -> str:
    """The SHA-256 (hex) a token is stored and looked up as."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def now_utc() -> str:
    """The wall-clock time as ISO 8601 UTC, for key bookkeeping."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def create_key(
    store: EventStore,
    role: str,
    partner: str,
    sensors: tuple[str, ...] = (),
    rate_per_s: float | None = None,
    burst: float | None = None,
) -> NewKey:
    """Make and store a key for a partner; a `sensor` key must name the sensor ids it may write for."""
    if role not in ROLES:
        raise ConfigError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if not partner.strip():
        raise ConfigError("partner must be a non-empty name (the organisation or sensor network)")
    if role == "sensor" and not sensors:
        raise ConfigError("a sensor key needs the sensor ids it may write for (--sensor ID, repeatable)")
    if role != "sensor" and sensors:
        raise ConfigError(f"only sensor keys carry sensor ids; a {role} key takes none")
    for name, value in (("rate", rate_per_s), ("burst", burst)):
        if value is not None and value <= 0:
            raise ConfigError(f"{name} must be positive, got {value}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    key_id = "k" + secrets.token_hex(4)
    created = now_utc()
    store.add_key(key_id, token_hash(token), role, partner, sensors, rate_per_s, burst, created)
    record = KeyRecord(key_id, role, partner, sensors, rate_per_s, burst, created, None)
    return NewKey(record, token)


def lookup_key(store: EventStore, token: str) -> KeyRecord | None:
    """The live key of a token, or None for an unknown or revoked one."""
    return store.find_key(token_hash(token))
