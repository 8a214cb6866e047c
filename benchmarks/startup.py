"""Start-up, timed by the harness, which launches the process: from the launch
to the first page served (GET / answers 200; the page needs no credential),
and to the first call answered. For deskwire the call includes what a page
must do first: trade the printed launch code for the session token; then, for
every target, connect, hello and one call."""

from __future__ import annotations

import asyncio
import time

from .adapters import connect
from .project import BuiltApp
from .servers import Server, command_for, get, launch, trade_launch_code, wait_until_serving


async def _first_call(server: Server) -> None:
    link = await connect(server.endpoint)
    try:
        await link.call("add", {"a": 1, "b": 2})
    finally:
        await link.close()


def first_page(server: Server) -> None:
    """GET / (once the target listens) must answer 200: the page needs no credential."""
    if server.kind == "eel":  # Eel prints its URL before it listens
        wait_until_serving(server.base_url)
    page = get(server.base_url)
    if page.status != 200:
        raise RuntimeError(f"{server.kind}: the page answered {page.status}")


def measure_once(kind: str, apps: dict[str, BuiltApp]) -> dict[str, float]:
    server = launch(kind, command_for(kind, apps))
    try:
        first_page(server)
        page_at = time.perf_counter()
        server.token = trade_launch_code(server)
        asyncio.run(_first_call(server))
        call_at = time.perf_counter()
    finally:
        server.stop()
    return {
        "startup_page_ms": (page_at - server.started_at) * 1000,
        "startup_call_ms": (call_at - server.started_at) * 1000,
    }
