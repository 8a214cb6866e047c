# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Let the server hold as many connections as the OS allows this process.

A client that sends many calls at once over HTTP/1.1 (a JSON-RPC library on
the SSE transport's `POST /bridge/call`, such as npm json-rpc-2.0 over Node's
fetch) opens one connection per call in flight: a thousand calls are a thousand
sockets, each an open file. Programs start with a soft limit on open files far
below the hard one (1024 on most Linux desktops, 256 on macOS); past it the
server cannot accept, and the calls beyond it hang or fail. A process may raise
its own soft limit up to the hard one, as servers commonly do, so the launcher
does that first. Windows bounds sockets otherwise: nothing to do there.
"""

from __future__ import annotations

import logging
import sys

logger = logging.getLogger(__name__)

# Enough for any local client; a higher hard limit is left alone above this.
WANTED_OPEN_FILES = 65536
# macOS refuses soft limits above OPEN_MAX when the hard limit is "unlimited".
MACOS_OPEN_MAX = 10240


def raise_open_file_limit(wanted: int = WANTED_OPEN_FILES) -> int | None:
    """Raise the soft limit on open files towards `wanted` (never above the
    hard limit, never lowering it); the soft limit in force after, None on
    Windows."""
    if sys.platform == "win32":
        return None
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < ceiling:
        for target in (ceiling, min(ceiling, MACOS_OPEN_MAX)):
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
                break
            except (ValueError, OSError):
                continue
        else:
            logger.warning("could not raise the open-file limit above %d", soft)
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]
