# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The desktop's typed errors, beside the bridge's own (bridge/errors.py).

The page tells them apart by code: `UNSUPPORTED` says the capability needs a
native window this launch does not have (browser or headless mode), so the
page can fall back (an `<input type="file">`, a download, its own link);
`NOT_CHOSEN` says a path reached Python that the user never picked in a
native dialog, which only a page trying its luck sends.
"""

from __future__ import annotations

from ..bridge.errors import RpcError

UNSUPPORTED = -32010
NOT_CHOSEN = -32011
FILE_TOO_LARGE = -32012


class Unsupported(RpcError):
    CODE = UNSUPPORTED
    SUMMARY = "this needs the native window, which this launch does not have"

    def __init__(self, capability: str, window: str) -> None:
        super().__init__(
            UNSUPPORTED,
            f"{capability} needs the native window; this app runs with window={window!r}",
            {"capability": capability, "window": window},
        )


class NotChosen(RpcError):
    CODE = NOT_CHOSEN
    SUMMARY = "this path was not chosen by the user in a dialog"

    def __init__(self, path: str) -> None:
        # The path stays out of the message: it is the page's claim, not a fact.
        super().__init__(NOT_CHOSEN, "this path was not chosen by the user in a dialog")
