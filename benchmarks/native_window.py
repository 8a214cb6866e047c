"""Start-up in the native window: from launching the `--window webview`
project to its page connected, as the page itself reports it.

The start-up rows of the main table time a `--window none` app from the
harness's side (GET /, a call from a client process). What a user waits for
is the window showing the page with its link up: Qt WebEngine started, the
page loaded, its launch code traded for the session token and its WebSocket
open. Here the page is asked, through Qt WebEngine's DevTools endpoint
(QTWEBENGINE_REMOTE_DEBUGGING), until its connection status reads "open"
(the vanilla page's `#connection-status[data-state]`). The same project
started `--headless` (launch → first page served) goes alongside, so the
window's cost reads against `python -m` start-up of the same app.
"""

from __future__ import annotations

import itertools
import json
import socket
import time
from collections.abc import Callable
from typing import Any

from websockets.sync.client import ClientConnection, connect

from .display import window_env
from .project import BuiltApp, prepare
from .servers import START_TIMEOUT, Command, Server, app_command, launch, request
from .startup import first_page

# The vanilla page marks its link's state on this element (connection-status.ts).
CONNECTED = "document.querySelector('#connection-status')?.dataset.state === 'open'"
# Polling steps: small next to a start-up of hundreds of ms, and cheap enough
# (a local HTTP GET, one Runtime.evaluate) not to slow the app they watch.
TARGET_POLL_S = 0.010
EVALUATE_POLL_S = 0.005
CONNECT_TIMEOUT = 90.0


def prepare_app() -> BuiltApp:
    """The default project with a native window (WebSocket, vanilla page)."""
    return prepare("websocket", window="webview")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def window_command(app: BuiltApp, display: str, devtools_port: int) -> Command:
    argv, env = app_command(app)
    env = {**env, **window_env(display), "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    env["QTWEBENGINE_REMOTE_DEBUGGING"] = f"127.0.0.1:{devtools_port}"
    return Command(argv, env, app.root)


def headless_command(app: BuiltApp) -> Command:
    argv, env = app_command(app)
    return Command([*argv, "--headless"], env, app.root)


def _page_target(devtools_port: int, server: Server, deadline: float) -> str:
    """The window's page (once it has an http URL): its DevTools WebSocket URL."""
    while True:
        try:
            _, body = request("GET", f"http://127.0.0.1:{devtools_port}/json", timeout=2)
            for target in json.loads(body):
                if target.get("type") == "page" and str(target.get("url")).startswith("http"):
                    return str(target["webSocketDebuggerUrl"])
        except (OSError, ValueError):
            pass  # the endpoint is not up yet
        _check_alive(server, deadline, "no page in the window's DevTools")
        time.sleep(TARGET_POLL_S)


def _evaluate(devtools: ClientConnection, request_id: int, expression: str) -> dict[str, Any]:
    params = {"expression": expression, "returnByValue": True}
    devtools.send(json.dumps({"id": request_id, "method": "Runtime.evaluate", "params": params}))
    while True:
        message: dict[str, Any] = json.loads(devtools.recv(timeout=30))
        if message.get("id") == request_id:
            return message


def _link_open(message: dict[str, Any]) -> bool:
    """Whether DevTools' answer says the link is open; an error that the page
    was between documents (it was loading) is a no, any other error is raised."""
    error = message.get("error")
    if error is not None:
        reason = str(error.get("message", ""))
        if not any(word in reason for word in ("context", "navigated")):
            raise RuntimeError(f"DevTools could not evaluate {CONNECTED!r}: {error}")
        return False
    result: dict[str, Any] = message["result"]
    if "exceptionDetails" in result:
        raise RuntimeError(f"{CONNECTED!r} threw: {result['exceptionDetails']}")
    return result["result"].get("value") is True


def _check_alive(server: Server, deadline: float, what: str) -> None:
    if server.process.poll() is not None:
        raise RuntimeError(f"the app exited ({server.process.returncode}); see {server.log}")
    if time.monotonic() > deadline:
        raise RuntimeError(f"{what} after {CONNECT_TIMEOUT} s; see {server.log}")


def page_connected_ms(app: BuiltApp, display: str) -> float:
    """Launch → the first evaluate in the window's page that sees its link open."""
    devtools_port = free_port()
    server = launch("ws-window", window_command(app, display, devtools_port))
    try:
        deadline = time.monotonic() + CONNECT_TIMEOUT
        target = _page_target(devtools_port, server, deadline)
        with connect(target, max_size=None, open_timeout=START_TIMEOUT) as page:
            for request_id in itertools.count(1):
                if _link_open(_evaluate(page, request_id, CONNECTED)):
                    return (time.perf_counter() - server.started_at) * 1000
                _check_alive(server, deadline, "the page's link never opened")
                time.sleep(EVALUATE_POLL_S)
        raise AssertionError("itertools.count never ends")
    finally:
        server.stop()


def headless_page_ms(app: BuiltApp) -> float:
    """Launch → first page served, the same project without its window."""
    server = launch("ws-headless", headless_command(app))
    try:
        first_page(server)
        return (time.perf_counter() - server.started_at) * 1000
    finally:
        server.stop()


def measure_once(app: BuiltApp, display: str, turn: int) -> dict[str, float]:
    """Both figures once; which goes first alternates with `turn` (the second
    finds warmer file caches)."""
    runs: list[tuple[str, Callable[[], float]]] = [
        ("startup_window_ms", lambda: page_connected_ms(app, display)),
        ("startup_headless_page_ms", lambda: headless_page_ms(app)),
    ]
    return {key: measure() for key, measure in runs[:: 1 if turn % 2 == 0 else -1]}
