# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Calls over HTTP wait their turn instead of being refused.

A script may send a thousand calls at once. Over the WebSocket, TCP holds the
client back while `max_pending_calls` of its calls run; over SSE each call is
a POST of its own, so the calls beyond that many wait here for a slot, in the
order they came. The wait is bounded too: beyond `max_waiting` waiting calls
(each holding its body, at most a message's size), a call is refused with
BUSY, so no client grows memory without limit.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from .errors import BUSY, RpcError


class CallSlots:
    def __init__(self, running: int, max_waiting: int) -> None:
        self._slots = asyncio.Semaphore(running)
        self.max_waiting = max_waiting
        self.waiting = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Run the block in a slot, once one is free; RpcError(BUSY) when too
        many calls wait already."""
        if self._slots.locked():
            if self.waiting >= self.max_waiting:
                raise RpcError(BUSY, f"{self.waiting} calls are waiting already")
            self.waiting += 1
            try:
                await self._slots.acquire()
            finally:
                self.waiting -= 1
        else:
            await self._slots.acquire()
        try:
            yield
        finally:
            self._slots.release()
