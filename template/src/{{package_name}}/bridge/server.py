# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The local server: Starlette behind the security guard, served by uvicorn on
127.0.0.1 in a thread.

The main thread belongs to the window (GUI toolkits insist on it), so uvicorn
runs its own event loop in a background thread. The socket is bound here,
before uvicorn starts, so the real port is known at once and a taken port is a
clear error instead of a log line in another thread.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import socket
import threading
import time
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from .credentials import session_routes
from .direct_routes import DirectPaths, split_routes
from .http_protocol import capped_http_protocol
from .limits import Limits
from .security import GuardMiddleware, SecurityPolicy

LOOPBACK = "127.0.0.1"
# Vite writes the built page here (see frontend/vite.config.ts).
PAGE_DIR = Path(__file__).resolve().parent.parent / "static"

logger = logging.getLogger(__name__)


class ServerError(Exception):
    """The server could not start; the message says why and what to do."""


class PortInUseError(ServerError):
    def __init__(self, port: int) -> None:
        super().__init__(
            f"port {port} on {LOOPBACK} is already in use; stop the program using it, "
            "pick another with --port N, or use --port 0 to let the OS choose a free one"
        )
        self.port = port


class FrontendNotBuiltError(ServerError):
    def __init__(self, page_dir: Path) -> None:
        super().__init__(
            f"the page is not built ({page_dir / 'index.html'} is missing); "
            "run `python3 tasks.py build` first"
        )


def create_app(
    policy: SecurityPolicy, transport_routes: list[BaseRoute], page_dir: Path | None = PAGE_DIR
) -> ASGIApp:
    """The bridge's routes (with the session exchange when the secret is on)
    and the built page (none in dev mode: the dev server serves it), behind
    the security guard. Direct routes are served in front of Starlette
    (direct_routes.py)."""
    routes = list(transport_routes)
    if policy.credentials is not None:
        routes += session_routes(policy.credentials)
    if page_dir is not None:
        if not (page_dir / "index.html").is_file():
            raise FrontendNotBuiltError(page_dir)
        routes.append(Mount("/", app=StaticFiles(directory=page_dir, html=True)))
    direct, other = split_routes(routes)
    return GuardMiddleware(DirectPaths(Starlette(routes=other), direct), policy)


def bind_loopback(port: int) -> socket.socket:
    """Bind and listen on 127.0.0.1:port (0 = any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if os.name == "posix":
        # Lets a restarted app reuse its fixed port while old connections sit
        # in TIME_WAIT; on POSIX it never allows two live listeners.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((LOOPBACK, port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        if error.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortInUseError(port) from error
        raise
    return sock


class _Server(uvicorn.Server):
    """uvicorn's server, which also wakes the thread waiting for it to serve
    (at once, not at its next look at `started`)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.serving = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)  # returns once serving; raises SystemExit if it cannot
        self.serving.set()


class LocalServer:
    """uvicorn serving one ASGI app on a bound loopback socket from a daemon thread."""

    def __init__(
        self, app: ASGIApp, sock: socket.socket, limits: Limits, *, websockets: bool
    ) -> None:
        self._socket = sock
        self.port: int = sock.getsockname()[1]
        self.url = f"http://{LOOPBACK}:{self.port}/"
        config = uvicorn.Config(
            app,
            log_config=None,  # logging is configured by deskwire/run.py (stderr only)
            access_log=False,
            server_header=False,
            # Nothing proxies a loopback app: X-Forwarded-* from a local
            # process would only let it pose as another client or scheme.
            proxy_headers=False,
            timeout_graceful_shutdown=3,
            # httptools, with a cap on request heads and no cookies (http_protocol.py).
            http=capped_http_protocol(limits.max_head_bytes),
            # The websockets sans-I/O implementation; no compression on loopback
            # (it costs CPU and buys nothing); frames above the limit close the
            # connection before they are buffered.
            ws="websockets-sansio" if websockets else "none",
            ws_max_size=limits.max_frame_bytes,
            ws_per_message_deflate=False,
            ws_ping_interval=limits.heartbeat_seconds,
            ws_ping_timeout=2 * limits.heartbeat_seconds,
            # The app has no start-up or shutdown handlers: the launcher does that.
            lifespan="off",
        )
        self._server = _Server(config)
        # The server's event loop, once it runs: other threads hand it work
        # (Bridge.emit_threadsafe).
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, name="local-server", daemon=True)

    def _run(self) -> None:
        with asyncio.Runner(loop_factory=self._server.config.get_loop_factory()) as runner:
            self.loop = runner.get_loop()
            runner.run(self._server.serve(sockets=[self._socket]))

    def start(self, timeout: float = 15.0) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.serving.wait(0.01):
            if not self._thread.is_alive():
                raise ServerError("the server thread stopped during start-up (see the log above)")
            if time.monotonic() > deadline:
                raise ServerError(f"the server did not start within {timeout:.0f} s")
        logger.info("serving on %s", self.url)

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._socket.close()
