"""Dev mode (`python -m <package> --dev`): the frontend's own dev server serves
the page with hot reload, forwards /bridge to the app, a saved Python file
restarts the app while the page stays open, and the security model holds:
the session token is still required (the page trades the launch code for it
through the dev server, and keeps it across restarts), and a page from any
other origin is still refused."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import chromium
from conftest import ProjectCache, each_frontend
from playwright.sync_api import Page, expect
from support import (
    NEW_METHOD_SOURCE,
    AppProcess,
    other_local_server,
    python_env,
    start_app,
    wait_until,
)
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect
from websockets.typing import Origin

PACKAGE = "deskwire_demo"
# Angular's first dev build is the slow one.
DEV_START_TIMEOUT = 180
EDIT_MARK = "edited live"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def dev_app(project: Path) -> Iterator[tuple[AppProcess, int]]:
    """The app in dev mode, and its own port (the printed URL is the dev server's page)."""
    port = free_port()
    app = start_app(
        project,
        PACKAGE,
        "--dev",
        "--port",
        str(port),
        env=python_env(project),
        timeout=DEV_START_TIMEOUT,
        own_process_group=True,
    )
    try:
        yield app, port
    finally:
        # SIGTERM first: the app stops its dev server then (a SIGKILL would
        # leave the dev server, in its own process group, running).
        if app.process.poll() is None:
            app.process.send_signal(signal.SIGTERM)
            app.wait()


def open_dev_page(page: Page, app: AppProcess, app_port: int) -> int:
    """Open the launch URL, the dev server's page with the one-time code;
    return the dev server's port once the page has connected."""
    dev_port = urlsplit(app.url).port
    assert dev_port and dev_port != app_port, app.url
    page.goto(app.url)
    status = page.locator("#connection-status")
    expect(status).to_have_attribute("data-state", "open", timeout=30_000)
    expect(status).to_have_text("Connected (websocket)")
    assert "launch=" not in page.url
    return dev_port


def port_is_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def after_content(page: Page) -> str:
    # The dev server's page carries no CSP of ours, so evaluate() runs.
    return str(
        page.evaluate("getComputedStyle(document.querySelector('#app-name'), '::after').content")
    )


@contextmanager
def restored_afterwards(*paths: Path) -> Iterator[None]:
    """The files as they were, whatever the test wrote into them (the project
    is shared with the other tests of this worker); one that was not there is
    removed again."""
    originals = {path: path.read_bytes() if path.exists() else None for path in paths}
    try:
        yield
    finally:
        for path, content in originals.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(content)


def edit_until(page: Page, path: Path, text: str, reached: Callable[[], bool]) -> float:
    """Save `text` into `path` and wait until `reached()`; return the seconds
    from the save to that. Saved again after 10 s, as a user would: on a loaded
    machine a watcher may still be scanning when the first save lands."""
    path.write_text(text)
    first_save = saved_at = time.monotonic()
    while not reached():
        assert time.monotonic() - first_save < 60, f"the edit of {path.name} never took effect"
        page.wait_for_timeout(100)
        if time.monotonic() - saved_at > 10:
            path.write_text(text)
            saved_at = time.monotonic()
    return time.monotonic() - first_save


def check_stylesheet_hot_reload(page: Page, project: Path) -> None:
    """An edited stylesheet reaches the open page without a rebuild."""
    stylesheet = project / "frontend" / "src" / "style.css"
    edited = stylesheet.read_text() + f'\n#app-name::after {{ content: "{EDIT_MARK}"; }}\n'
    edit_until(page, stylesheet, edited, lambda: EDIT_MARK in after_content(page))


ADD_BODY = "return AddResult(sum=params.a + params.b)"
CHANGED_ADD_BODY = "return AddResult(sum=params.a + params.b + 1000)"


def call_with_the_page_token(page: Page, method: str, params: dict[str, str]) -> object:
    """Call `method` from the page, with its origin and its session token, on a
    socket of its own; its result, or the error / "refused" / "closed"."""
    return page.evaluate(
        """([method, params]) => new Promise((resolve) => {
             const token = sessionStorage.getItem("bridge.session");
             const socket = new WebSocket(
               `ws://${location.host}/bridge/ws`, ["bridge.v1", `bridge.token.${token}`]);
             socket.onopen = () => socket.send(
               JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }));
             socket.onmessage = (message) => {
               const answer = JSON.parse(message.data);
               if (answer.id !== 1) return;
               socket.close();
               resolve(answer.result ?? answer.error);
             };
             socket.onclose = () => resolve("closed");
             setTimeout(() => { socket.close(); resolve("timeout"); }, 3000);
           })""",
        [method, params],
    )


def new_run_greetings(page: Page) -> list[str]:
    """The `$/hello` greetings with `reset: "new-run"` the page's sockets receive
    (filled in as they arrive)."""
    greetings: list[str] = []

    def on_frame(payload: str | bytes) -> None:
        hello = isinstance(payload, str) and '"$/hello"' in payload
        if hello and json.loads(payload).get("params", {}).get("reset") == "new-run":
            greetings.append(str(payload))

    page.on("websocket", lambda socket: socket.on("framereceived", on_frame))
    return greetings


def check_python_hot_restart(page: Page, app: AppProcess, project: Path) -> dict[str, float]:
    """Saving app.py restarts the app; the open page reconnects with its token,
    hears `new-run`, and calls the changed code; the types and the OpenRPC
    document follow the models. A syntax error keeps the supervisor watching
    and the page reconnecting until the file is fixed. Returns the seconds
    each step took."""
    app_py = project / "src" / PACKAGE / "app.py"
    protocol_ts = project / "frontend" / "src" / "bridge" / "protocol.ts"
    openrpc = project / "openrpc.json"
    original = app_py.read_text()
    assert ADD_BODY in original
    edited = original.replace(ADD_BODY, CHANGED_ADD_BODY) + NEW_METHOD_SOURCE
    greetings = new_run_greetings(page)
    status = page.locator("#connection-status")

    def page_calls_the_changed_add() -> bool:
        page.locator("#add").click()
        page.wait_for_timeout(100)
        return page.locator("#sum").text_content() == "1005"

    timings = {
        "save → the page's own client gets the changed add": edit_until(
            page, app_py, edited, page_calls_the_changed_add
        )
    }
    shouted = call_with_the_page_token(page, "shout", {"text": "hi"})
    assert shouted == {"text": "HI!"}, shouted
    assert greetings, "the page never heard new-run"
    expect(status).to_have_attribute("data-state", "open")
    # The new method's types reached the page's source (and its dev server).
    wait_until(lambda: "ShoutParams" in protocol_ts.read_text(), "protocol.ts to be regenerated")
    # ...and the app's OpenRPC document, which is written first.
    assert '"name": "shout"' in openrpc.read_text(), "openrpc.json was not regenerated"

    # A syntax error: the app is down, the supervisor keeps watching, the
    # page keeps trying; the fix brings both back.
    app_py.write_text(edited + "\ndef broken(:\n")
    expect(status).not_to_have_attribute("data-state", "open", timeout=30_000)
    wait_until(lambda: "SyntaxError" in app.stderr, "the syntax error to be printed")
    assert app.process.poll() is None, "the supervisor died with the app"
    timings["fix saved → the page connected again"] = edit_until(
        page, app_py, edited, lambda: status.get_attribute("data-state") == "open"
    )
    assert call_with_the_page_token(page, "shout", {"text": "back"}) == {"text": "BACK!"}
    return timings


@pytest.mark.parametrize("frontend", each_frontend())
def test_dev_mode_reloads_the_page_and_restarts_python_with_the_secret_on(
    projects: ProjectCache, frontend: str
) -> None:
    project = projects.built({"frontend": frontend, "window": "none"})
    edited_files = (
        project / "frontend" / "src" / "style.css",
        project / "src" / PACKAGE / "app.py",
        project / "frontend" / "src" / "bridge" / "protocol.ts",
        project / "openrpc.json",
    )
    with (
        restored_afterwards(*edited_files),
        dev_app(project) as (app, app_port),
        chromium() as browser,
    ):
        page = browser.new_page()
        dev_port = open_dev_page(page, app, app_port)
        page.locator("#add").click()
        expect(page.locator("#sum")).to_have_text("5")
        check_stylesheet_hot_reload(page, project)
        timings = check_python_hot_restart(page, app, project)
        print(f"dev mode, {frontend}: " + ", ".join(f"{k}: {v:.2f} s" for k, v in timings.items()))
        # The only address offered is the launch link: the dev server's own
        # (no launch code, so refused) was never printed, though its other
        # output (the reloads above) was.
        for host in ("127.0.0.1", "localhost"):
            assert f"{host}:{dev_port}" not in app.stderr, app.stderr[-3000:]

        # Ctrl-C in the terminal (SIGINT to the foreground process group):
        # the app shuts down once, cleanly, not cut short by a second signal.
        os.killpg(app.process.pid, signal.SIGINT)
        assert app.wait() == 0, app.stderr[-3000:]
        assert "exiting now" not in app.stderr, app.stderr[-3000:]
    # Stopping the app stopped the dev server too (no orphaned node process).
    wait_until(lambda: not port_is_open(dev_port), "the dev server to stop with the app", 10)
    assert not port_is_open(app_port), "a worker outlived the supervisor"


ATTACK_PAGE = """<!doctype html><title>pending</title><script>
const outcomes = {};
function report(name, outcome) {
  outcomes[name] = outcome;
  if (Object.keys(outcomes).length === 2) {
    document.title = `dev:${outcomes.dev} app:${outcomes.app}`;
  }
}
for (const [name, port] of [["dev", DEV_PORT], ["app", APP_PORT]]) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/bridge/ws`);
  socket.onopen = () => report(name, "open");
  socket.onclose = () => report(name, "refused");
}
</script>"""


def test_dev_mode_still_refuses_other_origins_and_missing_secrets(
    projects: ProjectCache,
) -> None:
    project = projects.built({"window": "none"})
    with dev_app(project) as (app, app_port), chromium() as browser:
        context = browser.new_context()
        page = context.new_page()
        dev_port = open_dev_page(page, app, app_port)

        # The dev page itself may open another socket with its token (the
        # positive control) ...
        opened = page.evaluate(
            """() => new Promise((resolve) => {
                 const token = sessionStorage.getItem("bridge.session");
                 const socket = new WebSocket(
                   `ws://${location.host}/bridge/ws`, ["bridge.v1", `bridge.token.${token}`]);
                 socket.onopen = () => { socket.close(); resolve("open"); };
                 socket.onclose = () => resolve("refused");
               })"""
        )
        assert opened == "open"

        # ... a page from another origin on the same host may not: its Origin
        # is wrong, and it has no token (sessionStorage is the dev page's own).
        html = ATTACK_PAGE.replace("DEV_PORT", str(dev_port)).replace("APP_PORT", str(app_port))
        with other_local_server(html) as (attacker_url, _):
            attacker = context.new_page()
            attacker.goto(f"{attacker_url}/")
            expect(attacker).to_have_title("dev:refused app:refused")

        # Without the session token, the right Origin is not enough either.
        for port in (dev_port, app_port):
            with pytest.raises(InvalidStatus) as refused:
                connect(
                    f"ws://127.0.0.1:{port}/bridge/ws",
                    origin=Origin(f"http://127.0.0.1:{dev_port}"),
                    open_timeout=10,
                ).close()
            assert refused.value.response.status_code == 403
