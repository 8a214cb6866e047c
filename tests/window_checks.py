"""What a user sees of a window under Xvfb: the page, read back from a
screenshot, and closing it as a user would."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from display import VirtualDisplay
from PIL import Image
from support import AppProcess, ocr

# The app the window tests render (one build, shared by their tests).
TITLE = "Window Check"
PACKAGE = "window_check"
ANSWERS = {"project_name": TITLE, "window": "webview", "window_width": 900, "window_height": 640}

PAGE_BACKGROUND = (0x1D, 0x2A, 0x44)  # :root background in frontend/src/style.css


def _is_background(pixel: tuple[int, ...]) -> bool:
    return all(abs(a - b) <= 6 for a, b in zip(pixel, PAGE_BACKGROUND, strict=True))


def background_share(image: Image.Image) -> float:
    """Fraction of pixels painted with the page's own background colour."""
    small = image.convert("RGB").resize((256, 192))
    pixels = list(small.get_flattened_data())
    near = sum(1 for pixel in pixels if _is_background(pixel))
    return near / len(pixels)


def wait_for_page(
    xdisplay: VirtualDisplay,
    shot: Path,
    title: str,
    transport: str = "websocket",
    timeout: float = 90,
    min_share: float = 0.3,
) -> str:
    """Screenshot until the page's text is readable; return the text read.
    OCR waits until the page's background covers `min_share` of the screen."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        image = xdisplay.screenshot(shot)
        if background_share(image) > min_share:
            text = ocr(shot)
            # The page is up and its bridge connected over the real transport.
            if title in text and f"Connected ({transport})" in text:
                return text
        time.sleep(1)
    pytest.fail(f"the window never showed the connected page; last text read: {text!r} ({shot})")


def close_until_exit(
    xdisplay: VirtualDisplay,
    app: AppProcess,
    title: str,
    close: Callable[[], int] | None = None,
    timeout: float = 30,
) -> int:
    """Close the window as a user would; return the app's exit code.

    Qt under a bare Xvfb (no window manager) now and then drops a
    WM_DELETE_WINDOW that arrives soon after the page loaded (the close never
    reaches Python), so the request is repeated, as a user clicks again.
    """
    close = close or (lambda: xdisplay.close_window(title))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if title in xdisplay.window_titles():
            assert close() >= 1
        try:
            return app.process.wait(3)
        except subprocess.TimeoutExpired:
            continue
    return app.wait(1)
