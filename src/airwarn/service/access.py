"""Who is asking, and may they: API keys (Bearer header or session cookie), roles, and a token
bucket per key (or per client address for requests without a key)."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from fastapi import HTTPException, Request

from airwarn.service.config import ServiceConfig
from airwarn.service.keys import lookup_key
from airwarn.service.store import EventStore

COOKIE = "airwarn_key"


@dataclass(frozen=True)
class Principal:
    """The caller: role, partner, key id (None when anonymous) and the sensors it may write for."""

    role: str
    partner: str
    key_id: str | None
    sensors: frozenset[str]
    bucket: str
    rate_per_s: float
    burst: float

    @property
    def operator(self) -> bool:
        return self.role == "operator"


class TokenBuckets:
    """One token bucket per caller: `burst` requests at once, refilled at `rate` per second."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, tuple[float, float]] = {}

    def take(self, name: str, rate: float, burst: float) -> float:
        """Take a token; 0.0 when granted, else the seconds until one is free."""
        now = time.monotonic()
        with self._lock:
            tokens, then = self._state.get(name, (burst, now))
            tokens = min(burst, tokens + (now - then) * rate)
            if tokens >= 1.0:
                self._state[name] = (tokens - 1.0, now)
                return 0.0
            self._state[name] = (tokens, now)
            return (1.0 - tokens) / rate


def token_of(request: Request) -> str | None:
    """The API key of a request: `Authorization: Bearer <key>`, else the session cookie."""
    auth = request.headers.get("authorization")
    if auth is not None:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise HTTPException(401, "Authorization must be 'Bearer <api key>'")
        return token.strip()
    return request.cookies.get(COOKIE) or None


def resolve(request: Request, store: EventStore, config: ServiceConfig) -> Principal:
    """The caller of a request; 401 for a bad key, or for no key unless anonymous_public."""
    token = token_of(request)
    if token is None:
        if not config.anonymous_public:
            raise HTTPException(401, "an API key is required: Authorization: Bearer <key>",
                                headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
        host = request.client.host if request.client else "unknown"
        return Principal("public", "", None, frozenset(), f"ip:{host}", config.public_rate_per_s,
                         config.public_burst)  # fmt: skip
    record = lookup_key(store, token)
    if record is None:
        raise HTTPException(401, "unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    return Principal(
        record.role, record.partner, record.key_id, frozenset(record.sensors), f"key:{record.key_id}",
        record.rate_per_s or config.rate_per_s, record.burst or config.burst,
    )  # fmt: skip


def limit(buckets: TokenBuckets, who: Principal) -> None:
    """429 with Retry-After when the caller's bucket is empty."""
    wait = buckets.take(who.bucket, who.rate_per_s, who.burst)
    if wait > 0:
        raise HTTPException(429, f"rate limit of {who.rate_per_s:g} requests/s exceeded; retry later",
                            headers={"Retry-After": str(max(1, math.ceil(wait)))})  # fmt: skip


def require(who: Principal, *roles: str) -> None:
    """403 unless the caller has one of the roles."""
    if who.role not in roles:
        raise HTTPException(403, f"a {who.role} key may not do this; it needs a {' or '.join(roles)} key")
