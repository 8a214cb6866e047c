"""One connection to a target, whatever its protocol, behind one interface:
`call`, `upload` (bytes to Python), `download` (bytes from Python), pushed
events (their sequence numbers, to `on_event`), and a `hello` with the run and
last event the server announced.

Targets: "ws" and "sse" (deskwire's two transports), "raw" (the floor; the
same JSON-RPC shapes over a bare WebSocket), "eel" (Eel's own protocol:
`{"call": id, "name": ..., "args": [...]}` answered by `{"return": id, ...}`;
Python's calls into the page arrive as `{"call": ..., "name": "progress"}`).
Every client identifies itself with a client id, as the page's client does,
so deskwire's servers take the same path (call ledger included) as for a page.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import secrets
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from . import wire
from .http11 import HttpConnection, SseParser

KINDS = ("ws", "sse", "raw", "eel")
FRAME_MEDIA_TYPE = "application/x-bridge-frame"
OPEN_TIMEOUT = 20.0
# Messages the client library may hold before it stops reading the socket:
# high, so flow control never throttles a burst the reader keeps up with.
MAX_QUEUE = 4096
# Eel's functions take positional arguments; deskwire's take one params object.
EEL_ARGUMENTS = {"add": ("a", "b"), "count_to": ("total",)}

EventHandler = Callable[[int], None]


class CallFailed(Exception):
    """The server answered a call with an error."""


@dataclass(frozen=True)
class Endpoint:
    kind: str
    base_url: str  # http://127.0.0.1:PORT/
    token: str | None = None  # deskwire's session token, with the secret on

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        return urlsplit(self.base_url).port or 80

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def credential_headers(self) -> dict[str, str]:
        """The session token as a bearer Authorization header: on every HTTP
        request and, as scripts may (a page offers it as a subprotocol
        instead), on the WebSocket handshake."""
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def http_headers(self) -> dict[str, str]:
        return {
            "Host": f"{self.host}:{self.port}",
            "Origin": self.origin,
            **self.credential_headers(),
        }


@dataclass(frozen=True)
class Position:
    """Where a reconnecting client stands (deskwire's ?epoch=&after=)."""

    epoch: str
    after: int


def new_client_id() -> str:
    return secrets.token_hex(12)


class Link(ABC):
    hello: wire.Message

    @abstractmethod
    async def call(self, method: str, params: wire.Message) -> Any: ...

    async def upload(self, method: str, params: wire.Message, data: bytes) -> Any:
        raise NotImplementedError

    async def download(self, method: str, params: wire.Message) -> tuple[Any, bytes]:
        raise NotImplementedError

    @abstractmethod
    async def close(self) -> None: ...


async def connect(
    endpoint: Endpoint,
    on_event: EventHandler | None = None,
    client_id: str | None = None,
    position: Position | None = None,
) -> Link:
    client_id = client_id or new_client_id()
    query: dict[str, str] = {"client": client_id}
    if position is not None:
        query.update(epoch=position.epoch, after=str(position.after))
    if endpoint.kind in ("ws", "raw"):
        # As the page does: it reads grouped messages (an array of several).
        return await BridgeWsLink.open(endpoint, urlencode({**query, "grouped": "1"}), on_event)
    if endpoint.kind == "sse":
        return await SseLink.open(endpoint, client_id, urlencode(query), on_event)
    if endpoint.kind == "eel":
        return await EelLink.open(endpoint, on_event)
    raise ValueError(f"unknown target kind {endpoint.kind!r}")


async def _open_socket(endpoint: Endpoint, path: str) -> ClientConnection:
    url = f"ws://{endpoint.host}:{endpoint.port}{path}"
    return await ws_connect(
        url,
        origin=Origin(endpoint.origin),
        additional_headers=endpoint.credential_headers(),
        compression=None,
        max_size=None,
        max_queue=MAX_QUEUE,
        ping_interval=None,
        open_timeout=OPEN_TIMEOUT,
    )


class _Pending:
    """Calls sent and not yet answered, by id."""

    def __init__(self) -> None:
        self.ids = itertools.count(1)
        self.futures: dict[Any, asyncio.Future[tuple[wire.Message, bytes | None]]] = {}

    def add(self, request_id: Any) -> asyncio.Future[tuple[wire.Message, bytes | None]]:
        future = asyncio.get_running_loop().create_future()
        self.futures[request_id] = future
        return future

    def settle(self, message: wire.Message, data: bytes | None) -> None:
        future = self.futures.pop(message.get("id", message.get("return")), None)
        if future is not None and not future.done():
            future.set_result((message, data))

    def fail(self, request_ids: list[Any], error: Exception) -> None:
        """Fail these calls, of those still waiting."""
        for request_id in request_ids:
            future = self.futures.pop(request_id, None)
            if future is not None and not future.done():
                future.set_exception(error)

    def fail_all(self, reason: str) -> None:
        for future in self.futures.values():
            if not future.done():
                future.set_exception(ConnectionError(reason))
        self.futures.clear()


def _result_of(message: wire.Message) -> Any:
    if "error" in message:
        raise CallFailed(json.dumps(message["error"]))
    return message["result"]


class _Dispatch:
    """Routes deskwire-shaped messages: responses to calls, $/hello, events."""

    def __init__(self, on_event: EventHandler | None) -> None:
        self.pending = _Pending()
        self.on_event = on_event
        self.hello: asyncio.Future[wire.Message] = asyncio.get_running_loop().create_future()

    def text(self, decoded: wire.Message | list[wire.Message]) -> None:
        """Route one decoded text message, or each message of a JSON-RPC batch
        (deskwire's WebSocket sends an array when messages queue up)."""
        for message in decoded if isinstance(decoded, list) else [decoded]:
            self._route(message)

    def _route(self, message: wire.Message) -> None:
        method = message.get("method")
        if method is None:
            self.pending.settle(message, None)
        elif method == "$/hello":
            if not self.hello.done():
                self.hello.set_result(message["params"])
        elif not method.startswith("$/") and self.on_event is not None:
            self.on_event(message["params"]["seq"])


class BridgeWsLink(Link):
    """deskwire's WebSocket transport, and the raw floor speaking the same shapes."""

    def __init__(self, socket: ClientConnection, dispatch: _Dispatch) -> None:
        self.socket = socket
        self.dispatch = dispatch
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, endpoint: Endpoint, query: str, on_event: EventHandler | None) -> Link:
        socket = await _open_socket(endpoint, f"/bridge/ws?{query}")
        link = cls(socket, _Dispatch(on_event))
        link.hello = await asyncio.wait_for(link.dispatch.hello, OPEN_TIMEOUT)
        return link

    async def _read(self) -> None:
        try:
            async for message in self.socket:
                if isinstance(message, bytes):
                    header, data = wire.decode_frame(message)
                    self.dispatch.pending.settle(header, data)
                else:
                    self.dispatch.text(json.loads(message))
        except ConnectionClosed:
            pass
        finally:
            self.dispatch.pending.fail_all("the connection closed")

    async def _send(
        self, payload: str | bytes, request_id: int
    ) -> tuple[wire.Message, bytes | None]:
        answer = self.dispatch.pending.add(request_id)
        await self.socket.send(payload)
        return await answer

    async def call(self, method: str, params: wire.Message) -> Any:
        request_id = next(self.dispatch.pending.ids)
        text = wire.dumps(wire.request(request_id, method, params))
        message, _ = await self._send(text, request_id)
        return _result_of(message)

    async def upload(self, method: str, params: wire.Message, data: bytes) -> Any:
        request_id = next(self.dispatch.pending.ids)
        frame = wire.encode_frame(wire.request(request_id, method, params), data)
        message, _ = await self._send(frame, request_id)
        return _result_of(message)

    async def download(self, method: str, params: wire.Message) -> tuple[Any, bytes]:
        request_id = next(self.dispatch.pending.ids)
        frame = wire.encode_frame(wire.request(request_id, method, params), b"")
        message, data = await self._send(frame, request_id)
        if data is None:
            raise CallFailed(f"{method} answered without bytes: {message}")
        return _result_of(message), data

    async def close(self) -> None:
        await self.socket.close()
        await self.reader


