# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The app as `run()` serves it, for the tools that describe it.

app.py may leave out settings, and even the Desktop: `run()` fills them in
from the answers the project was made with (run.py's `read_settings`). The
type generator, the OpenRPC writer and the tests that check their output read
the app through here, so protocol.ts and openrpc.json name every method the
page will find, the desktop's too, whatever app.py spells out.
"""

from __future__ import annotations

from functools import cache

from .run import AppSettings, read_settings


@cache
def served_settings() -> AppSettings:
    """app.py's settings, bridge and desktop, read once: a Desktop made here
    adds its methods to the bridge, which must happen only once."""
    from .. import app

    return read_settings(app)
