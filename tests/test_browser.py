"""The built page of every transport, in real headless Chromium against the real
app: it connects, makes a typed call, receives a pushed event stream in order
and shows a typed error. The page's CSP stays enforced (no bypass)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import chromium
from conftest import ProjectCache
from playwright.sync_api import ConsoleMessage, expect
from support import python_env, start_app

PACKAGE = "deskwire_demo"
EVENTS = 1000


@pytest.mark.parametrize("transport", ["websocket", "sse"])
def test_page_calls_receives_events_and_shows_errors(
    projects: ProjectCache, transport: str, tmp_path: Path
) -> None:
    project = projects.built({"transport": transport, "window": "none"})
    app = start_app(project, PACKAGE, "--port", "0", env=python_env(project))
    problems: list[str] = []
    try:
        with chromium() as browser:
            page = browser.new_page()
            page.on("console", lambda m: _record(m, problems))
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(app.url)
            assert "launch=" not in page.url  # the one-time code left the address bar
            status = page.locator("#connection-status")
            expect(status).to_have_attribute("data-state", "open")
            expect(status).to_have_text(f"Connected ({transport})")

            page.fill("#add-a", "40")
            page.fill("#add-b", "2.5")
            page.click("#add")
            expect(page.locator("#sum")).to_have_text("42.5")

            page.fill("#count-total", str(EVENTS))
            page.click("#count")
            expect(page.locator("#event-count")).to_have_text(str(EVENTS), timeout=30_000)
            expect(page.locator("#events-in-order")).to_have_text("yes")

            page.click("#divide-by-zero")
            expect(page.locator("#error")).to_have_text("error -32603: 'divide' failed")
            page.screenshot(path=tmp_path / f"{transport}.png")
    finally:
        app.kill()
    assert not problems, problems


def _record(message: ConsoleMessage, problems: list[str]) -> None:
    if message.type in ("error", "warning"):
        problems.append(f"{message.type}: {message.text}")
