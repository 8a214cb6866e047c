"""The webview and browser variants open real windows under Xvfb and show the page:
a Qt window through pywebview, and Chromium in app mode."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from conftest import ProjectCache
from display import VirtualDisplay, press_keys
from PIL import Image
from support import AppProcess, python_env, require_tool, start_app, trade_launch_code
from window_checks import ANSWERS, PACKAGE, TITLE, background_share, close_until_exit, wait_for_page

BROWSER_ANSWERS = {"project_name": TITLE, "window": "browser"}
# Flags a test run needs: no sandbox as root, and no traffic to the closed network.
CHROMIUM_TEST_FLAGS = (
    "--disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)


def open_window(
    projects: ProjectCache,
    xdisplay: VirtualDisplay,
    frontend: str = "vanilla",
    *,
    state_home: Path,
) -> tuple[Path, AppProcess]:
    """The app with its native window; `state_home` is the user's state
    directory (XDG_STATE_HOME), where the window's geometry is kept."""
    project = projects.built({**ANSWERS, "frontend": frontend})
    env = {**python_env(project), **xdisplay.env(), "XDG_STATE_HOME": str(state_home)}
    return project, start_app(project, PACKAGE, "--port", "0", "--log-level", "debug", env=env)


# Angular too: many users come from Electron + Angular.
@pytest.mark.parametrize("frontend", ["vanilla", "angular"])
def test_window_shows_the_page_and_closing_it_exits_cleanly(
    projects: ProjectCache, xdisplay: VirtualDisplay, tmp_path: Path, frontend: str
) -> None:
    _, app = open_window(projects, xdisplay, frontend, state_home=tmp_path)
    try:
        wait_for_page(xdisplay, tmp_path / "window.png", TITLE)
        # Only the window got in: it spent the one-time code on its session.
        assert trade_launch_code(app.url) == 403
        assert TITLE in xdisplay.window_titles()
        # Named for the desktop by the app, not by `python -m`'s __main__.py.
        assert set(xdisplay.window_classes(TITLE)) == {("window-check", "window-check")}
        image = Image.open(tmp_path / "window.png")
        # The page fills the window: its background covers most of the 900x640
        # window on the 1024x768 screen (a blank or crashed view would not).
        assert background_share(image) > 0.5
        assert close_until_exit(xdisplay, app, TITLE) == 0, app.stderr
        assert "Traceback" not in app.stderr
        with pytest.raises(httpx.ConnectError):
            httpx.get(app.url.split("#")[0], timeout=2)
    finally:
        app.kill()


def test_sigterm_closes_the_window_and_exits_cleanly(
    projects: ProjectCache, xdisplay: VirtualDisplay, tmp_path: Path
) -> None:
    _, app = open_window(projects, xdisplay, state_home=tmp_path)
    try:
        wait_for_page(xdisplay, tmp_path / "window.png", TITLE)
        app.process.terminate()
        assert app.wait(30) == 0, app.stderr
        assert TITLE not in xdisplay.window_titles()
    finally:
        app.kill()


# SIGTERM as the page connects, when pywebview is still injecting its API
# into the page: 3 runs in 30 hung at exit before bridge/process_end.py.
QUICK_CLOSES = 10


def test_sigterm_as_the_page_connects_still_exits(
    projects: ProjectCache, xdisplay: VirtualDisplay, tmp_path: Path
) -> None:
    for attempt in range(QUICK_CLOSES):
        _, app = open_window(projects, xdisplay, state_home=tmp_path)
        try:
            deadline = time.monotonic() + 60
            while "connection open" not in app.stderr and time.monotonic() < deadline:
                time.sleep(0.005)
            assert "connection open" in app.stderr, app.stderr[-3000:]
            app.process.terminate()
            try:
                code = app.process.wait(15)
            except subprocess.TimeoutExpired:
                pytest.fail(f"attempt {attempt + 1}: still running 15 s after SIGTERM")
            assert code == 0, app.stderr[-3000:]
            assert "Traceback" not in app.stderr
        finally:
            app.kill()


def test_the_window_comes_back_where_the_user_left_it(
    projects: ProjectCache, xdisplay: VirtualDisplay, tmp_path: Path
) -> None:
    xdotool = require_tool("xdotool", "to move and resize the window (apt: xdotool)")
    _, app = open_window(projects, xdisplay, state_home=tmp_path)
    try:
        wait_for_page(xdisplay, tmp_path / "first.png", TITLE)
        # The default size (900x640), centred on the 1024x768 screen.
        assert xdisplay.window_geometry(TITLE) == (62, 64, 900, 640)
        moved_to = (130, 90, 640, 480)
        move_and_resize(xdisplay, xdotool, *moved_to)
        assert close_until_exit(xdisplay, app, TITLE) == 0, app.stderr[-3000:]
    finally:
        app.kill()
    saved = json.loads((tmp_path / "window-check" / "window.json").read_text())
    assert (saved["x"], saved["y"], saved["width"], saved["height"]) == moved_to

    _, app = open_window(projects, xdisplay, state_home=tmp_path)
    try:
        wait_for_page(xdisplay, tmp_path / "again.png", TITLE, min_share=0.15)
        assert xdisplay.window_geometry(TITLE) == moved_to
        stop_window_app(app)
    finally:
        app.kill()

    # Saved on a bigger screen than today's: the window is brought back on.
    (tmp_path / "window-check" / "window.json").write_text(
        json.dumps({"x": 1700, "y": 1200, "width": 640, "height": 480, "maximized": False})
    )
    _, app = open_window(projects, xdisplay, state_home=tmp_path)
    try:
        wait_for_page(xdisplay, tmp_path / "clamped.png", TITLE, min_share=0.15)
        assert xdisplay.window_geometry(TITLE) == (1024 - 640, 768 - 480, 640, 480)
        stop_window_app(app)
    finally:
        app.kill()


