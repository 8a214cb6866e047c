"""The built page of every transport x frontend pair, in real headless Chromium
against the real app: it connects, makes a typed call, receives a pushed event
stream in order, shows a typed error, saves a setting, hears that native
dialogs need the native window, and moves files both ways intact. The
page's CSP stays enforced (no bypass)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import demo_page
import pytest
from browser import chromium
from conftest import ProjectCache, each_frontend, pair_id
from playwright.sync_api import ConsoleMessage, Page, Request, Route, expect
from support import ocr, python_env, require_tool, start_app, wait_until

PACKAGE = "deskwire_demo"
EVENTS = 1000
UPLOAD_BYTES = 5 * 1024 * 1024
DOWNLOAD_BYTES = 8 * 1024 * 1024


@contextmanager
def connected_page(
    projects: ProjectCache,
    pair: dict[str, str],
    before: Callable[[Page], object] = lambda page: None,
    expected_errors: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> Iterator[Page]:
    """The demo page, opened from the app's launch URL and connected; fails the
    test on any console error (but `expected_errors`) or uncaught exception.
    `before` sees the page before it loads (to route its requests); `env`
    adds to the app's environment."""
    project = projects.built({**pair, "window": "none"})
    transport = pair["transport"]
    app = start_app(project, PACKAGE, "--port", "0", env={**python_env(project), **(env or {})})
    problems: list[str] = []
    try:
        with chromium() as browser:
            page = browser.new_page(accept_downloads=True)
            page.on("console", lambda m: _record(m, problems))
            page.on("pageerror", lambda error: problems.append(str(error)))
            before(page)
            page.goto(app.url)
            status = page.locator("#connection-status")
            expect(status).to_have_attribute("data-state", "open")
            expect(status).to_have_text(f"Connected ({transport})")
            assert "launch=" not in page.url  # the one-time code left the address bar
            try:
                yield page
            except BaseException:
                # Shown with the failure: was the app still there, what did it log?
                state = "running" if app.process.poll() is None else f"exited {app.process.poll()}"
                print(f"the app was {state}; its stderr:\n{app.stderr[-6000:]}")
                raise
    finally:
        app.kill()
    unexpected = [text for text in problems if not any(e in text for e in expected_errors)]
    assert not unexpected, unexpected


def test_page_calls_receives_events_and_shows_errors(
    projects: ProjectCache, pair: dict[str, str], tmp_path: Path
) -> None:
    with connected_page(projects, pair) as page:
        # What a person sees: the demo, connected over its transport.
        shot = tmp_path / f"{pair_id(pair)}.png"
        page.screenshot(path=shot, full_page=True)
        seen = ocr(shot)
        assert "Deskwire Demo" in seen and f"Connected ({pair['transport']})" in seen, seen

        demo_page.typed_call_answers(page)
        demo_page.events_arrive_in_order(page, EVENTS)
        demo_page.typed_error_shows(page)
        demo_page.settings_change_shows(page, f"Hello from {pair_id(pair)}")
        demo_page.native_dialogs_are_unsupported_here(page)


def test_the_stored_setting_shows_at_start_and_after_a_restart(
    projects: ProjectCache, pair: dict[str, str], tmp_path: Path
) -> None:
    """The page asks for the settings as it starts: it shows the stored value,
    never a "not connected" error, on a first launch and after a restart."""
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    saved = f"Bonjour from {pair_id(pair)}"
    with connected_page(projects, pair, env=env) as page:
        demo_page.greeting_shows(page, "Hello")  # the Settings model's default
        demo_page.settings_change_shows(page, saved)
    with connected_page(projects, pair, env=env) as page:
        demo_page.greeting_shows(page, saved)


def test_a_page_that_cannot_connect_says_why_and_what_to_do(
    projects: ProjectCache, pair: dict[str, str]
) -> None:
    """A launch link opened a second time, the bare address and an app that
    stopped each leave the page reconnecting; it says which, in words, and the
    app's log says why it refused."""
    project = projects.built({**pair, "window": "none"})
    app = start_app(project, PACKAGE, "--port", "0", env=python_env(project))
    bare = app.url.split("#", 1)[0]
    try:
        with chromium() as browser:
            first = browser.new_page()
            first.goto(app.url)
            expect(first.locator("#connection-status")).to_have_attribute("data-state", "open")
            expect(first.locator("#connection-advice")).to_be_hidden()

            # The same link in another tab: its one-time code was used.
            again = browser.new_page()
            again.goto(app.url)
            advice = again.locator("#connection-advice")
            expect(advice).to_have_attribute("data-trouble", "credential-refused")
            expect(advice).to_be_visible()
            expect(advice).to_contain_text("each link works once")
            expect(again.locator("#connection-status")).not_to_have_attribute("data-state", "open")

            # The address without a code (as on stderr, or typed by hand).
            bare_page = browser.new_page()
            bare_page.goto(bare)
            advice = bare_page.locator("#connection-advice")
            expect(advice).to_have_attribute("data-trouble", "no-credential")
            expect(advice).to_contain_text("Open the app from its window")
            wait_until(
                lambda: "without a valid session token" in app.stderr,
                "the app to log why it refused the page",
            )

            # The app stops: the page that was in says the app is gone, not refused.
            app.kill()
            advice = first.locator("#connection-advice")
            expect(advice).to_have_attribute("data-trouble", "app-unreachable", timeout=30_000)
            expect(advice).to_contain_text("reconnects by itself")
    finally:
        app.kill()
    # The log names no secret while saying what to do.
    assert app.url.split("#launch=", 1)[1] not in app.stderr


