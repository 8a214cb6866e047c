"""The workloads, written once against adapters.Link, so deskwire (both
transports), the raw floor and Eel run exactly the same client code. Each
returns a JSON-able dict of measurements; times are taken in this process
with perf_counter around what the client sees.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .adapters import Endpoint, Link, Position, connect, new_client_id
from .stats import summary_ms

Result = dict[str, Any]
TIMEOUT = 120.0


async def warm_up(link: Link, calls: int) -> None:
    for index in range(calls):
        await link.call("add", {"a": index, "b": 1})


async def calls_sequential(endpoint: Endpoint, calls: int, warmup: int) -> Result:
    """Round trip of one small JSON call at a time: p50/p99."""
    link = await connect(endpoint)
    try:
        await warm_up(link, warmup)
        durations = []
        for index in range(calls):
            start = time.perf_counter()
            await link.call("add", {"a": index, "b": 1})
            durations.append(time.perf_counter() - start)
    finally:
        await link.close()
    return summary_ms(durations)


async def calls_in_flight(endpoint: Endpoint, calls: int, in_flight: int, warmup: int) -> Result:
    """Throughput with `in_flight` calls outstanding at all times."""
    link = await connect(endpoint)
    issued = 0

    async def worker() -> None:
        nonlocal issued
        while issued < calls:
            issued += 1
            await link.call("add", {"a": issued, "b": 1})

    try:
        await warm_up(link, warmup)
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(in_flight)))
        elapsed = time.perf_counter() - start
    finally:
        await link.close()
    return {"calls_per_s": calls / elapsed, "seconds": elapsed}


class Audience:
    """Clients counting pushed events; resolves once every one has `target`."""

    def __init__(self, clients: int) -> None:
        self.counts = [0] * clients
        self.arrivals: list[list[float]] = [[] for _ in range(clients)]
        self.last_seq = [0] * clients
        self.target = 0
        self.reached = 0
        self.done = asyncio.Event()

    def handler(self, index: int) -> Callable[[int], None]:
        counts, arrivals, last_seq = self.counts, self.arrivals[index], self.last_seq

        def on_event(seq: int) -> None:
            arrivals.append(time.perf_counter())
            counts[index] += 1
            last_seq[index] = seq
            if counts[index] == self.target:
                self.reached += 1
                if self.reached == len(counts):
                    self.done.set()

        return on_event

    def expect(self, target: int) -> None:
        self.target = target
        self.reached = sum(count >= target for count in self.counts)
        self.done.clear()
        if self.reached == len(self.counts):
            self.done.set()

    async def wait(self) -> None:
        await asyncio.wait_for(self.done.wait(), TIMEOUT)


async def _open_audience(endpoint: Endpoint, clients: int) -> tuple[Audience, list[Link]]:
    audience = Audience(clients)
    links = []
    for index in range(clients):
        links.append(await connect(endpoint, on_event=audience.handler(index)))
    return audience, links


async def _close_all(links: list[Link]) -> None:
    await asyncio.gather(*(link.close() for link in links))


async def events_burst(endpoint: Endpoint, events: int) -> Result:
    """Events/s to one client: one call makes the server push `events` events
    as fast as it can; timed from the call to the last event received."""
    audience, links = await _open_audience(endpoint, 1)
    try:
        await links[0].call("count_to", {"total": 10, "interval_ms": 0})  # warm-up
        audience.expect(10 + events)
        start = time.perf_counter()
        answer = asyncio.ensure_future(
            links[0].call("count_to", {"total": events, "interval_ms": 0})
        )
        await audience.wait()
        elapsed = time.perf_counter() - start
        await answer
    finally:
        await _close_all(links)
    return {"events_per_s": events / elapsed, "seconds": elapsed}


async def events_fanout(endpoint: Endpoint, clients: int, events: int, probes: int) -> Result:
    """`clients` clients at once. Delivery latency: one event at a time (a
    call from client 0 makes the server emit it to all), from the call being
    sent to each client receiving it (p50/p99 over clients x probes). Then a
    burst of `events`: events/s until the slowest client has them all."""
    audience, links = await _open_audience(endpoint, clients)
    trigger = links[0]
    latencies: list[float] = []
    try:
        await trigger.call("count_to", {"total": 1, "interval_ms": 0})  # warm-up
        for probe in range(probes):
            expected = 2 + probe
            audience.expect(expected)
            start = time.perf_counter()
            answer = asyncio.ensure_future(trigger.call("count_to", {"total": 1, "interval_ms": 0}))
            await audience.wait()
            latencies.extend(arrivals[expected - 1] - start for arrivals in audience.arrivals)
            await answer
        audience.expect(1 + probes + events)
        start = time.perf_counter()
        answer = asyncio.ensure_future(
            trigger.call("count_to", {"total": events, "interval_ms": 0})
        )
        await audience.wait()
        elapsed = time.perf_counter() - start
        await answer
    finally:
        await _close_all(links)
    return {**summary_ms(latencies), "events_per_s": events / elapsed, "seconds": elapsed}


async def _timed_repeats(repeats: int, once: Callable[[int], Awaitable[float]]) -> list[float]:
    return [await once(repeat) for repeat in range(repeats)]


async def binary_up(endpoint: Endpoint, size: int, repeats: int) -> Result:
    """Bytes page-to-Python: `hash_file` with `size` random bytes."""
    data = os.urandom(size)
    link = await connect(endpoint)

    async def once(_: int) -> float:
        start = time.perf_counter()
        digest = await link.upload("hash_file", {"name": "bench.bin"}, data)
        elapsed = time.perf_counter() - start
        assert digest["size"] == size, digest
        return elapsed

    try:
        await link.upload("hash_file", {"name": "warm.bin"}, data[:65536])
        seconds = await _timed_repeats(repeats, once)
    finally:
        await link.close()
    return {"mb_per_s": [size / s / 1e6 for s in seconds], "seconds": seconds}


async def binary_down(endpoint: Endpoint, size: int, repeats: int) -> Result:
    """Bytes Python-to-page: `make_file` of `size` bytes."""
    link = await connect(endpoint)

    async def once(repeat: int) -> float:
        start = time.perf_counter()
        result, data = await link.download("make_file", {"size": size, "seed": repeat})
        elapsed = time.perf_counter() - start
        assert len(data) == size == result["size"], result
        return elapsed

    try:
        await link.download("make_file", {"size": 65536, "seed": 1})
        seconds = await _timed_repeats(repeats, once)
    finally:
        await link.close()
    return {"mb_per_s": [size / s / 1e6 for s in seconds], "seconds": seconds}


async def catch_up(endpoint: Endpoint, events: int, repeats: int) -> Result:
    """A client is cut off (its connection closed); `events` events are pushed
    meanwhile; then it reconnects with its position. Timed from the start of
    the reconnection to the last missed event received."""
    trigger = await connect(endpoint)
    client_id = new_client_id()

    async def once(_: int) -> float:
        first = await connect(endpoint, client_id=client_id)
        position = Position(first.hello["epoch"], int(first.hello["seq"]))
        await first.close()  # the cut
        answer = await trigger.call("count_to", {"total": events, "interval_ms": 0})
        audience = Audience(1)
        audience.expect(events)
        start = time.perf_counter()
        back = await connect(endpoint, audience.handler(0), client_id, position)
        await audience.wait()
        elapsed = time.perf_counter() - start
        await back.close()
        assert back.hello.get("reset") is None, back.hello
        assert audience.last_seq[0] == answer["last_seq"], (audience.last_seq, answer)
        return elapsed

    try:
        seconds = await _timed_repeats(repeats, once)
    finally:
        await trigger.close()
    return {"ms": [s * 1000 for s in seconds]}


async def hold_idle(
    endpoint: Endpoint, connections: int, ready: Callable[[], Awaitable[None]]
) -> Result:
    """Open `connections` idle connections (each greeted), report ready, and
    hold them until `ready` returns (the harness reads the server's RSS then)."""
    links: list[Link] = []
    start = time.perf_counter()
    for batch in range(0, connections, 10):
        count = min(10, connections - batch)
        links.extend(await asyncio.gather(*(connect(endpoint) for _ in range(count))))
    opened = time.perf_counter() - start
    try:
        await ready()
    finally:
        await _close_all(links)
    return {"connections": len(links), "open_seconds": opened}


async def warm(endpoint: Endpoint, calls: int) -> Result:
    """What a page does in its first moments: calls and a few events."""
    link = await connect(endpoint, on_event=lambda seq: None)
    try:
        await warm_up(link, calls)
        await link.call("count_to", {"total": 100, "interval_ms": 0})
    finally:
        await link.close()
    return {"calls": calls}
