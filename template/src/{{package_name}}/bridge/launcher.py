"""Start the server, show the window, and shut both down when it closes."""

from __future__ import annotations

import logging
import sys
from typing import Protocol

from starlette.routing import BaseRoute

from .core import Bridge
from .security import SecurityPolicy
from .server import LocalServer, ServerError, bind_loopback, create_app
from .shutdown import StopSignals

logger = logging.getLogger(__name__)


class AppWindow(Protocol):
    """What the launcher needs of a window (native, browser or none)."""

    def run(self, url: str) -> None:
        """Show `url` and block until the window is closed or `close()` is called."""

    def close(self) -> None:
        """Close the window; safe from any thread, at any time, more than once."""


def launch(
    window: AppWindow,
    *,
    port: int,
    bridge: Bridge,
    transport_routes: list[BaseRoute],
    websockets: bool,
    secure: bool,
) -> int:
    """Run the app until its window closes or a stop signal arrives; return the exit code."""
    with StopSignals(on_stop=window.close):
        try:
            sock = bind_loopback(port)
            policy = SecurityPolicy(port=sock.getsockname()[1], secure=secure)
            app = create_app(policy, transport_routes)
            server = LocalServer(app, sock, bridge.limits, websockets=websockets)
            server.start()
        except ServerError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        try:
            # The one line on stdout: scripts and tests read the port from it.
            # With the secret on, the launch code in it works once.
            url = policy.launch_url(server.url)
            print(url, flush=True)
            window.run(url)
        finally:
            server.stop()
    logger.info("stopped")
    return 0
