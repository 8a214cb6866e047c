"""Workload sizes: the full run and the quick one (smoke test, development)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

MIB = 1024 * 1024


@dataclass(frozen=True)
class Workloads:
    # Interleaved rounds: every target gets a fresh process and one turn per
    # workload per round; the report takes the median over rounds.
    rounds: int
    call_warmup: int
    sequential_calls: int
    inflight_calls: int
    in_flight: int
    events_one: int
    fanout_clients: int
    fanout_events: int
    fanout_probes: int
    binary_bytes: int
    binary_repeats: int
    catchup_events: int
    catchup_repeats: int
    idle_connections: int
    startup_launches: int
    browser_calls: int
    browser_warmup: int
    browser_catchup_events: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


FULL = Workloads(
    rounds=5,
    call_warmup=300,
    sequential_calls=2000,
    inflight_calls=3000,
    in_flight=32,
    events_one=20_000,
    fanout_clients=20,
    fanout_events=2000,
    fanout_probes=100,
    binary_bytes=64 * MIB,
    binary_repeats=2,
    catchup_events=1000,
    catchup_repeats=3,
    idle_connections=100,
    startup_launches=4,
    browser_calls=600,
    browser_warmup=100,
    browser_catchup_events=1000,
)

QUICK = Workloads(
    rounds=1,
    call_warmup=50,
    sequential_calls=200,
    inflight_calls=500,
    in_flight=32,
    events_one=1000,
    fanout_clients=20,
    fanout_events=200,
    fanout_probes=10,
    binary_bytes=4 * MIB,
    binary_repeats=1,
    catchup_events=200,
    catchup_repeats=1,
    idle_connections=20,
    startup_launches=1,
    browser_calls=100,
    browser_warmup=20,
    browser_catchup_events=200,
)
