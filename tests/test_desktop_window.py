"""The desktop around the page, used as a person would in the real native
window: a file dialog opened from the page and answered with xdotool, a
download saved through the save dialog, a link to another site.

The page is driven through the window's own DevTools endpoint (page_devtools.py);
everything outside the page (dialogs, the system browser) is real.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ProjectCache, each_frontend
from display import VirtualDisplay, answer_dialog, press_keys
from page_devtools import DevToolsPage, free_port
from support import AppProcess, python_env, require_tool, start_app, wait_until
from window_checks import ANSWERS, PACKAGE, TITLE, close_until_exit

# pywebview's title for Qt's open dialog; the save dialog of a download is ours.
OPEN_DIALOG = "Open file"
SAVE_DIALOG = "Save"


@dataclass
class DesktopWindow:
    app: AppProcess
    page: DevToolsPage
    project: Path
    env: dict[str, str]  # the user's: another launch of the app uses it too
    devtools_port: int


def open_desktop_window(
    projects: ProjectCache, xdisplay: VirtualDisplay, frontend: str, home: Path
) -> DesktopWindow:
    """The app in its native window, for a user whose home is `home`, whose
    system browser only writes down what it was asked to open."""
    project = projects.built({**ANSWERS, "frontend": frontend})
    (home / "Downloads").mkdir(parents=True)
    browser = home / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {home / "browser-opened.txt"}\n')
    browser.chmod(0o755)
    port = free_port()
    env = {
        **python_env(project),
        **xdisplay.env(),
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / "state"),
        "BROWSER": str(browser),
        "QTWEBENGINE_REMOTE_DEBUGGING": f"127.0.0.1:{port}",
    }
    app = start_app(project, PACKAGE, "--port", "0", "--log-level", "info", env=env)
    try:
        page = DevToolsPage(port)
        page.wait_for_text("#connection-status", lambda text: text.startswith("Connected"), 60)
    except BaseException:
        app.kill()
        raise
    return DesktopWindow(app, page, project, env, port)


@pytest.mark.parametrize("frontend", each_frontend())
def test_dialogs_downloads_and_links_in_the_native_window(
    projects: ProjectCache, xdisplay: VirtualDisplay, tmp_path: Path, frontend: str
) -> None:
    xdotool = require_tool("xdotool", "to answer the native dialogs (apt: xdotool)")
    home = tmp_path / "home"
    window = open_desktop_window(projects, xdisplay, frontend, home)
    app, page = window.app, window.page
    try:
        # A file picked in a real dialog: Python reads it (the user chose it)
        # and the page shows its size and hash.
        picked = tmp_path / "picked file.bin"
        picked.write_bytes(os.urandom(70_000))
        page.click("#open-file")
        answer_dialog(xdisplay.name, OPEN_DIALOG, xdotool, str(picked))
        digest = hashlib.sha256(picked.read_bytes()).hexdigest()
        expected = f"picked file.bin: 70000 bytes, sha256 {digest}"
        page.wait_for_text("#open-result", lambda text: text == expected)

        # Closing the dialog is a typed cancel, not an error.
        page.click("#open-file")
        answer_dialog(xdisplay.name, OPEN_DIALOG, xdotool, None)
        page.wait_for_text("#open-result", lambda text: text == "cancelled")

        # A link to another site opens in the user's browser; the window stays.
        app_url = page.evaluate("location.href")
        page.click("#external-link")
        opened = home / "browser-opened.txt"
        wait_until(opened.is_file, "the system browser to be asked")
        assert opened.read_text().split() == ["https://github.com/r0x0r/pywebview"]
        assert page.evaluate("location.href") == app_url
        assert page.text("#connection-status").startswith("Connected")

        # The demo's Save: a save dialog in the user's Downloads, under the
        # page's name for the file; Enter keeps it.
        page.evaluate("document.querySelector('#download-size').value = '123456'")
        page.click("#download")
        page.wait_for_text("#download-check", lambda text: text == "intact")
        name, _, rest = page.text("#download-result").partition(": ")
        page.click("#download-save")
        answer_dialog(xdisplay.name, SAVE_DIALOG, xdotool, "")
        saved = home / "Downloads" / name
        wait_until(lambda: saved.is_file() and saved.stat().st_size == 123456, f"{saved}")
        assert rest == f"123456 bytes, sha256 {hashlib.sha256(saved.read_bytes()).hexdigest()}"

        page.close()
        assert close_until_exit(xdisplay, app, TITLE) == 0, app.stderr
        assert "Traceback" not in app.stderr
        # The path stays out of the log (it is the user's, like the file's name).
        assert str(picked) not in app.stderr
    finally:
        app.kill()


def test_a_second_launch_brings_the_window_forward_with_its_arguments(
    projects: ProjectCache, xdisplay: VirtualDisplay, tmp_path: Path
) -> None:
    window = open_desktop_window(projects, xdisplay, "vanilla", tmp_path / "home")
    app, page = window.app, window.page
    try:
        elsewhere = open_another_window(xdisplay)
        assert top_window_name(xdisplay, {TITLE, "elsewhere"}) == "elsewhere"
        # As a user opens a file with the app that already runs.
        second = subprocess.run(
            [sys.executable, "-m", PACKAGE, "--port", "0", "notes.txt"],
            cwd=window.project,
            env={**window.env, "QTWEBENGINE_REMOTE_DEBUGGING": ""},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 0, second.stderr
        assert second.stdout == ""  # no second server, no second window
        page.wait_for_text("#second-launch", lambda text: text == "notes.txt")
        # Raised above the other program's window. (Keyboard focus is the
        # window manager's to give; a bare Xvfb has none.)
        wait_until(
            lambda: top_window_name(xdisplay, {TITLE, "elsewhere"}) == TITLE,
            "the window to come to the front",
        )
        assert xdisplay.window_titles().count(TITLE) == 1
        elsewhere.destroy()
        page.close()
        assert close_until_exit(xdisplay, app, TITLE) == 0, app.stderr
    finally:
        app.kill()


def open_another_window(xdisplay: VirtualDisplay) -> Any:
    """A window of another program, shown above the app's."""
    from Xlib import display

    connection = display.Display(xdisplay.name)
    screen = connection.screen()
    other = screen.root.create_window(0, 0, 300, 300, 0, screen.root_depth)
    other.set_wm_name("elsewhere")
    other.map()
    connection.sync()
    return other


