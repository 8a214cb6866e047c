# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Fixtures that run an app headless and connect to it like the page does.

`app` is the plumbing's own app (plumbing_app.py): the bridge's tests never
depend on the app's handlers. The app's own tests (test_app.py) override
`app` with the real one (`serve`), and the other fixtures follow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from app_process import RunningApp, session_token, start_plumbing_app
from bridge_client import BridgeClient


@pytest.fixture(autouse=True)
def user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's app keeps its settings and window state in folders of its
    own (platformdirs reads these on Linux), never in the user's."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))


def serve(start: Callable[..., RunningApp]) -> Iterator[RunningApp]:
    """Start an app on a free port for a test and kill it after."""
    running = start("--port", "0")
    if not running.url:
        code = running.wait(15)
        pytest.fail(f"the app exited ({code}) without a URL; stderr:\n{running.stderr}")
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.wait(15)


@pytest.fixture
def app() -> Iterator[RunningApp]:
    yield from serve(start_plumbing_app)


@pytest.fixture
def token(app: RunningApp) -> str | None:
    """The session token, got by trading the printed launch code, as the page does."""
    return session_token(app)


@pytest.fixture
def http(app: RunningApp, token: str | None) -> Iterator[httpx.Client]:
    """An HTTP session of the page: same origin, with the session token."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with httpx.Client(base_url=app.base_url, headers=headers) as client:
        yield client


@pytest.fixture
def client(app: RunningApp, token: str | None) -> Iterator[BridgeClient]:
    bridge = BridgeClient(app.base_url, token)
    yield bridge
    bridge.close()


@pytest.fixture
def app_url_pair(app: RunningApp, token: str | None) -> Iterator[tuple[BridgeClient, BridgeClient]]:
    """Two pages of the same app (two windows or tabs)."""
    first, second = BridgeClient(app.base_url, token), BridgeClient(app.base_url, token)
    yield first, second
    first.close()
    second.close()
