# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""`Bridge`: what your code uses to declare calls and events and to emit events."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from .errors import RpcError
from .events import EventLog
from .ledger import CallLedger
from .limits import Limits
from .replies import Reply
from .rpc import F, Router

M = TypeVar("M", bound=type[BaseModel])


class ConnectionSlots:
    """Counts live bridge connections against `Limits.max_connections`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.active = 0

    def acquire(self) -> bool:
        if self.active >= self.limit:
            return False
        self.active += 1
        return True

    def release(self) -> None:
        self.active -= 1


class Bridge:
    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.router = Router(
            CallLedger(
                max_entries=self.limits.answered_calls_kept,
                max_bytes=self.limits.answered_bytes_kept,
                keep_seconds=self.limits.answers_kept_seconds,
                max_running=self.limits.max_connections * self.limits.max_pending_calls,
                size_of=Reply.size,
            )
        )
        self.events = EventLog(self.limits.event_buffer)
        self.connections = ConnectionSlots(self.limits.max_connections)
        self.event_types: dict[type[BaseModel], str] = {}
        # The server's loop while it runs (set by the launcher).
        self.loop: asyncio.AbstractEventLoop | None = None

    def method(self, handler: F) -> F:
        """Decorator: make `async def name(params: Model) -> Model` callable from the page."""
        return self.router.method(handler)

    def method_raising(self, *errors: type[RpcError]) -> Callable[[F], F]:
        """Decorator: `method`, declaring the typed errors (RpcError subclasses
        with a CODE) the handler may raise; the OpenRPC document lists them."""

        def register(handler: F) -> F:
            return self.router.method(handler, errors=errors)

        return register

    def method_named(self, name: str, handler: F, errors: Sequence[type[RpcError]] = ()) -> F:
        """Make `handler` callable from the page as `name` (e.g. "desktop.open_files":
        the plumbing's methods keep out of the names your handlers use)."""
        return self.router.method(handler, name, errors)

    def event(self, model: M) -> M:
        """Decorator: declare a pydantic model as an event the page can subscribe to.
        Its wire name is the class name in snake_case (Progress -> "progress")."""
        name = re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()
        if name in self.event_types.values() or name in self.router.methods:
            raise ValueError(f"the event name {name!r} is already taken")
        self.event_types[model] = name
        return model

    def hello(self, reset: str | None = None) -> dict[str, Any]:
        """The first message on every event channel: which run of the app this
        is, its last event, whether the page must resync (`reset`, see
        EventLog.resume), how often the server speaks, and the sizes the page
        may send (bytes per message, requests per batch)."""
        params = {
            "epoch": self.events.epoch,
            "seq": self.events.last_seq,
            "reset": reset,
            "heartbeat_ms": round(self.limits.heartbeat_seconds * 1000),
            "limits": {
                "message_bytes": self.limits.max_message_bytes,
                "binary_message_bytes": self.limits.max_binary_message_bytes,
                "batch_requests": self.limits.max_batch_requests,
            },
        }
        return {"jsonrpc": "2.0", "method": "$/hello", "params": params}

    def heartbeat(self) -> dict[str, Any]:
        """Sent when a connection has been quiet for `heartbeat_seconds`: the
        page's proof of life, with the run and its last event."""
        params = {"epoch": self.events.epoch, "seq": self.events.last_seq}
        return {"jsonrpc": "2.0", "method": "$/heartbeat", "params": params}

    def emit_threadsafe(self, event: BaseModel) -> None:
        """`emit` from another thread (a GUI callback, a second launch): the
        event is published on the server's loop, in the order of the calls."""
        if self.event_types.get(type(event)) is None:
            raise TypeError(f"{type(event).__name__} is not a declared event (@bridge.event)")
        if self.loop is None:
            raise RuntimeError("the server is not running")
        asyncio.run_coroutine_threadsafe(self.emit(event), self.loop)

    async def emit(self, event: BaseModel) -> int:
        """Push `event` to every connected page; return its sequence number."""
        name = self.event_types.get(type(event))
        if name is None:
            raise TypeError(f"{type(event).__name__} is not a declared event (@bridge.event)")
        seq = self.events.publish(name, event.model_dump_json()).seq
        # Backpressure: a burst waits for the pages that keep up, instead of
        # overflowing their queues (stalled pages do not hold it back). Checked
        # every 1/16 of a queue, not every event (it asks every client): the
        # queues stay below 9/16 full.
        mark = self.limits.max_outbound_queue
        if seq % max(1, mark // 16) == 0:
            while self.events.backlog() > mark // 2:
                await asyncio.sleep(0.001)
        return seq
