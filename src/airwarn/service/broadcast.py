"""Fan-out of fused-scan events to Server-Sent Event subscribers, on the server's event loop.

Each scan's events are encoded once per audience (operators, everyone else) and handed to every
subscriber as one chunk. Each subscriber has a bounded queue; one that falls that far behind is
dropped (its stream ends, and the browser's EventSource reconnects to a fresh snapshot), so a
slow reader never holds memory or the fusion up.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from airwarn.service.live import Event


@dataclass(eq=False)
class Subscriber:
    """One open /stream: its queue of encoded chunks and whether it sees operator-only events."""

    operator: bool
    after_seq: int
    queue: asyncio.Queue[bytes | None] = field(default_factory=lambda: asyncio.Queue(1024))


class Hub:
    """Subscribers of the live stream; publish() may be called from any thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop, queue_chunks: int) -> None:
        self.loop = loop
        self.queue_chunks = queue_chunks
        self.subscribers: set[Subscriber] = set()
        self.dropped = 0

    def subscribe(self, operator: bool, after_seq: int) -> Subscriber:
        """Register a subscriber (on the loop) that gets the events numbered after after_seq."""
        sub = Subscriber(operator, after_seq, asyncio.Queue(self.queue_chunks))
        self.subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        self.subscribers.discard(sub)

    def publish(self, events: list[Event]) -> None:
        """Thread-safe: hand the events to the loop for delivery."""
        if events and self.subscribers:
            self.loop.call_soon_threadsafe(self._deliver, events)

    def close(self) -> None:
        """End every stream (server shutdown)."""
        for sub in list(self.subscribers):
            self._drop(sub)

    def _deliver(self, events: list[Event]) -> None:
        chunks: dict[tuple[bool, int], bytes] = {}
        for sub in list(self.subscribers):
            key = (sub.operator, sub.after_seq if sub.after_seq >= events[0].seq else -1)
            chunk = chunks.get(key)
            if chunk is None:
                chunk = chunks[key] = b"".join(
                    e.wire for e in events if (sub.operator or not e.operator_only) and e.seq > sub.after_seq
                )
            if not chunk:
                continue
            try:
                sub.queue.put_nowait(chunk)
            except asyncio.QueueFull:
                self._drop(sub)

    def _drop(self, sub: Subscriber) -> None:
        self.subscribers.discard(sub)
        self.dropped += 1
        while not sub.queue.empty():
            sub.queue.get_nowait()
        sub.queue.put_nowait(None)
