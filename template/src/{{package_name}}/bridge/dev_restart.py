# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Dev mode's hot restart: save a Python file and the app restarts, while the
open page stays open, reconnects and carries on.

`python -m <package> --dev` becomes a small supervisor that owns what must
outlive one run of the app: the app's port, the frontend's dev server (and so
the page's origin) and the session token the page already holds. It runs the
app itself in a worker process (the same command, marked by DEV_WORKER_ENV)
and, on each change under src/<package>/, regenerates the page's TypeScript
types and the OpenRPC document (protocol_types.py) and starts a new worker in
place of the old one. The page's reconnection helper finds the same address,
presents the same token and is accepted; the new run's bridge greets it with
`new-run` (the old run's calls and events are gone), so it resyncs. A worker that fails to start (a syntax
error) prints its error; the supervisor waits for the next save, and the page
shows "reconnecting" until then.

The token reaches each worker on its stdin, never in its environment or its
arguments, which other processes of the same user can read. Each worker makes
a new one-time launch code of its own, for a window it opens.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .credentials import Credentials
from .dev_server import DevServer, free_port
from .server import LOOPBACK, ServerError, bind_loopback
from .shutdown import StopSignals

DEV_WORKER_ENV = "DESKWIRE_DEV_WORKER"
# How long a worker has to stop (its window, its server) before it is killed.
WORKER_STOP_SECONDS = 10.0
# How often the supervisor looks at its worker while no file changes.
POLL_MILLISECONDS = 300

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DevSession:
    """What every run of the app in one dev session shares."""

    port: int  # the app's, where the dev server forwards /bridge
    dev_port: int  # the dev server's: the page's origin
    token: str | None = field(repr=False)  # None when the secret is off

    def to_json(self) -> str:
        return json.dumps({"port": self.port, "dev_port": self.dev_port, "token": self.token})

    @classmethod
    def from_json(cls, text: str) -> DevSession:
        data = json.loads(text)
        return cls(port=int(data["port"]), dev_port=int(data["dev_port"]), token=data["token"])


def in_dev_worker() -> bool:
    """Whether this process is a worker that a supervisor started."""
    return os.environ.get(DEV_WORKER_ENV) == "1"


def inherited_session() -> DevSession | None:
    """In a worker, the session its supervisor handed it on stdin; else None."""
    if os.environ.pop(DEV_WORKER_ENV, None) != "1":
        return None
    return DevSession.from_json(sys.stdin.readline())


class DevSupervisor:
    """Runs the app in a worker process and restarts it when its code changes."""

    def __init__(
        self,
        worker_command: Sequence[str],
        *,
        package_dir: Path,
        port: int,
        secure: bool,
        restart_args: Sequence[str] = (),
    ) -> None:
        """`worker_command` starts the app in dev mode; `restart_args` are added
        to it from the second run on (a browser tab, unlike a native window,
        stays open across a restart: the next run must not open another)."""
        self._worker_command = list(worker_command)
        self._restart_args = list(restart_args)
        self._package_dir = package_dir
        self._port = port
        self._secure = secure
        self._stop = threading.Event()

    def run(self) -> int:
        """Serve until Ctrl-C, SIGTERM, or the app ending on its own (its window
        closed); return the exit code."""
        try:
            session = self._new_session()
        except ServerError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        dev_server = DevServer(f"http://{LOOPBACK}:{session.port}", session.dev_port)
        # Signals are handled from here on: Ctrl-C while the dev server starts
        # (half a minute for Angular) stops it, never leaves it running alone.
        with StopSignals(on_stop=self._stop.set):
            try:
                dev_server.start()
            except ServerError as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
            try:
                return 0 if self._stop.is_set() else self._supervise(session)
            finally:
                dev_server.stop()

    def _new_session(self) -> DevSession:
        # A fixed port is checked now, so a taken one is the same clear error
        # as without dev mode; 0 becomes one free port for every run.
        if self._port:
            bind_loopback(self._port).close()
        port = self._port or free_port()
        token = Credentials().token if self._secure else None
        return DevSession(port=port, dev_port=free_port(), token=token)

    def _supervise(self, session: DevSession) -> int:
        import watchfiles  # uvicorn[standard]'s; needed in dev mode only

        worker = self._start_worker(session, self._worker_command)
        reported_exit = False
        for changes in watchfiles.watch(
            self._package_dir,
            watch_filter=watchfiles.PythonFilter(),
            stop_event=self._stop,
            rust_timeout=POLL_MILLISECONDS,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            if changes:
                names = sorted({Path(path).name for _, path in changes})
                print(f"dev: {', '.join(names)} changed: restarting the app", file=sys.stderr)
                self._stop_worker(worker)
                worker = self._start_worker(session, self._worker_command + self._restart_args)
                self._regenerate_types()
                reported_exit = False
                continue
            code = worker.poll()
            if code == 0:
                return 0  # the app ended itself: its window was closed
            if code is not None and not reported_exit:
                print(
                    f"dev: the app exited with code {code} (see above); "
                    f"it restarts when you save a file in {self._package_dir}",
                    file=sys.stderr,
                )
                reported_exit = True
        self._stop_worker(worker)
        return 0

    @staticmethod
    def _start_worker(session: DevSession, command: list[str]) -> subprocess.Popen[str]:
        worker = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            env={**os.environ, DEV_WORKER_ENV: "1"},
            text=True,
            # A group of its own: Ctrl-C reaches the supervisor alone, which then
            # stops the worker with one SIGTERM (a second signal would cut its
            # shutdown short, see shutdown.py).
            process_group=0 if os.name == "posix" else None,
        )
        assert worker.stdin is not None
        try:
            worker.stdin.write(session.to_json() + "\n")
            worker.stdin.close()
        except BrokenPipeError:
            pass  # it died before reading: poll() reports it
        return worker

    @staticmethod
    def _stop_worker(worker: subprocess.Popen[str]) -> None:
        if worker.poll() is not None:
            return
        worker.terminate()  # SIGTERM: it closes its window and server (shutdown.py)
        try:
            worker.wait(WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            logger.warning("the app did not stop within %.0f s: killing it", WORKER_STOP_SECONDS)
            worker.kill()
            worker.wait()

    def _regenerate_types(self) -> None:
        """protocol.ts and openrpc.json from the changed models, in a process
        of its own: this one never imports the app's code, which may not even
        compile now (the worker has printed that error already; one line says
        what it cost)."""
        module = f"{self._package_dir.name}.bridge.protocol_types"
        result = subprocess.run(
            [sys.executable, "-m", module], capture_output=True, text=True, check=False
        )
        sys.stderr.write(
            "".join(
                line
                for line in result.stderr.splitlines(True)
                if "protocol.ts:" in line or "openrpc.json:" in line
            )
        )
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"dev: protocol.ts was not regenerated: {last}", file=sys.stderr)
