"""A virtual X display for window tests: Xvfb, screenshots, closing windows."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image


@dataclass
class VirtualDisplay:
    name: str  # e.g. ":99"
    process: subprocess.Popen[bytes]

    def env(self) -> dict[str, str]:
        env = {**os.environ, "DISPLAY": self.name, "QT_QPA_PLATFORM": "xcb"}
        env.pop("WAYLAND_DISPLAY", None)
        if os.geteuid() == 0:
            # QtWebEngine's Chromium refuses to start as root with its sandbox on.
            env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox"
        return env

    def screenshot(self, path: Path) -> Image.Image:
        from Xlib import X, display

        connection = display.Display(self.name)
        try:
            root = connection.screen().root
            geometry = root.get_geometry()
            raw = root.get_image(0, 0, geometry.width, geometry.height, X.ZPixmap, 0xFFFFFFFF)
            size = (geometry.width, geometry.height)
            image = Image.frombytes("RGB", size, raw.data, "raw", "BGRX")
        finally:
            connection.close()
        image.save(path)
        return image

    def window_titles(self) -> list[str]:
        return [title for _, title in _named_windows(self.name)]

    def window_classes(self, title: str) -> list[tuple[str, str]]:
        """WM_CLASS (instance, class) of each window named `title`: what docks,
        task bars and desktop entries (StartupWMClass) match the window by."""
        from Xlib import display

        connection = display.Display(self.name)
        try:
            classes = []
            for window, name in _named_windows(self.name, connection):
                wm_class = window.get_wm_class() if name == title else None
                if wm_class is not None:
                    classes.append((str(wm_class[0]), str(wm_class[1])))
            return classes
        finally:
            connection.close()

    def window_geometry(self, title: str) -> tuple[int, int, int, int]:
        """(x, y, width, height) of the largest window named `title`, on the screen."""
        from Xlib import display

        connection = display.Display(self.name)
        try:
            root = connection.screen().root
            found = []
            for window, name in _named_windows(self.name, connection):
                if name == title:
                    geometry = window.get_geometry()
                    origin = window.translate_coords(root, 0, 0)
                    # translate_coords gives the root's origin in the window's
                    # coordinates: the window's position is its negation.
                    found.append((-origin.x, -origin.y, geometry.width, geometry.height))
            if not found:
                raise LookupError(f"no window named {title!r}")
            return max(found, key=lambda g: g[2] * g[3])
        finally:
            connection.close()

    def close_window(self, title: str) -> int:
        """Ask every window named `title` to close, as a window manager's close
        button does (WM_DELETE_WINDOW); return how many were asked."""
        from Xlib import X, display, protocol

        connection = display.Display(self.name)
        try:
            protocols = connection.intern_atom("WM_PROTOCOLS")
            delete = connection.intern_atom("WM_DELETE_WINDOW")
            asked = 0
            for window, name in _named_windows(self.name, connection):
                if name == title:
                    event = protocol.event.ClientMessage(
                        window=window,
                        client_type=protocols,
                        data=(32, [delete, X.CurrentTime, 0, 0, 0]),
                    )
                    window.send_event(event, event_mask=X.NoEventMask)
                    asked += 1
            connection.flush()
            return asked
        finally:
            connection.close()


def press_keys(display_name: str, title: str, keys: str, xdotool: str) -> int:
    """Focus each window named `title` and type `keys` (xdotool syntax) into it."""
    env = {**os.environ, "DISPLAY": display_name}
    pressed = 0
    for window, name in _named_windows(display_name):
        if name == title:
            subprocess.run(
                [xdotool, "windowfocus", "--sync", str(window.id), "key", "--clearmodifiers", keys],
                env=env,
                check=True,
                timeout=30,
            )
            pressed += 1
    return pressed


def visible_window(display_name: str, title: str, xdotool: str, timeout: float = 30) -> str:
    """The id of the shown window named `title`, once there is one (a dialog
    that is opening: Qt keeps a closed dialog's window, hidden, for reuse)."""
    env = {**os.environ, "DISPLAY": display_name}
    deadline = time.monotonic() + timeout
    while True:
        found = subprocess.run(
            [xdotool, "search", "--onlyvisible", "--name", f"^{re.escape(title)}$"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.split()
        if found:
            return found[-1]
        if time.monotonic() > deadline:
            titles = [name for _, name in _named_windows(display_name)]
            raise AssertionError(f"no shown window named {title!r} after {timeout} s: {titles}")
        time.sleep(0.2)


def answer_dialog(display_name: str, title: str, xdotool: str, text: str | None) -> None:
    """Answer the dialog named `title` as a user does: type `text` into its
    name field and press Enter, or (None) press Escape."""
    env = {**os.environ, "DISPLAY": display_name}
    window = visible_window(display_name, title, xdotool)
    focus = [xdotool, "windowfocus", "--sync", window]

    def run(*command: str) -> None:
        subprocess.run(command, env=env, check=True, timeout=60)

    if text is None:
        run(*focus, "key", "--clearmodifiers", "Escape")
        return
    run(*focus, "key", "--clearmodifiers", "ctrl+a")
    if text:  # else Enter keeps what the dialog offered
        run(xdotool, "type", "--delay", "10", text)
    run(xdotool, "key", "Return")


def _named_windows(name: str, connection: Any = None) -> list[tuple[Any, str]]:
    from Xlib import display, error

    own = connection is None
    connection = connection or display.Display(name)
    found: list[tuple[Any, str]] = []
    try:
        pending = [connection.screen().root]
        while pending:
            window = pending.pop()
            try:
                title = _title(connection, window)
                pending.extend(window.query_tree().children)
            except error.XError:
                continue
            if title:
                found.append((window, str(title)))
    finally:
        if own:
            connection.close()
    return found


def _title(connection: Any, window: Any) -> str:
    """_NET_WM_NAME (UTF-8, what Chromium sets) or else the legacy WM_NAME."""
    net_name = window.get_full_property(
        connection.intern_atom("_NET_WM_NAME"), connection.intern_atom("UTF8_STRING")
    )
    if net_name is not None and net_name.value:
        value = net_name.value
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return str(window.get_wm_name() or "")


def start_xvfb(xvfb: str, width: int = 1024, height: int = 768) -> Iterator[VirtualDisplay]:
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen(
        [
            xvfb,
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-nolisten",
            "tcp",
            # An X server resets when its last client leaves; a test's own
            # short connection (a title query) made during that reset is cut.
            "-noreset",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as reader:
        number = reader.readline().strip()
    if not number:
        process.kill()
        raise RuntimeError("Xvfb did not report a display number")
    try:
        yield VirtualDisplay(f":{number}", process)
    finally:
        process.terminate()
        process.wait(10)
