"""Start and stop the processes under test: deskwire's app (per transport),
the raw floor server and the Eel peer. Each prints its URL as its first line
on stdout; stderr goes to a log file under .cache/logs for post-mortems."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from .adapters import Endpoint
from .log import say
from .project import PACKAGE, BuiltApp

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = HERE / ".cache"
LOGS = CACHE / "logs"
EEL_VENV = CACHE / "eel-venv"
EEL_REQUIREMENTS = HERE / "eel-requirements.txt"
EEL_APP = HERE / "eel_app" / "app.py"
START_TIMEOUT = 60.0
# The first line's URL: deskwire's has a one-time launch code.
LAUNCH_PARAM = "?launch="


@dataclass
class Server:
    """A started target process and how to reach it."""

    kind: str  # ws | sse | raw | eel
    process: subprocess.Popen[str]
    first_line: str
    started_at: float  # perf_counter before the process was launched
    printed_at: float  # perf_counter when its first line arrived
    cookie: str | None = None
    log: Path | None = None
    _drain: threading.Thread | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return self.first_line.split("?", 1)[0]

    @property
    def endpoint(self) -> Endpoint:
        return Endpoint(self.kind, self.base_url, self.cookie)

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def _read_first_line(process: subprocess.Popen[str], log: Path) -> str:
    assert process.stdout is not None
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(START_TIMEOUT)
    if not line or not line[0].strip():
        process.kill()
        raise RuntimeError(
            f"{process.args!r} printed no URL; see {log}:\n{log.read_text()[-3000:]}"
        )
    return line[0].strip()


def _drain(stream: IO[str] | None) -> threading.Thread:
    """Keep reading stdout so a chatty process never blocks on a full pipe."""

    def read() -> None:
        if stream is not None:
            for _ in stream:
                pass

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def launch(kind: str, command: Command) -> Server:
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{kind}-{time.strftime('%H%M%S')}-{time.perf_counter_ns() % 10**6}.log"
    with log.open("w") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            command.argv,
            cwd=command.cwd,
            env=command.env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    first = _read_first_line(process, log)
    server = Server(kind, process, first, started, time.perf_counter(), log=log)
    server._drain = _drain(process.stdout)
    return server


def app_command(app: BuiltApp) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(app.src)}
    return [sys.executable, "-m", PACKAGE, "--port", "0"], env


def raw_command() -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)}
    return [sys.executable, "-m", "benchmarks.raw_server"], env


def eel_python() -> Path:
    return EEL_VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_eel_venv() -> Path:
    """The Eel peer's own venv, from pinned requirements (once per change)."""
    python = eel_python()
    marker = EEL_VENV / ".installed"
    wanted = EEL_REQUIREMENTS.read_text()
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        return python
    say(f"creating the Eel peer's venv in {EEL_VENV}")
    venv.create(EEL_VENV, with_pip=True, clear=True)
    install = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    result = subprocess.run(
        [*install, "-r", str(EEL_REQUIREMENTS)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"installing Eel failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    marker.write_text(wanted)
    return python


def eel_command() -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("PYTHONPATH", None)
    return [str(eel_python()), str(EEL_APP)], env


@dataclass(frozen=True)
class Command:
    argv: list[str]
    env: dict[str, str]
    cwd: Path


def command_for(kind: str, apps: dict[str, BuiltApp]) -> Command:
    if kind in ("ws", "sse"):
        app = apps["websocket" if kind == "ws" else "sse"]
        argv, env = app_command(app)
        return Command(argv, env, app.root)
    if kind == "raw":
        return Command(*raw_command(), REPO)
    if kind == "eel":
        return Command(*eel_command(), HERE)
    raise ValueError(kind)


def get(url: str, cookie: str | None = None, timeout: float = 10.0) -> http.client.HTTPResponse:
    """One GET, redirects not followed; the response is read."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname or "127.0.0.1", parts.port, timeout=timeout
    )
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    headers = {"Cookie": cookie} if cookie else {}
    connection.request("GET", target, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def redeem(launch_url: str) -> str:
    """Open the one-time launch URL as the window would; return the session cookie."""
    response = get(launch_url)
    if response.status != 303:
        raise RuntimeError(f"the launch URL answered {response.status}")
    return response.headers["set-cookie"].split(";", 1)[0]


def wait_until_serving(base_url: str, timeout: float = START_TIMEOUT) -> None:
    """For servers that print their URL before they listen (Eel)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if get(base_url, timeout=2).status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{base_url} did not answer within {timeout} s")
        time.sleep(0.005)


def start(kind: str, apps: dict[str, BuiltApp], *, authenticate: bool = True) -> Server:
    """Start a target and make it ready for clients: deskwire's launch code is
    redeemed for the session cookie (unless the browser is to do it)."""
    server = launch(kind, command_for(kind, apps))
    if kind == "eel":
        wait_until_serving(server.base_url)
    if authenticate and LAUNCH_PARAM in server.first_line:
        server.cookie = redeem(server.first_line)
    return server
