"""On a terminal, `deskwire new` asks the questions no flag answered, in
prompts that fit an 80-column terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import yaml
from support import REPO_ROOT

from generator.questions import load_questions

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


class Terminal:
    """A pseudo-terminal of `columns` x 40 running one command; collects what it prints."""

    def __init__(self, command: list[str], cwd: Path, columns: int = 80) -> None:
        self.columns = columns
        self._master, slave = pty.openpty()
        # The size the program reads from the terminal itself (prompt_toolkit does).
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm", "COLUMNS": str(columns), "LINES": "40"}
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
        text = self._output.decode(errors="replace")
        # prompt_toolkit draws a line's last column by a return and a jump to
        # it (autowrap is off): that character continues the line.
        text = text.replace(f"\r\x1b[{self.columns - 1}C", "")
        return ANSI.sub("", text)

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


def test_typed_answers_replace_the_offered_defaults(tmp_path: Path) -> None:
    """Every text prompt offers its default; typing replaces it, Enter keeps it."""
    dest = tmp_path / "photo-sorter"
    deskwire = shutil.which("deskwire", path=os.path.dirname(sys.executable))
    assert deskwire is not None, "deskwire is not installed in this environment"
    flags = ["--name", "Photo Sorter", "--transport", "websocket", "--frontend", "vanilla"]
    flags += ["--window", "webview", "--secure", "--single-instance", "--demo"]
    terminal = Terminal([deskwire, "new", str(dest), *flags], cwd=tmp_path)
    position = terminal.expect(r"photo_sorter", terminal.expect(r"package name", 0))
    terminal.send("mypkg\r")
    position = terminal.expect(r"A desktop app with a web UI", terminal.expect("description", 0))
    terminal.send("Sorts my photos.\r")
    position = terminal.expect(r"Author name", position)
    terminal.send("Ada\r")
    position = terminal.expect(r"Native window width", position)
    terminal.send("\r")  # Enter keeps the offered 1024
    position = terminal.expect(r"Native window height", position)
    terminal.send("600\r")
    position = terminal.expect(r"Local port", position)
    terminal.send("8080\r")
    assert terminal.process.wait(60) == 0, terminal.screen
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["package_name"] == "mypkg"
    assert answers["description"] == "Sorts my photos."
    assert answers["author_name"] == "Ada"
    assert (answers["window_width"], answers["window_height"]) == (1024, 600)
    assert answers["port"] == 8080


def whole(text: str) -> str:
    """A pattern for `text` as shown: its words in order, any line breaks between."""
    return r"\s+".join(re.escape(word) for word in text.split())


def test_prompts_and_their_errors_fit_80_columns_unbroken(tmp_path: Path) -> None:
    dest = tmp_path / "app"
    deskwire = shutil.which("deskwire", path=os.path.dirname(sys.executable))
    assert deskwire is not None, "deskwire is not installed in this environment"
    command = [deskwire, "new", str(dest), "--name", "Wrap App", "--description", "d"]
    terminal = Terminal([*command, "--author", "a"], cwd=tmp_path, columns=80)
    helps = {name: question.help for name, question in load_questions().items()}
    # A prompt wider than the terminal is cut, not wrapped: each help text must
    # appear whole, and so must each error (shown in a one-line bar).
    position = terminal.expect(whole(helps["package_name"]), 0)
    terminal.send("\x7f" * 8 + "9lives\r")
    position = terminal.expect(r"'package_name': Use a lowercase Python identifier\.", position)
    terminal.send("\x7f" * 6 + "wrap_app\r")
    for question in ("transport", "frontend"):
        position = terminal.expect(whole(helps[question]), position)
        terminal.send("\r")
    position = terminal.expect(whole(helps["window"]), position)
    terminal.send("\x1b[B\x1b[B\r")  # none: no window size questions
    position = terminal.expect(whole(helps["port"]), position)
    terminal.send("\x7f70\r")
    position = terminal.expect(r"'port': Use 0 \(the OS picks\) or 1024 to 65535\.", position)
    terminal.send("\x7f\x7f0\r")
    for question in ("secure", "single_instance", "demo"):
        position = terminal.expect(whole(helps[question]), position)
        terminal.send("\r")
    assert terminal.process.wait(60) == 0, terminal.screen
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert (answers["package_name"], answers["window"], answers["port"]) == ("wrap_app", "none", 0)


def test_every_prompt_and_error_in_copier_yml_fits_80_columns() -> None:
    """Also the questions the terminal test does not reach (window size, name)."""
    config = yaml.safe_load((REPO_ROOT / "copier.yml").read_text())
    for name, spec in config.items():
        if name.startswith("_") or not isinstance(spec, dict):
            continue
        lines = str(spec.get("help", "")).splitlines()
        assert all(len(line) <= 76 for line in lines), (name, lines)
        # A validator's messages are its text outside Jinja tags; a value it
        # quotes is at most 9 characters (the longest reserved package name).
        validator = re.sub(r"\{\{.*?\}\}", "x" * 9, str(spec.get("validator", "")))
        for message in filter(str.strip, re.split(r"\{%.*?%\}", validator)):
            shown = f"Validation error for question '{name}': {message.strip()}"
            assert len(shown) <= 80, shown
