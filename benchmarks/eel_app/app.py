"""The Eel peer: the same calls as deskwire's demo, the way an Eel app writes them.

Run with the Eel venv's interpreter (benchmarks/.cache/eel-venv, from
benchmarks/eel-requirements.txt), never the harness's: Eel pulls in gevent.

    python benchmarks/eel_app/app.py      prints http://127.0.0.1:PORT/ first

`add(a, b)` answers a + b. `count_to(total)` calls the page's exposed JS
function `progress` `total` times (Eel sends each call to every connected
page), then answers. The payload carries a running number like deskwire's
`seq`, so clients can count what arrived. Eel has no event log, no binary
messages and no reconnection protocol: those figures are "n/a" for Eel.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import eel

F = TypeVar("F", bound=Callable[..., Any])
# eel ships no types; this keeps the exposed functions typed.
expose: Callable[[F], F] = eel.expose

WEB = Path(__file__).resolve().parent / "web"
sent = 0


@expose
def add(a: float, b: float) -> float:
    return a + b


@expose
def count_to(total: int) -> dict[str, int]:
    global sent
    for current in range(1, total + 1):
        sent += 1
        eel.progress({"seq": sent, "data": {"current": current, "total": total}})
    return {"emitted": total, "last_seq": sent}


def free_port() -> int:
    # eel.start(port=0) picks a port but does not say which; pick it here.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def keep_running(page: str, sockets: list[Any]) -> None:
    """Without a close callback Eel exits when its last page disconnects."""


def main() -> None:
    eel.init(str(WEB))
    port = free_port()
    print(f"http://127.0.0.1:{port}/", flush=True)
    eel.start(
        "index.html",
        mode=None,
        host="127.0.0.1",
        port=port,
        block=True,
        close_callback=keep_running,
    )


if __name__ == "__main__":
    main()
    sys.exit(0)
