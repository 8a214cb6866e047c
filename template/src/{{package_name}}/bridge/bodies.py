# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Request bodies read without trusting the size a client declares."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect, Request
from starlette.types import Receive


async def read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None as soon as it exceeds `limit` bytes."""
    return await receive_body(request.receive, request.headers, limit)


async def receive_body(receive: Receive, headers: Headers, limit: int) -> bytes | None:
    """The body of the request whose ASGI `receive` this is, or None as soon as
    it exceeds `limit` bytes; ClientDisconnect if the client left before
    sending all of it."""
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunk: bytes = message.get("body", b"")
        if not body and not message.get("more_body", False):
            return chunk if len(chunk) <= limit else None  # all in one piece: no copy
        body.extend(chunk)
        if len(body) > limit:
            return None
        if not message.get("more_body", False):
            return bytes(body)
