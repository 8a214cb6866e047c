# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The paths the user picked in a native dialog: the only paths the page may name.

A page is code from the network's point of view: if it could hand Python any
path, one injected script could read ~/.ssh. So the desktop remembers what
the user chose in its dialogs (files opened, a folder chosen, a place to
save), and `Desktop.read_chosen` / `write_chosen` refuse every other path,
after resolving symlinks and `..`, before touching the disk.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from .errors import NotChosen


class ChosenPaths:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._readable: set[Path] = set()
        self._folders: set[Path] = set()
        self._writable: set[Path] = set()

    def opened(self, paths: Iterable[Path]) -> None:
        with self._lock:
            self._readable.update(path.resolve() for path in paths)

    def folder(self, path: Path) -> None:
        with self._lock:
            self._folders.add(path.resolve())

    def save_target(self, path: Path) -> None:
        with self._lock:
            self._writable.add(path.resolve())

    def readable(self, claimed: str) -> Path:
        """`claimed` resolved, if the user opened it, saved to it or picked a folder holding it."""
        path = _resolve(claimed)
        with self._lock:
            if path in self._readable or path in self._writable:
                return path
            if any(path.is_relative_to(folder) for folder in self._folders):
                return path
        raise NotChosen(claimed)

    def writable(self, claimed: str) -> Path:
        """`claimed` resolved, if the user chose it in a save dialog."""
        path = _resolve(claimed)
        with self._lock:
            if path in self._writable:
                return path
        raise NotChosen(claimed)


def _resolve(claimed: str) -> Path:
    if "\x00" in claimed or not Path(claimed).is_absolute():
        raise NotChosen(claimed)
    return Path(claimed).resolve()
