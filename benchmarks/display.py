"""A virtual X display for the figures that show a native window (the
shipping harness's and the main harness's window start-up), and the
environment a Qt WebEngine window needs on it."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def virtual_display() -> Iterator[str]:
    """Start Xvfb for the duration; yields its display name (":N")."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise RuntimeError("Xvfb not found (apt: xvfb): the window figure needs a display")
    read, write = os.pipe()
    process = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    if not number:
        process.kill()
        process.wait(10)
        raise RuntimeError("Xvfb did not report a display number")
    try:
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(10)


def window_env(display: str) -> dict[str, str]:
    """What to add to an app's environment to show its window on `display`."""
    env = {"DISPLAY": display}
    if os.geteuid() == 0:  # Qt WebEngine refuses root with its sandbox on
        env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox"
    return env
