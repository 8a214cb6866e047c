# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The native window's desktop host: dialogs through pywebview, links to the browser.

pywebview gives every platform's own dialogs (Qt's on Linux, the system's on
Windows and macOS). Its calls block until the user answers, which is what
`DesktopHost` promises; `Desktop` runs them off the event loop. On Linux the
Qt page also gets downloads, a navigation guard and message boxes (qt_page.py).
"""

from __future__ import annotations

import sys
import webbrowser
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import webview
import webview.menu

from .errors import Unsupported
from .menu import (
    AppMenu,
    MenuItem,
    Separator,
    StandardAction,
    StandardItem,
    Submenu,
    shortcuts,
)
from .models import FileFilter

if TYPE_CHECKING:
    from .qt_page import QtPage

# How long a dialog asked for at launch waits for the window to be shown.
SHOWN_TIMEOUT_SECONDS = 30


class PywebviewHost:
    def __init__(self, menu: AppMenu = (), on_menu: Callable[[str], None] | None = None) -> None:
        """`menu` is the window's menu bar; `on_menu(id)` hears each activation."""
        self._window: webview.Window | None = None
        self._qt_page: QtPage | None = None  # Linux only: made with the Qt window
        self._menu = menu
        self._on_menu = on_menu
        self._more_pages: list[QtPage] = []  # kept alive with their windows

    def adopt(self, window: webview.Window, url: str) -> None:
        """Called by the native window before the GUI starts, with the page's URL."""
        self._window = window
        if self._menu:
            window.menu = [self._native_menu(submenu) for submenu in self._menu]
        if sys.platform.startswith("linux"):
            from . import qt_page

            qt_page.guard_navigation(url, self.open_external)

            def on_before_show(window: webview.Window) -> None:
                # Runs on the GUI thread, once pywebview made the Qt window.
                self._qt_page = qt_page.QtPage(window)

            def on_shown() -> None:
                # pywebview builds the menu bar after before_show; its items
                # take no shortcuts, so Qt's actions get them here.
                if self._qt_page is not None:
                    self._qt_page.set_shortcuts(shortcuts(self._menu))

            window.events.before_show += on_before_show
            window.events.shown += on_shown
        else:
            # pywebview's own handler: a save dialog named after the URL's path.
            webview.settings["ALLOW_DOWNLOADS"] = True

    def _native_menu(self, submenu: Submenu) -> webview.menu.Menu:
        entries: list[webview.menu.Menu | webview.menu.MenuAction | webview.menu.MenuSeparator] = []
        for item in submenu.items:
            if isinstance(item, Submenu):
                entries.append(self._native_menu(item))
            elif isinstance(item, Separator):
                entries.append(webview.menu.MenuSeparator())
            else:
                entries.append(webview.menu.MenuAction(item.label, partial(self._activate, item)))
        return webview.menu.Menu(submenu.label, entries)

    def _activate(self, item: MenuItem | StandardItem) -> None:
        """A menu item was chosen (pywebview calls this on a thread of its own)."""
        if isinstance(item, StandardItem):
            self._standard(item.action)
        if self._on_menu is not None:
            self._on_menu(item.id)

    def _standard(self, action: StandardAction) -> None:
        window = self._shown(f"the menu's {action!r}")
        if action == "quit":
            window.destroy()
        elif self._qt_page is not None:
            self._qt_page.trigger(action)
        else:
            command = {"select_all": "selectAll"}.get(action, action)
            window.evaluate_js(f"document.execCommand({command!r})")

    def _shown(self, what: str = "a dialog") -> webview.Window:
        """The window, once shown; else `what` (the feature asked for) is unsupported."""
        window = self._window
        if window is None or not window.events.shown.wait(SHOWN_TIMEOUT_SECONDS):
            raise Unsupported(what, "webview (the window is not shown)")
        return window

    def open_files(self, *, multiple: bool, filters: Sequence[FileFilter]) -> list[Path] | None:
        file_types = tuple(f"{f.name} ({';'.join(f.patterns)})" for f in filters)
        paths = self._shown().create_file_dialog(
            webview.FileDialog.OPEN, allow_multiple=multiple, file_types=file_types
        )
        chosen = [Path(path) for path in paths or () if path]
        return chosen or None

    def save_file(self, *, suggested_name: str) -> Path | None:
        paths = self._shown().create_file_dialog(
            webview.FileDialog.SAVE, directory=str(Path.home()), save_filename=suggested_name
        )
        return Path(paths[0]) if paths and paths[0] else None

    def choose_folder(self) -> Path | None:
        paths = self._shown().create_file_dialog(webview.FileDialog.FOLDER)
        return Path(paths[0]) if paths and paths[0] else None

    def confirm(self, title: str, message: str) -> bool:
        return bool(self._shown().create_confirmation_dialog(title, message))

    def message(self, title: str, message: str) -> None:
        window = self._shown()
        if self._qt_page is not None:
            self._qt_page.message(title, message)
        else:  # pywebview has no plain message box: OK / Cancel, either dismisses it
            window.create_confirmation_dialog(title, message)

    def open_external(self, url: str) -> None:
        webbrowser.open(url)

    def open_window(self, url: str, title: str) -> None:
        self._shown("another window")  # after the first window: the GUI loop runs
        window = webview.create_window(title, url)
        if window is None:
            raise RuntimeError("pywebview could not create the window")
        if sys.platform.startswith("linux"):
            from . import qt_page

            # Its own Qt page (a profile of its own): downloads, message boxes.
            window.events.before_show += lambda window: self._more_pages.append(
                qt_page.QtPage(window)
            )

    def bring_to_front(self) -> None:
        window = self._shown("bringing the window to the front")
        if self._qt_page is not None:
            self._qt_page.bring_to_front()
        else:
            window.restore()
            window.show()
