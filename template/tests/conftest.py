"""Fixtures that run the real app headless."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from app_process import RunningApp, start_app_headless


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
