# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The native window's size, position and maximized state, kept per user between launches.

Saved as JSON in the user's state directory (platformdirs; on Linux
`$XDG_STATE_HOME/<app>/window.json`, by default under `~/.local/state`) when
the window closes, and restored at the next launch. A saved position that no
longer fits a screen (a monitor unplugged, a lower resolution) is moved back
onto the screen nearest to it; an unreadable file is ignored (logged) and
replaced at the next close.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import platformdirs

from .atomic_file import write_atomically

logger = logging.getLogger(__name__)

FILE_NAME = "window.json"


@dataclass(frozen=True)
class Rect:
    """A screen's usable area (without panels and docks), in screen coordinates."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class WindowState:
    x: int
    y: int
    width: int
    height: int
    maximized: bool = False


def state_file(app_id: str) -> Path:
    return platformdirs.user_state_path(app_id, appauthor=False) / FILE_NAME


def load(path: Path) -> WindowState | None:
    """The saved state, or None (nothing saved yet, or a file that does not read)."""
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))
        state = WindowState(
            x=_integer(fields["x"]),
            y=_integer(fields["y"]),
            width=_integer(fields["width"]),
            height=_integer(fields["height"]),
            maximized=fields.get("maximized") is True,
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError) as error:
        logger.warning("ignoring the saved window state in %s: %r", path, error)
        return None
    if state.width < 1 or state.height < 1:
        logger.warning("ignoring the saved window state in %s: empty size", path)
        return None
    return state


def _integer(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"not an integer: {value!r}")
    return value


def save(path: Path, state: WindowState) -> None:
    """Write the state atomically: a crash leaves the old file or the new one, never half."""
    write_atomically(path, json.dumps(asdict(state), indent=2).encode())


def clamp(state: WindowState, screens: Sequence[Rect]) -> WindowState:
    """Fit the window on the screen it overlaps most (or the nearest one):
    no bigger than that screen, and wholly on it."""
    if not screens:
        return state
    screen = max(screens, key=lambda screen: (_overlap(state, screen), -_distance(state, screen)))
    width = min(state.width, screen.width)
    height = min(state.height, screen.height)
    x = min(max(state.x, screen.x), screen.x + screen.width - width)
    y = min(max(state.y, screen.y), screen.y + screen.height - height)
    return replace(state, x=x, y=y, width=width, height=height)


def _overlap(state: WindowState, screen: Rect) -> int:
    across = min(state.x + state.width, screen.x + screen.width) - max(state.x, screen.x)
    down = min(state.y + state.height, screen.y + screen.height) - max(state.y, screen.y)
    return max(across, 0) * max(down, 0)


def _distance(state: WindowState, screen: Rect) -> float:
    """From the window's centre to the screen's, squared."""
    dx = (state.x + state.width / 2) - (screen.x + screen.width / 2)
    dy = (state.y + state.height / 2) - (screen.y + screen.height / 2)
    return dx * dx + dy * dy


class StateTracker:
    """Follows the window's moves, resizes and maximizing: its state to save.

    While maximized, moves and resizes are the maximized window's; the size
    and position kept are those from before, restored when it is unmaximized.
    """

    def __init__(self, initial: WindowState) -> None:
        self._normal = replace(initial, maximized=False)
        self._maximized = initial.maximized
        # pywebview calls each event handler on a thread of its own.
        self._lock = threading.Lock()

    @property
    def state(self) -> WindowState:
        with self._lock:
            return replace(self._normal, maximized=self._maximized)

    def moved(self, x: int, y: int) -> None:
        with self._lock:
            if not self._maximized:
                self._normal = replace(self._normal, x=x, y=y)

    def resized(self, width: int, height: int) -> None:
        with self._lock:
            if not self._maximized:
                self._normal = replace(self._normal, width=width, height=height)

    def maximized(self) -> None:
        with self._lock:
            self._maximized = True

    def restored(self) -> None:
        with self._lock:
            self._maximized = False
