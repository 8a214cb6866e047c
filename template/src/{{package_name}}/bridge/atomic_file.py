# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Writing a small file so that a crash or a power cut leaves the old one or the new one.

The bytes go to a temporary file in the same folder, are flushed to the disk
(fsync), and the file is renamed over the old one, an atomic step on every
OS; the folder is then synced so the rename itself survives a power cut
(POSIX). The window's state and the app's settings are written this way.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if os.name == "posix":
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
