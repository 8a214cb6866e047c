"""The credential design against a real browser profile, on both transports:
after the app's page has opened and connected, the same browser visits a page
of another local server (another loopback port: the same site, and cookies
ignore ports). That server learns nothing the bridge accepts (everything it
received, replayed with a forged Origin, is refused); its page's own tries at
the bridge (an EventSource, an image, a fetch, a WebSocket) run no handler and
take no connection slot; and the cookies it plants for 127.0.0.1, malformed or
a whole jar, do not lock the app's page out."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import httpx
import pytest
from browser import chromium
from conftest import ProjectCache, pair_id
from playwright.sync_api import BrowserContext, Page, expect
from support import AppProcess, other_local_server, python_env, start_app
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect
from websockets.typing import Origin

PACKAGE = "deskwire_demo"
TRANSPORTS = [
    pytest.param(t, id=t, marks=pytest.mark.xdist_group(pair_id({"transport": t})))
    for t in ("websocket", "sse")
]
# A browser's whole cookie jar for one host (Chromium keeps 180 of 4 KiB).
JAR_COOKIES, JAR_COOKIE_BYTES = 170, 4000

# The other local server's page: it plants cookies for 127.0.0.1, then tries
# the bridge every way a page can; `window.done` holds what it saw.
ATTACK_PAGE = """<!doctype html><title>other local server</title><script>
const app = "APP_ORIGIN";
const seen = {};
document.cookie = "x=a b";
document.cookie = "flag";
document.cookie = 'q="unterminated';
for (let i = 0; i < JAR; i++) document.cookie = `jar${i}=${"v".repeat(SIZE)}`;
const call = JSON.stringify({jsonrpc: "2.0", id: 1, method: "increment", params: {by: 1000}});
const tries = [
  fetch(`${app}/bridge/call`, {method: "POST", body: call, mode: "no-cors", credentials: "include"})
    .then(() => "sent", () => "failed"),
  fetch(`${app}/bridge/poll?wait=0`, {credentials: "include"})
    .then((r) => `read ${r.status}`, () => "failed"),
  new Promise((done) => {
    const socket = new WebSocket(`${app.replace("http", "ws")}/bridge/ws`);
    socket.onopen = () => done("open");
    socket.onclose = () => done("refused");
  }),
  new Promise((done) => {
    const image = new Image();
    image.onload = () => done("loaded");
    image.onerror = () => done("refused");
    image.src = `${app}/bridge/events`;
  }),
];
const streams = [];
for (let i = 0; i < 20; i++) streams.push(new EventSource(`${app}/bridge/events`));
Promise.all(tries).then((outcomes) => {
  window.done = {outcomes, streams: streams.map((s) => s.readyState)};
});
</script>"""


def open_app(context: BrowserContext, app: AppProcess, transport: str) -> Page:
    page = context.new_page()
    page.goto(app.url)
    status = page.locator("#connection-status")
    expect(status).to_have_attribute("data-state", "open")
    expect(status).to_have_text(f"Connected ({transport})")
    return page


def refused_everywhere(app_origin: str, headers: dict[str, str], query: str) -> dict[str, int]:
    """Replay `headers` at every bridge endpoint as a script would, Origin
    forged to the app's and no fetch metadata; the answers that were not
    refusals (none, if nothing in `headers` is a credential)."""
    headers = {k: v for k, v in headers.items() if not k.lower().startswith("sec-fetch-")}
    sent = {**headers, "Origin": app_origin}
    accepted: dict[str, int] = {}
    with httpx.Client(headers=sent, timeout=10) as client:
        for path in ("/bridge/call", "/bridge/binary"):
            status = client.post(f"{app_origin}{path}?{query}", content=b"{}").status_code
            if status not in (401, 403):
                accepted[path] = status
        for path in ("/bridge/events", "/bridge/poll"):
            with client.stream("GET", f"{app_origin}{path}?{query}") as response:
                if response.status_code not in (401, 403):
                    accepted[path] = response.status_code
    try:
        url = app_origin.replace("http://", "ws://") + f"/bridge/ws?{query}"
        connect(url, origin=Origin(app_origin), additional_headers=headers).close()
        accepted["/bridge/ws"] = 101
    except InvalidStatus as refusal:
        if refusal.response.status_code not in (401, 403):
            accepted["/bridge/ws"] = refusal.response.status_code
    return accepted


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_another_local_server_visited_by_the_same_browser_gets_nothing(
    projects: ProjectCache, transport: str
) -> None:
    project = projects.built({"transport": transport, "window": "none"})
    app = start_app(project, PACKAGE, "--port", "0", env=python_env(project))
    app_origin = app.url.split("#", 1)[0].rstrip("/")
    try:
        attack = (
            ATTACK_PAGE.replace("APP_ORIGIN", app_origin)
            .replace("JAR", str(JAR_COOKIES))
            .replace("SIZE", str(JAR_COOKIE_BYTES))
        )
        with chromium() as browser, other_local_server(attack) as (other, received):
            context = browser.new_context()
            page = open_app(context, app, transport)
            token = page.evaluate("sessionStorage.getItem('bridge.session')")
            assert isinstance(token, str) and len(token) >= 43

            attacker = context.new_page()
            attacker.goto(f"{other}/")
            attacker.wait_for_function("window.done !== undefined", timeout=30_000)
            seen = attacker.evaluate("window.done")
            assert received

            # The other server learned nothing: not the token, not the code,
            # and nothing it got opens any bridge endpoint.
            code = app.url.split("#launch=", 1)[1]
            for request in received:
                assert token not in json.dumps(request) and code not in json.dumps(request)
                headers = {
                    name: value
                    for name, value in request.items()
                    if name.lower() not in {"url", "host", "connection"}
                }
                query = urlsplit(request["url"]).query
                assert refused_everywhere(app_origin, headers, query) == {}, request["url"]

            # Its page's own tries ran no handler (the page's one call makes
            # Python's count 1, not 1001) and hold no connection slot.
            assert seen["outcomes"][1:] == ["failed", "refused", "refused"], seen
            page.fill("#calls-total", "1")
            page.click("#calls")
            expect(page.locator("#tally")).to_have_text("1")

            # The planted cookies travel with the app's own requests now: the
            # page reloads, connects, and calls as before.
            planted = [c for c in context.cookies(app_origin) if c["name"].startswith("jar")]
            assert len(planted) == JAR_COOKIES
            for _ in range(2):
                page.reload()
                expect(page.locator("#connection-status")).to_have_attribute("data-state", "open")
            page.click("#add")
            expect(page.locator("#sum")).to_have_text("5")
    finally:
        app.kill()
