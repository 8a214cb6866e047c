# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""What a launch loads before it serves the first page: not what only dev
mode, the native window or a desktop call needs (start-up time and memory).
Each probe runs in a fresh interpreter, as a launch does."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from app_process import PACKAGE, app_command, app_env

# Loads what `run` loads before it serves (the entry point, the app, the
# window chosen for the generated command line), then reports what is loaded
# and which of the plumbing's own models pydantic has built.
PROBE = f"""
import importlib, json, sys
from pydantic import BaseModel
from {PACKAGE} import app
from {PACKAGE}.desktop import models, single_instance
from {PACKAGE}.desktop.settings import SettingsStore

# The module: the package's `run` is its function of that name.
entry = importlib.import_module("{PACKAGE}.deskwire.run")
settings = entry.read_settings(app)
entry.choose_window(entry.parse_args(sys.argv[1:], settings), settings)
plumbing = [
    *(m for m in vars(models).values() if isinstance(m, type) and issubclass(m, BaseModel)),
    single_instance.SecondLaunch,
    settings.desktop.menu_event,
    # A settings store's models, when app.py keeps one.
    *(m for s in vars(app).values() if isinstance(s, SettingsStore) for m in (s.changed, s.patch)),
]
print(json.dumps({{
    "modules": sorted(sys.modules),
    "models": len(plumbing),
    "built": sorted(m.__name__ for m in plumbing if m is not BaseModel and m.__pydantic_complete__),
}}))
"""


def probe() -> dict[str, Any]:
    args = app_command()[3:]  # the generated command line's own flags
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env=app_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_dev_mode_and_the_native_window_load_only_when_used() -> None:
    modules = set(probe()["modules"])
    assert f"{PACKAGE}.app" in modules  # the probe did load the app
    assert {f"{PACKAGE}.bridge.dev_restart", f"{PACKAGE}.bridge.dev_server"}.isdisjoint(modules)
    assert "webview" not in modules


def test_the_plumbings_models_are_built_on_first_use_not_at_start_up() -> None:
    loaded = probe()
    assert loaded["models"] > 10  # the desktop's, the second launch's, the menu's, the settings'
    assert loaded["built"] == []
