"""Memory of the process under test (RSS, via psutil): idle after start and a
warm-up, then the growth while idle clients are connected, scaled to 100."""

from __future__ import annotations

import time
from typing import Any

import psutil

from .driver import run_client, run_held_client
from .servers import Server

MIB = 1024 * 1024
SETTLE_SECONDS = 1.0


def rss_mib(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / MIB


def measure(server: Server, connections: int, warmup_calls: int) -> dict[str, Any]:
    run_client(server, "warm", calls=warmup_calls)
    time.sleep(SETTLE_SECONDS)
    idle = rss_mib(server.pid)

    def connected_rss() -> float:
        time.sleep(SETTLE_SECONDS)  # let the server finish setting them up
        return rss_mib(server.pid)

    held, connected = run_held_client(server, "hold_idle", connected_rss, connections=connections)
    if held["connections"] != connections:
        raise RuntimeError(f"{server.kind}: {held['connections']} of {connections} connected")
    return {"idle_rss_mib": idle, "rss_per_100_mib": (connected - idle) * 100 / connections}
