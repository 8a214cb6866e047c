"""Render deskwire's default project per transport (and window mode) with
the repo's own generator, add the benchmark page, install and build it (once
per template change: a fingerprint of the inputs decides)."""

from __future__ import annotations

import compileall
import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .log import say

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
BENCH_PAGE = HERE / "bench_page"
PACKAGE = "deskwire_demo"
# Named, not taken from the folder: PACKAGE is derived from it.
PROJECT_NAME = "Deskwire Demo"
TRANSPORTS = ("websocket", "sse")
# The default project accepts 16 bridge connections (Limits.max_connections);
# the fan-out (20 clients) and memory (100 clients) figures need more. This is
# the one change to the rendered app, made the way a user would make it.
MAX_CONNECTIONS = 128
LIMITS_LINE = "LIMITS = Limits()"
LIMITS_RAISED = f"LIMITS = Limits(max_connections={MAX_CONNECTIONS})"


@dataclass(frozen=True)
class BuiltApp:
    transport: str
    root: Path
    # Another copy of the Python package tree (a fix tried out: benchmarks/profile.py).
    src_override: Path | None = None
    window: str = "none"  # the --window mode it was rendered with

    @property
    def src(self) -> Path:
        return self.src_override or self.root / "src"


def fingerprint(root: Path) -> str:
    """A hash of the rendered sources (not node_modules or the build): a build
    is reused only for exactly the same project, whatever else the template
    holds (other frontends, other transports)."""
    digest = hashlib.sha256()
    # .copier-answers.yml names the template commit, which changes with every
    # uncommitted template edit, whatever it touched.
    skip = {"node_modules", "static", "__pycache__", ".mypy_cache", ".copier-answers.yml"}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not skip.intersection(relative.parts):
            digest.update(str(relative).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def run(command: list[str | Path], cwd: Path) -> None:
    say(f"  $ {' '.join(str(part) for part in command)}")
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        output = f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        raise RuntimeError(f"{command[0]} failed ({result.returncode}):\n{output}")


def deskwire_command() -> list[str | Path]:
    script = Path(sys.executable).parent / "deskwire"
    if script.exists():
        return [script]
    return [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]


def render(transport: str, root: Path, window: str = "none") -> None:
    run(
        [
            *deskwire_command(),
            "new",
            root,
            "--defaults",
            "--name",
            PROJECT_NAME,
            "--window",
            window,
            "--transport",
            transport,
            # Both transports' apps run at once, as separate programs.
            "--no-single-instance",
            "--force",
        ],
        cwd=REPO,
    )
    app = root / "src" / PACKAGE / "app.py"
    text = app.read_text()
    if LIMITS_LINE not in text:
        raise RuntimeError(f"{app} no longer has {LIMITS_LINE!r}; update benchmarks/project.py")
    app.write_text(text.replace(LIMITS_LINE, LIMITS_RAISED))
    frontend = root / "frontend"
    shutil.copy(BENCH_PAGE / "bench.html", frontend / "bench.html")
    shutil.copy(BENCH_PAGE / "bench.ts", frontend / "src" / "bench.ts")
    shutil.copy(BENCH_PAGE / "vite.bench.config.ts", frontend / "vite.bench.config.ts")


def build(root: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm not found: the apps' pages are built with Node.js")
    frontend = root / "frontend"
    run([npm, "ci", "--prefer-offline", "--no-audit", "--no-fund"], cwd=frontend)
    # `npm run build` = typecheck + vite build; the bench config adds bench.html.
    run([npm, "run", "typecheck"], cwd=frontend)
    run([npm, "exec", "--", "vite", "build", "--config", "vite.bench.config.ts"], cwd=frontend)


def prepare(transport: str, window: str = "none") -> BuiltApp:
    """The built app for `transport` and `window`: rendered afresh every time
    (seconds), installed and built only when the rendered sources changed."""
    name = transport if window == "none" else f"{transport}-{window}"
    root = CACHE / "apps" / name
    staging = CACHE / "apps" / f"{name}.staging"
    if staging.exists():
        shutil.rmtree(staging)
    staging.parent.mkdir(parents=True, exist_ok=True)
    render(transport, staging, window)
    current = fingerprint(staging)
    stamp = root / ".bench-fingerprint"
    built = root / "src" / PACKAGE / "static" / "bench.html"
    if stamp.exists() and stamp.read_text() == current and built.exists():
        shutil.rmtree(staging)
        say(f"{name} app: unchanged, reusing the build in {root}")
        compile_bytecode(root / "src")
        return BuiltApp(transport, root, window=window)
    say(f"{name} app: installing and building in {root}")
    if root.exists():
        shutil.rmtree(root)
    staging.rename(root)
    build(root)
    compile_bytecode(root / "src")
    stamp.write_text(current)
    return BuiltApp(transport, root, window=window)


def compile_bytecode(src: Path) -> None:
    """Compile the app's modules to bytecode, as pip does when it installs a
    package (the Eel peer's are) and as a frozen app ships them. Without it, a
    shell with PYTHONDONTWRITEBYTECODE set compiles every module from source at
    every launch: tens of ms of start-up that no installed app pays."""
    if not compileall.compile_dir(src, quiet=1):
        raise RuntimeError(f"compiling the app's modules in {src} failed")
