# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Delivery across a dropped connection: a page that comes back with its
position gets exactly the events it missed, is told when it must resync
instead, and a call it re-sends is answered once."""

from __future__ import annotations

import json

import httpx
import pytest
from app_process import RunningApp
from bridge_client import BridgeClient

OTHER_RUN = "0123456789abcdef"


def connect(app: RunningApp, token: str | None, **position: str) -> BridgeClient:
    return BridgeClient(app.base_url, token, position=position)


def hello_of(client: BridgeClient) -> dict[str, object]:
    assert client.hello is not None
    params: dict[str, object] = client.hello["params"]
    return params


def seqs(events: list[dict[str, object]]) -> list[int]:
    return [event["params"]["seq"] for event in events]  # type: ignore[index]


def test_a_returning_page_gets_exactly_what_it_missed(app: RunningApp, token: str | None) -> None:
    first = connect(app, token)
    seen = hello_of(first)
    epoch, last = str(seen["epoch"]), int(str(seen["seq"]))
    first.close()

    other = connect(app, token)
    other.call("count_to", {"total": 50})  # while the first page is away
    back = connect(app, token, epoch=epoch, after=str(last))
    assert hello_of(back)["reset"] is None
    missed = back.events(50)
    assert seqs(missed) == list(range(last + 1, last + 51))
    # Then live events, with nothing repeated in between.
    other.call("count_to", {"total": 3})
    assert seqs(back.events(3)) == [last + 51, last + 52, last + 53]
    other.close()
    back.close()


def test_a_gap_larger_than_the_buffer_is_a_reset_not_a_silent_loss(
    app: RunningApp, token: str | None, client: BridgeClient
) -> None:
    epoch = str(hello_of(client)["epoch"])
    client.call("count_to", {"total": 5000}, timeout=60)  # the buffer keeps 4096
    back = connect(app, token, epoch=epoch, after="0")
    hello = hello_of(back)
    assert hello["reset"] == "gap" and hello["seq"] == int(str(hello_of(client)["seq"])) + 5000
    client.call("count_to", {"total": 1})
    assert seqs(back.events(1)) == [int(str(hello["seq"])) + 1]  # live from the reset on
    back.close()


def test_a_page_of_another_run_is_told_to_resync(app: RunningApp, token: str | None) -> None:
    back = connect(app, token, epoch=OTHER_RUN, after="12")
    assert hello_of(back)["reset"] == "new-run"
    back.close()


@pytest.mark.parametrize(
    "position",
    [{"epoch": "not-hex"}, {"after": "-1"}, {"after": "ten"}, {"client": "a b"}],
)
def test_a_malformed_position_is_refused(
    app: RunningApp, token: str | None, position: dict[str, str]
) -> None:
    with pytest.raises(Exception) as refused:
        connect(app, token, **position)
    assert "403" in str(refused.value) or "400" in str(refused.value), refused.value


def count_request(request_id: int) -> str:
    params = {"total": 5, "interval_ms": 100}
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "count_to", "params": params})


def test_a_call_resent_after_a_drop_runs_once(app: RunningApp, token: str | None) -> None:
    first = connect(app, token, client="page-0001")
    start = int(str(hello_of(first)["seq"]))
    with pytest.raises((TimeoutError, httpx.TimeoutException)):
        first.send_raw(count_request(7), timeout=0.1)  # it runs for 0.5 s
    first.close()  # the connection drops before the answer

    second = connect(app, token, client="page-0001")
    answer = second.send_raw(count_request(7), timeout=10)
    assert answer is not None and answer["result"] == {"emitted": 5, "last_seq": start + 5}
    assert second.send_raw(count_request(7)) == answer  # and again: still once
    # The log shows one run: the next event is number 6, not 11.
    assert second.call("count_to", {"total": 1})["result"]["last_seq"] == start + 6
    second.close()


def test_the_same_id_from_another_client_is_another_call(
    app: RunningApp, token: str | None
) -> None:
    one = connect(app, token, client="page-0001")
    two = connect(app, token, client="page-0002")
    first, second = one.send_raw(count_request(1)), two.send_raw(count_request(1))
    assert first is not None and second is not None
    assert second["result"]["last_seq"] == first["result"]["last_seq"] + 5
    one.close()
    two.close()
