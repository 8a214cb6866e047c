# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""No window at all: serve until Ctrl-C or SIGTERM (dev, tests, servers)."""

from __future__ import annotations

import sys
import threading


class HeadlessWindow:
    def __init__(self) -> None:
        self._closed = threading.Event()

    def run(self, url: str) -> None:
        # Never echo the launch code: stderr ends up in logs.
        address = url.split("#", 1)[0]
        print(
            f"serving {address} (no window): open the URL printed on stdout; Ctrl-C stops",
            file=sys.stderr,
            flush=True,
        )
        # A timed wait keeps the main thread responsive on every platform.
        while not self._closed.wait(0.5):
            pass

    def close(self) -> None:
        self._closed.set()