def top_window_name(xdisplay: VirtualDisplay, names: set[str]) -> str:
    """Which of the shown top-level windows named in `names` is stacked highest."""
    from Xlib import X, display

    connection = display.Display(xdisplay.name)
    try:
        stacked = connection.screen().root.query_tree().children  # bottom to top
        shown = [
            str(window.get_wm_name())
            for window in stacked
            if window.get_attributes().map_state == X.IsViewable and window.get_wm_name() in names
        ]
        return shown[-1] if shown else ""
    finally:
        connection.close()


def test_a_menu_shortcut_reaches_the_page_and_quit_closes_the_app(
    projects: ProjectCache, xdisplay: VirtualDisplay, tmp_path: Path
) -> None:
    xdotool = require_tool("xdotool", "to press the menu's shortcuts (apt: xdotool)")
    window = open_desktop_window(projects, xdisplay, "vanilla", tmp_path / "home")
    app, page = window.app, window.page
    try:
        # The demo's File > Say hello, by its shortcut, as a user presses it.
        assert press_keys(xdisplay.name, TITLE, "ctrl+shift+h", xdotool) == 1
        page.wait_for_text("#menu-result", lambda text: text == "Hello from the menu")
        # File > Quit (Ctrl+Q): the app closes as when its window is closed.
        page.close()
        assert press_keys(xdisplay.name, TITLE, "ctrl+q", xdotool) == 1
        assert app.wait(30) == 0, app.stderr
        assert "Traceback" not in app.stderr
    finally:
        app.kill()


def test_the_other_dialogs_answer_the_page_with_the_users_choice(
    projects: ProjectCache, xdisplay: VirtualDisplay, tmp_path: Path
) -> None:
    """Save, folder, confirm and message: each opened by a call from the
    page's origin, answered in the real dialog by xdotool."""
    xdotool = require_tool("xdotool", "to answer the native dialogs (apt: xdotool)")
    window = open_desktop_window(projects, xdisplay, "vanilla", tmp_path / "home")
    app, page = window.app, window.page
    folder = tmp_path / "chosen folder"
    folder.mkdir()
    try:
        target = tmp_path / "report.csv"
        page.start_call("desktop.save_file", {"suggested_name": "report.csv"})
        answer_dialog(xdisplay.name, "Save file", xdotool, str(target))
        assert page.call_result()["result"] == {"cancelled": False, "path": str(target)}

        page.start_call("desktop.choose_folder", {})
        answer_dialog(xdisplay.name, "Open folder", xdotool, str(folder))
        assert page.call_result()["result"] == {"cancelled": False, "path": str(folder)}

        page.start_call("desktop.confirm", {"title": "Delete it?", "message": "For good."})
        answer_dialog(xdisplay.name, "Delete it?", xdotool, None)  # Escape: Cancel
        assert page.call_result()["result"] == {"confirmed": False}

        page.start_call("desktop.confirm", {"title": "Keep it?", "message": "Yes."})
        answer_dialog(xdisplay.name, "Keep it?", xdotool, "")  # Enter: the default, OK
        assert page.call_result()["result"] == {"confirmed": True}

        page.start_call("desktop.message", {"title": "Saved", "message": "All done."})
        answer_dialog(xdisplay.name, "Saved", xdotool, "")
        assert page.call_result()["result"] is None

        page.close()
        assert close_until_exit(xdisplay, app, TITLE) == 0, app.stderr
    finally:
        app.kill()


def test_a_second_window_loads_the_page_and_hears_every_event(
    projects: ProjectCache, xdisplay: VirtualDisplay, tmp_path: Path
) -> None:
    window = open_desktop_window(projects, xdisplay, "vanilla", tmp_path / "home")
    app, page = window.app, window.page
    try:
        assert page.text("#window-view") == "main"
        page.click("#open-window")
        second = DevToolsPage(window.devtools_port, url_has="view=second")
        try:
            # Its own one-time code got it in: connected, and the code left the URL.
            second.wait_for_text("#connection-status", lambda text: text.startswith("Connected"))
            assert second.text("#window-view") == "second"
            assert "launch=" not in second.evaluate("location.href")
            assert "Second window" in xdisplay.window_titles()
            # Python's events reach both windows.
            page.evaluate("document.querySelector('#count-total').value = '25'")
            page.click("#count")
            for each in (page, second):
                each.wait_for_text("#event-count", lambda text: text == "25")
                assert each.text("#events-in-order") == "yes"
        finally:
            second.close()
        # No window's one-time code reaches the log.
        assert re.search(r"launch=(?!\[redacted\])", app.stderr) is None
        page.close()
        # A stop signal closes every window, and the app exits.
        app.process.send_signal(signal.SIGTERM)
        assert app.wait(30) == 0, app.stderr
    finally:
        app.kill()
