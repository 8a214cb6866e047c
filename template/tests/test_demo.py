"""The demo's handlers (app.py) in the real app, as its page calls them.

Delete this file with the demo: the bridge's own tests serve a probe app of
their own (plumbing_app.py) and do not need these handlers.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator

import pytest
from app_process import RunningApp, start_app_headless
from bridge_client import BridgeClient
from conftest import serve

INTERNAL_ERROR = -32603
NOT_CHOSEN = -32011  # the desktop's typed refusal of a path the user did not pick


@pytest.fixture
def app() -> Iterator[RunningApp]:
    yield from serve(start_app_headless)


def test_add_and_divide(client: BridgeClient) -> None:
    assert client.call("add", {"a": 2, "b": 3.5})["result"] == {"sum": 5.5}
    assert client.call("divide", {"a": 1, "b": 4})["result"] == {"quotient": 0.25}
    assert client.call("divide", {"a": 1, "b": 0})["error"]["code"] == INTERNAL_ERROR


def test_increment_keeps_a_count(client: BridgeClient) -> None:
    assert client.call("increment", {"by": 2})["result"] == {"count": 2}
    assert client.call("increment", {})["result"] == {"count": 3}


def test_count_to_pushes_progress_then_answers(client: BridgeClient) -> None:
    result = client.call("count_to", {"total": 3})["result"]
    events = client.events(3)
    assert [event["method"] for event in events] == ["progress"] * 3
    assert [event["params"]["data"] for event in events] == [
        {"current": n, "total": 3} for n in (1, 2, 3)
    ]
    assert result == {"emitted": 3, "last_seq": events[-1]["params"]["seq"]}


def test_files_go_both_ways(client: BridgeClient) -> None:
    data = b"deskwire" * 1000
    response, _ = client.call_binary("hash_file", {"name": "a.bin"}, data)
    digest = hashlib.sha256(data).hexdigest()
    assert response["result"] == {"name": "a.bin", "size": len(data), "sha256": digest}
    response, made = client.call_binary("make_file", {"size": 1000, "seed": 3})
    assert made == random.Random(3).randbytes(1000)
    assert response["result"]["name"] == "random-3.bin"


def test_a_file_the_user_did_not_choose_is_not_hashed(client: BridgeClient) -> None:
    error = client.call("hash_chosen_file", {"path": "/etc/passwd"})["error"]
    assert error["code"] == NOT_CHOSEN
