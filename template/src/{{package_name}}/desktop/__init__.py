# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The desktop around the page: native dialogs, files the user chose, external links.

    desktop = Desktop(bridge)              # app.py: the page may call desktop.* too
    paths = await desktop.open_files()     # in a handler: a real dialog; None if cancelled
    data = await desktop.read_chosen(path) # only what the user picked (chosen.py)

The entry point attaches the window's host; in browser and headless modes
native-only calls raise `Unsupported` (a typed error the page can test for).
"""

from .api import Desktop
from .errors import NOT_CHOSEN, UNSUPPORTED, NotChosen, Unsupported
from .models import FileFilter

__all__ = ["NOT_CHOSEN", "UNSUPPORTED", "Desktop", "FileFilter", "NotChosen", "Unsupported"]
