# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Dev mode: the frontend's own dev server (hot reload) running beside the app.

`npm run dev -- --port N --host 127.0.0.1` starts it in frontend/. It serves the
page from source and forwards /bridge (HTTP and WebSocket) to this app, whose
URL it reads from BRIDGE_BACKEND (see the frontend's dev server config). The
forwarded requests keep the dev server's Host and Origin, which the security
guard accepts only in dev mode (SecurityPolicy.dev_port). The launch URL opens
the dev server's page with the one-time code, which the page trades for the
session token through the dev server, so the secret flow is unchanged.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

from .server import LOOPBACK, ServerError

# src/<package>/bridge/dev_server.py -> the project root, then its frontend/.
FRONTEND_DIR = Path(__file__).resolve().parents[3] / "frontend"
# Angular's first compile alone can take half a minute on a slow machine.
START_TIMEOUT_SECONDS = 120.0

logger = logging.getLogger(__name__)


class DevServerError(ServerError):
    """The dev server could not start; the message says why and what to do."""


def free_port() -> int:
    """A port the OS says is free now (the dev server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


# "  ➜  Local:   http://127.0.0.1:5173/" (Vite, Angular), with or without colours.
_ADVERTISED_ADDRESS = re.compile(rb"^\W*(Local|Network):\s+https?://")
_ANSI_ESCAPE = re.compile(rb"\x1b\[[0-9;]*m")


def relay_without_addresses(output: IO[bytes]) -> None:
    """Copy the dev server's output to stderr, but for the addresses it
    advertises: a page opened there has no launch code and is refused, so the
    only address to open is the app's launch link (stdout's first line)."""
    for line in output:
        if _ADVERTISED_ADDRESS.match(_ANSI_ESCAPE.sub(b"", line)):
            logger.debug("dev server: %s", line.decode(errors="replace").strip())
            continue
        sys.stderr.buffer.write(line)
        sys.stderr.buffer.flush()


class DevServer:
    """`npm run dev` in its own process group, stopped with the app."""

    def __init__(self, backend_url: str, port: int, frontend_dir: Path = FRONTEND_DIR) -> None:
        self.port = port
        self.origin = f"http://{LOOPBACK}:{port}"
        self._backend_url = backend_url.rstrip("/")
        self._frontend_dir = frontend_dir
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = START_TIMEOUT_SECONDS) -> None:
        """Start the dev server and wait until it answers HTTP."""
        npm = shutil.which("npm")
        if npm is None:
            raise DevServerError("dev mode needs npm; install Node.js 20.19+ or 22.12+")
        if not (self._frontend_dir / "package.json").is_file():
            raise DevServerError(
                f"dev mode runs from the project's source tree; {self._frontend_dir} is missing"
            )
        if not (self._frontend_dir / "node_modules").is_dir():
            raise DevServerError(
                "the frontend's packages are not installed; run `python3 tasks.py dev`"
                " (or `npm ci` in frontend/) first"
            )
        env = {**os.environ, "BRIDGE_BACKEND": self._backend_url, "NG_CLI_ANALYTICS": "false"}
        command = [npm, "run", "dev", "--", "--port", str(self.port), "--host", LOOPBACK]
        logger.info("starting the dev server: %s", " ".join(command))
        # Its output goes to stderr: stdout's first line is the app's URL.
        self._process = subprocess.Popen(
            command,
            cwd=self._frontend_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=os.name == "posix",  # one group: npm, its shell, node
        )
        assert self._process.stdout is not None
        threading.Thread(
            target=relay_without_addresses,
            args=(self._process.stdout,),
            name="dev-server-output",
            daemon=True,
        ).start()
        self._wait_until_serving(timeout)
        # Not advertised: the page to open is the app's launch link.
        logger.debug("dev server on %s", self.origin)

    def _wait_until_serving(self, timeout: float) -> None:
        assert self._process is not None
        deadline = time.monotonic() + timeout
        while True:
            code = self._process.poll()
            if code is not None:
                raise DevServerError(f"the dev server exited with code {code} (see above)")
            try:
                with urllib.request.urlopen(f"{self.origin}/", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # it answered, even if not with 200
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise DevServerError(f"the dev server did not answer within {timeout:.0f} s")
            time.sleep(0.2)

    def stop(self, timeout: float = 10.0) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        self._signal(process, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._signal(process, signal.SIGKILL if os.name == "posix" else signal.SIGTERM)
            process.wait(timeout)

    @staticmethod
    def _signal(process: subprocess.Popen[bytes], signum: int) -> None:
        if os.name == "posix":
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signum)  # the whole group: npm alone would orphan node
        else:
            process.terminate()
