# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Hostile and broken clients are contained: a flood of calls waits its turn
(at most the running limit at once), a client that sends faster than it reads
still gets every answer, a
client that stops reading is dropped while others get everything and memory
stays bounded, JSON nested beyond what any parser recurses gets a typed error,
and random bytes or JSON (property-based, thousands of cases) never crash the
server or leak a traceback."""

from __future__ import annotations

import base64
import json
import os
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

from app_process import RunningApp
from bridge_client import BridgeClient
from hypothesis import given, settings
from hypothesis import strategies as st

# Written out, not imported: the wire contract (see test_bridge.py).
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
MAX_PENDING_CALLS = 64


def assert_still_works(client: BridgeClient) -> None:
    assert client.call("add", {"a": 1, "b": 1})["result"] == {"sum": 2}


def slow_call(request_id: int) -> str:
    params = {"total": 1, "interval_ms": 1000}  # one event, then a second's wait
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "count_to", "params": params})


def test_a_flood_of_calls_waits_its_turn_and_the_app_lives_on(client: BridgeClient) -> None:
    # 150 calls of a second each, sent at once, as a script's client may: each
    # is answered, none refused, and they run at most MAX_PENDING_CALLS at a
    # time (three rounds), not all at once (one second).
    started = time.monotonic()
    answers = client.flood([slow_call(i) for i in range(1, 151)], timeout=60)
    took = time.monotonic() - started
    assert sorted(answer["id"] for answer in answers) == list(range(1, 151))
    assert all(answer.get("result", {}).get("emitted") == 1 for answer in answers), answers
    assert took >= 150 // MAX_PENDING_CALLS, f"{took:.2f} s: more than the limit ran at once"
    assert_still_works(client)


def add_call(request_id: int) -> str:
    params = {"a": request_id, "b": 1}
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "add", "params": params})


def test_a_page_that_sends_faster_than_it_reads_gets_every_answer(
    app: RunningApp, client: BridgeClient
) -> None:
    # Thousands of calls sent back to back on one WebSocket while reading:
    # answers wait for the reader, and the page is not taken for a stalled one. Over SSE each call is a POST on a connection of its
    # own (a reused idle one may be closed by the server as it is reused).
    total = 10_000 if client.transport == "websocket" else 256
    answers = client.flood([add_call(i) for i in range(1, total + 1)], timeout=120)
    assert sorted(answer["id"] for answer in answers) == list(range(1, total + 1))
    for answer in answers:
        assert answer.get("result") == {"sum": answer["id"] + 1}, answer
    assert "dropping a client" not in app.stderr
    assert_still_works(client)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_nested_too_deeply_to_parse_gets_a_typed_error(
    app: RunningApp, client: BridgeClient
) -> None:
    # 100,000 levels: far past any parser's recursion, well inside 1 MiB.
    deep = nested(100_000)
    for message in (
        '{"jsonrpc":"2.0","id":7,"method":"add","params":{"a":' + deep + ',"b":1}}',
        deep,
        '{"jsonrpc":"2.0","method":"add","id":' + nested(990) + "}",
    ):
        answer = client.send_raw(message)
        assert answer is not None and answer["id"] is None, answer
        assert answer["error"]["code"] in (PARSE_ERROR, INVALID_REQUEST), answer
        assert_still_works(client)  # the same connection
    header = (
        '{"jsonrpc":"2.0","id":8,"method":"hash_file","params":' + nested(20_000) + "}"
    ).encode()
    answer, _ = client.send_frame(len(header).to_bytes(4, "big") + header + b"data", timeout=10)
    assert answer["error"]["code"] == INVALID_REQUEST, answer
    assert_unharmed(app, client)
    assert "Traceback" not in app.stderr


def rss_bytes(pid: int) -> int | None:
    """Resident memory of a process (Linux /proc); None elsewhere."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return None


