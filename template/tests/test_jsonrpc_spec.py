# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The examples of the JSON-RPC 2.0 specification (section 7), adapted to
named params and to the plumbing app's methods, on this project's transport:
a third-party client that speaks the specification gets exactly what it
shows. Also the limits of a batch request (bridge/batch.py)."""

from __future__ import annotations

import json
from typing import Any

from bridge_client import BridgeClient

INVALID_REQUEST = {"code": -32600}
METHOD_NOT_FOUND = {"code": -32601}
PARSE_ERROR = {"code": -32700}


def request(method: str, params: dict[str, Any] | None = None, id: Any = None) -> dict[str, Any]:
    message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
    if params is not None:
        message["params"] = params
    if id is not None:
        message["id"] = id
    return message


def exchange(client: BridgeClient, message: Any) -> Any:
    return client.send_verbatim(json.dumps(message))


def error_of(answer: Any, id: Any = None) -> dict[str, Any]:
    """The error of one response object, after checking its shape."""
    assert isinstance(answer, dict), answer
    assert answer["jsonrpc"] == "2.0" and answer["id"] == id and "result" not in answer, answer
    error: dict[str, Any] = answer["error"]
    return error


def assert_error(answer: Any, expected: dict[str, int], id: Any = None) -> None:
    assert error_of(answer, id)["code"] == expected["code"], answer


def assert_nothing_came_back(client: BridgeClient) -> None:
    """Nothing was answered, and the connection lives on: the next call's
    answer is the very next message."""
    follow_up = request("add", {"a": 1, "b": 1}, id="after")
    assert exchange(client, follow_up) == {"jsonrpc": "2.0", "id": "after", "result": {"sum": 2}}


def test_a_call_with_named_params(client: BridgeClient) -> None:
    answer = exchange(client, request("add", {"a": 42, "b": -23}, id=1))
    assert answer == {"jsonrpc": "2.0", "id": 1, "result": {"sum": 19}}


def test_notifications_are_never_answered_not_even_with_an_error(
    client: BridgeClient,
) -> None:
    assert client.send_verbatim(json.dumps(request("increment", {"by": 5})), timeout=1) is None
    assert client.send_verbatim(json.dumps(request("foobar")), timeout=1) is None
    assert client.send_verbatim(json.dumps(request("add", {"a": "x"})), timeout=1) is None
    # The first one ran all the same.
    assert exchange(client, request("increment", {"by": 1}, id=2))["result"] == {"count": 6}


def test_a_missing_method(client: BridgeClient) -> None:
    assert_error(exchange(client, request("foobar", id="1")), METHOD_NOT_FOUND, id="1")


def test_invalid_json(client: BridgeClient) -> None:
    answer = client.send_verbatim('{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]')
    assert_error(answer, PARSE_ERROR)


def test_an_invalid_request_object(client: BridgeClient) -> None:
    answer = exchange(client, {"jsonrpc": "2.0", "method": 1, "params": "bar"})
    assert_error(answer, INVALID_REQUEST)


def test_a_batch_that_is_invalid_json_gets_one_parse_error(client: BridgeClient) -> None:
    answer = client.send_verbatim(
        '[{"jsonrpc": "2.0", "method": "add", "params": {"a": 1, "b": 2}, "id": "1"},'
        '{"jsonrpc": "2.0", "method"]'
    )
    assert_error(answer, PARSE_ERROR)


def test_an_empty_batch_gets_one_invalid_request(client: BridgeClient) -> None:
    assert_error(exchange(client, []), INVALID_REQUEST)


def test_a_batch_of_one_non_request_gets_an_array_of_one_error(client: BridgeClient) -> None:
    answer = exchange(client, [1])
    assert isinstance(answer, list) and len(answer) == 1, answer
    assert_error(answer[0], INVALID_REQUEST)


def test_a_batch_of_three_non_requests_gets_three_errors(client: BridgeClient) -> None:
    answer = exchange(client, [1, 2, 3])
    assert isinstance(answer, list) and len(answer) == 3, answer
    for each in answer:
        assert_error(each, INVALID_REQUEST)


def test_a_mixed_batch_gets_the_answers_of_its_calls_in_order(client: BridgeClient) -> None:
    answer = exchange(
        client,
        [
            request("add", {"a": 1, "b": 6}, id="1"),
            request("increment", {"by": 7}),  # a notification: no answer
            request("add", {"a": 42, "b": -23}, id="2"),
            {"foo": "boo"},
            request("foo.get", {"name": "myself"}, id="5"),
            request("divide", {"a": 10, "b": 4}, id="9"),
        ],
    )
    assert isinstance(answer, list) and len(answer) == 5, answer
    assert answer[0] == {"jsonrpc": "2.0", "id": "1", "result": {"sum": 7}}
    assert answer[1] == {"jsonrpc": "2.0", "id": "2", "result": {"sum": 19}}
    assert_error(answer[2], INVALID_REQUEST)
    assert_error(answer[3], METHOD_NOT_FOUND, id="5")
    assert answer[4] == {"jsonrpc": "2.0", "id": "9", "result": {"quotient": 2.5}}
    assert exchange(client, request("increment", {"by": 1}, id=3))["result"] == {"count": 8}


def test_a_batch_of_notifications_only_gets_nothing_at_all(client: BridgeClient) -> None:
    batch = [request("increment", {"by": 1}), request("increment", {"by": 2})]
    assert client.send_verbatim(json.dumps(batch), timeout=1) is None
    assert_nothing_came_back(client)
    assert exchange(client, request("increment", {"by": 1}, id=4))["result"] == {"count": 4}


def test_a_batch_over_the_limit_gets_one_typed_error_and_runs_nothing(
    client: BridgeClient,
) -> None:
    assert client.hello is not None
    limit = client.hello["params"]["limits"]["batch_requests"]
    batch = [request("increment", {"by": 1}, id=n) for n in range(limit + 1)]
    error = error_of(exchange(client, batch))
    assert error["code"] == INVALID_REQUEST["code"]
    assert error["data"] == {"max_batch_requests": limit}
    assert exchange(client, request("increment", {"by": 1}, id="n"))["result"] == {"count": 1}
    # At the limit, every member runs and is answered.
    answers = exchange(client, batch[:limit])
    assert [each["id"] for each in answers] == list(range(limit))
    assert sorted(each["result"]["count"] for each in answers) == list(range(2, limit + 2))


def test_bytes_never_travel_in_a_batch(client: BridgeClient) -> None:
    answer = exchange(client, [request("hash_file", {"name": "x"}, id=1)])
    assert isinstance(answer, list) and len(answer) == 1, answer
    assert_error(answer[0], INVALID_REQUEST, id=1)
    assert "binary" in answer[0]["error"]["message"]