class SseLink(Link):
    """deskwire's SSE transport: events on GET /bridge/events, calls by POST
    (/bridge/call, or /bridge/binary with bytes) on a pool of kept-alive
    connections, as a browser does. As the page's client does, calls made in
    the same turn of the event loop share one POST as a JSON-RPC batch (at most
    the server's `batch_requests`); a lone call travels as a plain request."""

    def __init__(self, endpoint: Endpoint, client_id: str, dispatch: _Dispatch) -> None:
        self.endpoint = endpoint
        self.client_id = client_id
        self.dispatch = dispatch
        self.idle: list[HttpConnection] = []
        self.stream_connection: HttpConnection | None = None
        self.reader: asyncio.Task[None] | None = None
        # Calls made in this turn of the event loop (id, JSON), and the POSTs
        # carrying earlier ones.
        self.queued: list[tuple[int, str]] = []
        self.posting: set[asyncio.Task[None]] = set()
        self.batch_requests = 1

    @classmethod
    async def open(
        cls, endpoint: Endpoint, client_id: str, query: str, on_event: EventHandler | None
    ) -> Link:
        link = cls(endpoint, client_id, _Dispatch(on_event))
        connection = await HttpConnection.open(endpoint.host, endpoint.port)
        headers = {**endpoint.http_headers(), "Accept": "text/event-stream"}
        status, _, chunks = await connection.stream("GET", f"/bridge/events?{query}", headers)
        if status != 200:
            connection.close()
            raise ConnectionError(f"the event stream answered HTTP {status}")
        link.stream_connection = connection

        async def read() -> None:
            parser = SseParser()
            try:
                async for chunk in chunks:
                    datas = parser.feed(chunk)
                    if datas:
                        # One parse per chunk, as the WebSocket client gets a
                        # batch: the client's own cost stays out of the figure.
                        link.dispatch.text(json.loads("[" + ",".join(datas) + "]"))
            except (asyncio.IncompleteReadError, ConnectionError):
                pass
            finally:
                link.dispatch.pending.fail_all("the event stream closed")

        link.reader = asyncio.create_task(read())
        link.hello = await asyncio.wait_for(link.dispatch.hello, OPEN_TIMEOUT)
        link.batch_requests = int(link.hello.get("limits", {}).get("batch_requests", 1))
        return link

    async def _post(self, path: str, media_type: str, body: bytes) -> tuple[Any, bytes | None]:
        """The decoded answer (a response, or a batch's array of them) and its bytes."""
        connection = self.idle.pop() if self.idle else None
        if connection is None:
            connection = await HttpConnection.open(self.endpoint.host, self.endpoint.port)
        headers = {**self.endpoint.http_headers(), "Content-Type": media_type}
        try:
            response = await connection.request(
                "POST", f"{path}?client={self.client_id}", headers, body
            )
        except BaseException:
            connection.close()
            raise
        self.idle.append(connection)
        if response.headers.get("content-type") == FRAME_MEDIA_TYPE:
            header, data = wire.decode_frame(response.body)
            return header, data
        return json.loads(response.body), None

    def _next_id(self) -> int:
        return next(self.dispatch.pending.ids)

    async def call(self, method: str, params: wire.Message) -> Any:
        """Queued, and sent with the other calls made in this turn of the event
        loop: in one POST, as a JSON-RPC batch, as the page's client does. The
        first call of a turn carries them, once the turn is over."""
        request_id = self._next_id()
        answer = self.dispatch.pending.add(request_id)
        self.queued.append((request_id, wire.dumps(wire.request(request_id, method, params))))
        if len(self.queued) == 1:
            await asyncio.sleep(0)  # the rest of this turn's calls join the queue
            queued, self.queued = self.queued, []
            limit = self.batch_requests
            groups = [queued[start : start + limit] for start in range(0, len(queued), limit)]
            for group in groups[1:]:
                task = asyncio.create_task(self._post_calls(group))
                self.posting.add(task)
                task.add_done_callback(self.posting.discard)
            await self._post_calls(groups[0])
        message, _ = await answer
        return _result_of(message)

    async def _post_calls(self, group: list[tuple[int, str]]) -> None:
        ids = [request_id for request_id, _ in group]
        texts = [text for _, text in group]
        body = texts[0] if len(texts) == 1 else "[" + ",".join(texts) + "]"
        pending = self.dispatch.pending
        try:
            answer, _ = await self._post("/bridge/call", "application/json", body.encode())
        except BaseException as error:
            # Cancelled too: the calls this POST carried for others must not wait forever.
            pending.fail(ids, ConnectionError(f"the POST failed: {error!r}"))
            if not isinstance(error, Exception):
                raise
            return
        if isinstance(answer, dict) and len(ids) == 1 and answer.get("id") is None:
            answer = {**answer, "id": ids[0]}  # a refusal before the request was read
        for message in answer if isinstance(answer, list) else [answer]:
            pending.settle(message, None)
        # Whatever is left got no response of its own (one error for the batch).
        pending.fail(ids, CallFailed(json.dumps(answer)))

    async def upload(self, method: str, params: wire.Message, data: bytes) -> Any:
        frame = wire.encode_frame(wire.request(self._next_id(), method, params), data)
        message, _ = await self._post("/bridge/binary", FRAME_MEDIA_TYPE, frame)
        return _result_of(message)

    async def download(self, method: str, params: wire.Message) -> tuple[Any, bytes]:
        frame = wire.encode_frame(wire.request(self._next_id(), method, params), b"")
        message, data = await self._post("/bridge/binary", FRAME_MEDIA_TYPE, frame)
        if data is None:
            raise CallFailed(f"{method} answered without bytes: {message}")
        return _result_of(message), data

    async def close(self) -> None:
        for task in self.posting:
            task.cancel()
        for connection in self.idle:
            connection.close()
        self.idle.clear()
        if self.stream_connection is not None:
            self.stream_connection.close()
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.reader


