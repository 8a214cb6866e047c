"""Start the server, show the window, and shut both down when it closes."""

from __future__ import annotations

import logging
import sys
from typing import Protocol

from .server import LocalServer, ServerError, create_app
from .shutdown import StopSignals

logger = logging.getLogger(__name__)


class AppWindow(Protocol):
    """What the launcher needs of a window (native, browser or none)."""

    def run(self, url: str) -> None:
        """Show `url` and block until the window is closed or `close()` is called."""

    def close(self) -> None:
        """Close the window; safe from any thread, at any time, more than once."""


def launch(window: AppWindow, *, port: int) -> int:
    """Run the app until its window closes or a stop signal arrives; return the exit code."""
    with StopSignals(on_stop=window.close):
        try:
            server = LocalServer(create_app(), port)
            server.start()
        except ServerError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        try:
            # The one line on stdout: scripts and tests read the port from it.
            print(server.url, flush=True)
            window.run(server.url)
        finally:
            server.stop()
    logger.info("stopped")
    return 0
