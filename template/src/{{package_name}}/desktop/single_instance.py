# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""One running copy per user: a second launch hands its arguments to the first and exits.

Launching an app that already runs should bring it to the front, with what the
user asked for (a file to open), not start a second server and window that
fight over the same settings. So:

- **The lock** is an OS file lock on `instance.lock` in the user's state
  folder (`flock` on POSIX, `msvcrt.locking` on Windows). The kernel releases
  it when the process ends, however it ends: a copy killed with SIGKILL leaves
  no stale lock to clean up, and the next launch simply takes it.
- **The channel** is a loopback TCP port and a 256-bit key that the first copy
  writes to `instance.json` (mode 0600, in a 0700 folder). A second launch
  reads both and sends the key with its arguments; the first copy compares
  the key in constant time and drops any connection without it, before it
  acts on anything. Another user of the machine can read neither file.

The first copy hears each launch as a `SecondLaunch` (the arguments and the
working folder they are relative to); the entry point brings the window to
the front and pushes it to every page as the `second_launch` event.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

import platformdirs
from pydantic import BaseModel, Field, ValidationError

from ..bridge.atomic_file import write_atomically

logger = logging.getLogger(__name__)

LOCK_NAME = "instance.lock"
CHANNEL_NAME = "instance.json"
# A launch message: the key and the arguments, one JSON line.
MAX_MESSAGE_BYTES = 256 * 1024
READ_TIMEOUT_SECONDS = 5.0


class SecondLaunch(BaseModel, defer_build=True):  # built on first use, not at start-up
    """Pushed to every page when the app is launched again while it runs."""

    args: list[str] = Field(max_length=1000, description="the launch's arguments (files, URLs)")
    cwd: str = Field(description="the folder relative paths in `args` start from")


def instance_folder(app_id: str) -> Path:
    """Where the lock and the channel live: the user's state folder for the app."""
    return platformdirs.user_state_path(app_id, appauthor=False)


class HandOverFailed(Exception):
    """Another copy holds the lock but did not take the launch."""


class SingleInstance:
    def __init__(self, folder: Path) -> None:
        """`folder` holds the lock and the channel (the app's state folder)."""
        self.folder = folder
        self._lock_file: IO[bytes] | None = None
        self._listener: socket.socket | None = None

    def claim(self) -> bool:
        """Take the lock; True if this is the only copy running."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock_file = (self.folder / LOCK_NAME).open("ab")
        if not _try_lock(lock_file):
            lock_file.close()
            return False
        self._lock_file = lock_file
        return True

    def serve(self, on_launch: Callable[[SecondLaunch], None]) -> None:
        """Take launches from now on (after `claim`); `on_launch` runs on a worker thread."""
        key = secrets.token_hex(32)
        listener = socket.create_server(("127.0.0.1", 0))
        self._listener = listener
        channel = {"port": listener.getsockname()[1], "key": key, "pid": os.getpid()}
        # mkstemp's 0600 file, renamed into place: never readable by others.
        write_atomically(self.folder / CHANNEL_NAME, json.dumps(channel).encode())
        thread = threading.Thread(
            target=self._accept,
            args=(listener, key, on_launch),
            name="single-instance",
            daemon=True,
        )
        thread.start()

    def hand_over(self, args: Sequence[str], cwd: str, timeout: float = 10.0) -> None:
        """Give this launch to the running copy; HandOverFailed if it does not take it."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._send(args, cwd, max(0.5, deadline - time.monotonic()))
                return
            except (OSError, ValueError, KeyError, HandOverFailed) as error:
                # The running copy may still be starting (no channel file yet).
                if time.monotonic() > deadline:
                    raise HandOverFailed(f"the running copy did not answer: {error}") from None
                time.sleep(0.1)

    def release(self) -> None:
        if self._listener is not None:
            self._listener.close()
            (self.folder / CHANNEL_NAME).unlink(missing_ok=True)
        if self._lock_file is not None:
            self._lock_file.close()  # closing the file releases the lock

    def _send(self, args: Sequence[str], cwd: str, timeout: float) -> None:
        channel = json.loads((self.folder / CHANNEL_NAME).read_text())
        message = json.dumps({"key": channel["key"], "args": list(args), "cwd": cwd})
        with socket.create_connection(("127.0.0.1", int(channel["port"])), timeout) as link:
            link.sendall(message.encode() + b"\n")
            if link.makefile("rb").readline(16) != b"ok\n":
                raise HandOverFailed("the running copy refused the launch")

    def _accept(
        self, listener: socket.socket, key: str, on_launch: Callable[[SecondLaunch], None]
    ) -> None:
        while True:
            try:
                link, _ = listener.accept()
            except OSError:
                return  # released
            with link:
                launch = _read_launch(link, key)
                if launch is None:
                    continue
                link.sendall(b"ok\n")
            try:
                on_launch(launch)
            except Exception:
                logger.exception("handling a second launch failed")


def _read_launch(link: socket.socket, key: str) -> SecondLaunch | None:
    """The launch a connection sends, if it proves it knows the key; else None."""
    link.settimeout(READ_TIMEOUT_SECONDS)
    try:
        line = link.makefile("rb").readline(MAX_MESSAGE_BYTES + 1)
        message = json.loads(line) if line.endswith(b"\n") else None
        sent_key = message.get("key") if isinstance(message, dict) else None
        if not isinstance(sent_key, str) or not _same(sent_key, key):
            logger.warning("refused a connection to the single-instance channel without its key")
            return None
        assert isinstance(message, dict)
        return SecondLaunch.model_validate({"args": message.get("args"), "cwd": message.get("cwd")})
    except (OSError, ValueError, ValidationError):
        logger.warning("refused a malformed message on the single-instance channel")
        return None


def _same(sent: str, key: str) -> bool:
    """Constant time: how long the check takes says nothing about the key."""
    return hmac.compare_digest(sent.encode(), key.encode())


def _try_lock(file: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