def open_stalled_connection(app: RunningApp, token: str | None, transport: str) -> socket.socket:
    """A bridge connection whose client never reads (a hung tab), with a small
    receive buffer so the server soon has to hold or drop what it sends."""
    address = urlsplit(app.base_url)
    host = f"{address.hostname}:{address.port}"
    stalled = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stalled.connect((address.hostname or "", address.port or 0))
    lines = [f"Host: {host}", f"Origin: http://{host}"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    if transport == "websocket":
        key = base64.b64encode(os.urandom(16)).decode()
        lines += ["Upgrade: websocket", "Connection: Upgrade", f"Sec-WebSocket-Key: {key}"]
        lines.append("Sec-WebSocket-Version: 13")
        request = "GET /bridge/ws HTTP/1.1"
    else:
        request = "GET /bridge/events HTTP/1.1"
    stalled.sendall("\r\n".join([request, *lines, "", ""]).encode())
    head = stalled.recv(1024)
    assert head.startswith((b"HTTP/1.1 101", b"HTTP/1.1 200")), head
    return stalled


def dropped_by_server(app: RunningApp, timeout: float) -> bool:
    """The app reported dropping a client (its queue overflowed or a send timed
    out). Draining the stalled socket to see the close would take long: its
    tiny receive window makes the server's last megabytes crawl."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "dropping a client" in app.stderr:
            return True
        time.sleep(0.2)
    return False


def test_a_client_that_stops_reading_is_dropped_and_the_others_get_everything(
    app: RunningApp, token: str | None, client: BridgeClient
) -> None:
    total = 100_000  # megabytes of events: more than the socket buffers hold
    stalled = open_stalled_connection(app, token, client.transport)
    before = rss_bytes(app.process.pid)
    client.call("count_to", {"total": total}, timeout=180)
    events = client.events(total, timeout=120)
    seqs = [event["params"]["seq"] for event in events]
    assert seqs == list(range(seqs[0], seqs[0] + total))  # all of them, in order
    after = rss_bytes(app.process.pid)
    assert dropped_by_server(app, timeout=30), app.stderr[-2000:]
    stalled.close()
    if before is not None and after is not None:
        # Bounded queues: the stalled client held at most its queue, not the stream.
        assert after - before < 64 * 1024 * 1024, (before, after)
    assert_still_works(client)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5)
    ),
    max_leaves=20,
)
# Every method but the ones that may legitimately take long with random params.
methods = st.sampled_from(["add", "divide", "increment", "hash_file", "", "$/hello", "nope"])
requests = st.fixed_dictionaries(
    {
        "jsonrpc": st.sampled_from(["2.0", "1.0", 2, None]),
        "id": st.integers(min_value=1, max_value=2**31),  # always answered
        "method": methods | st.text(max_size=20),
        "params": json_values,
    }
)
FUZZ = settings(max_examples=1000, deadline=None, database=None)


def assert_typed_answer(answer: dict[str, object] | None) -> None:
    if answer is None:  # SSE: a notification answered with 204
        return
    assert answer.get("jsonrpc") == "2.0", answer
    assert ("result" in answer) != ("error" in answer), answer
    if "error" in answer:
        error = answer["error"]
        assert isinstance(error, dict) and isinstance(error.get("code"), int), answer
    assert "Traceback" not in json.dumps(answer)


def assert_unharmed(app: RunningApp, client: BridgeClient) -> None:
    """The same connection still works, and the server never crashed a request."""
    assert_still_works(client)
    assert "Exception in ASGI application" not in app.stderr


def test_random_requests_get_typed_answers(app: RunningApp, client: BridgeClient) -> None:
    @FUZZ
    @given(request=requests)
    def check(request: dict[str, object]) -> None:
        assert_typed_answer(client.send_raw(json.dumps(request)))

    check()
    assert_unharmed(app, client)


def test_random_json_and_text_get_typed_errors(app: RunningApp, client: BridgeClient) -> None:
    @FUZZ
    @given(message=json_values | st.text())
    def check(message: object) -> None:
        raw = message if isinstance(message, str) else json.dumps(message)
        answer = client.send_verbatim(raw)
        # An array is a batch request: answered with an array of answers.
        for each in answer if isinstance(answer, list) else [answer]:
            assert_typed_answer(each)

    check()
    assert_unharmed(app, client)


def test_random_bytes_get_typed_errors(app: RunningApp, client: BridgeClient) -> None:
    @FUZZ
    @given(frame=st.binary(max_size=256))
    def check(frame: bytes) -> None:
        answer, _ = client.send_frame(frame, timeout=10)
        assert_typed_answer(answer)

    check()
    assert_unharmed(app, client)
