"""What the desktop capabilities cost a headless app: start-up time and memory.

The same default project (WebSocket, vanilla page, `--window none`) rendered
three ways, measured in the same run, in interleaved rounds:

- **before**: the template as it was before the desktop capabilities
  (commit `BEFORE`: no `desktop/` package, no settings, no single instance);
- **desktop**: today's template: dialogs, the chosen-path registry, settings,
  notifications (desktop-notifier is imported at the first notification, not
  at start), the menu's typed event, and the single-instance lock and channel;
- **desktop, no single instance**: the same, made with `--no-single-instance`.

Figures, per start: launch → first page served (GET / answers 200); launch →
first call answered (trading the launch code, connecting, one `add`); the
process's RSS after that call; and the first `settings.get` after it (the
settings file is read then). The page is a one-line stand-in: these figures
are Python's, and building three pages would only slow the run.

Run with `python3 tasks.py bench --desktop` (`--quick`: one round).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

from .adapters import connect
from .log import say
from .machine import describe
from .project import PACKAGE, PROJECT_NAME, deskwire_command, run
from .servers import Command, Server, get, launch, trade_launch_code

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
# The last commit before issue 13's desktop capabilities.
BEFORE = "410397e"
VARIANTS = ("before", "desktop", "desktop, no single instance")
MIB = 2**20


def render(variant: str, root: Path) -> Path:
    project = root / variant.replace(", ", "-").replace(" ", "-")
    answers = ["--defaults", "--name", PROJECT_NAME, "--window", "none"]
    if variant == "before":
        # The template at that commit, through copier itself.
        run(
            [
                sys.executable,
                "-m",
                "copier",
                "copy",
                "--quiet",
                "--defaults",
                "--vcs-ref",
                BEFORE,
                "--data",
                "window=none",
                str(REPO),
                project,
            ],
            cwd=REPO,
        )
    else:
        extra = ["--no-single-instance"] if variant.endswith("no single instance") else []
        run([*deskwire_command(), "new", project, *answers, *extra], cwd=REPO)
    static = project / "src" / PACKAGE / "static"
    static.mkdir(parents=True, exist_ok=True)
    (static / "index.html").write_text("<!doctype html><title>bench</title>\n")
    return project


def command(project: Path, home: Path) -> Command:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "PYTHONPATH": str(project / "src"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
    }
    return Command([sys.executable, "-m", PACKAGE, "--port", "0"], env, project)


async def _first_call(server: Server, settings: bool) -> float | None:
    """Answer one call; with `settings`, then time the first settings.get (ms)."""
    link = await connect(server.endpoint)
    try:
        await link.call("add", {"a": 1, "b": 2})
        if not settings:
            return None
        started = time.perf_counter()
        await link.call("settings.get", {})
        return (time.perf_counter() - started) * 1000
    finally:
        await link.close()


def measure_once(variant: str, project: Path, home: Path) -> dict[str, float]:
    server = launch("ws", command(project, home))  # the WebSocket bridge: "ws" to the adapters
    try:
        if get(server.base_url).status != 200:
            raise RuntimeError(f"{variant}: the page did not answer")
        page_at = time.perf_counter()
        server.token = trade_launch_code(server)
        settings_ms = asyncio.run(_first_call(server, variant != "before"))
        call_at = time.perf_counter()
        rss = psutil.Process(server.pid).memory_info().rss / MIB
    finally:
        server.stop()
    figures = {
        "first_page_ms": (page_at - server.started_at) * 1000,
        "first_call_ms": (call_at - server.started_at) * 1000,
        "rss_mib": rss,
    }
    if settings_ms is not None:
        figures["first_settings_get_ms"] = settings_ms
    return figures


def markdown(medians: dict[str, dict[str, float]], rounds: int, machine: dict[str, str]) -> str:
    before = medians["before"]
    lines = [
        "# What the desktop capabilities cost (headless)",
        "",
        f"`python3 tasks.py bench --desktop`: the default project with `--window none`, medians of "
        f"{rounds} interleaved rounds; ratios against the template before the desktop "
        f"(commit {BEFORE}) in the same run.",
        "",
        "| figure | before | desktop | ratio | desktop, no single instance | ratio |",
        "|---|---|---|---|---|---|",
    ]
    labels = {
        "first_page_ms": "launch → first page served (ms)",
        "first_call_ms": "launch → first call answered (ms)",
        "rss_mib": "RSS after the first call (MiB)",
    }
    for key, label in labels.items():
        with_desktop = medians["desktop"][key]
        without_lock = medians["desktop, no single instance"][key]
        ratio, ratio_without_lock = with_desktop / before[key], without_lock / before[key]
        lines.append(
            f"| {label} | {before[key]:.1f} | {with_desktop:.1f} | {ratio:.2f} "
            f"| {without_lock:.1f} | {ratio_without_lock:.2f} |"
        )
    settings = medians["desktop"]["first_settings_get_ms"]
    lines += [
        "",
        f"The first `settings.get` (reads the settings file) answers in {settings:.1f} ms.",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {key}: {value}" for key, value in machine.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.desktop", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="one round")
    parser.add_argument("--rounds", type=int, default=9, help="rounds (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write desktop.md/.json")
    options = parser.parse_args(argv)
    rounds = 1 if options.quick else options.rounds
    machine = describe("not used")
    machine.pop("eel", None)
    results: dict[str, dict[str, list[float]]] = {variant: {} for variant in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="desktop-bench-") as work:
        root = Path(work)
        projects = {variant: render(variant, root) for variant in VARIANTS}
        for turn in range(rounds):
            # Rotate the order: the first start of a round finds colder caches.
            order = VARIANTS[turn % 3 :] + VARIANTS[: turn % 3]
            for variant in order:
                home = root / f"home-{turn}-{VARIANTS.index(variant)}"
                for key, value in measure_once(variant, projects[variant], home).items():
                    results[variant].setdefault(key, []).append(value)
            say(f"round {turn + 1}/{rounds} done")
    medians = {
        variant: {key: statistics.median(values) for key, values in figures.items()}
        for variant, figures in results.items()
    }
    options.out.mkdir(parents=True, exist_ok=True)
    (options.out / "desktop.md").write_text(markdown(medians, rounds, machine))
    payload = {"machine": machine, "before": BEFORE, "median": medians, "rounds": results}
    (options.out / "desktop.json").write_text(json.dumps(payload, indent=2) + "\n")
    print((options.out / "desktop.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
