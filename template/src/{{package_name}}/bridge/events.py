# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Server-to-page events: numbered, kept in a bounded ring buffer, fanned out.

Every event gets the next sequence number of this app run (the run is named by
`epoch`), so a client that reconnects can ask for what it missed. Each
subscriber has a bounded queue: one that falls behind is cut off (and resumes
from its last sequence number) instead of growing memory.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from . import jsontext

# A client with events waiting that took none for this long is stalled: it no
# longer holds back emitters (see EventLog.backlog) and is left to overflow.
STALLED_SECONDS = 1.0


def backlog_of(waiting: int, progress_at: float) -> int:
    """Messages waiting for a client, or 0 if it has stopped taking them."""
    return waiting if time.monotonic() - progress_at <= STALLED_SECONDS else 0


@dataclass(frozen=True)
class Event:
    seq: int
    name: str
    data_json: str  # the event's model, as JSON text

    @cached_property
    def text(self) -> str:
        """The event as sent: a JSON-RPC notification whose method is the
        event name. Encoded once, however many clients get it, live or on
        catching up."""
        return jsontext.notification(self.name, self.seq, self.data_json)

    def to_wire(self) -> dict[str, Any]:
        """`text` as a dict (for a response that embeds events)."""
        message: dict[str, Any] = json.loads(self.text)
        return message


class Subscription:
    """One client's view of the log: a bounded queue of new events."""

    def __init__(self, log: EventLog, capacity: int) -> None:
        self._log = log
        self._capacity = capacity
        self._queue: deque[Event] = deque()
        self._waiter: asyncio.Future[None] | None = None  # set when an event comes
        self.overflowed = False
        self._progress_at = time.monotonic()

    def backlog(self) -> int:
        return backlog_of(len(self._queue), self._progress_at)

    def offer(self, event: Event) -> None:
        if len(self._queue) >= self._capacity:
            self.overflowed = True
            self.close()
        else:
            if not self._queue:
                self._progress_at = time.monotonic()
            self._queue.append(event)
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def next_batch(self, timeout: float, limit: int) -> list[Event] | None:
        """The events queued, at least one and at most `limit`, after waiting up
        to `timeout` seconds for the first: [] if none came, None once this
        subscriber has overflowed. Taking them all at once lets the stream
        send a burst in one write."""
        if not self._queue and not self.overflowed:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                async with asyncio.timeout(timeout):
                    await self._waiter
            except TimeoutError:
                pass
            finally:
                self._waiter = None
        if self.overflowed:
            return None
        batch = [self._queue.popleft() for _ in range(min(limit, len(self._queue)))]
        if batch:
            self._progress_at = time.monotonic()
        return batch

    def close(self) -> None:
        self._log.unsubscribe(self)


@dataclass(frozen=True)
class Resume:
    """What a connecting client gets before live events: the events it missed,
    or why it must resync instead ("new-run": its epoch is another run's;
    "gap": events it missed have left the buffer)."""

    missed: list[Event]
    reset: str | None = None


class EventLog:
    def __init__(self, capacity: int) -> None:
        # Names this app run: sequence numbers of another run mean nothing here.
        self.epoch = secrets.token_hex(8)
        self._seq = 0
        self._buffer: deque[Event] = deque(maxlen=capacity)
        self._subscribers: set[Subscription] = set()
        self._listeners: dict[Callable[[Event], None], Callable[[], int]] = {}
        # Long-polls waiting for the next event.
        self._waiters: set[asyncio.Future[None]] = set()

    @property
    def last_seq(self) -> int:
        return self._seq

    def publish(self, name: str, data_json: str) -> Event:
        """Record and fan out one event, its data given as JSON text (call on
        the server's event loop)."""
        self._seq += 1
        event = Event(self._seq, name, data_json)
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

    def listen(
        self, deliver: Callable[[Event], None], backlog: Callable[[], int]
    ) -> Callable[[], None]:
        """Call `deliver` synchronously with each new event, in publish order
        (so an event emitted before a call's result reaches the client first);
        `backlog` tells how much it has yet to send. Return the function that
        stops it."""
        self._listeners[deliver] = backlog

        def stop() -> None:
            self._listeners.pop(deliver, None)

        return stop

    def backlog(self) -> int:
        """The longest queue of a client still taking events: emitters wait
        while it is long, so a burst drains instead of overflowing."""
        queues = [backlog() for backlog in self._listeners.values()]
        queues.extend(subscription.backlog() for subscription in self._subscribers)
        return max(queues, default=0)

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

    def resume(self, epoch: str | None, after: int | None) -> Resume:
        """Where a client that saw event `after` of run `epoch` starts. A client
        with no position starts at the next event. Call it in the same step as
        `listen`/`subscribe`, so no event falls between the two."""
        if epoch is None and after is None:
            return Resume([])
        if epoch is not None and epoch != self.epoch:
            return Resume([], "new-run")
        missed = self.since(after or 0) if (after or 0) <= self._seq else None
        return Resume([], "gap") if missed is None else Resume(missed)

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
