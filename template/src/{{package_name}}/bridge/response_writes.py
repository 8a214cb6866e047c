# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""One write for a response's head and body, when the body comes at once.

uvicorn writes a response's head (status line and headers) when the app starts
the response, and its body when the app sends it: two writes, so two TCP
segments, and a browser handles each arrival on its own (its network process
parses the head and hands it to the page's process, then wakes again for the
body). For a bridge call over SSE in Chromium that second wake-up cost about
0.7 ms of a 3-5 ms round trip (Resource Timing, responseStart to responseEnd;
issue 15). Here a response's first write waits until the next write or the
end of the current turn of the event loop, whichever comes first: a small
response leaves in one write, and a response whose body comes later (an event
stream, a long poll) has its head written a turn later, not held.
"""

from __future__ import annotations

import asyncio


class HeadWithBody:
    """What one of uvicorn's request cycles writes through (the calls it makes
    on its transport): the first write waits for the second, for one turn."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._held: bytes | None = None
        self._first = True

    def write(self, data: bytes) -> None:
        if self._first:
            self._first = False
            self._held = data
            asyncio.get_running_loop().call_soon(self._flush)
            return
        held, self._held = self._held, None
        self._transport.write(data if held is None else held + data)

    def _flush(self) -> None:
        held, self._held = self._held, None
        if held is not None and not self._transport.is_closing():
            self._transport.write(held)

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()
