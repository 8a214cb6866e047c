# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The HTTP/1.1 protocol the server speaks: uvicorn's httptools protocol, with
each request head capped and read in one piece, and cookies dropped.

uvicorn keeps every header of a request, however large, and httptools grows a
header's value by concatenation each time more of it arrives, so a header sent
in small pieces costs time that grows with the square of its size. Both happen
before any ASGI code (the security guard) can refuse the request. Here a
request head is collected in one buffer until its blank line, then parsed in
one step (linear), and a head over `max_head_bytes` is answered 431; what the
client still sends is dropped unparsed until the connection closes. Other
connections wait for none of it.

Each response's head waits for its body (response_writes.py), so a small
response leaves in one write.

Cookie headers are dropped as they are parsed: the app never reads cookies (a
cookie for 127.0.0.1 reaches every local server, see credentials.py), so none
is parsed, none reaches a log, and none that another local page set for
127.0.0.1 can break a request. Browsers cap one host's cookies (Chromium: 180
of at most 4 KiB), and the head cap (Limits.max_head_bytes) is above that, so
even a full cookie jar planted by a hostile page cannot lock the user out.

This reaches into uvicorn's HttpToolsProtocol (its parser callbacks); the
pinned uvicorn version and the tests of the hostile-input rules keep it honest.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .response_writes import HeadWithBody

logger = logging.getLogger(__name__)

# How a request head ends (its blank line): a line feed, then one ending a
# blank line, bare or not ("\r\n\r\n" ends where its "\n\r\n" does).
_HEAD_ENDS = (b"\n\n", b"\n\r\n")
_LONGEST_END = max(map(len, _HEAD_ENDS))
# How long a refused connection is read (and its bytes dropped) before it closes.
LINGER_SECONDS = 2.0


def _head_end(buffer: bytes | bytearray, start: int) -> int:
    """Where the first blank line at or after `start` ends, or -1."""
    ends = [at + len(blank) for blank in _HEAD_ENDS if (at := buffer.find(blank, start)) >= 0]
    return min(ends, default=-1)


def capped_http_protocol(max_head_bytes: int) -> type[CappedHttpProtocol]:
    """uvicorn's `http` protocol class with this cap on a request head."""

    class Capped(CappedHttpProtocol):
        pass

    Capped.max_head_bytes = max_head_bytes
    return Capped


class CappedHttpProtocol(HttpToolsProtocol):
    max_head_bytes = 64 * 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A request head still arriving. Its first `_carried` bytes were fed
        # to the parser already (the end of a body's last read), and are kept
        # only to find a blank line that straddles the two.
        self._head = bytearray()
        self._carried = 0
        self._in_body = False  # the parser is past a head, in its message's body
        self._parser_in_head = False  # the parser holds part of a head
        self._refused = False

    def data_received(self, data: bytes) -> None:
        while data and not self._refused:
            if self.transport.is_closing():
                return
            protocol = self.transport.get_protocol()
            if protocol is not self:
                # Upgraded to a WebSocket: what followed the head is its own.
                cast(asyncio.Protocol, protocol).data_received(data)
                return
            if self._in_body:
                self._feed_body(data)
                return
            data = self._take_head(data)

    def _take_head(self, data: bytes) -> bytes:
        """Collect a head; once its blank line is in, parse it in one step.
        Return what follows the head (nothing while it is incomplete)."""
        if not self._head:
            # The usual case, kept cheap (it is paid by every call over SSE):
            # a whole head in one read, nothing collected before it.
            end = _head_end(data, 0)
            if 0 <= end <= self.max_head_bytes:
                super().data_received(data if end == len(data) else data[:end])
                return data[end:]
        searched = max(0, len(self._head) - _LONGEST_END + 1)
        self._head += data
        found = _head_end(self._head, searched)
        end = len(self._head) if found < 0 else found
        if end - self._carried > self.max_head_bytes:
            self._refuse_head()
            return b""
        if found < 0:
            return b""
        head, rest = bytes(self._head[self._carried : end]), bytes(self._head[end:])
        self._head, self._carried = bytearray(), 0
        super().data_received(head)
        return rest

    def _feed_body(self, data: bytes) -> None:
        super().data_received(data)
        if not self._in_body and self._parser_in_head:
            # The read ended the body and began the next request's head.
            self._head = bytearray(data[-(_LONGEST_END - 1) :])
            self._carried = len(self._head)

    def on_message_begin(self) -> None:
        self._parser_in_head = True
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        self._parser_in_head = False
        self._in_body = True
        super().on_headers_complete()
        cycle = self.cycle
        # A new request's cycle (an upgrade to a WebSocket creates none):
        # its response's head and body leave in one write (response_writes.py).
        if cycle is not None and cycle.transport is self.transport:
            cycle.transport = cast(asyncio.Transport, HeadWithBody(self.transport))

    def on_message_complete(self) -> None:
        self._in_body = False
        super().on_message_complete()

    def on_header(self, name: bytes, value: bytes) -> None:
        if name.lower() != b"cookie":
            super().on_header(name, value)

    def _refuse_head(self) -> None:
        """Answer 431 and end the connection. What the client still sends is
        read and dropped for a moment first (a lingering close): closing on
        unread data would reset the connection and could lose the answer."""
        self._refused = True
        self._head = bytearray()
        logger.debug("refused a request whose head exceeds %d bytes", self.max_head_bytes)
        body = (
            f"request headers over {self.max_head_bytes} bytes; if this browser sent them, "
            "clear its cookies for this site (127.0.0.1)"
        ).encode()
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            b"content-type: text/plain; charset=utf-8\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\n"
            b"connection: close\r\n\r\n" + body
        )
        if self.transport.can_write_eof():
            self.transport.write_eof()
        asyncio.get_running_loop().call_later(LINGER_SECONDS, self.transport.close)
