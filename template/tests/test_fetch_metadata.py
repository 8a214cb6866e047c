# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Only the app's own page may use the bridge. A browser says where a request
comes from (Origin, Sec-Fetch-Site): every bridge route checks it, GETs and
WebSocket handshakes included, before any handler runs, with the secret on or
off. A page of another local server is "same-site" to the app (every loopback
port is one site), so only "same-origin" passes. Other sites may open the app's
page, but not embed its files."""

from __future__ import annotations

import contextlib

import pytest
from app_process import RunningApp
from bridge_client import BridgeClient
from probes import bridge_statuses, open_raw, request_head

OTHER_LOCAL_PAGE = "http://127.0.0.1:1"
# How a browser marks requests that other pages make (Origin None: not sent).
FOREIGN: dict[str, dict[str, str | None]] = {
    "EventSource or fetch from another local server": {
        "Sec-Fetch-Site": "same-site",
        "Sec-Fetch-Mode": "cors",
        "Origin": OTHER_LOCAL_PAGE,
    },
    "<img> from another local server": {
        "Sec-Fetch-Site": "same-site",
        "Sec-Fetch-Mode": "no-cors",
        "Sec-Fetch-Dest": "image",
        "Origin": None,
    },
    "link from a web site": {
        "Sec-Fetch-Site": "cross-site",
        "Sec-Fetch-Mode": "navigate",
        "Sec-Fetch-Dest": "document",
        "Origin": None,
    },
    "address bar": {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Origin": None},
    "a browser that sends Origin only": {"Origin": OTHER_LOCAL_PAGE},
}


def with_token(headers: dict[str, str | None], token: str | None) -> dict[str, str | None]:
    """The request as the app's own page would authenticate it: even holding
    the token, a request from elsewhere is refused."""
    return {**headers, "Authorization": f"Bearer {token}"} if token else dict(headers)


def assert_still_works(client: BridgeClient) -> None:
    assert client.call("add", {"a": 2, "b": 2})["result"] == {"sum": 4}


@pytest.mark.parametrize("source", list(FOREIGN))
def test_the_bridge_refuses_what_other_pages_send(
    app: RunningApp, token: str | None, client: BridgeClient, source: str
) -> None:
    statuses = bridge_statuses(app, with_token(FOREIGN[source], token))
    assert set(statuses.values()) == {403}, statuses
    assert_still_works(client)


def test_the_apps_own_page_passes(app: RunningApp, token: str | None) -> None:
    statuses = bridge_statuses(app, with_token({"Sec-Fetch-Site": "same-origin"}, token))
    assert set(statuses.values()) <= {101, 200}, statuses


def test_refused_requests_take_no_connection_slot(app: RunningApp, token: str | None) -> None:
    # Each stream or socket another page opens would hold one of the 16 slots
    # if the bridge let it in; these stay open while the page connects.
    path = "/bridge/ws" if BridgeClient.transport == "websocket" else "/bridge/events"
    upgrade = {
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
    }
    foreign = with_token(FOREIGN["EventSource or fetch from another local server"], token)
    headers = {**upgrade, **foreign} if path == "/bridge/ws" else foreign
    with contextlib.ExitStack() as held:
        for _ in range(20):
            sock, status_line = open_raw(app, request_head(app, path, headers))
            held.callback(sock.close)
            assert " 403 " in status_line, status_line
        clients = [BridgeClient(app.base_url, token) for _ in range(16)]
        for client in clients:
            assert_still_works(client)
            client.close()


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "navigate"}, 200),
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}, 200),
        ({"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate"}, 200),
        ({"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "no-cors"}, 200),
        (
            {
                "Sec-Fetch-Site": "same-site",
                "Sec-Fetch-Mode": "no-cors",
                "Sec-Fetch-Dest": "script",
            },
            403,
        ),
        (
            {
                "Sec-Fetch-Site": "cross-site",
                "Sec-Fetch-Mode": "no-cors",
                "Sec-Fetch-Dest": "image",
            },
            403,
        ),
        (
            {
                "Sec-Fetch-Site": "same-site",
                "Sec-Fetch-Mode": "navigate",
                "Sec-Fetch-Dest": "iframe",
            },
            403,
        ),
    ],
)
def test_other_sites_may_open_the_page_but_not_embed_its_files(
    app: RunningApp, metadata: dict[str, str], expected: int
) -> None:
    head = request_head(app, "/", {**metadata, "Origin": None})
    sock, status_line = open_raw(app, head)
    with contextlib.closing(sock):
        assert f" {expected} " in status_line, status_line
