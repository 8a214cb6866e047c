"""JSON-RPC client libraries that no one here wrote talk to a generated app
unchanged (issue 16): the PyPI jsonrpc-websocket (WebSocket) and jsonrpc-async
(HTTP POST, so the SSE transport's calls) and the npm json-rpc-2.0 (any
transport; tests/third_party/client.mjs drives it), each connected the way the
generated manual (docs/deskwire.md) says. Each makes 1,000 concurrent calls, gets typed errors,
receives events as JSON-RPC notifications in its own handler, and is refused
with a wrong token.

These libraries live in this repo's test extra, not in the generated projects'
dependencies: the tests serve the project's plumbing app (tests/plumbing_app.py
of the project, which does not depend on the demo). The manual's own two
scripts run against the demo app, as a user would run them.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import jsonrpc_base
import pytest
from conftest import ProjectCache, pair_id
from jsonrpc_async import Server as HttpServer
from jsonrpc_websocket import Server as WebSocketServer
from support import REPO_ROOT, AppProcess, python_env, require_tool, run, start_app, start_program

PACKAGE = "deskwire_demo"
CALLS = 1000
EVENTS = 5
NODE_CLIENT = REPO_ROOT / "tests" / "third_party"
MANUAL_SECTION = "### From a script or another tool"


def on(transport: str) -> Any:
    """`transport`, in the xdist group of its other tests (one built project)."""
    return pytest.param(
        transport, id=transport, marks=pytest.mark.xdist_group(pair_id({"transport": transport}))
    )


TRANSPORTS = [on("websocket"), on("sse")]


def project_for(projects: ProjectCache, transport: str, secure: bool = True) -> Path:
    # The answers test_delivery and test_browser_security build: the same projects.
    answers: dict[str, Any] = {"transport": transport, "window": "none"}
    return projects.built(answers if secure else {**answers, "secure": False})


@dataclass
class Served:
    """The project's plumbing app, and the transport it serves."""

    transport: str
    app: AppProcess

    @property
    def url(self) -> str:
        return self.app.url


@pytest.fixture
def plumbing_app(request: pytest.FixtureRequest, projects: ProjectCache) -> Iterator[Served]:
    """The project's plumbing app on a free loopback port (parametrized by transport)."""
    transport: str = request.param
    project = project_for(projects, transport)
    command: list[str | Path] = [
        sys.executable,
        project / "tests" / "serve_plumbing_app.py",
        "--port",
        "0",
    ]
    app = start_program(command, project, python_env(project))
    yield Served(transport, app)
    app.kill()


def parts(launch_url: str) -> tuple[str, str]:
    """The app's origin and the one-time code of the URL it printed."""
    page, _, code = launch_url.partition("#launch=")
    return page.rstrip("/"), code


async def session_headers(session: aiohttp.ClientSession, launch_url: str) -> dict[str, str]:
    """The headers a script sends, as the generated manual says: the app's
    Origin, and the session token traded for the launch code."""
    origin, code = parts(launch_url)
    headers = {"Origin": origin}
    async with session.post(f"{origin}/bridge/session", json={"code": code}, headers=headers) as r:
        assert r.status == 200, await r.text()
        headers["Authorization"] = f"Bearer {(await r.json())['token']}"
    return headers


async def concurrent_adds(server: jsonrpc_base.Server) -> float:
    """CALLS concurrent `add` calls, each answered with its own sum; seconds taken."""
    started = time.perf_counter()
    answers = await asyncio.gather(*(server.add(a=i, b=0.5) for i in range(CALLS)))
    elapsed = time.perf_counter() - started
    assert [answer["sum"] for answer in answers] == [i + 0.5 for i in range(CALLS)]
    return elapsed


