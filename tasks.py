"""deskwire's two commands, with nothing but Python 3.11+ and Node.js installed.

    python3 tasks.py demo   render ./demo-app with default answers and run it
    python3 tasks.py test   lint, type-check and run the whole test suite
    python3 tasks.py bench  run the benchmarks (benchmarks/README.md); --quick: < 1 min;
                            --shipping: package sizes and the frozen app's start-up
                            --desktop: what the desktop capabilities cost
    python3 tasks.py lock   remake the generated projects' Python locks (template/locks/)
                            after a change to template/pyproject.toml.jinja; --upgrade:
                            the newest versions of everything unpinned

Each creates .venv/ and installs deskwire into it first (again only when
pyproject.toml changed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
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


# What running and testing a project adds to it: not the user's changes.
MADE_BY_TOOLS = {
    "node_modules",
    ".venv",
    "static",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".angular",
    "build",
    "dist",
}


def project_files(root: Path) -> dict[str, bytes]:
    """A project's own files by relative path (not what its tools made)."""
    files = {}
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.is_file() and not MADE_BY_TOOLS.intersection(relative.parts):
            files[relative.as_posix()] = path.read_bytes()
    return files


def demo_changes(demo: Path) -> list[str]:
    """Files of `demo` that differ from a fresh render (edited, added or
    deleted), so `demo` never overwrites someone's work without a word."""
    if not demo.is_dir():
        return []
    with tempfile.TemporaryDirectory(prefix="deskwire-demo-") as fresh:
        fresh_demo = Path(fresh) / demo.name
        deskwire = venv_bin("deskwire")
        subprocess.run(
            [str(deskwire), "new", str(fresh_demo), "--defaults"], check=True, capture_output=True
        )
        rendered, present = project_files(fresh_demo), project_files(demo)
    # The answers file names the template's commit, which moves with every commit.
    ignored = {".copier-answers.yml"}
    # What the demo's own run writes from its Python models: a change to the
    # models shows in the models' own files, so these are never someone's work.
    regenerated = {"openrpc.json", "frontend/src/bridge/protocol.ts"}
    names = (set(rendered) | set(present)) - ignored - regenerated
    return sorted(name for name in names if rendered.get(name) != present.get(name))


def overwrite_refusal(demo: Path) -> str | None:
    """Why the demo must not be rendered into `demo` (it holds changes), or None."""
    changed = demo_changes(demo)
    if not changed:
        return None
    listed = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
    return (
        f"error: {demo.name}/ holds changes ({listed}); rendering the demo again would "
        "overwrite them. Move it away, or run `python3 tasks.py demo --force`."
    )


def task_demo(args: list[str]) -> int:
    ensure_venv("")
    refusal = None if "--force" in args else overwrite_refusal(DEMO)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 1
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
LINTED = ("generator", "tests", "benchmarks", "tasks.py", "hatch_build.py")


def task_test(pytest_args: list[str]) -> int:
    python = ensure_venv(DEV_EXTRAS)
    run(python, "-m", "ruff", "check", *LINTED)
    run(python, "-m", "ruff", "format", "--check", *LINTED)
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


def task_lock(lock_args: list[str]) -> int:
    """uv lock and export every transport x window pair (generator/template_locks.py)."""
    python = ensure_venv(DEV_EXTRAS)
    command = [str(python), "-m", "generator.template_locks", *lock_args]
    print("+", " ".join(command), flush=True)
    return subprocess.run(command, cwd=ROOT).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description="deskwire development tasks")
    parser.add_argument("task", choices=["demo", "test", "bench", "lock"])
    parser.add_argument(
        "args",
        nargs=argparse.REMAINDER,
        help="passed to pytest (test) or to the harness"
        " (bench: --quick, --out DIR, --shipping, --desktop); demo: --force overwrites"
        " an edited demo-app/; lock: passed to `uv lock` (--upgrade)",
    )
    options = parser.parse_args()
    try:
        if options.task == "demo":
            return task_demo(options.args)
        if options.task == "bench":
            return task_bench(options.args)
        if options.task == "lock":
            return task_lock(options.args)
        return task_test(options.args)
    except subprocess.CalledProcessError as error:
        return error.returncode or 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
