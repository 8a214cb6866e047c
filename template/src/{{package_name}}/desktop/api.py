# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""`Desktop`: native dialogs, the files the user chose, and links, for Python and the page.

Your handlers await its methods (`await desktop.open_files()`); the page
calls the same capabilities as `desktop.*` bridge methods, typed like your
own (frontend/src/bridge/desktop.ts wraps them). Which window the app runs
in decides what answers: `attach` a host when the window is known (the
entry point does); until then, and in browser or headless mode, what needs
a native window raises the typed `Unsupported` error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from ..bridge.core import Bridge
from ..bridge.errors import MESSAGE_TOO_LARGE, RpcError
from .chosen import ChosenPaths
from .errors import Unsupported
from .host import DesktopHost, WindowlessHost
from .menu import AppMenu, activation_event
from .models import (
    ChooseFolderParams,
    ChosenFiles,
    ChosenPath,
    Confirmation,
    ConfirmParams,
    ExternalUrl,
    FileFilter,
    MessageParams,
    NotifyParams,
    OpenFilesParams,
    OpenWindowParams,
    SaveFileParams,
)
from .notifications import NoNotificationService, Notifier
from .single_instance import SecondLaunch

logger = logging.getLogger(__name__)

# The page's URL for another window on a view (bridge/launcher.py makes it).
WindowUrl = Callable[[str], str]

# The largest chosen file `read_chosen` returns: what one binary message can carry.
MAX_READ_BYTES = 64 * 1024 * 1024


class Desktop:
    def __init__(
        self,
        bridge: Bridge | None = None,
        *,
        app_name: str = "",
        icon: Path | None = None,
        menu: AppMenu = (),
    ) -> None:
        """With `bridge`, the page can call the capabilities too (`desktop.*`
        methods). `app_name` and `icon` name the app's notifications; `menu`
        is the native window's menu bar (menu.py)."""
        self.host: DesktopHost = WindowlessHost("none")
        self.chosen = ChosenPaths()
        self.notifier = Notifier(app_name or "App", icon)
        self.menu = menu
        self.menu_event = activation_event(menu)
        self._bridge = bridge
        # The page's URL for another window (set by the entry point once serving).
        self.window_url: WindowUrl | None = None
        if bridge is not None:
            self._expose(bridge)

    def attach(self, host: DesktopHost) -> None:
        """Answer with `host` from now on (the entry point attaches the window's)."""
        self.host = host

    async def open_files(
        self, *, multiple: bool = False, filters: Sequence[FileFilter] = ()
    ) -> list[Path] | None:
        """Ask the user for file(s) to open; None if they cancelled."""
        paths = await asyncio.to_thread(self.host.open_files, multiple=multiple, filters=filters)
        if paths:
            self.chosen.opened(paths)
        return paths or None

    async def save_file(self, *, suggested_name: str = "") -> Path | None:
        """Ask the user where to save; None if they cancelled."""
        path = await asyncio.to_thread(self.host.save_file, suggested_name=suggested_name)
        if path is not None:
            self.chosen.save_target(path)
        return path

    async def choose_folder(self) -> Path | None:
        """Ask the user for a folder; None if they cancelled. Its files become readable."""
        path = await asyncio.to_thread(self.host.choose_folder)
        if path is not None:
            self.chosen.folder(path)
        return path

    async def confirm(self, title: str, message: str) -> bool:
        return await asyncio.to_thread(self.host.confirm, title, message)

    async def message(self, title: str, message: str) -> None:
        await asyncio.to_thread(self.host.message, title, message)

    async def open_external(self, url: str) -> None:
        """Open an http(s) or mailto link in the user's browser, never in the app's window."""
        await asyncio.to_thread(self.host.open_external, ExternalUrl(url=url).url)

    async def open_window(self, view: str, title: str = "") -> None:
        """Another native window on the same page, showing `view` (its `?view=`);
        it is a client of the same bridge and receives the same events."""
        params = OpenWindowParams(view=view, title=title)
        if self.window_url is None:
            raise Unsupported("another window", "none (the app is not serving yet)")
        url = self.window_url(params.view)
        await asyncio.to_thread(self.host.open_window, url, params.title or params.view)

    def menu_activated(self, item_id: str) -> None:
        """A menu item was chosen (from the window's thread): tell every page."""
        if self._bridge is not None:
            self._bridge.emit_threadsafe(self.menu_event(id=item_id))

    async def notify(self, title: str, message: str) -> None:
        """A desktop notification (no window needed, but a notification service)."""
        await self.notifier.notify(title, message)

    async def read_chosen(self, path: str) -> bytes:
        """The bytes of a file the user chose; `NotChosen` for any other path."""
        resolved = self.chosen.readable(path)

        def read() -> bytes:
            with resolved.open("rb") as file:
                data = file.read(MAX_READ_BYTES + 1)
            if len(data) > MAX_READ_BYTES:
                raise RpcError(
                    MESSAGE_TOO_LARGE,
                    f"the file is over {MAX_READ_BYTES} bytes",
                    {"limit": MAX_READ_BYTES},
                )
            return data

        return await asyncio.to_thread(read)

    async def write_chosen(self, path: str, data: bytes) -> Path:
        """Write `data` where the user chose to save; `NotChosen` for any other path."""
        resolved = self.chosen.writable(path)
        await asyncio.to_thread(resolved.write_bytes, data)
        return resolved

    def _expose(self, bridge: Bridge) -> None:
        """The page's side: one `desktop.*` method per capability."""

        async def open_files(params: OpenFilesParams) -> ChosenFiles:
            paths = await self.open_files(multiple=params.multiple, filters=params.filters)
            return ChosenFiles(cancelled=paths is None, paths=[str(p) for p in paths or []])

        async def save_file(params: SaveFileParams) -> ChosenPath:
            return _chosen(await self.save_file(suggested_name=params.suggested_name))

        async def choose_folder(params: ChooseFolderParams) -> ChosenPath:
            return _chosen(await self.choose_folder())

        async def confirm(params: ConfirmParams) -> Confirmation:
            return Confirmation(confirmed=await self.confirm(params.title, params.message))

        async def message(params: MessageParams) -> None:
            await self.message(params.title, params.message)

        async def open_external(params: ExternalUrl) -> None:
            await self.open_external(params.url)

        async def notify(params: NotifyParams) -> None:
            await self.notify(params.title, params.message)

        async def open_window(params: OpenWindowParams) -> None:
            await self.open_window(params.view, params.title)

        # What each can answer besides the bridge's own errors: no native
        # window (browser or headless mode), or no notification service.
        windowed = (Unsupported,)
        handlers = (
            (open_files, windowed),
            (save_file, windowed),
            (choose_folder, windowed),
            (confirm, windowed),
            (message, windowed),
            (open_external, windowed),
            (notify, (NoNotificationService,)),
            (open_window, windowed),
        )
        for handler, errors in handlers:
            bridge.method_named(f"desktop.{handler.__name__}", handler, errors)
        # Declared in every project, so the page's types do not depend on
        # whether this one keeps to a single running copy.
        bridge.event(SecondLaunch)
        bridge.event(self.menu_event)


def _chosen(path: Path | None) -> ChosenPath:
    return ChosenPath(cancelled=path is None, path=None if path is None else str(path))
