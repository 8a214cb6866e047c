"""The benchmark harness, end to end, in one command:

    python3 tasks.py bench [--quick]        (or: python -m benchmarks.run [--quick] [--out DIR])

1. renders deskwire's default project for each transport (the repo's own
   generator), installs and builds its page (once per change);
2. starts every target fresh each round (deskwire WS, deskwire SSE, the raw
   `websockets` floor, the Eel peer) and runs each workload against each of
   them back to back, from a client process of its own (benchmarks.client);
3. start-up timings (the native window's under Xvfb), then headless Chromium;
4. writes results.md, results.png and results.json (default:
   benchmarks/results/, whose table the README shows).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from . import browser, memory, native_window, report, startup
from .config import FULL, MIB, QUICK, Workloads
from .display import virtual_display
from .driver import run_client
from .figures import KINDS, figures
from .log import say
from .machine import describe, load_average
from .project import TRANSPORTS, BuiltApp, prepare
from .servers import Server, eel_python, ensure_eel_venv, start
from .stats import median, summary_ms

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"

Rounds = defaultdict[str, defaultdict[str, list[float]]]


def rotated(kinds: tuple[str, ...] | list[str], turn: int) -> list[str]:
    """Each round starts with another target, so no target always goes first."""
    shift = turn % len(kinds)
    return list(kinds[shift:]) + list(kinds[:shift])


class Harness:
    def __init__(self, work: Workloads, apps: dict[str, BuiltApp], window_app: BuiltApp) -> None:
        self.work = work
        self.apps = apps
        self.window_app = window_app  # the WebSocket project with --window webview
        self.rounds: Rounds = defaultdict(lambda: defaultdict(list))

    def record(self, key: str, kind: str, value: float) -> None:
        self.rounds[key][kind].append(value)

    def each(
        self,
        servers: dict[str, Server],
        turn: int,
        name: str,
        run: Callable[[Server], None],
        skip: tuple[str, ...] = (),
    ) -> None:
        for kind in rotated(KINDS, turn):
            if kind in skip:
                continue
            started = time.monotonic()
            run(servers[kind])
            say(f"    {name:<16} {kind:<4} {time.monotonic() - started:5.1f} s")

    def one_round(self, turn: int) -> None:
        say(f"round {turn + 1}/{self.work.rounds}: starting the targets")
        servers = {kind: start(kind, self.apps) for kind in rotated(KINDS, turn)}
        try:
            self.each(servers, turn, "memory", self.memory)
            self.each(servers, turn, "calls sequential", self.calls_sequential)
            self.each(servers, turn, "calls in flight", self.calls_in_flight)
            self.each(servers, turn, "events, 1 client", self.events_one)
            self.each(servers, turn, "events, fan-out", self.events_fanout)
            self.each(servers, turn, "binary", self.binary, skip=("eel",))
            self.each(servers, turn, "catch-up", self.catch_up, skip=("eel",))
        finally:
            for server in servers.values():
                server.stop()

    # One workload against one target each; every one runs in a client process.

    def memory(self, server: Server) -> None:
        measured = memory.measure(server, self.work.idle_connections, self.work.call_warmup)
        for key, value in measured.items():
            self.record(key, server.kind, value)

    def calls_sequential(self, server: Server) -> None:
        w = self.work
        result = run_client(
            server, "calls_sequential", calls=w.sequential_calls, warmup=w.call_warmup
        )
        self.record("call_p50_ms", server.kind, result["p50_ms"])
        self.record("call_p99_ms", server.kind, result["p99_ms"])

    def calls_in_flight(self, server: Server) -> None:
        w = self.work
        result = run_client(
            server,
            "calls_in_flight",
            calls=w.inflight_calls,
            in_flight=w.in_flight,
            warmup=w.call_warmup,
        )
        self.record("calls_per_s", server.kind, result["calls_per_s"])

    def events_one(self, server: Server) -> None:
        result = run_client(server, "events_burst", events=self.work.events_one)
        self.record("events_per_s_1", server.kind, result["events_per_s"])

    def events_fanout(self, server: Server) -> None:
        w = self.work
        result = run_client(
            server,
            "events_fanout",
            clients=w.fanout_clients,
            events=w.fanout_events,
            probes=w.fanout_probes,
        )
        self.record("events_per_s_fanout", server.kind, result["events_per_s"])
        self.record("fanout_p99_ms", server.kind, result["p99_ms"])

    def binary(self, server: Server) -> None:
        w = self.work
        for workload, key in (("binary_up", "binary_up_mb_s"), ("binary_down", "binary_down_mb_s")):
            result = run_client(server, workload, size=w.binary_bytes, repeats=w.binary_repeats)
            self.record(key, server.kind, median(result["mb_per_s"]))

    def catch_up(self, server: Server) -> None:
        w = self.work
        result = run_client(server, "catch_up", events=w.catchup_events, repeats=w.catchup_repeats)
        self.record("catchup_ms", server.kind, median(result["ms"]))

    def start_up(self) -> None:
        say("start-up: launching each target, and the native window under Xvfb")
        with virtual_display() as display:
            for launch in range(self.work.startup_launches):
                for kind in rotated(KINDS, launch):
                    measured = startup.measure_once(kind, self.apps)
                    for key, value in measured.items():
                        self.record(key, kind, value)
                measured = native_window.measure_once(self.window_app, display, launch)
                for key, value in measured.items():
                    self.record(key, "ws", value)

    def in_browser(self) -> None:
        w = self.work
        say("Chromium: calls through the typed client, a bare WebSocket and eel.js; catch-up")
        servers = {kind: start(kind, self.apps, authenticate=False) for kind in KINDS}
        try:
            with browser.chromium() as chromium:
                pages = {
                    "ws": browser.open_app_page(chromium, servers["ws"]),
                    "sse": browser.open_app_page(chromium, servers["sse"]),
                    "eel": browser.open_eel_page(chromium, servers["eel"]),
                }
                calls = {
                    "ws": lambda: browser.app_calls(pages["ws"], w.browser_calls, w.browser_warmup),
                    "sse": lambda: browser.app_calls(
                        pages["sse"], w.browser_calls, w.browser_warmup
                    ),
                    # the bare WebSocket runs from the WS app's page
                    "raw": lambda: browser.raw_calls(
                        pages["ws"], servers["raw"], w.browser_calls, w.browser_warmup
                    ),
                    "eel": lambda: browser.eel_calls(
                        pages["eel"], w.browser_calls, w.browser_warmup
                    ),
                }
                for turn in range(w.rounds):
                    for kind in rotated(KINDS, turn):
                        times = calls[kind]()
                        self.record(
                            "browser_call_p50_ms",
                            kind,
                            summary_ms([t / 1000 for t in times])["p50_ms"],
                        )
                for kind in ("ws", "sse"):
                    for _ in range(w.catchup_repeats):
                        self.record(
                            "browser_catchup_ms",
                            kind,
                            browser.catch_up(pages[kind], w.browser_catchup_events),
                        )
        finally:
            for server in servers.values():
                server.stop()


def handler_work_ms(size: int) -> dict[str, float]:
    """What the demo's binary handlers compute (deskwire's and the floor's
    alike), timed here: how much of a binary figure is not the transport."""
    data = random.Random(0).randbytes(size)
    started = time.perf_counter()
    hashlib.sha256(data).hexdigest()
    hashed = time.perf_counter()
    hashlib.sha256(random.Random(1).randbytes(size)).hexdigest()
    made = time.perf_counter()
    return {"hash_ms": (hashed - started) * 1000, "make_ms": (made - hashed) * 1000}


def eel_version() -> str:
    result = subprocess.run(
        [str(eel_python()), "-c", "from importlib.metadata import version; print(version('eel'))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or "unknown"


def size_label(size: int) -> str:
    return f"{size // MIB} MiB" if size >= MIB else f"{size // 1024} KiB"


def labels(work: Workloads) -> dict[str, str]:
    return {
        "calls": f"{work.sequential_calls} calls",
        "in_flight": str(work.in_flight),
        "events": f"{work.events_one:,} events",
        "clients": str(work.fanout_clients),
        "fanout": f"{work.fanout_events:,} events",
        "binary": size_label(work.binary_bytes),
        "catchup": f"{work.catchup_events:,}",
        "browser_calls": f"{work.browser_calls} calls",
        "browser_catchup": f"{work.browser_catchup_events:,}",
    }


def notes(work: Workloads, handler: dict[str, float], quick: bool, load_at_end: str) -> list[str]:
    found = [
        "This machine is shared (2 cores; other builds ran at the same time): load average "
        f"at the end {load_at_end}. Compare ratios within one run, not absolute numbers.",
        "Clients run in processes of their own (benchmarks/client.py), with the same code and "
        "parameters for every target; each target is a fresh process every round, and each "
        "workload runs against every target back to back, first target rotating per round.",
        f"Rounds: {work.rounds}; every figure is the median over rounds (and over repeats "
        "within a round).",
        "The raw floor: `websockets` asyncio server (uvloop, compression off), no auth, no "
        "validation, deskwire's message shapes; it keeps a plain list of recent events so a "
        "client reconnecting with `?after=N` gets what it missed.",
        "deskwire apps: the default project (`deskwire new --defaults --window none`) with "
        "one change, `Bridge(Limits(max_connections=128))`: the default allows 16 bridge "
        "connections, too few for the fan-out and memory figures. The secret is on: the "
        "printed launch code is traded for the session token (POST /bridge/session), which "
        "every client presents (Authorization: Bearer) with Origin and Host; in Chromium the "
        "page trades the code itself, as the app's page does.",
        "Eel 0.18.2 runs in its own venv, driven over its own protocol; Python's calls into "
        "the page (its events) are not answered by the client, which spares Eel work a real "
        "eel.js page would cause.",
        "Binary: `hash_file` (up) and `make_file` (down), the demo's handlers; the raw floor "
        "does the same work. Of each call, handler work alone took "
        f"≈ {handler['hash_ms']:.0f} ms (SHA-256) up and ≈ {handler['make_ms']:.0f} ms "
        "(generate + SHA-256) down on this machine.",
        "Order within a round: memory, sequential calls, calls in flight, events, fan-out, "
        "binary, catch-up. deskwire keeps answered calls (up to 4096, for 5 minutes) so a "
        "re-sent call is answered once: later workloads meet a fuller call ledger, as a "
        "long-running app does.",
        "SSE calls in flight: as the page's client does, calls made in the same turn of the "
        "event loop travel in one POST as a JSON-RPC batch (at most the server's "
        "`batch_requests`, 64); a lone call (the sequential figures) travels alone. The "
        "WebSocket targets send one message per call.",
        "Delivery latency: one event at a time, from the triggering call leaving client 0 "
        "to each client receiving the event; events/s to N clients: a burst, until the "
        "slowest client has all of it.",
        "Catch-up: the client's connection is closed, events are pushed, then it reconnects "
        "with its position; timed from the reconnection's start to the last missed event. In "
        "Chromium, the page's link is cut and restored through the typed client's own "
        "reconnection helper (`reconnect()`, what it does at once on `online`).",
        "Start-up: from launching the process until GET / answers 200 (the page needs no "
        "credential), and until the first call is answered: for deskwire, the launch code "
        "traded for the token (as the page must), then connect, hello and one call.",
        "Start-up in the native window: the default project with `--window webview` "
        "(WebSocket, vanilla page), run as `python -m deskwire_demo --port 0` under Xvfb "
        "with Qt WebEngine (pywebview[qt]); timed from the launch to the first moment the "
        "page itself reports its link open (`#connection-status[data-state=open]`, read over "
        "Qt WebEngine's DevTools endpoint every 5 ms), so it includes Qt's start-up, the page "
        "load and the page's own launch-code trade. Next to it, the same project started "
        "`--headless`: launch → first page served, as the first start-up row times the "
        "`--window none` app.",
        "RSS: idle after start and a warm-up; growth per 100 clients scaled from "
        f"{work.idle_connections} idle authenticated connections held open.",
        "Browser timings use performance.now(), which Chromium coarsens to 0.1 ms on pages "
        "that are not cross-origin isolated.",
    ]
    if quick:
        found.insert(
            0, "QUICK MODE: tiny workloads, one round; these numbers only show the harness runs."
        )
    return found


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny workloads, one round (< 1 minute)"
    )
    parser.add_argument(
        "--out", type=Path, default=RESULTS, help="where to write results (default: %(default)s)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    work = QUICK if options.quick else FULL
    started = time.monotonic()
    machine_before = describe("?")
    apps = {transport: prepare(transport) for transport in TRANSPORTS}
    window_app = native_window.prepare_app()
    ensure_eel_venv()
    harness = Harness(work, apps, window_app)
    for turn in range(work.rounds):
        harness.one_round(turn)
    harness.start_up()
    harness.in_browser()
    handler = handler_work_ms(work.binary_bytes)
    machine = {**machine_before, "eel": eel_version()}
    elapsed = time.monotonic() - started
    command = "python3 tasks.py bench" + (" --quick" if options.quick else "")
    all_figures = figures(labels(work))
    report.write(
        options.out,
        all_figures,
        {k: dict(v) for k, v in harness.rounds.items()},
        machine,
        work.as_dict(),
        notes(work, handler, options.quick, load_average()),
        command,
        elapsed,
    )
    if options.out.resolve() == RESULTS.resolve() and not options.quick:
        report.update_readme(HERE / "README.md", options.out / "results.md")
    say(f"done in {elapsed:.0f} s: {options.out / 'results.md'}")
    print((options.out / "results.md").read_text().split("\n\n")[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
