"""Headless Chromium (Debian's, through Python playwright; never a browser
download): call round trips through the generated TypeScript client, the
same calls over a bare WebSocket to the raw floor from the same page, Eel's
calls through eel.js, and the reconnection helper catching up after a cut.

The app's bench page is opened with the printed one-time launch code in its
fragment, as the window opens the app's page, and the page's own client
trades the code for the session token: the harness must not trade it first
(the code works once). The raw floor's port is not the page's, which the app's
CSP forbids, so the contexts bypass CSP (the page's own script is unchanged).
Each page gets a context of its own, as each app gets a window of its own.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

from .servers import Server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 120_000


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def chromium() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium not found (apt: chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_app_page(browser: Browser, app: Server) -> Page:
    """The bench page of a deskwire app, opened with the launch code, which its
    client trades for the token before it connects (`ready` waits for that)."""
    page = browser.new_context(bypass_csp=True).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app.launch_url("bench.html"))
    page.wait_for_function("window.deskwireBench !== undefined")
    page.evaluate("window.deskwireBench.ready()")
    return page


def open_eel_page(browser: Browser, eel: Server) -> Page:
    page = browser.new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(eel.base_url + "index.html")
    page.wait_for_function("window.eelBench !== undefined")
    page.evaluate("window.eelBench.ready()")
    return page


def app_calls(page: Page, count: int, warmup: int) -> list[float]:
    times: list[float] = page.evaluate(
        "([count, warmup]) => window.deskwireBench.callLoop(count, warmup)", [count, warmup]
    )
    return times


def raw_calls(page: Page, raw: Server, count: int, warmup: int) -> list[float]:
    url = raw.base_url.replace("http://", "ws://") + "bridge/ws"
    times: list[float] = page.evaluate(
        "([url, count, warmup]) => window.deskwireBench.rawLoop(url, count, warmup)",
        [url, count, warmup],
    )
    return times


def eel_calls(page: Page, count: int, warmup: int) -> list[float]:
    times: list[float] = page.evaluate(
        "([count, warmup]) => window.eelBench.callLoop(count, warmup)", [count, warmup]
    )
    return times


def catch_up(page: Page, events: int) -> float:
    outcome: dict[str, Any] = page.evaluate(
        "(total) => window.deskwireBench.catchUp(total)", events
    )
    if outcome["missed"] != events:
        raise RuntimeError(f"the page caught up {outcome['missed']} of {events} events")
    return float(outcome["ms"])
