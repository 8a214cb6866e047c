# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The application menu, declared in Python; each activation reaches the page as a typed event.

    MENU = (
        Submenu("File", (MenuItem("Export…", "export", "Ctrl+E"), Separator(), QUIT)),
        EDIT_MENU,
    )
    desktop = Desktop(bridge, menu=MENU)

The page hears `menu_activated` with the item's `id`, typed as the ids the
menu declares (a typo in the page's `switch` does not compile). The native
window shows the menu bar and its shortcuts; the standard Edit items act on
the page (undo, cut, copy, paste, select all), and Quit closes the app. In
browser and headless modes there is no menu bar: the page offers the same
actions itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, create_model

# What the standard items do, in the window's own terms (pywebview_host.py).
StandardAction = Literal["undo", "redo", "cut", "copy", "paste", "select_all", "quit"]


@dataclass(frozen=True)
class MenuItem:
    label: str
    id: str  # what the page receives
    shortcut: str | None = None  # "Ctrl+Shift+H": Qt's key sequence syntax


@dataclass(frozen=True)
class StandardItem:
    """An item the window handles itself (Edit's and Quit); the page hears it too."""

    label: str
    action: StandardAction
    shortcut: str | None = None

    @property
    def id(self) -> str:
        return self.action


@dataclass(frozen=True)
class Separator:
    pass


@dataclass(frozen=True)
class Submenu:
    label: str
    items: tuple[MenuItem | StandardItem | Separator | Submenu, ...]


AppMenu = tuple[Submenu, ...]

EDIT_MENU = Submenu(
    "Edit",
    (
        StandardItem("Undo", "undo", "Ctrl+Z"),
        StandardItem("Redo", "redo", "Ctrl+Shift+Z"),
        Separator(),
        StandardItem("Cut", "cut", "Ctrl+X"),
        StandardItem("Copy", "copy", "Ctrl+C"),
        StandardItem("Paste", "paste", "Ctrl+V"),
        StandardItem("Select All", "select_all", "Ctrl+A"),
    ),
)
QUIT = StandardItem("Quit", "quit", "Ctrl+Q")


def items(menu: AppMenu) -> Iterator[MenuItem | StandardItem]:
    """Every item that can be activated, depth first."""
    for submenu in menu:
        for item in submenu.items:
            if isinstance(item, Submenu):
                yield from items((item,))
            elif not isinstance(item, Separator):
                yield item


def activation_event(menu: AppMenu) -> type[BaseModel]:
    """`MenuActivated`, whose `id` is one of the menu's ids (a string without a menu)."""
    ids = sorted({item.id for item in items(menu)})
    if len(ids) != len(list(items(menu))):
        raise ValueError("two menu items share an id")
    id_type: Any = Literal.__getitem__(tuple(ids)) if ids else str
    return create_model(
        "MenuActivated",
        __doc__="A menu item was chosen (pushed to every page).",
        __cls_kwargs__={"defer_build": True},  # built when first emitted, not at start-up
        id=(id_type, ...),
    )


def shortcuts(menu: AppMenu) -> dict[tuple[str, ...], str]:
    """Each item's shortcut by its labels' path: ("File", "Say hello") -> "Ctrl+Shift+H"."""
    found: dict[tuple[str, ...], str] = {}

    def walk(submenu: Submenu, path: tuple[str, ...]) -> None:
        for item in submenu.items:
            if isinstance(item, Submenu):
                walk(item, (*path, item.label))
            elif not isinstance(item, Separator) and item.shortcut:
                found[(*path, item.label)] = item.shortcut

    for submenu in menu:
        walk(submenu, (submenu.label,))
    return found
