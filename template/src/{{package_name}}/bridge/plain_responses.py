# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Responses written straight as ASGI messages, for the direct routes.

A direct route (direct_routes.py) answers without Starlette's `Response`
classes; these write the same head and body those would (the same status,
`content-type` and `content-length`) as the two ASGI messages of a response.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.types import Send

from . import jsontext

JSON = b"application/json"
TEXT = b"text/plain; charset=utf-8"
# Statuses whose response has no body, and so no content-length.
_BODYLESS = frozenset({204, 304})


async def send_response(
    send: Send,
    status: int,
    body: bytes = b"",
    content_type: bytes | None = None,
    more_headers: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    headers = list(more_headers)
    if content_type is not None:
        headers.append((b"content-type", content_type))
    if status not in _BODYLESS:
        headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def send_json(send: Send, status: int, value: Any) -> None:
    await send_response(send, status, jsontext.encode(value).encode(), JSON)
