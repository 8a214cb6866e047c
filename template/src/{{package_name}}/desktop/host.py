# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""`DesktopHost`: what a window must do for the desktop's capabilities.

A host's methods block until the user answers (a dialog is modal); `Desktop`
calls them in a worker thread, never on the server's event loop. The native
window's host lives in pywebview_host.py; `WindowlessHost` stands in for the
browser and headless modes and refuses what needs a native window.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from .errors import Unsupported
from .models import FileFilter


class DesktopHost(Protocol):
    def open_files(self, *, multiple: bool, filters: Sequence[FileFilter]) -> list[Path] | None:
        """The files the user picked; None if they cancelled."""

    def save_file(self, *, suggested_name: str) -> Path | None:
        """Where the user chose to save; None if they cancelled."""

    def choose_folder(self) -> Path | None:
        """The folder the user picked; None if they cancelled."""

    def confirm(self, title: str, message: str) -> bool:
        """True if the user said OK."""

    def message(self, title: str, message: str) -> None:
        """Tell the user something; return once they dismissed it."""

    def open_external(self, url: str) -> None:
        """Open `url` in the user's browser (or mail program)."""

    def bring_to_front(self) -> None:
        """Show the window above the others (the app was launched again)."""

    def open_window(self, url: str, title: str) -> None:
        """Open another window on `url` (the same page, another view)."""


class WindowlessHost:
    """The browser and headless modes: no native dialogs.

    In `browser` mode the user's browser is at hand, so external links open
    in it; with no window at all (`none` mode, a headless launch) nothing opens.
    """

    def __init__(self, window: str) -> None:
        self.window = window

    def open_files(self, *, multiple: bool, filters: Sequence[FileFilter]) -> list[Path] | None:
        raise Unsupported("a file dialog", self.window)

    def save_file(self, *, suggested_name: str) -> Path | None:
        raise Unsupported("a save dialog", self.window)

    def choose_folder(self) -> Path | None:
        raise Unsupported("a folder dialog", self.window)

    def confirm(self, title: str, message: str) -> bool:
        raise Unsupported("a confirm dialog", self.window)

    def message(self, title: str, message: str) -> None:
        raise Unsupported("a message box", self.window)

    def open_external(self, url: str) -> None:
        if self.window != "browser":
            raise Unsupported("opening a link in the browser", self.window)
        webbrowser.open(url)

    def bring_to_front(self) -> None:
        """Nothing to raise: a browser tab is the browser's to show."""

    def open_window(self, url: str, title: str) -> None:
        raise Unsupported("another window", self.window)
