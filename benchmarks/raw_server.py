"""The Python floor: a bare `websockets` server (compression off, no auth, no
validation) speaking deskwire's message shapes, so the harness can tell what
deskwire's own layers cost on top of the WebSocket library it sits on.

    python -m benchmarks.raw_server      prints http://127.0.0.1:PORT/ first

What it does, all inline in one handler per connection:
- `$/hello` on connect, then the events after `?after=N` from an in-memory
  list (the least a server must do to let a client catch up);
- `add` answers `{"sum": a + b}`;
- `count_to` sends `total` numbered `progress` events to every connected
  client (serialized once, sent with `await send`), then answers;
- binary `hash_file` answers the payload's size and SHA-256, binary `make_file`
  sends back `size` pseudo-random bytes: the same work as deskwire's demo
  handlers (run in a thread, as there), so only the transport differs;
- a plain GET gets a tiny page (for the start-up figure).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import secrets
import signal
import sys
from collections import deque
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from . import wire

MAX_MESSAGE_BYTES = 80 * 1024 * 1024
EVENT_BUFFER = 4096
PAGE = b"<!doctype html><title>raw floor</title><p>raw websockets floor</p>"


class Floor:
    def __init__(self) -> None:
        self.epoch = secrets.token_hex(8)
        self.seq = 0
        self.events: deque[tuple[int, str]] = deque(maxlen=EVENT_BUFFER)
        self.connections: set[ServerConnection] = set()

    def page(self, connection: ServerConnection, request: Request) -> Response | None:
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return None
        headers = Headers([("Content-Type", "text/html"), ("Content-Length", str(len(PAGE)))])
        return Response(HTTPStatus.OK.value, "OK", headers, PAGE)

    async def handle(self, connection: ServerConnection) -> None:
        assert connection.request is not None
        query = parse_qs(urlsplit(connection.request.path).query)
        after = query.get("after", [None])[0]
        epoch = query.get("epoch", [None])[0]
        reset = "new-run" if epoch not in (None, self.epoch) else None
        await connection.send(wire.dumps(wire.hello(self.epoch, self.seq, reset)))
        if after is not None and reset is None:
            for seq, text in list(self.events):
                if seq > int(after):
                    await connection.send(text)
        self.connections.add(connection)
        try:
            async for message in connection:
                if isinstance(message, str):
                    await self.answer(connection, json.loads(message))
                else:
                    await self.answer_binary(connection, message)
        except ConnectionClosed:
            pass
        finally:
            self.connections.discard(connection)

    async def answer(self, connection: ServerConnection, message: wire.Message) -> None:
        params = message.get("params") or {}
        if message["method"] == "add":
            reply: wire.Message = {"sum": params["a"] + params["b"]}
        elif message["method"] == "count_to":
            reply = await self.count_to(int(params["total"]))
        else:
            raise ValueError(f"no method {message['method']!r}")
        await connection.send(wire.dumps(wire.result(message["id"], reply)))

    async def count_to(self, total: int) -> wire.Message:
        for current in range(1, total + 1):
            self.seq += 1
            text = wire.dumps(
                wire.event("progress", self.seq, {"current": current, "total": total})
            )
            self.events.append((self.seq, text))
            for peer in list(self.connections):
                try:
                    await peer.send(text)
                except ConnectionClosed:
                    self.connections.discard(peer)
        return {"emitted": total, "last_seq": self.seq}

    async def answer_binary(self, connection: ServerConnection, frame: bytes) -> None:
        header, payload = wire.decode_frame(frame)
        params: dict[str, Any] = header.get("params") or {}
        if header["method"] == "hash_file":
            digest = await asyncio.to_thread(lambda: hashlib.sha256(payload).hexdigest())
            reply = {"name": params["name"], "size": len(payload), "sha256": digest}
            await connection.send(wire.dumps(wire.result(header["id"], reply)))
        elif header["method"] == "make_file":

            def generate() -> tuple[bytes, str]:
                data = random.Random(params.get("seed", 0)).randbytes(params["size"])
                return data, hashlib.sha256(data).hexdigest()

            data, digest = await asyncio.to_thread(generate)
            reply = {
                "name": f"random-{params.get('seed', 0)}.bin",
                "size": len(data),
                "sha256": digest,
            }
            await connection.send(wire.encode_frame(wire.result(header["id"], reply), data))
        else:
            raise ValueError(f"no binary method {header['method']!r}")


async def main() -> None:
    floor = Floor()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    server: Server = await serve(
        floor.handle,
        "127.0.0.1",
        0,
        compression=None,
        max_size=MAX_MESSAGE_BYTES,
        ping_interval=None,
        process_request=floor.page,
        server_header=None,
    )
    port = next(iter(server.sockets)).getsockname()[1]
    print(f"http://127.0.0.1:{port}/", flush=True)
    async with server:
        await stop.wait()


def run() -> None:
    # The same event loop uvicorn picks for the app (uvloop when installed),
    # so the floor is not handicapped by a slower loop.
    try:
        import uvloop
    except ImportError:
        asyncio.run(main())
        return
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main())


if __name__ == "__main__":
    run()
    sys.exit(0)
