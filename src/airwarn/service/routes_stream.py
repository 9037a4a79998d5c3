"""GET /stream: Server-Sent Events of the live picture (a snapshot, then per fused scan the changed
tracks, the alert messages and last the clock), with a keep-alive comment when a stream is quiet.

Each delivery's events are encoded once and the same bytes are written to every subscriber, each
stream writing straight to the ASGI send (no generator, no timer per event), so a thousand open
streams cost one encoding and a thousand writes per scan (public streams: per alert message, and
per CLOCK_HOLD_S of clock ticks).
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from airwarn.service.broadcast import Hub, Subscriber
from airwarn.service.deps import Caller, State
from airwarn.service.live import sse_bytes

router = APIRouter()


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}},
)
async def stream(state: State, who: Caller) -> Response:
    """Operators get every event; others get alerts and the clock."""
    hub = state.hub
    if hub is None:
        raise HTTPException(503, "the service is starting; retry shortly", headers={"Retry-After": "1"})
    seq, snapshot = await run_in_threadpool(state.picture.snapshot, who.operator)
    sub = hub.subscribe(who.operator, seq)
    return EventStreamResponse(hub, sub, sse_bytes("snapshot", snapshot, seq))


class EventStreamResponse(Response):
    """A text/event-stream response fed by a hub subscriber until it ends or the client goes away."""

    media_type = "text/event-stream"

    def __init__(self, hub: Hub, sub: Subscriber, first: bytes) -> None:
        self.hub, self.sub, self.first = hub, sub, first
        self.status_code = 200
        self.background = None
        self.init_headers({"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        watcher = asyncio.create_task(self._until_disconnect(receive))
        try:
            await send(
                {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
            )
            await send({"type": "http.response.body", "body": self.first, "more_body": True})
            while (chunk := await self.sub.take()) is not None:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            watcher.cancel()
            self.hub.unsubscribe(self.sub)

    async def _until_disconnect(self, receive: Receive) -> None:
        """End the stream when the client disconnects (writes to a closed connection are silent)."""
        while (await receive())["type"] != "http.disconnect":
            pass
        self.hub.unsubscribe(self.sub)
