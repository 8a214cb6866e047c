"""Dev mode (`python -m <package> --dev`): the frontend's own dev server serves
the page with hot reload, forwards /bridge to the app, and the security model
holds: the session token is still required (the page trades the launch code
for it through the dev server), and a page from any other origin is still
refused."""

from __future__ import annotations

import signal
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import chromium
from conftest import ProjectCache, each_frontend
from playwright.sync_api import Page, expect
from support import AppProcess, other_local_server, python_env, start_app
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


@pytest.mark.parametrize("frontend", each_frontend())
def test_dev_mode_serves_a_live_page_that_connects(projects: ProjectCache, frontend: str) -> None:
    project = projects.built({"frontend": frontend, "window": "none"})
    stylesheet = project / "frontend" / "src" / "style.css"
    original = stylesheet.read_text()
    with dev_app(project) as (app, app_port), chromium() as browser:
        page = browser.new_page()
        dev_port = open_dev_page(page, app, app_port)
        page.locator("#add").click()
        expect(page.locator("#sum")).to_have_text("5")

        # Hot reload: an edited stylesheet reaches the open page without a rebuild.
        try:
            edited = original + f'\n#app-name::after {{ content: "{EDIT_MARK}"; }}\n'
            stylesheet.write_text(edited)
            deadline = time.monotonic() + 60
            saved_at = time.monotonic()
            while EDIT_MARK not in after_content(page):
                assert time.monotonic() < deadline, "the edit never reached the page"
                page.wait_for_timeout(250)
                if time.monotonic() - saved_at > 10:
                    # Saved again, as a user would: on a loaded machine the
                    # watcher may still be scanning when the first save lands.
                    stylesheet.write_text(edited)
                    saved_at = time.monotonic()
        finally:
            stylesheet.write_text(original)
        expect(page.locator("#connection-status")).to_have_attribute("data-state", "open")

        app.process.send_signal(signal.SIGTERM)
        assert app.wait() == 0, app.stderr[-3000:]
    # Stopping the app stopped the dev server too (no orphaned node process).
    deadline = time.monotonic() + 10
    while port_is_open(dev_port):
        assert time.monotonic() < deadline, "the dev server outlived the app"
        time.sleep(0.2)


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
