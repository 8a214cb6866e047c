# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Bounds on everything a client controls, so a slow, dead or hostile client
cannot grow memory or tie up the app."""

from __future__ import annotations

from dataclasses import dataclass

from .framing import FRAME_PREFIX_BYTES, MAX_HEADER_BYTES


@dataclass(frozen=True)
class Limits:
    # Largest HTTP request head (request line and headers, cookies included);
    # bigger ones get 431 before any of it is parsed. Above what a browser may
    # send (Chromium keeps up to 180 cookies of 4 KiB per host, all sent), so
    # cookies another local page plants for 127.0.0.1 cannot lock the page out.
    max_head_bytes: int = 768 * 1024
    # Largest JSON message accepted; bigger ones get MESSAGE_TOO_LARGE.
    max_message_bytes: int = 1024 * 1024
    # Largest binary payload (a file or buffer) in one message, either way.
    max_binary_bytes: int = 64 * 1024 * 1024
    # Calls one connection may have running at once; more wait their turn
    # (the WebSocket is read no further; an SSE POST waits, and gets BUSY only
    # when max_connections times this many wait already). A batch request
    # counts once here: its members are bounded by max_batch_requests.
    # While a WebSocket is held so, its pongs wait unread too: calls that keep
    # every slot busy for over the ping timeout (two heartbeats) with more
    # queued end the link, and the page's client resumes (the calls re-sent
    # are answered once, ledger.py).
    max_pending_calls: int = 64
    # Requests in one JSON-RPC batch (an array); a bigger one gets one error.
    max_batch_requests: int = 64
    # Messages queued for one client; a client that lets this fill up is
    # disconnected (it resumes from its last event when it comes back).
    max_outbound_queue: int = 1024
    # A send that takes longer than this drops the client (noticed within 1.5
    # times this on the WebSocket, whose one timer per session also beats).
    send_timeout_seconds: float = 10.0
    # Simultaneous bridge connections (pages, tabs, tools).
    max_connections: int = 16
    # Events kept for clients that reconnect and resume.
    event_buffer: int = 4096
    # Interval of the server's heartbeat (WebSocket ping / SSE comment).
    heartbeat_seconds: float = 15.0
    # Answers kept so a call re-sent after a dropped connection is answered
    # once (ledger.py): how many, how many bytes, how long.
    answered_calls_kept: int = 4096
    answered_bytes_kept: int = 128 * 1024 * 1024
    answers_kept_seconds: float = 300.0

    @property
    def max_binary_message_bytes(self) -> int:
        """The largest well-formed binary message: header length, header, payload.
        Bigger ones get MESSAGE_TOO_LARGE."""
        return FRAME_PREFIX_BYTES + MAX_HEADER_BYTES + self.max_binary_bytes

    @property
    def max_frame_bytes(self) -> int:
        """Frames above this are refused by the protocol layer itself (the
        connection closes); below it, the checks above answer with typed errors."""
        return self.max_binary_message_bytes + 64 * 1024
