"""On a terminal, `deskwire new` asks the questions no flag answered."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


class Terminal:
    """A pseudo-terminal running one command; collects what it prints."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self._master, slave = pty.openpty()
        env = {**os.environ, "TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave, close_fds=True
        )
        os.close(slave)
        self._output = b""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 4096)
            except OSError:
                return
            if not chunk:
                return
            self._output += chunk

    @property
    def screen(self) -> str:
        return ANSI.sub("", self._output.decode(errors="replace"))

    def expect(self, pattern: str, after: int, timeout: float = 30) -> int:
        """Wait for `pattern` past offset `after` of the screen text; return the end."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.compile(pattern).search(self.screen, after)
            if match:
                return match.end()
            time.sleep(0.05)
        raise AssertionError(f"{pattern!r} never appeared; screen:\n{self.screen[-3000:]}")

    def send(self, keys: str) -> None:
        time.sleep(0.3)  # let the prompt finish drawing before typing
        os.write(self._master, keys.encode())


def new_command(dest: Path, *flags: str) -> list[str]:
    """`deskwire new DEST` answering by flag all but what a test leaves to ask."""
    deskwire = shutil.which("deskwire", path=os.path.dirname(sys.executable))
    assert deskwire is not None, "deskwire is not installed in this environment"
    answered = ["--description", "d", "--author", "a", "--frontend", "vanilla"]
    answered += ["--window", "none", "--port", "0", "--secure", "--single-instance"]
    answered += ["--demo"]
    return [deskwire, "new", str(dest), *flags, *answered]


def test_missing_answers_are_asked_on_a_terminal(tmp_path: Path) -> None:
    dest = tmp_path / "app"
    terminal = Terminal(new_command(dest, "--name", "Tty App"), cwd=tmp_path)
    position = terminal.expect(r"package name", 0)
    terminal.send("\r")  # accept the derived default
    position = terminal.expect(r"How the page and Python talk", position)
    terminal.send("\x1b[B\r")  # arrow down to "sse", enter
    assert terminal.process.wait(60) == 0, terminal.screen
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["package_name"] == "tty_app"
    assert answers["transport"] == "sse"
    assert answers["window"] == "none"


def test_a_typed_name_replaces_the_default_from_the_folder(tmp_path: Path) -> None:
    dest = tmp_path / "photo-sorter"
    command = new_command(dest, "--package", "pictures", "--transport", "websocket")
    terminal = Terminal(command, cwd=tmp_path)
    # The folder's name is offered; typing replaces it, it is not appended to.
    terminal.expect(r"\[Photo Sorter\]", 0)
    terminal.send("Picture Sorter\r")
    assert terminal.process.wait(60) == 0, terminal.screen
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["project_name"] == "Picture Sorter"
