# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""No window at all: serve until Ctrl-C or SIGTERM (dev, tests, servers)."""

from __future__ import annotations

import sys
import threading
from urllib.parse import urlsplit


class HeadlessWindow:
    def __init__(self) -> None:
        self._closed = threading.Event()

    def run(self, url: str) -> None:
        # Never echo the launch code: stderr ends up in logs. Nor the bare
        # address: a page opened from it has no code, and the app refuses it.
        port = urlsplit(url).port
        print(
            f"serving on port {port} with no window: open the link on the first line"
            " of stdout (it works once); Ctrl-C stops",
            file=sys.stderr,
            flush=True,
        )
        # A timed wait keeps the main thread responsive on every platform.
        while not self._closed.wait(0.5):
            pass

    def close(self) -> None:
        self._closed.set()
