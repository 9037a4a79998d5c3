"""Fan-out of fused-scan events to Server-Sent Event subscribers, on the server's event loop.

Each delivery's events are encoded once per audience (operators, everyone else) and the same bytes
are appended to every subscriber's mailbox; a subscriber's task is woken at most once however many
deliveries arrived meanwhile, and writes them in one chunk. One timer task sends the keep-alive
comments, so waiting for events costs no timer per subscriber. Public streams get clock-only
deliveries at most every CLOCK_HOLD_S (alerts at once). A subscriber whose mailbox holds
queue_chunks undelivered chunks is dropped (its stream ends and the browser's EventSource
reconnects to a fresh snapshot), so a slow reader never holds memory or the fusion up.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, field

from airwarn.service.live import Event

KEEPALIVE_S = 15.0
"""A stream that got nothing during one such tick gets a keep-alive comment."""
KEEPALIVE = b": ping\n\n"
CLOCK_HOLD_S = 0.25
"""Public streams get clock-only deliveries at most this often (held ones go out together, or with
the next alert message at once): under accelerated replay scans end ten times a second, and a
thousand writes per tick would delay everyone's alerts."""


@dataclass(eq=False)
class Subscriber:
    """One open /stream: its undelivered chunks and whether it sees operator-only events."""

    operator: bool
    after_seq: int
    limit: int = 1024
    chunks: list[bytes] = field(default_factory=list)
    ended: bool = False
    fed: bool = False
    """Something was put since the last keep-alive tick."""
    _waiter: asyncio.Future[None] | None = None

    def put(self, chunk: bytes) -> bool:
        """Append a chunk and wake the reader; False (nothing appended) when the mailbox is full."""
        if len(self.chunks) >= self.limit:
            return False
        self.chunks.append(chunk)
        self.fed = True
        self._wake()
        return True

    def end(self) -> None:
        """End the stream now; undelivered chunks are discarded."""
        self.ended = True
        self.chunks.clear()
        self._wake()

    async def take(self) -> bytes | None:
        """Everything put since the last take, as one chunk (waits until there is some); None once
        the stream has ended."""
        while not self.chunks and not self.ended:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        if self.ended:
            return None
        chunk = self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)
        self.chunks.clear()
        return chunk

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)


class Hub:
    """Subscribers of the live stream; publish() and close() may be called from any thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop, queue_chunks: int) -> None:
        self.loop = loop
        self.queue_chunks = queue_chunks
        self.subscribers: set[Subscriber] = set()
        self.dropped = 0
        """Subscribers ended because they fell queue_chunks behind."""
        self._ticker: asyncio.Task[None] | None = None
        self._held: list[Event] = []
        """Clock events not yet sent to public subscribers."""
        self._flush_at: asyncio.TimerHandle | None = None
        self._last_flush = -math.inf

    def subscribe(self, operator: bool, after_seq: int) -> Subscriber:
        """Register a subscriber (on the loop) that gets the events numbered after after_seq."""
        if self._ticker is None:
            self._ticker = self.loop.create_task(self._keepalive())
        sub = Subscriber(operator, after_seq, self.queue_chunks)
        self.subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        """Forget a subscriber and end its stream (on the loop; e.g. its client went away)."""
        self.subscribers.discard(sub)
        sub.end()

    def publish(self, events: list[Event]) -> None:
        """Thread-safe: hand the events to the loop for delivery."""
        if events and self.subscribers:
            self.loop.call_soon_threadsafe(self._deliver, events)

    def close(self) -> None:
        """End every stream and the keep-alive timer (server shutdown); from any thread."""
        try:
            on_loop = asyncio.get_running_loop() is self.loop
        except RuntimeError:
            on_loop = False
        if on_loop:
            self._close()
        elif not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self._close)

    def _close(self) -> None:
        for sub in list(self.subscribers):
            self.unsubscribe(sub)
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None
        if self._flush_at is not None:
            self._flush_at.cancel()
            self._flush_at = None

    def _deliver(self, events: list[Event]) -> None:
        """Operators get the events now; public streams too, unless they are only clock ticks."""
        self._send([s for s in self.subscribers if s.operator], events)
        public = [e for e in events if not e.operator_only]
        if not public:
            return
        self._held.extend(public)
        due = self._last_flush + CLOCK_HOLD_S
        if any(e.name != "clock" for e in self._held) or self.loop.time() >= due:
            self._flush()
        elif self._flush_at is None:
            self._flush_at = self.loop.call_at(due, self._flush)

    def _flush(self) -> None:
        """Send the held public events."""
        if self._flush_at is not None:
            self._flush_at.cancel()
            self._flush_at = None
        self._last_flush = self.loop.time()
        events, self._held = self._held, []
        if events:
            self._send([s for s in self.subscribers if not s.operator], events)

    def _send(self, subscribers: list[Subscriber], events: list[Event]) -> None:
        chunks: dict[tuple[bool, int], bytes] = {}
        first = events[0].seq
        for sub in subscribers:
            key = (sub.operator, sub.after_seq if sub.after_seq >= first else -1)
            chunk = chunks.get(key)
            if chunk is None:
                chunk = chunks[key] = b"".join(
                    e.wire for e in events if (sub.operator or not e.operator_only) and e.seq > sub.after_seq
                )
            if chunk and not sub.put(chunk):
                self.dropped += 1
                self.unsubscribe(sub)

    async def _keepalive(self) -> None:
        while True:
            await asyncio.sleep(KEEPALIVE_S)
            for sub in list(self.subscribers):
                if not sub.fed:
                    sub.put(KEEPALIVE)
                sub.fed = False
