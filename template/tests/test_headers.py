# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Hostile request headers: a huge one, a cookie that CPython's own cookie
parser needs quadratic time for (CVE-2024-7592), and the cookies another local
page may plant for 127.0.0.1, malformed or a browser's whole jar. Each is
answered at once, the app's other clients wait for none of it, and the
app's page is never locked out. Cookies are never parsed: the HTTP layer
drops them (bridge/http_protocol.py)."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from app_process import RunningApp
from bridge_client import BridgeClient
from probes import bridge_statuses, send_head

# Written out, not imported: bridge/limits.py's max_head_bytes.
MAX_HEAD_BYTES = 768 * 1024
# A legitimate call may take this long while an attack runs (it takes a few
# milliseconds; a parser frozen by one request held every client for seconds).
UNDELAYED_SECONDS = 2.0
MIB = 1024 * 1024


@contextmanager
def calls_meanwhile(client: BridgeClient) -> Iterator[list[float]]:
    """A page making calls, one after another, on its own connection; the
    seconds each took."""
    took: list[float] = []
    stop = threading.Event()

    def call_on() -> None:
        while not stop.is_set():
            started = time.monotonic()
            assert client.call("add", {"a": 1, "b": 1}, timeout=60)["result"] == {"sum": 2}
            took.append(time.monotonic() - started)

    caller = threading.Thread(target=call_on, daemon=True)
    caller.start()
    time.sleep(0.2)
    yield took
    time.sleep(0.2)
    stop.set()
    caller.join(90)
    assert not caller.is_alive()


def page_request(app: RunningApp, header: bytes) -> bytes:
    host = urlsplit(app.base_url).netloc
    return b"GET / HTTP/1.1\r\nHost: " + host.encode() + b"\r\n" + header + b"\r\n\r\n"


ATTACKS = {
    "1 MiB header": (b"X-Filler: " + b"a" * MIB, 431),
    "1 MiB cookie": (b"Cookie: a=" + b"b" * MIB, 431),
    "30,000 small headers": (
        b"\r\n".join(b"X-%d: 1234567890abcdefghij" % index for index in range(30_000)),
        431,
    ),
    "48 KiB of backslashes in a cookie": (b'Cookie: a="' + b"\\" * (48 * 1024) + b'"', 200),
    "128 KiB of backslashes in a cookie": (b'Cookie: a="' + b"\\" * (128 * 1024) + b'"', 200),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_hostile_header_is_answered_at_once_and_delays_no_one(
    app: RunningApp, client: BridgeClient, attack: str
) -> None:
    header, expected = ATTACKS[attack]
    with calls_meanwhile(client) as took:
        status_line, seconds = send_head(app, page_request(app, header))
    assert f" {expected} " in status_line, status_line
    assert seconds < UNDELAYED_SECONDS, seconds
    assert took and max(took) < UNDELAYED_SECONDS, max(took)
    assert "Traceback" not in app.stderr


def test_the_head_cap_is_above_what_a_browser_sends(app: RunningApp) -> None:
    # The largest jar of cookies Chromium keeps for one host, all sent.
    jar = "; ".join(f"c{index:03}={'v' * 4090}" for index in range(180))
    status_line, _ = send_head(app, page_request(app, f"Cookie: {jar}".encode()))
    assert " 200 " in status_line, status_line
    assert len(jar) < MAX_HEAD_BYTES


def answers_to(app: RunningApp, pieces: list[bytes]) -> list[bytes]:
    """Send `pieces` on one connection, each its own read on the server (a
    millisecond apart); the status of each answer."""
    address = urlsplit(app.base_url)
    with socket.create_connection((address.hostname or "", address.port or 0), 10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for piece in pieces:
            sock.sendall(piece)
            time.sleep(0.001)
        answers = b""
        while chunk := sock.recv(65536):
            answers += chunk
    # An answer's body may end without a line break: the next answer follows it.
    return re.findall(rb"HTTP/1\.1 (\d{3}) ", answers)


def test_requests_sent_back_to_back_are_each_answered_however_they_are_cut(
    app: RunningApp,
) -> None:
    # Pipelined, so heads, bodies and blank lines straddle the server's reads.
    host = urlsplit(app.base_url).netloc
    page = f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    last = f"GET /favicon.svg HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    three = page + page + last
    assert answers_to(app, [three[at : at + 7] for at in range(0, len(three), 7)]) == [
        b"200",
        b"200",
        b"200",
    ]
    # A body, and in the same read the start of the next head, cut at every
    # byte up to and across that head's blank line.
    body = b'{"code": "not the code"}'
    exchange = (
        f"POST /bridge/session HTTP/1.1\r\nHost: {host}\r\nOrigin: {app.origin}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    requests = exchange + last
    refused = b"403" if app.launch_code else b"405"  # a wrong code; no exchange without a secret
    for cut in range(len(exchange), len(requests)):
        assert answers_to(app, [requests[:cut], requests[cut:]]) == [refused, b"200"], cut


PLANTED = {
    "malformed": 'x=a b; flag; q="unterminated; =no-name; a=b=c; ;;',
    "a browser's whole jar": "; ".join(f"c{index:03}={'v' * 4090}" for index in range(180)),
    "lookalikes of a session": "app_session=forged; token=forged; session=forged",
}


@pytest.mark.parametrize("planted", list(PLANTED))
def test_cookies_another_page_planted_lock_no_one_out(
    app: RunningApp, token: str | None, planted: str
) -> None:
    cookie = PLANTED[planted]
    status_line, _ = send_head(app, page_request(app, f"Cookie: {cookie}".encode()))
    assert " 200 " in status_line, status_line
    headers = {"Cookie": cookie, "Sec-Fetch-Site": "same-origin"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    statuses = bridge_statuses(app, headers)
    assert set(statuses.values()) <= {101, 200}, statuses
