# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Ctrl-C and SIGTERM as a callback, whatever the main thread is doing.

A Python signal handler only runs when the main thread executes Python code,
and in webview mode the main thread sits inside the GUI toolkit's C++ event
loop. The C-level handler still writes the signal number to the wakeup fd, so
a helper thread reading that fd reacts at once.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable
from types import FrameType

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _ignore(signum: int, frame: FrameType | None) -> None:
    """Installed so the C-level handler runs; the helper thread does the work."""


class StopSignals:
    """Calls `on_stop` (from a helper thread) on the first SIGINT/SIGTERM.

    A second signal exits at once, for the case where shutdown hangs.
    """

    def __init__(self, on_stop: Callable[[], None]) -> None:
        self._on_stop = on_stop
        self._reader, self._writer = socket.socketpair()
        self._writer.setblocking(False)
        self._previous_fd = -1

    def __enter__(self) -> StopSignals:
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        for signum in STOP_SIGNALS:
            signal.signal(signum, _ignore)
        threading.Thread(target=self._watch, name="stop-signals", daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        signal.set_wakeup_fd(self._previous_fd)
        self._writer.close()

    def _watch(self) -> None:
        received = 0
        while True:
            try:
                data = self._reader.recv(1)
            except OSError:
                return
            if not data:
                return
            if data[0] not in STOP_SIGNALS:
                continue  # another handled signal also writes to the wakeup fd
            received += 1
            name = signal.Signals(data[0]).name
            if received == 1:
                logger.info("%s received: shutting down", name)
                self._on_stop()
            else:
                logger.warning("%s received again: exiting now", name)
                os._exit(1)
