"""A minimal HTTP/1.1 client on asyncio streams, for the SSE transport.

General-purpose clients (httpx) spend more CPU per request than the server
under test does, which would bury the figures in client overhead. This one
does only what the bridge needs: keep-alive requests with a body, responses
with Content-Length or chunked bodies, and a chunked stream read as it comes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

# Large enough that a 64 MiB body is not read through 64 KiB pauses.
STREAM_LIMIT = 16 * 1024 * 1024


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


class HttpConnection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, host: str, port: int) -> HttpConnection:
        reader, writer = await asyncio.open_connection(host, port, limit=STREAM_LIMIT)
        return cls(reader, writer)

    def close(self) -> None:
        self.writer.close()

    async def _send(self, method: str, target: str, headers: dict[str, str], body: bytes) -> None:
        lines = [f"{method} {target} HTTP/1.1"]
        lines.extend(f"{name}: {value}" for name, value in headers.items())
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if len(body) < 65536:
            self.writer.write(head + body)
        else:  # no 64 MiB concatenation
            self.writer.write(head)
            self.writer.write(body)
        await self.writer.drain()

    async def _head(self) -> tuple[int, dict[str, str]]:
        raw = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = raw.decode("latin-1").split("\r\n")
        headers: dict[str, str] = {}
        for line in header_lines:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        return int(status_line.split(" ", 2)[1]), headers

    async def request(
        self, method: str, target: str, headers: dict[str, str], body: bytes = b""
    ) -> Response:
        """One request on this (kept-alive) connection, its whole response read."""
        await self._send(method, target, headers, body)
        status, response_headers = await self._head()
        if response_headers.get("transfer-encoding", "").lower() == "chunked":
            content = b"".join([chunk async for chunk in self._chunks()])
        else:
            content = await self.reader.readexactly(
                int(response_headers.get("content-length", "0"))
            )
        return Response(status, response_headers, content)

    async def stream(
        self, method: str, target: str, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], AsyncIterator[bytes]]:
        """A request whose chunked response is read as it arrives (an event stream)."""
        await self._send(method, target, headers, b"")
        status, response_headers = await self._head()
        return status, response_headers, self._chunks()

    async def _chunks(self) -> AsyncIterator[bytes]:
        while True:
            size_line = await self.reader.readline()
            size = int(size_line.split(b";", 1)[0], 16)
            if size == 0:
                while (await self.reader.readline()) not in (b"\r\n", b""):
                    pass  # trailers
                return
            chunk = await self.reader.readexactly(size + 2)
            yield chunk[:-2]


class SseParser:
    """Server-Sent Events: feed bytes, get the `data` of each complete event."""

    def __init__(self) -> None:
        self._buffer = b""

    def feed(self, chunk: bytes) -> list[str]:
        # What is left over is a partial event: small, so normalizing it again is cheap.
        self._buffer = (self._buffer + chunk).replace(b"\r\n", b"\n")
        if self._buffer.endswith(b"\r"):  # a CRLF split across chunks
            return []
        *blocks, self._buffer = self._buffer.split(b"\n\n")
        messages = []
        for block in blocks:
            start = block.find(b"data:")
            if start < 0:
                continue
            if block.find(b"\ndata:", start) < 0:  # one data line: the usual case, made cheap
                end = block.find(b"\n", start)
                line = block[start + 5 : end if end >= 0 else len(block)]
                messages.append(line.removeprefix(b" ").decode())
                continue
            data = [
                line[5:].removeprefix(b" ")
                for line in block.split(b"\n")
                if line.startswith(b"data:")
            ]
            messages.append(b"\n".join(data).decode())
        return messages
