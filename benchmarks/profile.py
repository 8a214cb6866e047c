"""Profile a target while a workload runs against it (py-spy, sampling the
server process from outside), and print where its time went.

    python -m benchmarks.profile ws calls_in_flight --param calls=3000 --param in_flight=32 \
        --param warmup=100 [--app-src DIR]

`--app-src DIR` runs DIR (a copy of the rendered app's `src/`, built page
included, with a fix tried out) instead, for before/after figures.
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import project
from .driver import run_client
from .servers import start

TOP = 25


def summarize(raw_profile: Path) -> str:
    """Self and inclusive shares of the hottest frames of a py-spy raw profile."""
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw_profile.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        total += count
        frames = stack.split(";")
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    lines = [f"{total} samples", "-- self"]
    lines += [f"{n / total:6.1%}  {frame}" for frame, n in own.most_common(TOP)]
    lines += ["-- inclusive"]
    lines += [f"{n / total:6.1%}  {frame}" for frame, n in inclusive.most_common(TOP)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile")
    parser.add_argument("kind", choices=["ws", "sse", "raw", "eel"])
    parser.add_argument("workload")
    parser.add_argument("--param", action="append", default=[], help="name=integer")
    parser.add_argument("--app-src", type=Path, help="run this src/ instead of the rendered app's")
    parser.add_argument("--out", type=Path, default=project.CACHE / "profiles")
    options = parser.parse_args(argv)
    params = {name: int(value) for name, _, value in (p.partition("=") for p in options.param)}
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    apps = {t: project.BuiltApp(t, project.CACHE / "apps" / t) for t in project.TRANSPORTS}
    if options.app_src is not None:
        transport = "websocket" if options.kind == "ws" else "sse"
        apps[transport] = project.BuiltApp(transport, apps[transport].root, options.app_src)
    server = start(options.kind, apps)
    options.out.mkdir(parents=True, exist_ok=True)
    output = options.out / f"{options.kind}-{options.workload}-{time.strftime('%H%M%S')}.txt"
    spy = subprocess.Popen(
        [
            py_spy,
            "record",
            "--pid",
            str(server.pid),
            "--format",
            "raw",
            "--rate",
            "1000",
            "--output",
            str(output),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.0)  # py-spy attaches
        result = run_client(server, options.workload, **params)
    finally:
        spy.send_signal(signal.SIGINT)
        spy.wait(30)
        server.stop()
    print(json.dumps(result))
    print(summarize(output))
    print(f"(profile: {output})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
