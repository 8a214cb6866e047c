"""What `python3 tasks.py package` makes, per window mode, and how fast the
frozen program starts next to the same app run from source.

For each window mode (`none`, `browser`, `webview`; WebSocket and the vanilla
page otherwise, the default project), the project is rendered with this
repo's generator, its page built, and `packaging/package.py` run as shipped
(best compression), timed. Sizes: the frozen folder (the sum of its files),
the `.tar.gz` and the `.deb`.

Start-up, in interleaved rounds, the frozen program unpacked from the tarball
into a fresh directory and started with a bare environment (as a user's
machine would: `env -i PATH=/usr/bin:/bin`), against the same app started with
`python -m <package>` from its source in this venv:
- launch → first page served (`--headless`: GET / answers 200);
- webview only, launch → page connected in the native window under Xvfb: the
  moment the server accepts the page's WebSocket (uvicorn logs it at info).

Run with `python3 tasks.py bench --shipping` (minutes: three freezes, best
compression); `--quick` packages `webview` only (every figure's code runs),
with fast compression, for one round.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .display import virtual_display, window_env
from .log import say
from .machine import describe
from .project import PACKAGE, PROJECT_NAME, deskwire_command, run
from .servers import Command, Server, get, launch

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache" / "shipping"
RESULTS = HERE / "results"
PROGRAM = PACKAGE.replace("_", "-")
BARE_PATH = "/usr/bin:/bin"
WINDOWS = ("none", "browser", "webview")
# uvicorn's line when the page's WebSocket is accepted (at --log-level info).
CONNECTED = '"WebSocket /bridge/ws'
CONNECT_TIMEOUT = 90.0
MiB = 2**20


@dataclass(frozen=True)
class Shipped:
    """One window mode's packages and what making them cost."""

    window: str
    project: Path
    folder_bytes: int
    tarball: Path
    deb: Path
    package_seconds: float


