"""Instructions per call through the app's whole ASGI stack, counted by
valgrind: a figure that does not move with the machine's neighbours.

On a shared machine, the CPU time of identical code moves by ±25% between
runs (steal time, frequency), so a change worth 5-10% cannot be told apart
by timing it. Counting instructions can: this drives the rendered app's ASGI
app (the security guard, the routing, the transport, the bridge, the `add`
handler) in one process, with a fake ASGI connection and no network, through
`N` sequential calls, under `valgrind --tool=cachegrind --cache-sim=no`, for
two values of N; the difference over the difference in N is the count per
call, start-up cancelled out. uvicorn's own protocol (HTTP and WebSocket
parsing) and the kernel are outside it: the figure is the app's share.

    python -m benchmarks.instructions ws|sse [--app-src DIR] [--in-flight K]

`--app-src DIR` counts DIR (a copy of the rendered app's `src/` with a fix
tried out; see benchmarks/profile.py). Needs valgrind (apt: valgrind).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from . import project

# Two run lengths: their difference is what is counted.
SHORT, LONG = 1000, 3000
ORIGIN = "http://127.0.0.1:1"
HEADERS = [(b"host", b"127.0.0.1:1"), (b"origin", ORIGIN.encode())]
SCOPE = {
    "scheme": "http",
    "server": ("127.0.0.1", 1),
    "client": ("127.0.0.1", 2),
    "root_path": "",
    "asgi": {"version": "3.0"},
}


def request(call_id: int) -> bytes:
    body = {"jsonrpc": "2.0", "id": call_id, "method": "add", "params": {"a": call_id, "b": 1}}
    return json.dumps(body).encode()


def asgi_app(transport: str) -> Callable[..., Awaitable[None]]:
    """The app as its launcher builds it, secret off (no token to present)."""
    from deskwire_demo.app import bridge  # type: ignore[import-not-found]
    from deskwire_demo.bridge.security import SecurityPolicy  # type: ignore[import-not-found]
    from deskwire_demo.bridge.server import create_app  # type: ignore[import-not-found]

    module = "websocket_transport" if transport == "ws" else "sse_transport"
    routes = importlib.import_module(f"deskwire_demo.bridge.{module}").routes(bridge)
    app: Callable[..., Awaitable[None]] = create_app(
        SecurityPolicy(port=1, credentials=None), routes, page_dir=None
    )
    return app


async def websocket_calls(calls: int, in_flight: int) -> None:
    """`calls` calls over one WebSocket, `in_flight` at a time."""
    app = asgi_app("ws")
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    done = asyncio.get_running_loop().create_future()
    sent = answered = 0

    def submit() -> None:
        nonlocal sent
        inbox.put_nowait({"type": "websocket.receive", "text": request(sent).decode()})
        sent += 1

    async def send(message: dict[str, Any]) -> None:
        nonlocal answered
        text = message.get("text") or ""
        results = text.count('"result"')
        answered += results
        if answered >= calls and not done.done():
            done.set_result(None)
        for _ in range(results):
            if sent < calls:
                submit()

    scope = {
        **SCOPE,
        "type": "websocket",
        "path": "/bridge/ws",
        "query_string": b"client=instructions&grouped=1",
        "headers": HEADERS,
    }
    inbox.put_nowait({"type": "websocket.connect"})
    for _ in range(in_flight):
        submit()
    session = asyncio.ensure_future(app(scope, inbox.get, send))
    await done
    inbox.put_nowait({"type": "websocket.disconnect", "code": 1000})
    await asyncio.wait_for(session, 10)


async def sse_calls(calls: int, in_flight: int) -> None:
    """`calls` POSTs to /bridge/call, `in_flight` at a time."""
    app = asgi_app("sse")
    last: list[bytes] = []

    async def one(call_id: int) -> None:
        body = request(call_id)
        headers = [*HEADERS, (b"content-length", str(len(body)).encode())]
        scope = {
            **SCOPE,
            "type": "http",
            "http_version": "1.1",
            "method": "POST",
            "path": "/bridge/call",
            "query_string": b"client=instructions",
            "headers": headers,
        }

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                last[:] = [message["body"]]

        await app(scope, receive, send)

    for first in range(0, calls, in_flight):
        await asyncio.gather(*(one(i) for i in range(first, min(first + in_flight, calls))))
    if b'"result"' not in last[0]:
        raise RuntimeError(f"the last call was not answered: {last[0]!r}")


def drive(transport: str, calls: int, in_flight: int) -> None:
    import uvloop

    workload = websocket_calls if transport == "ws" else sse_calls
    uvloop.run(workload(calls, in_flight))


def count(src: Path, transport: str, calls: int, in_flight: int, valgrind: str) -> int:
    """Instructions of one driven run (valgrind's "I refs")."""
    command = [
        valgrind,
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "benchmarks.instructions",
        "--drive",
        transport,
        "--calls",
        str(calls),
        "--in-flight",
        str(in_flight),
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(project.REPO)])}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if result.returncode != 0 or found is None:
        raise RuntimeError(f"the driven run failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions")
    parser.add_argument("transport", choices=["ws", "sse"])
    parser.add_argument(
        "--app-src", type=Path, help="count this src/ instead of the rendered app's"
    )
    parser.add_argument("--in-flight", type=int, default=1, help="calls at a time (default: 1)")
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--calls", type=int, default=LONG, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.drive:
        drive(options.transport, options.calls, options.in_flight)
        return 0
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("valgrind not found (apt: valgrind)")
    transport = "websocket" if options.transport == "ws" else "sse"
    src = options.app_src or project.prepare(transport).src
    counts = [count(src, options.transport, n, options.in_flight, valgrind) for n in (SHORT, LONG)]
    per_call = (counts[1] - counts[0]) / (LONG - SHORT)
    print(f"{options.transport}, {options.in_flight} in flight, {src}: {per_call:,.0f} per call")
    return 0


if __name__ == "__main__":
    sys.exit(main())
