"""The benchmark client: one workload against one target, in its own process
(never the process under test), printing its measurements as one JSON line.

    python -m benchmarks.client WORKLOAD --kind ws|sse|raw|eel --url URL [--param k=v ...]

A deskwire session token comes in the environment (BENCH_TOKEN), not on the
command line, which other users of the machine can read.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from . import workloads
from .adapters import KINDS, Endpoint

TOKEN_VARIABLE = "BENCH_TOKEN"


async def wait_for_stdin_line() -> None:
    """Tell the harness we are ready, then wait for its go-ahead on stdin."""
    print(json.dumps({"ready": True}), flush=True)
    await asyncio.to_thread(sys.stdin.readline)


# Workloads that take only integer parameters; hold_idle also waits for stdin.
WORKLOADS: dict[str, Callable[..., Coroutine[Any, Any, Any]]] = {
    "calls_sequential": workloads.calls_sequential,
    "calls_in_flight": workloads.calls_in_flight,
    "events_burst": workloads.events_burst,
    "events_fanout": workloads.events_fanout,
    "binary_up": workloads.binary_up,
    "binary_down": workloads.binary_down,
    "catch_up": workloads.catch_up,
    "warm": workloads.warm,
}
NAMES = (*WORKLOADS, "hold_idle")


def workload(name: str, endpoint: Endpoint, params: dict[str, int]) -> Coroutine[Any, Any, Any]:
    if name == "hold_idle":
        return workloads.hold_idle(endpoint, params["connections"], wait_for_stdin_line)
    return WORKLOADS[name](endpoint, **params)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.client")
    parser.add_argument("workload", choices=NAMES)
    parser.add_argument("--kind", choices=KINDS, required=True)
    parser.add_argument("--url", required=True, help="the target's base URL")
    parser.add_argument("--param", action="append", default=[], help="name=integer")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    params = {}
    for item in options.param:
        name, _, value = item.partition("=")
        params[name] = int(value)
    endpoint = Endpoint(options.kind, options.url, os.environ.get(TOKEN_VARIABLE) or None)
    result = run(workload(options.workload, endpoint, params))
    print(json.dumps(result), flush=True)
    return 0


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    # uvloop when installed (as the servers use): the client's own overhead
    # stays small next to what it measures.
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine)


if __name__ == "__main__":
    sys.exit(main())
