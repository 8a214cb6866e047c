"""The benchmark harness runs end to end (quick mode: tiny workloads) and
reports every figure for every target. No performance target is asserted
here: those are for `python3 tasks.py bench` on a quiet machine, not CI."""

from __future__ import annotations

import importlib.util
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import REPO_ROOT, REQUIRE_TOOLS, require_tool

pytestmark = pytest.mark.slow

KIND_COLUMNS = ("deskwire WS", "deskwire SSE", "raw floor", "Eel")


def require_module(name: str) -> None:
    if importlib.util.find_spec(name) is None:
        message = f"Python package {name} not installed; `python3 tasks.py test` installs it"
        if REQUIRE_TOOLS:
            pytest.fail(f"{message} (DESKWIRE_REQUIRE_TOOLS=1)")
        pytest.skip(message)


def table_rows(markdown: str) -> list[list[str]]:
    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def number(cell: str) -> float:
    return float(cell.replace(",", ""))


def run_quick(harness: str, results: Path, timeout: float) -> Any:
    """Run a harness in quick mode, writing beside `results`; its JSON results."""
    result = subprocess.run(
        [sys.executable, "-m", harness, "--quick", "--out", str(results.parent)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-6000:]
    return json.loads(results.read_text())


def test_the_quick_run_reports_every_figure(tmp_path: Path) -> None:
    require_tool("chromium", "for the benchmarks' browser figures (apt: chromium)")
    require_tool("npm", "to build the benchmarked apps' pages")
    require_tool("Xvfb", "for the native window's start-up (apt: xvfb)")
    for module in ("psutil", "matplotlib", "playwright", "webview", "qtpy"):
        require_module(module)
    data = run_quick("benchmarks.run", tmp_path / "results.json", timeout=900)
    figures = data["figures"]
    assert len(figures) >= 17
    # The native window's start-up, and the same project's --headless one,
    # are the WebSocket project's only (the loop below checks they are positive).
    for key in ("startup_window_ms", "startup_headless_page_ms"):
        assert set(figures[key]["median"]) == {"ws"}, (key, figures[key]["median"])
        assert set(figures[key]["not_applicable"]) == {"sse", "raw", "eel"}, key
    for key, figure in figures.items():
        for kind in ("ws", "sse", "raw", "eel"):
            if kind in figure["not_applicable"]:
                assert kind not in figure["median"], (key, kind)
                continue
            value = figure["median"].get(kind)
            assert value is not None and math.isfinite(value) and value > 0, (key, kind, value)

    rows = table_rows((tmp_path / "results.md").read_text())
    header, body = rows[0], rows[2:]
    columns = [header.index(name) for name in KIND_COLUMNS]
    assert len(body) == len(figures)
    not_applicable = sum(len(figure["not_applicable"]) for figure in figures.values())
    seen_na = 0
    for row in body:
        for column in columns:
            if row[column] == "n/a":
                seen_na += 1
            else:
                assert math.isfinite(number(row[column])), row
        assert row[header.index("holds?")], row
    assert seen_na == not_applicable

    assert (tmp_path / "results.png").read_bytes().startswith(b"\x89PNG")

    # benchmarks.instructions drives the apps the run just built through
    # their whole ASGI stack (here without valgrind, which counts them).
    for transport, kind in (("websocket", "ws"), ("sse", "sse")):
        src = REPO_ROOT / "benchmarks" / ".cache" / "apps" / transport / "src"
        driven = subprocess.run(
            [sys.executable, "-m", "benchmarks.instructions", kind, "--drive", "--calls", "300"],
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{REPO_ROOT}"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert driven.returncode == 0, driven.stderr[-3000:]


@pytest.mark.xdist_group("shipping-bench")
def test_the_quick_shipping_run_reports_sizes_and_start_up(tmp_path: Path) -> None:
    require_tool("npm", "to build the packaged app's page")
    require_tool("Xvfb", "for the native window's start-up (apt: xvfb)")
    data = run_quick("benchmarks.shipping", tmp_path / "shipping.json", timeout=1200)
    webview = data["packages"]["webview"]
    # A real frozen Qt WebEngine app: well over 100 MB unpacked.
    assert webview["folder_bytes"] > 100e6
    assert 0 < webview["tarball_bytes"] < webview["folder_bytes"]
    assert 0 < webview["deb_bytes"] < webview["folder_bytes"]
    medians = data["start_up_ms"]["median"]
    for figure in ("first_page_ms", "window_connected_ms"):
        for how in ("frozen", "python -m"):
            value = medians[figure][f"webview {how}"]
            assert math.isfinite(value) and value > 0, (figure, how, value)

    rows = table_rows((tmp_path / "shipping.md").read_text())
    assert [row[0] for row in rows if row[0].startswith("webview")] == [
        "webview",
        "webview: launch → first page served (--headless)",
        "webview: launch → page connected in the native window (Xvfb)",
    ]


def test_the_quick_desktop_run_reports_the_cost_of_the_capabilities(tmp_path: Path) -> None:
    require_module("psutil")
    data = run_quick("benchmarks.desktop", tmp_path / "desktop.json", timeout=600)
    for variant in ("before", "desktop", "desktop, no single instance"):
        for figure in ("first_page_ms", "first_call_ms", "rss_mib"):
            value = data["median"][variant][figure]
            assert math.isfinite(value) and value > 0, (variant, figure, value)
    assert data["median"]["desktop"]["first_settings_get_ms"] > 0
    rows = table_rows((tmp_path / "desktop.md").read_text())
    assert [row[0] for row in rows[2:]] == [
        "launch → first page served (ms)",
        "launch → first call answered (ms)",
        "RSS after the first call (MiB)",
    ]
