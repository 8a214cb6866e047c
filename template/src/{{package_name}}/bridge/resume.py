# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Where a (re)connecting page stands: which client it is, which run of the app
it last saw (`epoch`) and the last event it has (`after`).

Sent as query parameters (`?client=...&epoch=...&after=N`) on the WebSocket
handshake, the SSE stream and the call POSTs; an SSE client's own retry sends
`Last-Event-ID` instead of `after`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
_EPOCH = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class Position:
    client: str | None = None
    epoch: str | None = None
    after: int | None = None


def read_position(query: Mapping[str, str], headers: Mapping[str, str]) -> Position:
    """Parse and check what the page sent; a malformed value raises ValueError
    naming it (the page is refused with that message, nothing is guessed)."""
    client = query.get("client")
    if client is not None and not _CLIENT_ID.fullmatch(client):
        raise ValueError("client must be 8-64 letters, digits, '-' or '_'")
    epoch = query.get("epoch")
    if epoch is not None and not _EPOCH.fullmatch(epoch):
        raise ValueError("epoch must be the 16 hex digits the server sent")
    raw_after = headers.get("last-event-id") or query.get("after")
    after = None
    if raw_after is not None:
        if not raw_after.isdigit() or len(raw_after) > 18:
            raise ValueError("after (or Last-Event-ID) must be an event sequence number")
        after = int(raw_after)
    return Position(client, epoch, after)
