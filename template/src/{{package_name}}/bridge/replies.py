# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""What answering a request produces: its reply as sent, or the run that will
deliver one.

A request is answered at once when its answer exists already (an error found
before any handler runs, or a kept answer), or later, by its handler's run;
the transports send what `Reply` holds and keep track of what is `Running`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import jsontext
from .framing import encode_frame


@dataclass(frozen=True)
class Reply:
    """What a call produced: a JSON-RPC response as sent (compact JSON, encoded
    once), plus bytes for a binary reply."""

    text: str
    data: bytes | None = None

    @staticmethod
    def of(message: dict[str, Any]) -> Reply:
        return Reply(jsontext.encode(message))

    def frame(self) -> bytes:
        """The reply as one binary message (framing.py)."""
        return encode_frame(self.text, self.data or b"")

    def size(self) -> int:
        """Bytes this reply holds (what the ledger counts while keeping it)."""
        return len(self.text) + len(self.data or b"")


# Takes a request's reply the moment it exists (None: nothing to send).
Deliver = Callable[[Reply | None], None]


@dataclass(frozen=True)
class Running:
    """A request whose handler runs (see `Router.submit`)."""

    run: asyncio.Future[Any]
    detached: bool  # the ledger's run: it outlives the connection; never cancel it
