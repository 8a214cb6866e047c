# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""What the Qt web view does with downloads, links to other sites and message boxes.

pywebview's Qt backend refuses downloads unless told, and when told it names
the file after the URL's path: a `blob:` URL's is a UUID, not the name the
page gave (`<a download="report.csv">`). It also lets a plain link to another
site load in the app's window, where that site would sit inside the app's
frame with none of its chrome. Here, on Linux:

- a download asks where to save with a real save dialog, starting in the
  user's Downloads folder under the page's name for the file;
- the window only navigates within the app's own origin; a link elsewhere
  (http, https, mailto) opens in the user's browser, anything else is
  refused (Electron's `will-navigate` + `shell.openExternal` rule);
- `message` shows an information box with one OK button, which pywebview
  lacks (its confirmation dialog has OK and Cancel).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs
import webview
from PyQt6.QtCore import QObject, Qt, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWebEngineCore import QWebEngineDownloadRequest, QWebEnginePage
from PyQt6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget
from webview.platforms.qt import BrowserView

logger = logging.getLogger(__name__)

EXTERNAL_SCHEMES = {"http", "https", "mailto"}


def origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def guard_navigation(app_url: str, open_external: Callable[[str], None]) -> None:
    """Keep every window's main frame on the app's origin (pywebview's page
    class is patched before any window exists: Qt asks the page's Python
    class for every navigation)."""
    app_origin = origin(app_url)
    # pywebview's page keeps Qt's own rule (it overrides nothing here).
    accept_as_qt_does = QWebEnginePage.acceptNavigationRequest

    def accept_navigation(page: QWebEnginePage, url: Any, kind: Any, is_main_frame: bool) -> bool:
        target = url.toString()
        scheme, _ = origin(target)
        if not is_main_frame or origin(target) == app_origin or scheme in {"about", "blob"}:
            return bool(accept_as_qt_does(page, url, kind, is_main_frame))
        if scheme in EXTERNAL_SCHEMES:
            logger.info("opening a link to another site in the browser")
            threading.Thread(target=open_external, args=(target,), daemon=True).start()
        else:
            logger.warning("refused to navigate the window to a %r URL", scheme)
        return False

    BrowserView.WebPage.acceptNavigationRequest = accept_navigation  # type: ignore[method-assign]


class QtPage(QObject):
    """Made on the GUI thread when the window is; runs GUI work posted from others."""

    _post = pyqtSignal(object)

    def __init__(self, window: webview.Window) -> None:
        super().__init__()
        native: Any = window.native  # pywebview's BrowserView, a QMainWindow
        self._native: QWidget = native
        # A signal emitted from another thread runs its slot on this object's thread.
        self._post.connect(lambda work: work())
        native.profile.downloadRequested.connect(self._on_download)

    def message(self, title: str, text: str) -> None:
        """Show an information box and wait until the user closes it."""
        done = threading.Event()

        def show() -> None:
            try:
                QMessageBox.information(self._native, title, text)
            finally:
                done.set()

        self._post.emit(show)
        done.wait()

    def set_shortcuts(self, keys: dict[tuple[str, ...], str]) -> None:
        """Give the menu bar's actions their shortcuts, found by their labels' path."""

        def assign() -> None:
            def walk(actions: list[QAction], path: tuple[str, ...]) -> None:
                for action in actions:
                    submenu = action.menu()
                    here = (*path, action.text())
                    if isinstance(submenu, QMenu):
                        walk(submenu.actions(), here)
                    elif here in keys:
                        action.setShortcut(QKeySequence(keys[here]))

            menu_bar = getattr(self._native, "menuBar", None)
            if menu_bar is not None:
                walk(menu_bar().actions(), ())

        self._post.emit(assign)

    def trigger(self, action: str) -> None:
        """One of the standard Edit actions, on the page (undo, copy, ...)."""
        web_action = {
            "undo": QWebEnginePage.WebAction.Undo,
            "redo": QWebEnginePage.WebAction.Redo,
            "cut": QWebEnginePage.WebAction.Cut,
            "copy": QWebEnginePage.WebAction.Copy,
            "paste": QWebEnginePage.WebAction.Paste,
            "select_all": QWebEnginePage.WebAction.SelectAll,
        }[action]
        page: Any = self._native
        self._post.emit(lambda: page.webview.page().triggerAction(web_action))

    def bring_to_front(self) -> None:
        """Un-minimize, raise and focus the window (on the GUI thread)."""

        def show() -> None:
            native = self._native
            native.setWindowState(native.windowState() & ~Qt.WindowState.WindowMinimized)
            native.show()
            native.raise_()
            native.activateWindow()

        self._post.emit(show)

    def _on_download(self, download: QWebEngineDownloadRequest) -> None:
        downloads = Path(platformdirs.user_downloads_dir())
        folder = downloads if downloads.is_dir() else Path.home()
        start = folder / download.suggestedFileName()
        chosen, _ = QFileDialog.getSaveFileName(self._native, "Save", str(start))
        if not chosen:
            download.cancel()
            return
        target = Path(chosen)
        download.setDownloadDirectory(str(target.parent))
        download.setDownloadFileName(target.name)
        download.isFinishedChanged.connect(lambda: _log_outcome(download, target))
        download.accept()


def _log_outcome(download: QWebEngineDownloadRequest, target: Path) -> None:
    if download.state() == QWebEngineDownloadRequest.DownloadState.DownloadCompleted:
        logger.info("saved a download (%d bytes)", download.receivedBytes())
    else:
        logger.warning("a download failed: %s", download.interruptReasonString())
