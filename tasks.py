"""deskwire's two commands, with nothing but Python 3.11+ and Node.js installed.

    python3 tasks.py demo   render ./demo-app with default answers and run it
    python3 tasks.py test   lint, type-check and run the whole test suite
    python3 tasks.py bench  run the benchmarks (benchmarks/README.md); --quick: < 1 min;
                            --shipping: package sizes and the frozen app's start-up
                            --desktop: what the desktop capabilities cost

Each creates .venv/ and installs deskwire into it first (again only when
pyproject.toml changed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
DEMO = ROOT / "demo-app"


def venv_bin(name: str) -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / f"{name}.exe"
    return VENV / "bin" / name


def run(*command: str | Path, cwd: Path = ROOT) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], cwd=cwd, check=True)


def ensure_venv(extras: str) -> Path:
    """Create .venv with deskwire installed (editable) plus `extras`."""
    python = venv_bin("python")
    if not python.exists():
        venv.create(VENV, with_pip=True)
    marker = VENV / f".installed-{extras or 'base'}"
    pyproject = ROOT / "pyproject.toml"
    if not marker.exists() or marker.stat().st_mtime < pyproject.stat().st_mtime:
        target = f".[{extras}]" if extras else "."
        run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(python, "-m", "pip", "install", "--quiet", "-e", target)
        marker.touch()
    return python


def task_demo() -> int:
    ensure_venv("")
    run(venv_bin("deskwire"), "new", DEMO, "--defaults", "--force")
    # The demo's own runner builds its page and starts it; with no display it
    # says so and serves headless (the URL is the first line it prints). It
    # replaces this process so Ctrl-C and SIGTERM reach the app directly.
    os.chdir(DEMO)
    command = [sys.executable, "tasks.py", "run"]
    if os.name == "posix":
        os.execv(command[0], command)
    return subprocess.run(command).returncode


# The suite type-checks the benchmark harness and smoke-tests it, so it needs
# the harness's packages too.
DEV_EXTRAS = "test,bench"


def task_test(pytest_args: list[str]) -> int:
    python = ensure_venv(DEV_EXTRAS)
    run(python, "-m", "ruff", "check", "generator", "tests", "benchmarks", "tasks.py")
    run(python, "-m", "ruff", "format", "--check", "generator", "tests", "benchmarks", "tasks.py")
    run(python, "-m", "mypy")
    # Two workers (the machines have 2 cores); each transport x frontend pair's
    # tests share a worker (xdist_group), so each frontend is built once.
    workers = [] if any(a.startswith("-n") for a in pytest_args) else ["-n", "2"]
    command = [
        str(python),
        "-m",
        "pytest",
        *workers,
        "--dist",
        "loadgroup",
        "--durations",
        "25",
        *pytest_args,
    ]
    print("+", " ".join(command), flush=True)
    return subprocess.run(command, cwd=ROOT).returncode


def task_bench(bench_args: list[str]) -> int:
    """Render, build and measure (benchmarks/run.py); the Eel peer gets a venv
    of its own under benchmarks/.cache/."""
    python = ensure_venv(DEV_EXTRAS)
    # --shipping: package sizes and the frozen program's start-up (benchmarks/shipping.py);
    # --desktop: what the desktop capabilities cost at start-up (benchmarks/desktop.py).
    harnesses = {"--shipping": "benchmarks.shipping", "--desktop": "benchmarks.desktop"}
    chosen = [harnesses[arg] for arg in bench_args if arg in harnesses]
    harness = chosen[0] if chosen else "benchmarks.run"
    harness_args = [arg for arg in bench_args if arg not in harnesses]
    command = [str(python), "-m", harness, *harness_args]
    print("+", " ".join(command), flush=True)
    return subprocess.run(command, cwd=ROOT).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description="deskwire development tasks")
    parser.add_argument("task", choices=["demo", "test", "bench"])
    parser.add_argument(
        "args",
        nargs=argparse.REMAINDER,
        help="passed to pytest (test) or to the harness"
        " (bench: --quick, --out DIR, --shipping, --desktop)",
    )
    options = parser.parse_args()
    try:
        if options.task == "demo":
            return task_demo()
        if options.task == "bench":
            return task_bench(options.args)
        return task_test(options.args)
    except subprocess.CalledProcessError as error:
        return error.returncode or 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
