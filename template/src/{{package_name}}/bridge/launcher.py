# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Start the server, show the window, and shut both down when it closes."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlencode

from starlette.routing import BaseRoute

from . import logs
from .core import Bridge
from .credentials import LAUNCH_FRAGMENT, Credentials
from .open_files import raise_open_file_limit
from .security import SecurityPolicy
from .server import PAGE_DIR, LocalServer, ServerError, bind_loopback, create_app
from .shutdown import StopSignals

if TYPE_CHECKING:
    from .dev_restart import DevSession
    from .dev_server import DevServer

logger = logging.getLogger(__name__)


# The URL of the page for another window, opened on `view` (`?view=...`); with
# the secret on, it carries a one-time code of its own.
WindowUrl = Callable[[str], str]


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
    dev: bool = False,
    on_serving: Callable[[WindowUrl], None] | None = None,
    extra_csp_sources: Mapping[str, tuple[str, ...]] | None = None,
) -> int:
    """Run the app until its window closes or a stop signal arrives; return the exit code.

    With `dev`, the frontend's dev server serves the page (hot reload) and
    forwards the bridge's requests here; see dev_server.py. `on_serving` runs
    once the server answers and the bridge can emit, before the window opens;
    it gets the means to address more windows of the page.
    `extra_csp_sources` adds the app's own sources to the Content-Security-Policy.
    """
    # A client sending many calls at once may hold a connection for each.
    raise_open_file_limit()
    # A worker of dev mode's hot restart carries on its supervisor's session.
    session = _inherited_session() if dev else None
    credentials = _credentials(secure, session)
    redactor = None if credentials is None else logs.keep_secrets_out(credentials.values())
    logs.quiet_client_noise()
    with StopSignals(on_stop=window.close):
        dev_server: DevServer | None = None
        try:
            sock = bind_loopback(port if session is None else session.port)
            policy = SecurityPolicy(
                port=sock.getsockname()[1],
                credentials=credentials,
                dev_port=_dev_port(dev, session),
                extra_sources=extra_csp_sources or {},
            )
            app = create_app(policy, transport_routes, page_dir=None if dev else PAGE_DIR)
            server = LocalServer(app, sock, bridge.limits, websockets=websockets)
            server.start()
            bridge.loop = server.loop
            if policy.dev_port is not None and session is None:
                # Imported here: only dev mode starts the frontend's dev server.
                from .dev_server import DevServer

                dev_server = DevServer(server.url, policy.dev_port)
                try:
                    dev_server.start()
                except ServerError:
                    server.stop()
                    raise
        except ServerError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        try:
            if on_serving is not None:

                def window_url(view: str) -> str:
                    page = policy.page_url(server.url) + "?" + urlencode({"view": view})
                    if credentials is None or redactor is None:
                        return page
                    code = credentials.issue_code()
                    redactor.add(code)
                    return page + LAUNCH_FRAGMENT + code

                on_serving(window_url)
            # The one line on stdout: scripts and tests read the port from it.
            # With the secret on, the launch code in its fragment works once.
            url = policy.launch_url(server.url)
            print(url, flush=True)
            window.run(url)
        finally:
            if dev_server is not None:
                dev_server.stop()
            server.stop()
            bridge.loop = None
    logger.info("stopped")
    return 0


def _credentials(secure: bool, session: DevSession | None) -> Credentials | None:
    """This launch's secret; a dev worker keeps the token its session's page holds."""
    if not secure:
        return None
    if session is not None and session.token is not None:
        return Credentials(token=session.token)
    return Credentials()


def _inherited_session() -> DevSession | None:
    """Dev mode's session (dev_restart.py), imported only in dev mode: a
    launch without --dev never needs dev mode's modules."""
    from .dev_restart import inherited_session

    return inherited_session()


def _dev_port(dev: bool, session: DevSession | None) -> int | None:
    """The dev server's port: the session's, a new one, or none outside dev mode."""
    if session is not None:
        return session.dev_port
    if not dev:
        return None
    from .dev_server import free_port  # dev mode only, as above

    return free_port()
