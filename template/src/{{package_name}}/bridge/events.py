"""Server-to-page events: numbered, kept in a bounded ring buffer, fanned out.

Every event gets the next sequence number of this app run (the run is named by
`epoch`), so a client that reconnects can ask for what it missed. Each
subscriber has a bounded queue: one that falls behind is cut off (and resumes
from its last sequence number) instead of growing memory.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Event:
    seq: int
    name: str
    data: dict[str, Any]

    def to_wire(self) -> dict[str, Any]:
        """A JSON-RPC notification: the method is the event name."""
        return {
            "jsonrpc": "2.0",
            "method": self.name,
            "params": {"seq": self.seq, "data": self.data},
        }


class Subscription:
    """One client's view of the log: a bounded queue of new events."""

    def __init__(self, log: EventLog, capacity: int) -> None:
        self._log = log
        self._queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=capacity)
        self.overflowed = asyncio.Event()

    def offer(self, event: Event) -> None:
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed.set()
            self.close()

    async def next(self, timeout: float | None = None) -> Event | None:
        """The next event, or None after `timeout` seconds or on overflow."""
        if self.overflowed.is_set():
            return None
        try:
            return await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError:
            return None

    def close(self) -> None:
        self._log.unsubscribe(self)


class EventLog:
    def __init__(self, capacity: int) -> None:
        # Names this app run: sequence numbers of another run mean nothing here.
        self.epoch = secrets.token_hex(8)
        self._seq = 0
        self._buffer: deque[Event] = deque(maxlen=capacity)
        self._subscribers: set[Subscription] = set()
        self._listeners: set[Callable[[Event], None]] = set()
        # Long-polls waiting for the next event.
        self._waiters: set[asyncio.Future[None]] = set()

    @property
    def last_seq(self) -> int:
        return self._seq

    def publish(self, name: str, data: dict[str, Any]) -> Event:
        """Record and fan out one event (call on the server's event loop)."""
        self._seq += 1
        event = Event(self._seq, name, data)
        self._buffer.append(event)
        for subscriber in list(self._subscribers):
            subscriber.offer(event)
        for deliver in list(self._listeners):
            deliver(event)
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()
        return event

    def listen(self, deliver: Callable[[Event], None]) -> Callable[[], None]:
        """Call `deliver` synchronously with each new event, in publish order
        (so an event emitted before a call's result reaches the client first);
        return the function that stops it."""
        self._listeners.add(deliver)
        return lambda: self._listeners.discard(deliver)

    def subscribe(self, capacity: int) -> Subscription:
        subscription = Subscription(self, capacity)
        self._subscribers.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscribers.discard(subscription)

    def since(self, seq: int) -> list[Event] | None:
        """Events after `seq`; None when some of them left the buffer already."""
        if seq >= self._seq:
            return []
        oldest = self._buffer[0].seq if self._buffer else self._seq + 1
        if seq + 1 < oldest:
            return None
        return [event for event in self._buffer if event.seq > seq]

    async def wait_since(self, seq: int, timeout: float) -> list[Event] | None:
        """Like `since`, but waits up to `timeout` seconds for a first event."""
        events = self.since(seq)
        if events != [] or timeout <= 0:
            return events
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            return []
        finally:
            self._waiters.discard(waiter)
        return self.since(seq)
