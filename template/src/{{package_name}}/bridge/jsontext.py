# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Messages as they travel: compact JSON text.

`decode` reads what a client sent: any JSON it cannot take, malformed or
nested deeper than the parser's recursion allows (about 1000 levels, well
inside the size limits), raises ValueError, so one bad message gets a typed
error instead of escaping as a RecursionError that ends the connection.

One encoder for the whole bridge (`json.dumps(..., separators=...)` builds a
new one per call), and the envelopes of results and events built around the
JSON pydantic writes for their models, so a model is serialized once, straight
to text, instead of to a dict that is then encoded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

_encoder = json.JSONEncoder(separators=(",", ":"))


class NestedTooDeeply(ValueError):
    """JSON nested deeper than the parser's recursion limit."""


def decode(raw: str | bytes) -> Any:
    """Parse JSON a client sent; ValueError (NestedTooDeeply included) for
    anything that is not JSON this server can read."""
    try:
        return json.loads(raw)
    except RecursionError:
        raise NestedTooDeeply("the JSON is nested too deeply") from None


def encode(value: Any) -> str:
    return _encoder.encode(value)


def result(request_id: Any, result_json: str) -> str:
    """A JSON-RPC response whose result is already JSON text."""
    # An integer id, the common case, is its own JSON (bool, an int subclass, is not).
    ident = str(request_id) if type(request_id) is int else encode(request_id)
    return '{"jsonrpc":"2.0","id":' + ident + ',"result":' + result_json + "}"


def notification(method: str, seq: int, data_json: str) -> str:
    """An event: a JSON-RPC notification with its sequence number and data (JSON text)."""
    return (
        '{"jsonrpc":"2.0","method":'
        + encode(method)
        + ',"params":{"seq":'
        + str(seq)
        + ',"data":'
        + data_json
        + "}}"
    )


def batch(texts: Iterable[str]) -> str:
    """Encoded messages as one JSON-RPC 2.0 batch (an array), in order."""
    return "[" + ",".join(texts) + "]"
