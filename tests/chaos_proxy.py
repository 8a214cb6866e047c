"""A TCP proxy the test controls, between the browser and the app: it forwards
bytes both ways and, on request, cuts every connection at once (a reset, as
when Wi-Fi drops), or swallows every byte while connections stay open (a
black hole, as when a laptop sleeps or a NAT forgets), so the page must
notice and reconnect."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from collections.abc import Iterator
from concurrent.futures import Future


class ChaosProxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self.cuts = 0
        self.black_hole = False  # swallow bytes instead of forwarding them
        self._loop = asyncio.new_event_loop()
        self._writers: set[asyncio.StreamWriter] = set()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._accept, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _accept(
        self, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter
    ) -> None:
        try:
            app_reader, app = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client.close()
            return
        self._writers.update((client, app))
        await asyncio.gather(
            self._pipe(client_reader, app), self._pipe(app_reader, client), return_exceptions=True
        )
        for writer in (client, app):
            self._writers.discard(writer)
            writer.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, ConnectionError):
            while data := await reader.read(65536):
                if self.black_hole:
                    continue
                writer.write(data)
                await writer.drain()
        with contextlib.suppress(OSError, ConnectionError):
            writer.close()

    async def _cut_all(self) -> int:
        cut = 0
        for writer in list(self._writers):
            sock = writer.get_extra_info("socket")
            if sock is not None:
                # SO_LINGER 0: close with a reset, not a polite FIN.
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            cut += 1
        self._writers.clear()
        return cut

    def cut_all(self) -> int:
        """Reset every open connection (both sides); return how many were cut."""
        future: Future[int] = asyncio.run_coroutine_threadsafe(self._cut_all(), self._loop)
        cut = future.result(10)
        self.cuts += 1 if cut else 0
        return cut

    def start(self) -> ChaosProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the chaos proxy did not start")
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            self._server.close()
            await self._cut_all()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


@contextlib.contextmanager
def chaos_proxy(target_port: int) -> Iterator[ChaosProxy]:
    proxy = ChaosProxy(target_port).start()
    try:
        yield proxy
    finally:
        proxy.stop()
