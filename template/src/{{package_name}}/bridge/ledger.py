# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Calls answered once: a call re-sent after a dropped connection (same client,
same id) gets the first run's answer instead of running again.

A page cannot tell whether a call it sent just before the connection dropped
reached Python, so it sends it again after reconnecting. The ledger runs each
(client, id) once, detached from the connection that brought it, and keeps the
answer for a while: a bounded number of entries, bytes and seconds. A call
whose entry has expired runs again; the client's call timeouts are far shorter
than the time an entry is kept.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from .errors import BUSY, RpcError

T = TypeVar("T")
CallKey = tuple[str, Any]  # (client id, request id)


Deliver = Callable[[T | None], None]


@dataclass
class _Entry(Generic[T]):
    run: asyncio.Future[T] | None = None
    # Who gets the answer the moment it exists (None: the run failed).
    waiters: list[Deliver[T]] = field(default_factory=list)
    answered: bool = False
    answer: T | None = None
    started: float = field(default_factory=time.monotonic)
    size: int = 0


class CallLedger(Generic[T]):
    def __init__(
        self,
        max_entries: int,
        max_bytes: int,
        keep_seconds: float,
        max_running: int,
        size_of: Callable[[T], int],
    ) -> None:
        self.max_entries = max_entries
        self.max_running = max_running
        self.max_bytes = max_bytes
        self.keep_seconds = keep_seconds
        self._size_of = size_of
        self._entries: OrderedDict[CallKey, _Entry[T]] = OrderedDict()
        self._bytes = 0
        # Runs outlive their connection, so they are bounded here, app-wide.
        self.running = 0

    def __len__(self) -> int:
        return len(self._entries)

    def start(
        self, key: CallKey, run: Callable[[], Awaitable[T]], deliver: Deliver[T]
    ) -> T | asyncio.Future[T]:
        """Call `key`'s answer if it has one; else its run (started now the
        first time), which calls `deliver` with the answer (None if the run
        failed) in its own last step, with no task switch in between. The run
        outlives the caller: do not cancel it."""
        self._expire(room=1)  # for this call's entry, if it is new
        entry = self._entries.get(key)
        if entry is None:
            if self.running >= self.max_running:
                raise RpcError(BUSY, f"{self.running} calls are running already")
            self.running += 1
            entry = _Entry()
            self._entries[key] = entry
            entry.run = asyncio.get_running_loop().create_task(self._run(key, entry, run))
        elif entry.answered:
            return cast(T, entry.answer)
        entry.waiters.append(deliver)
        assert entry.run is not None
        return entry.run

    async def answer(self, key: CallKey, run: Callable[[], Awaitable[T]]) -> T:
        """The answer of call `key` (see `start`). Cancelling the caller (its
        connection closed) leaves the run going."""
        started = self.start(key, run, lambda answer: None)
        if isinstance(started, asyncio.Future):
            return await asyncio.shield(started)
        return started

    async def _run(self, key: CallKey, entry: _Entry[T], run: Callable[[], Awaitable[T]]) -> T:
        try:
            answer = await run()
            entry.answer, entry.answered = answer, True
            entry.size = self._size_of(answer)
            self._bytes += entry.size
            return answer
        finally:
            self.running -= 1
            if not entry.answered and self._entries.get(key) is entry:
                # Not an answer to keep: a re-sent call runs again.
                del self._entries[key]
            waiters, entry.waiters = entry.waiters, []
            for deliver in waiters:
                deliver(entry.answer)
            if self._bytes > self.max_bytes:
                self._expire()  # the answer kept is one too many bytes

    def _expire(self, room: int = 0) -> None:
        """Forget the oldest answered entries beyond the bounds (leaving `room`
        entries free) or their time; running calls stay (bounded by
        `max_running`)."""
        deadline = time.monotonic() - self.keep_seconds
        count, size, forgotten = len(self._entries), self._bytes, []
        # Oldest first, and without copying the table (this runs for every
        # call): the walk stops at the first entry within every bound.
        for key, entry in self._entries.items():
            over = count + room > self.max_entries or size > self.max_bytes
            if not (over or entry.started < deadline):
                break
            if entry.answered:
                count, size = count - 1, size - entry.size
                forgotten.append(key)
        for key in forgotten:
            del self._entries[key]
        self._bytes = size