def render_and_build(window: str) -> Path:
    root = CACHE / window
    if root.exists():
        shutil.rmtree(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    command = [*deskwire_command(), "new", root, "--defaults", "--name", PROJECT_NAME]
    run([*command, "--window", window], cwd=HERE.parent)
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm not found: the page is built with Node.js")
    run([npm, "ci", "--prefer-offline", "--no-audit", "--no-fund"], cwd=root / "frontend")
    run([npm, "run", "build"], cwd=root / "frontend")
    return root


def package(window: str, compression: str) -> Shipped:
    project = render_and_build(window)
    say(f"{window}: packaging ({compression} compression)")
    started = time.perf_counter()
    run(
        [
            sys.executable,
            "packaging/package.py",
            "--package",
            PACKAGE,
            "--compression",
            compression,
        ],
        cwd=project,
    )
    seconds = time.perf_counter() - started
    folder = project / "build" / "package" / "dist" / PROGRAM
    dist = project / "dist"
    (tarball,) = dist.glob(f"{PROGRAM}-*-linux-*.tar.gz")
    (deb,) = dist.glob(f"{PROGRAM}_*.deb")
    return Shipped(window, project, tree_bytes(folder), tarball, deb, seconds)


def tree_bytes(folder: Path) -> int:
    """What the folder holds (symbolic links counted once, as their target)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def unpack(tarball: Path, into: Path) -> Path:
    with tarfile.open(tarball) as archive:
        archive.extractall(into, filter="tar")
    (folder,) = into.iterdir()
    return folder / PROGRAM


def frozen_command(program: Path, home: Path, extra_env: dict[str, str], *args: str) -> Command:
    env = {"PATH": BARE_PATH, "HOME": str(home), **extra_env}
    return Command([str(program), "--port", "0", *args], env, home)


def source_command(project: Path, extra_env: dict[str, str], *args: str) -> Command:
    env = {**os.environ, "PYTHONPATH": str(project / "src"), **extra_env}
    argv = [sys.executable, "-m", PACKAGE, "--port", "0", *args]
    return Command(argv, env, project)


def first_page_ms(command: Command) -> float:
    server = launch("shipping", command)
    try:
        page = get(server.base_url)
        if page.status != 200:
            raise RuntimeError(f"{command.argv[0]}: the page answered {page.status}")
        return (time.perf_counter() - server.started_at) * 1000
    finally:
        stop(server)


def window_connected_ms(command: Command) -> float:
    server = launch("shipping", command)
    try:
        assert server.log is not None
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while time.monotonic() < deadline:
            if CONNECTED in server.log.read_text(errors="replace"):
                return (time.perf_counter() - server.started_at) * 1000
            if server.process.poll() is not None:
                break
            time.sleep(0.005)
        raise RuntimeError(f"the window never connected; see {server.log}")
    finally:
        stop(server)


def stop(server: Server) -> None:
    server.stop()
    if server.process.returncode not in (0, None):
        raise RuntimeError(f"{server.process.args!r} exited {server.process.returncode}")


def start_up(shipped: list[Shipped], rounds: int, work: Path) -> dict[str, dict[str, list[float]]]:
    """Per figure, per window mode and per way of starting: each round's ms."""
    programs = {s.window: unpack(s.tarball, work / s.window / "unpacked") for s in shipped}
    home = work / "home"
    home.mkdir(exist_ok=True)
    figures: dict[str, dict[str, list[float]]] = {}

    def record(figure: str, key: str, value: float) -> None:
        figures.setdefault(figure, {}).setdefault(key, []).append(value)

    with virtual_display() as display:
        for turn in range(rounds):
            for s in shipped:
                headless = () if s.window == "none" else ("--headless",)
                starts = [
                    ("frozen", frozen_command(programs[s.window], home, {}, *headless)),
                    ("python -m", source_command(s.project, {}, *headless)),
                ]
                # Alternate which goes first: the second one finds warmer caches.
                for how, command in starts[:: 1 if turn % 2 == 0 else -1]:
                    record("first_page_ms", f"{s.window} {how}", first_page_ms(command))
                if s.window == "webview":
                    shown = window_env(display)
                    windows = [
                        (
                            "frozen",
                            frozen_command(programs[s.window], home, shown, "--log-level", "info"),
                        ),
                        ("python -m", source_command(s.project, shown, "--log-level", "info")),
                    ]
                    for how, command in windows[:: 1 if turn % 2 == 0 else -1]:
                        record(
                            "window_connected_ms", f"webview {how}", window_connected_ms(command)
                        )
            say(f"start-up round {turn + 1}/{rounds} done")
    return figures


def markdown(
    shipped: list[Shipped],
    start: dict[str, dict[str, float]],
    machine: dict[str, str],
    command: str,
) -> str:
    lines = [
        "# deskwire shipping figures",
        "",
        f"`{command}`: what `python3 tasks.py package` made for the default project",
        "(WebSocket, vanilla page) per window mode, and how fast the frozen program",
        "starts (median over interleaved rounds) next to `python -m` from source.",
        "",
        "| window | folder (MB) | .tar.gz (MiB) | .deb (MiB) | packaging (s) "
        "| target (.tar.gz) | holds? |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in shipped:
        tarball_mib = s.tarball.stat().st_size / MiB
        limit = 100 if s.window == "webview" else 40
        lines.append(
            f"| {s.window} | {s.folder_bytes / 1e6:.0f} | {tarball_mib:.1f} "
            f"| {s.deb.stat().st_size / MiB:.1f} | {s.package_seconds:.0f} "
            f"| ≤ {limit} MiB | {'yes' if tarball_mib <= limit else '**no**'} |"
        )
    lines += [
        "",
        "| start-up (ms) | frozen | python -m | frozen / python -m | target | holds? |",
        "|---|---|---|---|---|---|",
    ]
    for figure, label in (
        ("first_page_ms", "launch → first page served (--headless)"),
        ("window_connected_ms", "launch → page connected in the native window (Xvfb)"),
    ):
        for window in WINDOWS:
            frozen = start.get(figure, {}).get(f"{window} frozen")
            source = start.get(figure, {}).get(f"{window} python -m")
            if frozen is None or source is None:
                continue
            ratio = frozen / source
            lines.append(
                f"| {window}: {label} | {frozen:.0f} | {source:.0f} | {ratio:.2f} "
                f"| ≤ 1.5 | {'yes' if ratio <= 1.5 else '**no**'} |"
            )
    lines += ["", "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in machine.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.shipping", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="the webview window only, fast compression, one round"
    )
    parser.add_argument(
        "--rounds", type=int, default=7, help="start-up rounds (default: %(default)s)"
    )
    parser.add_argument(
        "--out", type=Path, default=RESULTS, help="where to write shipping.md/.json"
    )
    options = parser.parse_args(argv)
    windows = ("webview",) if options.quick else WINDOWS
    compression = "fast" if options.quick else "best"
    rounds = 1 if options.quick else options.rounds
    machine = describe("not used")
    machine.pop("eel", None)
    shipped = [package(window, compression) for window in windows]
    with tempfile.TemporaryDirectory(prefix="shipping-") as work:
        rounds_ms = start_up(shipped, rounds, Path(work))
    medians = {
        figure: {key: statistics.median(v) for key, v in per.items()}
        for figure, per in rounds_ms.items()
    }
    command = "python3 tasks.py bench --shipping" + (" --quick" if options.quick else "")
    options.out.mkdir(parents=True, exist_ok=True)
    (options.out / "shipping.md").write_text(markdown(shipped, medians, machine, command))
    payload = {
        "machine": machine,
        "compression": compression,
        "packages": {
            s.window: {
                "folder_bytes": s.folder_bytes,
                "tarball_bytes": s.tarball.stat().st_size,
                "deb_bytes": s.deb.stat().st_size,
                "package_seconds": s.package_seconds,
            }
            for s in shipped
        },
        "start_up_ms": {"median": medians, "rounds": rounds_ms},
    }
    (options.out / "shipping.json").write_text(json.dumps(payload, indent=2) + "\n")
    print((options.out / "shipping.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
