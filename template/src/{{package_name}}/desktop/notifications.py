# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Desktop notifications, through desktop-notifier: the freedesktop D-Bus
service on Linux, the system's notification center on Windows and macOS.

They need no window (a headless app may notify too), but they need a
notification service: a session with no D-Bus, or no notification daemon,
has none. desktop-notifier only logs such a failure; here it becomes the
typed `Unsupported` error, so the page can tell "shown" from "nobody there".
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from ..bridge.errors import RpcError
from .errors import UNSUPPORTED

if TYPE_CHECKING:
    from desktop_notifier import DesktopNotifier

logger = logging.getLogger(__name__)


class NoNotificationService(RpcError):
    CODE = UNSUPPORTED
    SUMMARY = "no notification service took the notification"

    def __init__(self) -> None:
        super().__init__(
            UNSUPPORTED,
            "no notification service took the notification",
            {"capability": "a notification"},
        )


class Notifier:
    def __init__(self, app_name: str, icon: Path | None = None) -> None:
        self._app_name = app_name
        self._icon = icon if icon is not None and icon.is_file() else None
        self._notifier: DesktopNotifier | None = None

    async def notify(self, title: str, message: str) -> None:
        """Show a notification; `NoNotificationService` if none could be shown."""
        if self._notifier is None:
            # Imported at the first notification, not at start-up (D-Bus and
            # the platform's bindings take time to load).
            from desktop_notifier import DesktopNotifier, Icon

            # Made on the server's loop, where its D-Bus connection will live.
            icon = Icon(path=self._icon) if self._icon is not None else None
            self._notifier = DesktopNotifier(app_name=self._app_name, app_icon=icon)
        dispatched = False

        def on_dispatched() -> None:
            nonlocal dispatched
            dispatched = True

        await self._notifier.send(title=title, message=message, on_dispatched=on_dispatched)
        if not dispatched:
            raise NoNotificationService()