class EelLink(Link):
    """Eel's own WebSocket protocol (what eel.js speaks)."""

    def __init__(self, socket: ClientConnection, on_event: EventHandler | None) -> None:
        self.socket = socket
        self.on_event = on_event
        self.pending = _Pending()
        self.hello = {}  # Eel says nothing when a page connects
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, endpoint: Endpoint, on_event: EventHandler | None) -> Link:
        return cls(await _open_socket(endpoint, "/eel?page=index.html"), on_event)

    async def _read(self) -> None:
        try:
            async for text in self.socket:
                message = json.loads(text)
                if "return" in message:
                    self.pending.settle(message, None)
                elif "call" in message and self.on_event is not None:
                    self.on_event(message["args"][0]["seq"])
        except ConnectionClosed:
            pass
        finally:
            self.pending.fail_all("the connection closed")

    async def call(self, method: str, params: wire.Message) -> Any:
        call_id = next(self.pending.ids)
        arguments = [params[name] for name in EEL_ARGUMENTS[method]]
        answer = self.pending.add(call_id)
        await self.socket.send(json.dumps({"call": call_id, "name": method, "args": arguments}))
        message, _ = await answer
        if message.get("status") != "ok":
            raise CallFailed(json.dumps(message.get("error")))
        return message["value"]

    async def close(self) -> None:
        await self.socket.close()
        await self.reader
