# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Binary messages: a JSON-RPC header and raw bytes in one frame.

    [4 bytes: header length N, big-endian][N bytes: UTF-8 JSON header][payload]

The same framing travels as a WebSocket binary frame and as the body of
POST /bridge/binary (both ways) on the SSE transport, so a file is never
base64-inflated into JSON.
"""

from __future__ import annotations

import struct
from typing import Any

from . import jsontext
from .errors import INVALID_REQUEST, RpcError, answerable_id

_LENGTH = struct.Struct(">I")
FRAME_PREFIX_BYTES = _LENGTH.size
MAX_HEADER_BYTES = 64 * 1024


def encode_frame(header: str, payload: bytes) -> bytes:
    """A frame of a header (JSON text) and bytes."""
    encoded = header.encode()
    return _LENGTH.pack(len(encoded)) + encoded + payload


def decode_frame(frame: bytes) -> tuple[dict[str, Any], bytes]:
    """Split a frame; a malformed one raises RpcError(INVALID_REQUEST)."""
    if len(frame) < _LENGTH.size:
        raise RpcError(INVALID_REQUEST, "a binary message starts with a 4-byte header length")
    (length,) = _LENGTH.unpack_from(frame)
    if length > MAX_HEADER_BYTES or _LENGTH.size + length > len(frame):
        raise RpcError(INVALID_REQUEST, "the binary message's header length is out of range")
    try:
        header = jsontext.decode(frame[_LENGTH.size : _LENGTH.size + length])
    except jsontext.NestedTooDeeply:
        raise RpcError(
            INVALID_REQUEST, "the binary message's header is nested too deeply"
        ) from None
    except ValueError:
        raise RpcError(INVALID_REQUEST, "the binary message's header is not JSON") from None
    if not isinstance(header, dict):
        raise RpcError(INVALID_REQUEST, "the binary message's header is not a JSON object")
    return header, frame[_LENGTH.size + length :]


def peek_frame_request_id(frame: bytes) -> Any:
    """The id in a binary message's header (small by design, at its start),
    so a refusal of the whole message can still name the call."""
    try:
        header, _ = decode_frame(frame[: _LENGTH.size + MAX_HEADER_BYTES])
    except RpcError:
        return None
    return answerable_id(header)