async def assert_typed_errors(server: jsonrpc_base.Server) -> None:
    with pytest.raises(jsonrpc_base.ProtocolError) as invalid:
        await server.add(a="two", b=1)
    code, message, response = invalid.value.args
    assert code == -32602, message
    assert response["error"]["data"][0]["loc"] == ["a"]
    with pytest.raises(jsonrpc_base.ProtocolError) as missing:
        await server.no_such_method()
    code, message, response = missing.value.args
    assert code == -32601, message
    assert response["error"]["data"] == {"method": "no_such_method"}


def expected_events() -> list[dict[str, int]]:
    return [{"current": n, "total": EVENTS} for n in range(1, EVENTS + 1)]


async def wait_for(received: list[Any], count: int) -> None:
    """Events are sent before the call's answer, but the library hands each
    to its handler in a task of its own (and SSE carries them on another
    connection): give them a moment."""
    async with asyncio.timeout(10):
        while len(received) < count:
            await asyncio.sleep(0.02)


def report(client: str, transport: str, seconds: float) -> None:
    print(f"\n{client} over {transport}: {CALLS} concurrent calls in {seconds * 1000:.0f} ms")


@pytest.mark.parametrize("plumbing_app", [on("websocket")], indirect=True)
def test_jsonrpc_websocket_from_pypi(plumbing_app: Served) -> None:
    async def scenario() -> float:
        origin, _ = parts(plumbing_app.url)
        url = f"ws{origin[4:]}/bridge/ws"
        async with aiohttp.ClientSession() as session:
            headers = await session_headers(session, plumbing_app.url)
            server = WebSocketServer(url, session, headers=headers)
            received: list[dict[str, int]] = []
            server.progress = lambda seq, data: received.append(data)
            await server.ws_connect()
            seconds = await concurrent_adds(server)
            await assert_typed_errors(server)
            assert (await server.count_to(total=EVENTS))["emitted"] == EVENTS
            await wait_for(received, EVENTS)
            assert received == expected_events()
            await server.close()

            wrong = WebSocketServer(url, session, headers={**headers, "Authorization": "Bearer x"})
            with pytest.raises(jsonrpc_base.TransportError) as refused:
                await wrong.ws_connect()
            handshake = refused.value.args[-1]  # what aiohttp raised
            assert isinstance(handshake, aiohttp.WSServerHandshakeError)
            assert handshake.status == 403
        return seconds

    report("jsonrpc-websocket", "websocket", asyncio.run(scenario()))


async def feed_events(
    session: aiohttp.ClientSession, origin: str, headers: dict[str, str], server: HttpServer
) -> None:
    """Hand each event of the SSE stream (its `data:` field, one JSON-RPC
    notification) to the library's own dispatch, which calls its handler."""
    async with session.get(f"{origin}/bridge/events", headers=headers) as events:
        assert events.status == 200
        async for line in events.content:
            if line.startswith(b"data:"):
                notification = jsonrpc_base.Request.parse(json.loads(line[5:]))
                await server.async_receive_request(notification)


@pytest.mark.parametrize("plumbing_app", [on("sse")], indirect=True)
def test_jsonrpc_async_from_pypi_over_sse(plumbing_app: Served) -> None:
    async def scenario() -> float:
        origin, _ = parts(plumbing_app.url)
        async with aiohttp.ClientSession() as session:
            headers = await session_headers(session, plumbing_app.url)
            server = HttpServer(f"{origin}/bridge/call", session, headers=headers)
            received: list[dict[str, int]] = []
            hellos: list[dict[str, Any]] = []
            server.progress = lambda seq, data: received.append(data)
            setattr(server, "$/hello", lambda **hello: hellos.append(hello))
            stream = asyncio.create_task(feed_events(session, origin, headers, server))
            await wait_for(hellos, 1)  # the stream is open: no event can be missed
            seconds = await concurrent_adds(server)
            await assert_typed_errors(server)
            assert (await server.count_to(total=EVENTS))["emitted"] == EVENTS
            await wait_for(received, EVENTS)
            assert received == expected_events()
            stream.cancel()

            wrong = HttpServer(
                f"{origin}/bridge/call", session, headers={**headers, "Authorization": "Bearer x"}
            )
            with pytest.raises(jsonrpc_base.TransportError, match="HTTP 401"):
                await wrong.add(a=1, b=2)
        return seconds

    report("jsonrpc-async", "sse", asyncio.run(scenario()))


