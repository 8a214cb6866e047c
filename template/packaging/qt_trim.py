# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""What the frozen native window leaves out of Qt WebEngine (app.spec calls it).

PyInstaller collects the Qt pieces a Qt module might need; the window needs
fewer. Each cut here was measured (docs/deskwire.md, "Shipping your app"): the window
still opens, loads the page and connects without it.

- Qt plugins the window never loads: the GTK platform theme (which alone
  brings GTK, GDK, ATK, Cairo and Pango along), the PDF image format.
  A shared library goes with them when nothing kept needs it any more
  (followed through each file's dynamic dependencies, as ldd reports them).
- Translations: Qt's own (.qm; the window's strings are the page's) and the
  web view's locales but `KEEP_LOCALES` (the web view falls back to en-US for
  its context menu and built-in pages).
- The developer-tools resources, for an inspector the app does not open.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import PurePosixPath

from PyInstaller.depend.bindepend import get_imports

# PyInstaller's table of contents: (name in the folder, source path, kind).
Entry = tuple[str, str, str]

# Web view locales to keep: add the languages your users read.
KEEP_LOCALES = {"en-US"}
UNUSED_PLUGINS = {
    "platformthemes/libqgtk3.so",
    "imageformats/libqpdf.so",
}
UNUSED_RESOURCES = {"qtwebengine_devtools_resources.pak"}


def trim_qt(binaries: list[Entry], datas: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    dropped = [entry for entry in binaries if _plugin(entry[0]) in UNUSED_PLUGINS]
    kept = [entry for entry in binaries if entry not in dropped]
    # Libraries only the dropped plugins need. Needs are followed from what
    # loads libraries (Python extensions, Qt plugins, the web engine's helper
    # process), never from the libraries themselves, which may need each other.
    loaders = [entry for entry in kept if _loads_libraries(entry)]
    only_theirs = _libraries_needed_by(dropped) - _libraries_needed_by(loaders)
    binaries = [entry for entry in kept if PurePosixPath(entry[0]).name not in only_theirs]
    datas = [entry for entry in datas if _keep_data(entry[0])]
    # PyInstaller links some libraries into the folder's top level; a link to
    # a library dropped above would be left dangling.
    files = {entry[0] for entry in binaries + datas if entry[2] != "SYMLINK"}
    binaries = [entry for entry in binaries if _points_into(entry, files)]
    datas = [entry for entry in datas if _points_into(entry, files)]
    return binaries, datas


def _points_into(entry: Entry, files: set[str]) -> bool:
    """False for a symbolic link whose target is not among `files`."""
    name, target, kind = entry
    if kind != "SYMLINK":
        return True
    return posixpath.normpath(posixpath.join(posixpath.dirname(name), target)) in files


def _plugin(name: str) -> str:
    """`platforms/libqxcb.so` for `PyQt6/Qt6/plugins/platforms/libqxcb.so`."""
    _, _, plugin = name.partition("/Qt6/plugins/")
    return plugin


def _loads_libraries(entry: Entry) -> bool:
    name, _, kind = entry
    return kind == "EXTENSION" or "/Qt6/plugins/" in name or "/Qt6/libexec/" in name


def _libraries_needed_by(entries: Iterable[Entry]) -> set[str]:
    """The names of the shared libraries these files load, directly or not."""
    needed: set[str] = set()
    for _, source, kind in entries:
        if kind in ("BINARY", "EXTENSION"):
            needed.update(name for name, _ in get_imports(source))
    return needed


def _keep_data(name: str) -> bool:
    path = PurePosixPath(name)
    if "/Qt6/translations/" in name:
        return path.parent.name == "qtwebengine_locales" and path.stem in KEEP_LOCALES
    return path.name not in UNUSED_RESOURCES
