# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Tells the app's log that pages without a valid session are turned away.

A page opened from the address the app serves, without the launch link's
one-time code, or from a launch link used already, is refused on every
attempt and would retry in silence. The first refusal is logged at once with
what to do; after that, one line at most every `interval` seconds says how
many more there were, so a retrying page or a hostile client cannot flood the
log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

ADVICE = (
    "refused a request without a valid session token: the page was opened without "
    "the app's launch link, or with one used already. Open the app from its window, "
    "or open the link on the first line the app printed (it works once)"
)


class RefusalLog:
    """Counts refused requests and logs them, throttled."""

    def __init__(self, interval: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._interval = interval
        self._clock = clock
        self._last_logged: float | None = None
        self._unlogged = 0

    def refused(self) -> None:
        now = self._clock()
        if self._last_logged is not None and now - self._last_logged < self._interval:
            self._unlogged += 1
            return
        more = f" ({self._unlogged} more since the last report)" if self._unlogged else ""
        logger.warning("%s%s", ADVICE, more)
        self._last_logged, self._unlogged = now, 0
