"""The message shapes deskwire puts on the wire, shared by the raw floor server
and the benchmark clients so every target moves the same bytes.

Binary messages: [4-byte big-endian header length][JSON header][payload].
"""

from __future__ import annotations

import json
import struct
from typing import Any

Message = dict[str, Any]

_LENGTH = struct.Struct(">I")


def dumps(message: Message) -> str:
    # Compact separators, as deskwire's server and the page's JSON.stringify.
    return json.dumps(message, separators=(",", ":"))


def request(request_id: int, method: str, params: Message) -> Message:
    return {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}


def result(request_id: Any, value: Message) -> Message:
    return {"jsonrpc": "2.0", "id": request_id, "result": value}


def event(name: str, seq: int, data: Message) -> Message:
    return {"jsonrpc": "2.0", "method": name, "params": {"seq": seq, "data": data}}


def hello(epoch: str, seq: int, reset: str | None) -> Message:
    return {
        "jsonrpc": "2.0",
        "method": "$/hello",
        "params": {"epoch": epoch, "seq": seq, "reset": reset},
    }


def encode_frame(header: Message, payload: bytes) -> bytes:
    encoded = dumps(header).encode()
    return _LENGTH.pack(len(encoded)) + encoded + payload


def decode_frame(frame: bytes) -> tuple[Message, bytes]:
    (length,) = _LENGTH.unpack_from(frame)
    header: Message = json.loads(frame[4 : 4 + length])
    return header, frame[4 + length :]
