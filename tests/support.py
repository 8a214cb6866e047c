"""Helpers shared by the test modules: external tools, processes, rendering."""

from __future__ import annotations

import http.server
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# Set by .ci/run: a missing browser, display, OCR engine or Node is then a
# failure, never a skip. Locally such tests skip and say why.
REQUIRE_TOOLS = os.environ.get("DESKWIRE_REQUIRE_TOOLS") == "1"


def wait_until(done: Callable[[], bool], what: str, timeout: float = 30) -> None:
    """Poll `done` until it holds; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout} s for {what}")
        time.sleep(0.2)


def require_tool(name: str, why: str) -> str:
    """Return the path of `name`, or skip (locally) / fail (CI) when it is missing."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} not found; needed {why}"
        if REQUIRE_TOOLS:
            pytest.fail(f"{message} (DESKWIRE_REQUIRE_TOOLS=1)")
        pytest.skip(message)
    return path


def run(
    *command: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 600,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run a command; when `check`, a non-zero exit fails the test with its output."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        pytest.fail(
            f"{' '.join(str(p) for p in command)} exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-6000:]}"
        )
    return result


def python_env(project: Path) -> dict[str, str]:
    """Environment that runs a generated project's code with this interpreter."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env["PYTHONPATH"] = str(project / "src")
    return env


@dataclass
class AppProcess:
    """A generated app started as a process; `url` is its first stdout line."""

    process: subprocess.Popen[str]
    url: str = ""
    stderr_lines: list[str] = field(default_factory=list)

    @property
    def stderr(self) -> str:
        return "".join(self.stderr_lines)

    def wait(self, timeout: float = 30) -> int:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"the app did not exit within {timeout} s; stderr:\n{self.stderr[-5000:]}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(15)


def start_app(
    project: Path,
    package: str,
    *args: str,
    env: dict[str, str],
    timeout: float = 60,
    own_process_group: bool = False,
) -> AppProcess:
    command: list[str | Path] = [sys.executable, "-m", package, *args]
    return start_program(command, project, env, timeout, own_process_group)


def start_program(
    command: list[str | Path],
    cwd: Path,
    env: dict[str, str],
    timeout: float = 60,
    own_process_group: bool = False,
) -> AppProcess:
    """Start an app (its source, or a frozen program) and wait for its URL,
    the first line it prints. In a process group of its own, it can get
    Ctrl-C as from a terminal: `os.killpg(pid, SIGINT)`."""
    process = subprocess.Popen(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        process_group=0 if own_process_group else None,
    )
    app = AppProcess(process)
    assert process.stdout is not None and process.stderr is not None
    stdout, stderr = process.stdout, process.stderr
    threading.Thread(target=lambda: app.stderr_lines.extend(stderr), daemon=True).start()
    first_line: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: first_line.put(stdout.readline()), daemon=True).start()
    name = " ".join(str(part) for part in command[:3])
    try:
        app.url = first_line.get(timeout=timeout).strip()
    except queue.Empty:
        app.kill()
        pytest.fail(f"{name} printed no URL within {timeout} s; stderr:\n{app.stderr}")
    if not app.url:
        app.kill()
        pytest.fail(f"{name} exited without a URL; stderr:\n{app.stderr}")
    return app


@contextmanager
def other_local_server(html: str) -> Iterator[tuple[str, list[dict[str, str]]]]:
    """Another server on 127.0.0.1 (another origin, but the same site as the
    app): it serves `html` at every path. Yields its URL and the requests it
    received, each as its headers plus "url" (path and query)."""
    received: list[dict[str, str]] = []
    body = html.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            received.append({"url": self.path, **dict(self.headers.items())})
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def trade_launch_code(url: str) -> int:
    """Trade the launch URL's one-time code for a session token, as the page
    does; the status (200 the first time, 403 once it is spent)."""
    origin, _, code = url.partition("#launch=")
    origin = origin.rstrip("/")
    response = httpx.post(
        f"{origin}/bridge/session", json={"code": code}, headers={"Origin": origin}, timeout=10
    )
    return response.status_code


def ocr(image_path: Path) -> str:
    """The text tesseract reads in a screenshot, on one line."""
    tesseract = require_tool("tesseract", "to read text in screenshots (apt: tesseract-ocr)")
    result = subprocess.run(
        [tesseract, str(image_path), "-", "--psm", "3"], capture_output=True, text=True, timeout=60
    )
    return " ".join(result.stdout.split())


# Files a project carries that are not text (the app's icon).
BINARY_SUFFIXES = {".png", ".ico", ".icns"}


# What tools made inside a project: installed dependencies, builds, caches.
MADE_DIRS = frozenset(
    {
        "node_modules",
        ".venv",
        ".git",
        "static",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "build",  # what packaging made
        "dist",
    }
)


def copy_sources(project: Path, target: Path) -> Path:
    """Copy a shared rendered project without what tools made in it.

    Other tests build and package the shared projects in parallel, so their
    build directories come and go while we copy: copying them would race.
    """
    shutil.copytree(project, target, ignore=shutil.ignore_patterns(*MADE_DIRS))
    return target


def text_files(root: Path) -> list[Path]:
    """A project's own text files (not its dependencies, builds or images)."""
    files = []
    for path in sorted(root.rglob("*")):
        if path.suffix in BINARY_SUFFIXES or not path.is_file():
            continue
        if not MADE_DIRS.intersection(path.relative_to(root).parts):
            files.append(path)
    return files


