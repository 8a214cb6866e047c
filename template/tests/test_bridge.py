# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Typed calls, typed errors and pushed events over the real transport."""

from __future__ import annotations

import hashlib
import json
import os
import random

from bridge_client import BridgeClient, encode_frame

# The wire contract, written out here on purpose rather than imported from
# bridge/errors.py: changing a code there must fail these tests.
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
MESSAGE_TOO_LARGE = -32000


def assert_still_works(client: BridgeClient) -> None:
    assert client.call("add", {"a": 1, "b": 1})["result"] == {"sum": 2}


def test_typed_call_returns_its_result(client: BridgeClient) -> None:
    response = client.call("add", {"a": 2, "b": 3.5})
    assert response == {"jsonrpc": "2.0", "id": response["id"], "result": {"sum": 5.5}}


def test_hello_names_the_run_and_its_last_event(client: BridgeClient) -> None:
    assert client.hello is not None
    params = client.hello["params"]
    assert isinstance(params["epoch"], str) and len(params["epoch"]) == 16
    assert isinstance(params["seq"], int)
    # The page refuses what the server would refuse before sending it.
    assert params["limits"] == {
        "message_bytes": 1024 * 1024,
        "binary_message_bytes": 4 + 64 * 1024 + 64 * 1024 * 1024,
        "batch_requests": 64,
    }


def test_unknown_method_is_a_typed_error(client: BridgeClient) -> None:
    error = client.call("no_such_method", {})["error"]
    assert error["code"] == METHOD_NOT_FOUND
    assert error["data"] == {"method": "no_such_method"}
    assert_still_works(client)


def test_invalid_params_name_the_failing_fields(client: BridgeClient) -> None:
    error = client.call("add", {"a": "seven"})["error"]
    assert error["code"] == INVALID_PARAMS
    failing = {tuple(item["loc"]) for item in error["data"]}
    assert failing == {("a",), ("b",)}
    assert_still_works(client)


def test_handler_exception_is_typed_and_leaks_no_traceback(client: BridgeClient) -> None:
    response = client.call("divide", {"a": 1, "b": 0})
    error = response["error"]
    assert error["code"] == INTERNAL_ERROR
    assert len(error["data"]["incident"]) == 12
    wire = json.dumps(response)
    assert "Traceback" not in wire and "ZeroDivision" not in wire and ".py" not in wire
    assert_still_works(client)


def test_malformed_json_is_a_parse_error(client: BridgeClient) -> None:
    response = client.send_raw('{"jsonrpc": "2.0", "id": 1, "method": ')
    assert response is not None
    assert response["error"]["code"] == PARSE_ERROR
    assert response["id"] is None
    assert_still_works(client)


def test_oversized_message_is_refused_and_the_link_lives_on(client: BridgeClient) -> None:
    padding = "x" * (1024 * 1024 + 1)
    request = {
        "jsonrpc": "2.0",
        "id": 99,
        "method": "add",
        "params": {"a": 1, "b": 2, "p": padding},
    }
    response = client.send_raw(json.dumps(request))
    assert response is not None
    assert response["error"]["code"] == MESSAGE_TOO_LARGE
    assert_still_works(client)


def test_pushed_events_arrive_in_order_with_consecutive_seq(client: BridgeClient) -> None:
    total = 300
    result = client.call("count_to", {"total": total})["result"]
    events = client.events(total)
    assert [event["method"] for event in events] == ["progress"] * total
    assert [event["params"]["data"]["current"] for event in events] == list(range(1, total + 1))
    seqs = [event["params"]["seq"] for event in events]
    assert seqs == list(range(seqs[0], seqs[0] + total))
    assert result == {"emitted": total, "last_seq": seqs[-1]}


def test_every_client_receives_every_event(app_url_pair: tuple[BridgeClient, BridgeClient]) -> None:
    first, second = app_url_pair
    first.call("count_to", {"total": 20})
    for client in (first, second):
        events = client.events(20)
        assert [e["params"]["data"]["current"] for e in events] == list(range(1, 21))


def test_a_10_mb_file_goes_to_python_intact(client: BridgeClient) -> None:
    data = os.urandom(10 * 1024 * 1024)
    response, _ = client.call_binary("hash_file", {"name": "big.bin"}, data)
    assert response["result"] == {
        "name": "big.bin",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    assert_still_works(client)


def test_a_10_mb_file_comes_back_from_python_intact(client: BridgeClient) -> None:
    size = 10 * 1024 * 1024
    response, data = client.call_binary("make_file", {"size": size, "seed": 7})
    assert data is not None and len(data) == size
    assert data == random.Random(7).randbytes(size)
    assert response["result"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert_still_works(client)


def test_a_malformed_binary_message_is_a_typed_error(client: BridgeClient) -> None:
    for frame in (b"\x00", b"\xff\xff\xff\xff{}", b"\x00\x00\x00\x03abc", b"\x00\x00\x00\x02[]"):
        response, data = client.send_frame(frame, timeout=10)
        assert response["error"]["code"] == INVALID_REQUEST and data is None, frame
    assert_still_works(client)


def test_an_oversized_binary_message_is_refused_and_the_link_lives_on(
    client: BridgeClient,
) -> None:
    assert client.hello is not None
    limit = client.hello["params"]["limits"]["binary_message_bytes"]
    request = {"jsonrpc": "2.0", "id": 77, "method": "hash_file", "params": {"name": "big"}}
    frame = encode_frame(request, b"")
    frame += bytes(limit + 1 - len(frame))
    response, data = client.send_frame(frame, timeout=30)
    assert response["error"]["code"] == MESSAGE_TOO_LARGE and data is None
    # Over WebSocket the refusal names the call (its header is read); over SSE
    # the POST is refused before its body is read, and it carried one call.
    assert response["id"] == (77 if client.transport == "websocket" else None)
    assert_still_works(client)


def test_a_binary_method_called_as_text_is_a_typed_error(client: BridgeClient) -> None:
    assert client.call("hash_file", {"name": "x"})["error"]["code"] == INVALID_REQUEST
    assert client.call("make_file", {"size": 1})["error"]["code"] == INVALID_REQUEST
    assert_still_works(client)