def move_and_resize(
    xdisplay: VirtualDisplay, xdotool: str, x: int, y: int, width: int, height: int
) -> None:
    """As a user would drag the window and its corner (no window manager
    here: xdotool asks the X server directly, which tells Qt)."""
    env = {**os.environ, "DISPLAY": xdisplay.name}
    (window,) = subprocess.run(
        [xdotool, "search", "--onlyvisible", "--name", f"^{TITLE}$"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout.split()
    for command in (
        ["windowsize", window, str(width), str(height)],
        ["windowmove", window, str(x), str(y)],
    ):
        subprocess.run([xdotool, *command], env=env, check=True, timeout=30)
    deadline = time.monotonic() + 10
    while xdisplay.window_geometry(TITLE) != (x, y, width, height):
        assert time.monotonic() < deadline, xdisplay.window_geometry(TITLE)
        time.sleep(0.1)
    time.sleep(0.5)  # pywebview hands the move and resize events to threads


def stop_window_app(app: AppProcess) -> None:
    app.process.terminate()
    assert app.wait(30) == 0, app.stderr[-3000:]


def test_without_a_display_the_app_runs_headless(projects: ProjectCache) -> None:
    project = projects.built(ANSWERS)
    env = python_env(project)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    app = start_app(project, PACKAGE, "--port", "0", "--log-level", "debug", env=env)
    try:
        # Headless, the printed launch URL is still the way in (once).
        assert httpx.get(app.url).status_code == 200
        assert trade_launch_code(app.url) == 200
        assert trade_launch_code(app.url) == 403
        app.process.terminate()
        assert app.wait(30) == 0
        assert "no display found" in app.stderr
    finally:
        app.kill()


def command_lines() -> list[str]:
    """Every process's command line, as any user of this machine can read it."""
    lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue  # the process ended meanwhile
    return lines


@pytest.fixture
def chromium_on_path(tmp_path: Path) -> str:
    """PATH with a `chromium` that runs the real browser with test-only flags."""
    chromium = require_tool("chromium", "for the browser-window test (apt: chromium)")
    shim_dir = tmp_path / "bin"
    shim_dir.mkdir()
    shim = shim_dir / "chromium"
    sandbox = "--no-sandbox " if os.geteuid() == 0 else ""
    shim.write_text(f'#!/bin/sh\nexec {chromium} {sandbox}{CHROMIUM_TEST_FLAGS} "$@"\n')
    shim.chmod(0o755)
    return f"{shim_dir}{os.pathsep}{os.environ['PATH']}"


def open_browser_window(projects: ProjectCache, xdisplay: VirtualDisplay, path: str) -> AppProcess:
    project = projects.built(BROWSER_ANSWERS)
    env = {**python_env(project), **xdisplay.env(), "PATH": path}
    return start_app(project, PACKAGE, "--port", "0", "--log-level", "debug", env=env)


def test_browser_window_shows_the_page_and_closing_it_exits_cleanly(
    projects: ProjectCache, xdisplay: VirtualDisplay, chromium_on_path: str, tmp_path: Path
) -> None:
    app = open_browser_window(projects, xdisplay, chromium_on_path)
    try:
        wait_for_page(xdisplay, tmp_path / "browser.png", TITLE)
        # The browser got in through a private launch page: the code is spent,
        # and no command line, which every user can read, ever held it.
        assert trade_launch_code(app.url) == 403
        code = app.url.split("#launch=", 1)[1]
        assert not [line for line in command_lines() if code in line]
        assert any("--app=file://" in line for line in command_lines())
        # Chromium ignores WM_DELETE_WINDOW without a window manager; a user's
        # Ctrl+W closes the app window the same way.
        xdotool = require_tool("xdotool", "to type into the browser window (apt: xdotool)")
        close = lambda: press_keys(xdisplay.name, TITLE, "ctrl+w", xdotool)  # noqa: E731
        assert close_until_exit(xdisplay, app, TITLE, close) == 0, app.stderr
        assert "Traceback" not in app.stderr
    finally:
        app.kill()


def test_sigterm_closes_the_browser_window_and_exits_cleanly(
    projects: ProjectCache, xdisplay: VirtualDisplay, chromium_on_path: str, tmp_path: Path
) -> None:
    app = open_browser_window(projects, xdisplay, chromium_on_path)
    try:
        wait_for_page(xdisplay, tmp_path / "browser.png", TITLE)
        app.process.terminate()
        assert app.wait(30) == 0, app.stderr
        assert "Traceback" not in app.stderr
        deadline = time.monotonic() + 10
        while TITLE in xdisplay.window_titles() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert TITLE not in xdisplay.window_titles()
    finally:
        app.kill()
