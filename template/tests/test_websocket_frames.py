# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""WebSocket frames a client should never send: each closes that connection
with the code RFC 6455 names, costs the log one line and no traceback, and
leaves every other connection alone."""

from __future__ import annotations

import pytest
from app_process import RunningApp
from bridge_client import BridgeClient
from websockets.exceptions import ConnectionClosed


def assert_still_works(client: BridgeClient) -> None:
    assert client.call("add", {"a": 2, "b": 2})["result"] == {"sum": 4}


def test_text_that_is_not_utf8_closes_with_1007_and_no_traceback(
    app: RunningApp, token: str | None, client: BridgeClient
) -> None:
    hostile = BridgeClient(app.base_url, token)
    for _ in range(20):  # a client repeating it costs one line each
        hostile.socket.send(b"\xff\xfe not UTF-8", text=True)
        with pytest.raises(ConnectionClosed) as closed:
            hostile.socket.recv(10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1007
        hostile.close()
        hostile = BridgeClient(app.base_url, token)
    hostile.close()
    assert_still_works(client)
    stderr = app.wait_for_stderr(
        lambda text: text.count("not UTF-8") >= 20, "a log line for each of the 20 frames"
    )
    assert stderr.count("not UTF-8") == 20
    assert "Traceback" not in stderr
    assert "ERROR" not in stderr
