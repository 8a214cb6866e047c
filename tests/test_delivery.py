"""Delivery end to end with the built page in headless Chromium (the chaos test
for every transport x frontend pair, the others per transport).

Chaos: the page talks to the real app through a proxy the test controls. While
Python pushes a numbered event stream (hundreds a second) and the page makes
calls, every connection is cut at random moments. At the end the page has every
event exactly once, in order, and Python ran every call exactly once.

Silence: the proxy swallows every byte while connections stay open; the page
notices from the missing heartbeats and reconnects once bytes flow again.

Restart: the app process is replaced on the same port; the page reconnects, is
told it is a new run, and resyncs. Reload: the page goes, the app stays."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from browser import chromium, page_at
from chaos_proxy import chaos_proxy
from conftest import ProjectCache
from playwright.sync_api import Page, expect
from support import python_env, start_app

PACKAGE = "deskwire_demo"
EVENTS = 3000
EVENT_INTERVAL_MS = 2
CUTS = 6
CALLS_PER_BATCH = 40


def test_page_loses_nothing_when_every_connection_is_cut(
    projects: ProjectCache, pair: dict[str, str]
) -> None:
    project = projects.built({**pair, "window": "none"})
    app = start_app(project, PACKAGE, "--port", "0", env=python_env(project))
    port = urlsplit(app.url).port
    try:
        with chaos_proxy(port or 0) as proxy:
            # The page asks for localhost:<app port> (what the app's Host and
            # Origin checks accept); Chromium connects to the proxy instead.
            route = f"--host-resolver-rules=MAP localhost:{port} 127.0.0.1:{proxy.port}"
            url = app.url.replace("127.0.0.1", "localhost", 1)
            with chromium(route) as browser, page_at(browser, url) as page:
                expect(page.locator("#connection-status")).to_have_attribute("data-state", "open")

                page.fill("#count-total", str(EVENTS))
                page.fill("#count-interval", str(EVENT_INTERVAL_MS))
                page.click("#count")
                page.fill("#calls-total", str(CALLS_PER_BATCH))
                calls = cut_at_random_moments(page, proxy.cut_all)
                assert proxy.cuts == CUTS

                # Every event once, in order; nothing had to be resynced.
                expect(page.locator("#event-count")).to_have_text(str(EVENTS), timeout=90_000)
                expect(page.locator("#last-seq")).to_have_text(str(EVENTS))
                expect(page.locator("#events-in-order")).to_have_text("yes")
                expect(page.locator("#resets")).to_have_text("0")
                # Every call answered once, and Python counted each once.
                expect(page.locator("#calls-answered")).to_have_text(str(calls), timeout=90_000)
                expect(page.locator("#tally")).to_have_text(str(calls))
                expect(page.locator("#calls-failed")).to_have_text("0")
                time.sleep(1)  # nothing arrives twice afterwards either
                expect(page.locator("#event-count")).to_have_text(str(EVENTS))
                expect(page.locator("#calls-answered")).to_have_text(str(calls))
                status = page.locator("#connection-status")
                expect(status).to_have_attribute("data-state", "open", timeout=30_000)
    finally:
        app.kill()


def cut_at_random_moments(page: Page, cut_all: Callable[[], int]) -> int:
    """Cut every connection CUTS times while the events flow, making a batch of
    calls before every other cut; return how many calls were made."""
    calls = 0
    status = page.locator("#connection-status")
    for cut in range(CUTS):
        expect(status).to_have_attribute("data-state", "open", timeout=30_000)
        if cut % 2 == 0:
            page.click("#calls")
            calls += CALLS_PER_BATCH
        time.sleep(random.uniform(0.2, 1.0))
        # A cut lands on live connections: if the page is between two (the
        # server just dropped one), cut the next.
        deadline = time.monotonic() + 10
        while cut_all() == 0:
            assert time.monotonic() < deadline, "no connection to cut for 10 s"
            time.sleep(0.05)
    return calls


@pytest.mark.parametrize("transport", ["websocket", "sse"])
def test_page_notices_a_silent_link_and_reconnects(projects: ProjectCache, transport: str) -> None:
    project = projects.built({"transport": transport, "window": "none"})
    # Heartbeats every second: the page declares the link dead after 2 s + 5 s.
    app = start_app(project, PACKAGE, "--port", "0", "--heartbeat", "1", env=python_env(project))
    port = urlsplit(app.url).port
    try:
        with chaos_proxy(port or 0) as proxy:
            route = f"--host-resolver-rules=MAP localhost:{port} 127.0.0.1:{proxy.port}"
            with chromium(route) as browser:
                page = browser.new_page()
                page.goto(app.url.replace("127.0.0.1", "localhost", 1))
                status = page.locator("#connection-status")
                expect(status).to_have_attribute("data-state", "open")

                proxy.black_hole = True  # connections stay open; nothing gets through
                expect(status).to_have_attribute("data-state", "reconnecting", timeout=15_000)
                proxy.black_hole = False
                proxy.cut_all()  # what the black hole left half-done
                expect(status).to_have_attribute("data-state", "open", timeout=30_000)
                page.fill("#count-total", "20")
                page.click("#count")
                expect(page.locator("#event-count")).to_have_text("20")
                expect(page.locator("#events-in-order")).to_have_text("yes")
    finally:
        app.kill()


@pytest.mark.parametrize("transport", ["websocket", "sse"])
def test_page_resyncs_after_the_app_restarts_on_the_same_port(
    projects: ProjectCache, transport: str
) -> None:
    # A restarted app has a new per-launch secret, which an open page cannot
    # know; without the secret (an answer of its own) the page may reconnect.
    project = projects.built({"transport": transport, "window": "none", "secure": False})
    app = start_app(project, PACKAGE, "--port", "0", env=python_env(project))
    port = str(urlsplit(app.url).port)
    try:
        with chromium() as browser, page_at(browser, app.url) as page:
            status = page.locator("#connection-status")
            expect(status).to_have_attribute("data-state", "open")
            page.fill("#count-total", "10")
            page.click("#count")
            expect(page.locator("#event-count")).to_have_text("10")

            app.process.terminate()
            assert app.wait() == 0, app.stderr
            expect(status).to_have_attribute("data-state", "reconnecting")
            app = start_app(project, PACKAGE, "--port", port, env=python_env(project))
            expect(status).to_have_attribute("data-state", "open", timeout=30_000)
            expect(page.locator("#resets")).to_have_text("1 (new-run)")

            # The new run numbers its events from 1 again; the page follows it.
            page.fill("#count-total", "5")
            page.click("#count")
            expect(page.locator("#event-count")).to_have_text("15")
            expect(page.locator("#last-seq")).to_have_text("5")
            expect(page.locator("#events-in-order")).to_have_text("yes")
    finally:
        app.kill()


@pytest.mark.parametrize("transport", ["websocket", "sse"])
def test_reloading_the_page_leaves_the_app_running(projects: ProjectCache, transport: str) -> None:
    project = projects.built({"transport": transport, "window": "none"})
    app = start_app(project, PACKAGE, "--port", "0", env=python_env(project))
    try:
        with chromium() as browser:
            page = browser.new_page()
            page.goto(app.url)
            status = page.locator("#connection-status")
            expect(status).to_have_attribute("data-state", "open")
            for _ in range(3):
                page.reload()  # the tab keeps its session token; the launch code was used once
                expect(status).to_have_attribute("data-state", "open")
            page.click("#add")
            expect(page.locator("#sum")).to_have_text("5")
        assert app.process.poll() is None, app.stderr
    finally:
        app.kill()
