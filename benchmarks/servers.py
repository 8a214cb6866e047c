"""Start and stop the processes under test: deskwire's app (per transport),
the raw floor server and the Eel peer. Each prints its URL as its first line
on stdout; stderr goes to a log file under .cache/logs for post-mortems."""

from __future__ import annotations

import http.client
import json
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
# The first line's URL: deskwire's carries a one-time launch code in its
# fragment, which a client trades for the session token (bridge/credentials.py).
LAUNCH_FRAGMENT = "#launch="
SESSION_PATH = "/bridge/session"


@dataclass
class Server:
    """A started target process and how to reach it."""

    kind: str  # ws | sse | raw | eel
    process: subprocess.Popen[str]
    first_line: str
    started_at: float  # perf_counter before the process was launched
    printed_at: float  # perf_counter when its first line arrived
    token: str | None = None  # deskwire's session token, once the launch code is traded
    log: Path | None = None
    _drain: threading.Thread | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return self.first_line.split("#", 1)[0]

    @property
    def launch_code(self) -> str | None:
        """deskwire's one-time code (the first line's fragment); None for the
        other targets, which have no secret."""
        _, found, code = self.first_line.partition(LAUNCH_FRAGMENT)
        return code if found else None

    def launch_url(self, path: str = "") -> str:
        """The printed launch URL, or the same one-time code on another page of
        the app (`path`, relative to the base URL): whichever page opens it
        trades the code for the token."""
        code = self.launch_code
        return self.base_url + path + ("" if code is None else LAUNCH_FRAGMENT + code)

    @property
    def endpoint(self) -> Endpoint:
        return Endpoint(self.kind, self.base_url, self.token)

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


def request(
    method: str,
    url: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 10.0,
) -> tuple[http.client.HTTPResponse, bytes]:
    """One request on a connection of its own, redirects not followed: the
    response and its body, read in full."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname or "127.0.0.1", parts.port, timeout=timeout
    )
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def get(url: str, timeout: float = 10.0) -> http.client.HTTPResponse:
    """One GET without credentials: the page and its files need none."""
    response, _ = request("GET", url, timeout=timeout)
    return response


def trade_launch_code(server: Server) -> str | None:
    """Trade the printed one-time launch code for the session token, as the
    app's page does (POST /bridge/session from its own Origin); None when the
    target has no secret. The code works once: the token is the only way in."""
    code = server.launch_code
    if code is None:
        return None
    origin = server.base_url.rstrip("/")
    response, body = request(
        "POST",
        origin + SESSION_PATH,
        {"Origin": origin, "Content-Type": "application/json"},
        json.dumps({"code": code}).encode(),
    )
    if response.status != 200:
        raise RuntimeError(f"trading the launch code answered {response.status}: {body[:200]!r}")
    token: str = json.loads(body)["token"]
    return token


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
    traded for the session token, unless a browser page is to trade it (it
    works once, so only one of them can)."""
    server = launch(kind, command_for(kind, apps))
    if kind == "eel":
        wait_until_serving(server.base_url)
    if authenticate:
        server.token = trade_launch_code(server)
    return server