def test_page_moves_files_both_ways_intact(
    projects: ProjectCache, pair: dict[str, str], tmp_path: Path
) -> None:
    with connected_page(projects, pair) as page:
        demo_page.files_move_both_ways_intact(page, tmp_path, UPLOAD_BYTES, DOWNLOAD_BYTES)


STREAM_FAILURES: dict[str, Callable[[Route], object]] = {
    # The stream's connection fails (a proxy or antivirus refuses it); the
    # browser logs each failed attempt (net::ERR_CONNECTION_RESET).
    "refused": lambda route: route.abort("connectionreset"),
    # The stream is answered but ends before Python says anything (a proxy that
    # buffers the response, then cuts it).
    "cut short": lambda route: route.fulfill(
        status=200, headers={"content-type": "text/event-stream"}, body=": buffered\n\n"
    ),
}


@pytest.mark.parametrize("failure", list(STREAM_FAILURES))
def test_sse_page_falls_back_to_long_polling_when_the_stream_fails(
    projects: ProjectCache, failure: str
) -> None:
    polls: list[str] = []

    def block_the_stream(page: Page) -> None:
        page.route(re.compile(r"/bridge/events(\?|$)"), STREAM_FAILURES[failure])
        page.on("request", lambda request: _note_poll(request, polls))

    expected = ("net::ERR_CONNECTION_RESET",) if failure == "refused" else ()
    sse = {"transport": "sse", "frontend": "vanilla"}
    with connected_page(projects, sse, block_the_stream, expected) as page:
        page.fill("#count-total", "300")
        page.click("#count")
        expect(page.locator("#event-count")).to_have_text("300", timeout=30_000)
        expect(page.locator("#events-in-order")).to_have_text("yes")
        page.click("#add")
        expect(page.locator("#sum")).to_have_text("5")
    # Long polls (each waits on the server), resumed from the last event seen.
    assert any("wait=25" in url and "after=" in url for url in polls), polls


def _note_poll(request: Request, polls: list[str]) -> None:
    if "/bridge/poll" in request.url:
        polls.append(request.url)


def _record(message: ConsoleMessage, problems: list[str]) -> None:
    if message.type in ("error", "warning"):
        problems.append(f"{message.type}: {message.text}")


@pytest.mark.parametrize("frontend", each_frontend())
def test_a_notification_from_the_page_reaches_the_desktop(
    projects: ProjectCache, frontend: str, tmp_path: Path
) -> None:
    """On a session bus of its own, a recorder plays the notification daemon."""
    record = tmp_path / "notifications.jsonl"
    with session_bus() as address, notification_daemon(address, record):
        pair = {"transport": "websocket", "frontend": frontend}
        with connected_page(projects, pair, env={"DBUS_SESSION_BUS_ADDRESS": address}) as page:
            page.click("#notify")
            expect(page.locator("#notify-result")).to_have_text("shown")
    [shown] = [json.loads(line) for line in record.read_text().splitlines()]
    assert shown["app_name"] == "Deskwire Demo"
    assert shown["summary"] == "Hello from the page"
    assert shown["body"] == "Python showed this notification."
    assert shown["app_icon"].endswith("icon.png")


def test_with_no_notification_service_the_page_hears_so(
    projects: ProjectCache, tmp_path: Path
) -> None:
    pair = {"transport": "websocket", "frontend": "vanilla"}
    nobody = {"DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}"}
    with connected_page(projects, pair, env=nobody) as page:
        page.click("#notify")
        expect(page.locator("#notify-result")).to_have_text("no notification service here")


@contextmanager
def session_bus() -> Iterator[str]:
    """A private D-Bus session bus; yields its address."""
    daemon = require_tool("dbus-daemon", "for the notification test (apt: dbus-daemon)")
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def notification_daemon(address: str, record: Path) -> Iterator[None]:
    server = Path(__file__).with_name("notification_server.py")
    process = subprocess.Popen(
        [sys.executable, str(server), str(record)],
        env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        yield
    finally:
        process.terminate()
        process.wait(10)
