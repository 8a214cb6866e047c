# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Ending the process once the app has shut down, whatever thread a library left behind.

pywebview evaluates JavaScript from worker threads that wait for the page's
answer (it injects its own API that way each time a page loads). A window
closed while one waits (closed, or SIGTERM, right after the page loaded) never
answers it, and that thread, not a daemon, keeps the interpreter from exiting:
the window is gone and the server stopped, yet the process lives on. Measured
here: 3 runs in 30 hung when SIGTERM came as the page connected.

So, after a clean shutdown, the threads still running get a short grace period
to finish; past it, the process ends with the app's exit code.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time

logger = logging.getLogger(__name__)

GRACE_SECONDS = 2.0


def end_stranded_threads(exit_code: int, grace_seconds: float = GRACE_SECONDS) -> None:
    """Return when every non-daemon thread ends within `grace_seconds`; else
    flush the logs and streams and end the process with `exit_code`."""
    deadline = time.monotonic() + grace_seconds
    for thread in _outliving_threads():
        thread.join(max(0.0, deadline - time.monotonic()))
    stranded = [thread.name for thread in _outliving_threads()]
    if not stranded:
        return
    logger.debug("ending the process past threads that outlived shutdown: %s", stranded)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    os._exit(exit_code)


def _outliving_threads() -> list[threading.Thread]:
    current = threading.current_thread()
    return [
        thread
        for thread in threading.enumerate()
        if thread is not current and not thread.daemon and thread.is_alive()
    ]
