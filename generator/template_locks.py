"""Remake the template's Python dependency locks: `python3 tasks.py lock`.

A generated project's Python dependencies depend on two answers (transport and
window), so the template keeps one lock per pair in template/locks/ (copier
leaves that folder out; locks/locked.jinja puts the chosen one in the project).
A maintainer runs this after changing template/pyproject.toml.jinja: it renders
each pair and lets the project's own `tasks.py lock` (uv lock, then the export
for pip) update the lock it was rendered with, then copies the result back.
`deskwire new` never runs this; it needs uv and the network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.questions import choices
from generator.rendering import render_project
from generator.template_source import CHECKOUT_ROOT, template_root

LOCKS = CHECKOUT_ROOT / "template" / "locks"
# The name the locks are made for; locks/locked.jinja swaps in the project's.
LOCKED_PROJECT_NAME = "Deskwire Demo"
LOCKED_FILES = ("uv.lock", "requirements-dev.txt", "requirements-package.txt")


def lock_pairs() -> list[tuple[str, str]]:
    """Every (transport, window) pair: the answers that change Python dependencies."""
    return [
        (transport, window) for transport in choices("transport") for window in choices("window")
    ]


def relock(
    transport: str, window: str, lock_args: list[str], uv: Path, locks: Path = LOCKS
) -> Path:
    """Lock one pair (`uv lock` with `lock_args`, e.g. --upgrade) into its folder
    under `locks`; return the folder."""
    with tempfile.TemporaryDirectory(prefix="deskwire-lock-") as scratch:
        project = Path(scratch) / "project"
        answers = {"project_name": LOCKED_PROJECT_NAME, "transport": transport, "window": window}
        render_project(project, answers, interactive=False, overwrite=True)
        lock = project / "uv.lock"
        if not lock.read_text(encoding="utf-8").strip():
            lock.unlink()  # a new pair: nothing locked yet (locked.jinja rendered nothing)
        env = {**os.environ, "PATH": f"{uv.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        subprocess.run(
            [sys.executable, "tasks.py", "lock", *lock_args], cwd=project, env=env, check=True
        )
        folder = locks / f"{transport}-{window}"
        folder.mkdir(parents=True, exist_ok=True)
        for name in LOCKED_FILES:
            shutil.copyfile(project / name, folder / name)
    return folder


def main(argv: list[str]) -> int:
    if template_root() != CHECKOUT_ROOT:
        print("error: the locks are remade in a checkout of deskwire's repository", file=sys.stderr)
        return 1
    # The uv of deskwire's .venv (the `test` extra pins it), else the one on PATH.
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found is None:
        print("error: uv is not installed (it comes with deskwire's `test` extra)", file=sys.stderr)
        return 1
    for transport, window in lock_pairs():
        folder = relock(transport, window, argv, Path(found))
        print(f"locked {folder.relative_to(CHECKOUT_ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
