"""Driving the page inside the native window, as its own DevTools would.

QtWebEngine opens Chromium's remote debugging endpoint when the app starts
with QTWEBENGINE_REMOTE_DEBUGGING set (only tests set it). Playwright cannot
attach there (QtWebEngine has no browser contexts), so this speaks the
DevTools protocol directly: evaluate an expression in the page, click an
element, read a text. What happens outside the page (native dialogs) is
driven with xdotool, as a user would.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class DevToolsPage:
    def __init__(self, port: int, timeout: float = 60, url_has: str = "") -> None:
        """Attach to the first web page the app's windows show whose URL has `url_has`."""
        deadline = time.monotonic() + timeout
        target: dict[str, Any] | None = None
        while target is None:
            try:
                targets = httpx.get(f"http://127.0.0.1:{port}/json", timeout=5).json()
                pages = [
                    t
                    for t in targets
                    if t["type"] == "page" and t["url"].startswith("http") and url_has in t["url"]
                ]
                target = pages[0] if pages else None
            except httpx.HTTPError:
                pass
            if target is None:
                if time.monotonic() > deadline:
                    pytest.fail(f"no page on the window's DevTools port {port}")
                time.sleep(0.5)
        self._stack = contextlib.ExitStack()
        self._socket: ClientConnection = self._stack.enter_context(
            connect(target["webSocketDebuggerUrl"], max_size=None)
        )
        self._ids = itertools.count(1)

    def evaluate(self, expression: str) -> Any:
        deadline = time.monotonic() + 30
        while True:
            message = self._evaluate_once(expression)
            error = message.get("error")
            if error is None:
                result = message["result"]
                if "exceptionDetails" in result:
                    raise AssertionError(f"{expression!r} threw: {result['exceptionDetails']}")
                return result["result"].get("value")
            # The page was between documents (it loaded or reloaded just then):
            # ask its next one.
            reason = str(error.get("message", ""))
            between = any(word in reason for word in ("context", "navigated"))
            if not between or time.monotonic() > deadline:
                raise AssertionError(f"DevTools could not evaluate {expression!r}: {error}")
            time.sleep(0.1)

    def _evaluate_once(self, expression: str) -> dict[str, Any]:
        """DevTools' answer to one Runtime.evaluate: a result or an error."""
        request_id = next(self._ids)
        params = {"expression": expression, "returnByValue": True}
        self._socket.send(
            json.dumps({"id": request_id, "method": "Runtime.evaluate", "params": params})
        )
        while True:
            message: dict[str, Any] = json.loads(self._socket.recv(timeout=30))
            if message.get("id") == request_id:
                return message

    def click(self, selector: str) -> None:
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def text(self, selector: str) -> str:
        found = self.evaluate(
            f"document.querySelector({json.dumps(selector)})?.textContent ?? null"
        )
        return "" if found is None else str(found)

    def wait_for_text(
        self, selector: str, check: Callable[[str], bool], timeout: float = 30
    ) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.text(selector)
            if check(text):
                return text
            if time.monotonic() > deadline:
                pytest.fail(f"{selector} still reads {text!r} after {timeout} s")
            time.sleep(0.2)

    def start_call(self, method: str, params: dict[str, Any]) -> None:
        """Call the bridge from the page's origin, on a WebSocket of its own
        with the page's session token (as a second tab would): for the calls
        the demo has no button for. `call_result` gives the answer."""
        script = """
        window.__deskwireCall = new Promise((resolve, reject) => {
          const token = sessionStorage.getItem("bridge.session");
          // A client id of its own per call: the bridge answers an id once per client.
          const client = "devtools-" + crypto.randomUUID();
          const url = new URL("/bridge/ws?client=" + client, location.href);
          url.protocol = "ws:";
          const socket = new WebSocket(url, ["bridge.v1", "bridge.token." + token]);
          socket.onerror = () => reject(new Error("the bridge refused the test's socket"));
          socket.onmessage = (message) => {
            const answer = JSON.parse(message.data);
            if (answer.id === 1) { resolve(answer); socket.close(); }
          };
          socket.onopen = () => socket.send(JSON.stringify(
            { jsonrpc: "2.0", id: 1, method: METHOD, params: PARAMS }));
        });
        window.__deskwireCall.then((a) => (window.__deskwireAnswer = a),
                                   (e) => (window.__deskwireAnswer = { failed: String(e) }));
        window.__deskwireAnswer = null;
        """
        script = script.replace("METHOD", json.dumps(method)).replace("PARAMS", json.dumps(params))
        self.evaluate(script)

    def call_result(self, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while (answer := self.evaluate("window.__deskwireAnswer")) is None:
            if time.monotonic() > deadline:
                pytest.fail(f"the page's call got no answer in {timeout} s")
            time.sleep(0.2)
        assert isinstance(answer, dict)
        return answer

    def close(self) -> None:
        self._stack.close()
