# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The settings in app.py, as the framework reads them from a real app process:
a changed value is served, one left out (an older app.py) takes the project's
default, and a value that cannot be used ends the launch with exit code 2 and
one line that names it."""

from __future__ import annotations

import socket
import sys

import pytest
from app_process import PACKAGE, RunningApp, app_command, session_token, start, start_app_with
from bridge_client import BridgeClient, Message

# An app that runs beside the other tests' apps, whatever app.py says.
SEVERAL_COPIES = {"SINGLE_INSTANCE": "False"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def discovered(app: RunningApp) -> Message:
    """The app's OpenRPC document, asked for as its page would ask; the app is
    stopped after."""
    try:
        client = BridgeClient(app.base_url, session_token(app))
        document: Message = client.call("rpc.discover")["result"]
        client.close()
    finally:
        app.stop()
    return document


def test_a_changed_port_and_secret_are_served() -> None:
    port = free_port()
    app = start_app_with({**SEVERAL_COPIES, "PORT": str(port), "SECURE": "False"})
    try:
        assert app.url.startswith(f"http://127.0.0.1:{port}/"), app.stderr
        assert "#launch=" not in app.url  # no secret: no launch code
    finally:
        app.stop()
    secured = start_app_with({**SEVERAL_COPIES, "PORT": "0", "SECURE": "True"})
    try:
        assert "#launch=" in secured.url, secured.stderr
    finally:
        secured.stop()


def test_a_changed_title_names_the_app() -> None:
    document = discovered(
        start_app_with({**SEVERAL_COPIES, "TITLE": "'Renamed Tool'"}, "--port", "0")
    )
    assert document["info"]["title"] == "Renamed Tool"


def test_an_older_app_py_without_the_newer_settings_still_runs() -> None:
    newer = ("PORT", "SECURE", "LIMITS", "EXTRA_CSP_SOURCES", "WINDOW_WIDTH", "WINDOW_HEIGHT")
    app = start_app_with({**SEVERAL_COPIES}, "--port", "0", removed=newer)
    try:
        assert app.url.startswith("http://127.0.0.1:"), app.stderr
    finally:
        app.stop()


# An app module with a bridge and nothing else: no settings, no desktop.
BARE_APP = """
import sys, types
from {package}.deskwire import Bridge, run
app = types.ModuleType("app")
app.bridge = Bridge()
app.SINGLE_INSTANCE = False
sys.exit(run(app))
"""


def test_an_app_without_a_desktop_gets_one() -> None:
    script = BARE_APP.format(package=PACKAGE)
    document = discovered(start([sys.executable, "-c", script, *app_command("--port", "0")[3:]]))
    assert "desktop.open_files" in {method["name"] for method in document["methods"]}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TITLE", "''"),
        ("APP_ID", "'my app'"),
        ("PORT", "80"),
        ("PORT", "'8080'"),
        ("SECURE", "'yes'"),
        ("SINGLE_INSTANCE", "1"),
        ("WINDOW_WIDTH", "50"),
        ("LIMITS", "{}"),
        ("LIMITS", "Limits(max_connections=3)"),
        ("EXTRA_CSP_SOURCES", "['https://example.com']"),
        ("MENU", "['File']"),
    ],
)
def test_a_bad_value_exits_2_with_one_line_naming_it(name: str, value: str) -> None:
    app = start_app_with({name: value}, "--port", "0")
    assert app.wait() == 2
    assert app.url == ""
    lines = app.stderr.splitlines()
    assert len(lines) == 1, app.stderr
    assert lines[0].startswith(f"error: {name} in app.py "), app.stderr
