"""Run a workload in a client process of its own (benchmarks.client) against a
started server, and read back its JSON line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .client import TOKEN_VARIABLE
from .servers import Server

REPO = Path(__file__).resolve().parent.parent
CLIENT_TIMEOUT = 300.0


def _command(server: Server, workload: str, params: dict[str, int]) -> list[str]:
    command = [sys.executable, "-m", "benchmarks.client", workload]
    command += ["--kind", server.kind, "--url", server.base_url]
    for name, value in params.items():
        command += ["--param", f"{name}={value}"]
    return command


def _env(server: Server) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop(TOKEN_VARIABLE, None)
    if server.token:
        env[TOKEN_VARIABLE] = server.token
    return env


def run_client(server: Server, workload: str, **params: int) -> dict[str, Any]:
    result = subprocess.run(
        _command(server, workload, params),
        cwd=REPO,
        env=_env(server),
        capture_output=True,
        text=True,
        timeout=CLIENT_TIMEOUT,
    )
    if result.returncode != 0:
        failure = f"{workload} against {server.kind} failed ({result.returncode})"
        raise RuntimeError(f"{failure}:\n{result.stderr[-4000:]}")
    answer: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def run_held_client(
    server: Server, workload: str, while_held: Callable[[], Any], **params: int
) -> tuple[dict[str, Any], Any]:
    """A client that reports ready, holds its state while `while_held` runs
    here, then finishes: (its result, what while_held returned)."""
    process = subprocess.Popen(
        _command(server, workload, params),
        cwd=REPO,
        env=_env(server),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        ready = process.stdout.readline()
        if not ready:
            _, stderr = process.communicate(timeout=CLIENT_TIMEOUT)
            raise RuntimeError(f"{workload} against {server.kind} failed:\n{stderr[-4000:]}")
        held = while_held()
        stdout, stderr = process.communicate("go\n", timeout=CLIENT_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        raise RuntimeError(f"{workload} against {server.kind} failed:\n{stderr[-4000:]}")
    answer: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    return answer, held