def tree_contents(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in text_files(root)}


# What a user appends to a generated app.py: a new method with models of its own.
NEW_METHOD_SOURCE = """

from pydantic import BaseModel  # noqa: E402


class ShoutParams(BaseModel):
    text: str


class Shouted(BaseModel):
    text: str


@bridge.method
async def shout(params: ShoutParams) -> Shouted:
    return Shouted(text=params.text.upper() + "!")
"""


# Commits in the tests' throwaway repositories (template copies, generated projects).
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "deskwire tests",
    "GIT_AUTHOR_EMAIL": "tests@deskwire.invalid",
    "GIT_COMMITTER_NAME": "deskwire tests",
    "GIT_COMMITTER_EMAIL": "tests@deskwire.invalid",
}


def tool_env(**extra: str) -> dict[str, str]:
    """This environment with the tests' git identity, and no template override."""
    env = {k: v for k, v in os.environ.items() if k != "DESKWIRE_TEMPLATE"}
    return {**env, **GIT_IDENTITY, **extra}


def git(*args: str | Path, cwd: Path) -> str:
    return run("git", *args, cwd=cwd, env=tool_env()).stdout.strip()


def commit_generated(project: Path) -> None:
    """Make a generated project a git repository with one commit, as copier
    update needs."""
    git("init", "-q", "-b", "main", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "generated", cwd=project)


def make_template_repo(path: Path) -> Path:
    """A git repo holding this checkout's files (dirty ones included), committed
    and tagged v1.0.0: a clean deskwire whatever state the checkout is in."""
    listed = git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=REPO_ROOT)
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, path / name)
    git("init", "-q", "-b", "main", cwd=path)
    git("add", "-A", cwd=path)
    git("commit", "-q", "-m", "template v1", cwd=path)
    git("tag", "v1.0.0", cwd=path)
    return path


USER_EDIT = 'GREETING = "edited by the user"'
USER_NOTES = "Written by the user."


def edit_as_the_user(project: Path, package: str) -> None:
    """What a user does to a generated, committed project: edit their own
    module and the README, and commit."""
    app_module = project / "src" / package / "app.py"
    app_module.write_text(app_module.read_text() + f"\n{USER_EDIT}\n")
    readme = project / "README.md"
    readme.write_text(readme.read_text() + f"\n## Our notes\n\n{USER_NOTES}\n")
    git("commit", "-q", "-am", "user edits", cwd=project)


def advance_template(template: Path, note: str) -> None:
    """The template moves on (a commit): a changed plumbing module, marked
    with `note`, and a new file."""
    server = template / "template" / "src" / "{{package_name}}" / "bridge" / "server.py"
    server.write_text(server.read_text() + f"\n# {note}\n")
    (template / "template" / "CHANGELOG.md").write_text(f"# Changes\n\n- {note}\n")
    git("add", "-A", cwd=template)
    git("commit", "-q", "-m", note, cwd=template)


def assert_update_kept_the_user_edits(project: Path, package: str, note: str) -> None:
    """The update brought `advance_template`'s change and kept `edit_as_the_user`'s."""
    assert USER_EDIT in (project / "src" / package / "app.py").read_text()
    assert USER_NOTES in (project / "README.md").read_text()
    assert f"# {note}" in (project / "src" / package / "bridge" / "server.py").read_text()
    assert (project / "CHANGELOG.md").is_file()
