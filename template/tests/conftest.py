"""Fixtures that run the real app headless and connect to it like the page does."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from app_process import RunningApp, redeem_launch_url, start_app_headless
from bridge_client import BridgeClient


@pytest.fixture
def app() -> Iterator[RunningApp]:
    running = start_app_headless("--port", "0")
    if not running.url:
        code = running.process.wait(15)
        pytest.fail(f"the app exited ({code}) without a URL; stderr:\n{running.stderr}")
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait(15)


@pytest.fixture
def cookie(app: RunningApp) -> str | None:
    """The session cookie, got by opening the one-time launch URL."""
    return redeem_launch_url(app)


@pytest.fixture
def http(app: RunningApp, cookie: str | None) -> Iterator[httpx.Client]:
    """An HTTP session of the page: same origin, with the session cookie."""
    headers = {"Cookie": cookie} if cookie else {}
    with httpx.Client(base_url=app.base_url, headers=headers) as client:
        yield client


@pytest.fixture
def client(app: RunningApp, cookie: str | None) -> Iterator[BridgeClient]:
    bridge = BridgeClient(app.base_url, cookie)
    yield bridge
    bridge.close()


@pytest.fixture
def app_url_pair(
    app: RunningApp, cookie: str | None
) -> Iterator[tuple[BridgeClient, BridgeClient]]:
    """Two pages of the same app (two windows or tabs)."""
    first, second = BridgeClient(app.base_url, cookie), BridgeClient(app.base_url, cookie)
    yield first, second
    first.close()
    second.close()
