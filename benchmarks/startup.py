"""Start-up: from launching the process to the first page served (for
deskwire: launch URL redeemed, then the page fetched with the cookie, as a
window does), and to the first call answered (connect, hello, one call),
timed by the harness, which launches the process."""

from __future__ import annotations

import asyncio
import time

from .adapters import connect
from .project import BuiltApp
from .servers import LAUNCH_PARAM, Server, command_for, get, launch, redeem, wait_until_serving


async def _first_call(server: Server) -> None:
    link = await connect(server.endpoint)
    try:
        await link.call("add", {"a": 1, "b": 2})
    finally:
        await link.close()


def measure_once(kind: str, apps: dict[str, BuiltApp]) -> dict[str, float]:
    server = launch(kind, command_for(kind, apps))
    try:
        if LAUNCH_PARAM in server.first_line:
            server.cookie = redeem(server.first_line)
            page = get(server.base_url, server.cookie)
        elif kind == "eel":  # Eel prints its URL before it listens
            wait_until_serving(server.base_url)
            page = get(server.base_url)
        else:
            page = get(server.base_url)
        if page.status != 200:
            raise RuntimeError(f"{kind}: the page answered {page.status}")
        page_at = time.perf_counter()
        asyncio.run(_first_call(server))
        call_at = time.perf_counter()
    finally:
        server.stop()
    return {
        "startup_page_ms": (page_at - server.started_at) * 1000,
        "startup_call_ms": (call_at - server.started_at) * 1000,
    }
