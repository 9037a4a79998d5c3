"""GET /stream: Server-Sent Events of the live picture (a snapshot, then per fused scan the changed
tracks, the alert messages and last the clock), with a keep-alive comment every 15 s.

Each scan's events are encoded once and written to every subscriber as one chunk, so a thousand
open streams cost one encoding and a thousand writes per scan.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from airwarn.service.broadcast import Hub, Subscriber
from airwarn.service.deps import Caller, State
from airwarn.service.live import sse_bytes

router = APIRouter()
KEEPALIVE_S = 15.0
KEEPALIVE = b": ping\n\n"


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}},
)
async def stream(state: State, who: Caller) -> StreamingResponse:
    """Operators get every event; others get alerts and the clock."""
    hub = state.hub
    if hub is None:
        raise HTTPException(503, "the service is starting; retry shortly", headers={"Retry-After": "1"})
    seq, snapshot = await run_in_threadpool(state.picture.snapshot, who.operator)
    sub = hub.subscribe(who.operator, seq)
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    first = sse_bytes("snapshot", snapshot, seq)
    return StreamingResponse(_events(hub, sub, first), media_type="text/event-stream", headers=headers)


async def _events(hub: Hub, sub: Subscriber, first: bytes) -> AsyncIterator[bytes]:
    try:
        yield first
        while True:
            try:
                chunk = await asyncio.wait_for(sub.queue.get(), KEEPALIVE_S)
            except TimeoutError:
                yield KEEPALIVE
                continue
            if chunk is None:
                return
            parts = [chunk]
            while not sub.queue.empty():  # a reader that fell behind catches up in one write
                more = sub.queue.get_nowait()
                if more is None:
                    yield b"".join(parts)
                    return
                parts.append(more)
            yield b"".join(parts) if len(parts) > 1 else chunk
    finally:
        hub.unsubscribe(sub)
