# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The framework's public API: the only import path app.py, your tests and the
README's examples use. What is not named here may move or change at any
`deskwire update`; what is named here stays (tests/test_public_api.py).

    from .deskwire import Bridge, Desktop, Limits   # in app.py
    from <package>.deskwire import run               # what __main__.py runs
"""

from ..bridge.core import Bridge
from ..bridge.errors import RpcError
from ..bridge.limits import Limits
from ..bridge.rpc import WithBytes
from ..desktop import Desktop, FileFilter, NotChosen, Unsupported
from ..desktop.menu import EDIT_MENU, QUIT, AppMenu, MenuItem, Separator, Submenu
from ..desktop.settings import SettingsStore, settings_file
from .run import run

__all__ = [
    "EDIT_MENU",
    "QUIT",
    "AppMenu",
    "Bridge",
    "Desktop",
    "FileFilter",
    "Limits",
    "MenuItem",
    "NotChosen",
    "RpcError",
    "Separator",
    "SettingsStore",
    "Submenu",
    "Unsupported",
    "WithBytes",
    "run",
    "settings_file",
]
