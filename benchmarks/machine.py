"""What the numbers were measured on (they are only comparable within a run)."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from .browser import chromium_path


def _first_line(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = result.stdout.strip().splitlines()
    return lines[0] if lines else "unknown"


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe(eel_version: str) -> dict[str, str]:
    node = shutil.which("node")
    chromium = chromium_path()
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu_model(),
        "cores": str(os.cpu_count()),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "node": _first_line([node, "--version"]) if node else "not found",
        "chromium": _first_line([chromium, "--version"]) if chromium else "not found",
        "uvicorn": _version("uvicorn"),
        "starlette": _version("starlette"),
        "websockets": _version("websockets"),
        "sse-starlette": _version("sse-starlette"),
        "eel": eel_version,
        "load average (1, 5, 15 min) at start": load_average(),
    }


def load_average() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return " ".join(f"{value:.2f}" for value in load)