@pytest.fixture(scope="session")
def node_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/third_party with its locked packages installed (json-rpc-2.0, ws)."""
    npm = require_tool("npm", "to install the npm json-rpc-2.0 client")
    home = tmp_path_factory.mktemp("third-party-node")
    for name in ("package.json", "package-lock.json", "client.mjs"):
        shutil.copy(NODE_CLIENT / name, home)
    run(npm, "ci", "--prefer-offline", "--no-audit", "--no-fund", cwd=home)
    return home


@pytest.mark.parametrize("plumbing_app", TRANSPORTS, indirect=True)
def test_npm_json_rpc_2_0(plumbing_app: Served, node_home: Path) -> None:
    node = require_tool("node", "to run the npm json-rpc-2.0 client")
    transport = plumbing_app.transport
    result = run(node, node_home / "client.mjs", transport, plumbing_app.url)
    seen = json.loads(result.stdout)
    assert seen["wrong_sums"] == 0
    for name, code, data in (
        ("invalid_params", -32602, [{"loc": ["a"]}]),
        ("no_method", -32601, {"method": "no_such_method"}),
    ):
        error = seen[name]
        assert (error["name"], error["code"]) == ("JSONRPCErrorException", code), error
        if isinstance(data, list):
            assert error["data"][0]["loc"] == data[0]["loc"]
        else:
            assert error["data"] == data
    assert seen["counted"]["emitted"] == EVENTS
    assert [event["data"] for event in seen["events"]] == expected_events()
    # A refused WebSocket handshake answers 403; an HTTP request, 401.
    refusal = "HTTP 403" if transport == "websocket" else "HTTP 401"
    assert seen["wrong_token"] == {"name": "Error", "message": refusal}
    report("json-rpc-2.0", transport, seen["calls_ms"] / 1000)


def manual_scripts(project: Path) -> dict[str, str]:
    """The Python and JavaScript scripts of the generated manual's section on
    scripts and other tools."""
    manual = (project / "docs" / "deskwire.md").read_text()
    section = manual.split(MANUAL_SECTION, 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"```(python|js)\n(.*?)```", section, re.DOTALL))


@pytest.mark.parametrize("secure", [True, False], ids=["secret", "no-secret"])
@pytest.mark.parametrize("transport", TRANSPORTS)
def test_the_manual_scripts_run(
    projects: ProjectCache, node_home: Path, tmp_path: Path, transport: str, secure: bool
) -> None:
    """The manual's two scripts, as a user copies them, against the demo app
    (with the per-launch secret and without: they trade a code only if the
    URL has one)."""
    node = require_tool("node", "to run the manual's JavaScript")
    project = project_for(projects, transport, secure)
    scripts = manual_scripts(project)
    assert set(scripts) == {"python", "js"}
    (tmp_path / "client.py").write_text(scripts["python"])
    # Beside client.mjs, so that its imports find the installed packages.
    script = node_home / f"manual-{transport}-{secure}.mjs"
    script.write_text(scripts["js"])
    expected = [("sum", 5.0), ("progress", 1.0), ("progress", 2.0), ("progress", 3.0)]
    for command in (
        [sys.executable, tmp_path / "client.py"],
        [node, script],
    ):
        app = start_app(project, PACKAGE, "--port", "0", env=python_env(project))
        try:
            result = run(*command, app.url, timeout=60)
        finally:
            app.kill()
        printed = [line.split() for line in result.stdout.splitlines()]
        assert [(word, float(value)) for word, value in printed] == expected, result.stdout
