# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""The page's TypeScript types, kept in step with the Python models.

frontend/src/bridge/protocol.ts is generated: the JSON Schema of the app's
methods and events (schema.py) goes through the frontend's generator script
(frontend/scripts/generate-protocol.mjs), which rewrites the file only when its
text changes, so a dev server watching it reloads the page only for a real
change. `python3 tasks.py types` runs this module; so do `run`, `build`,
`package` and `dev` whenever the Python code changed, and dev mode after each
change it restarts the app for (dev_restart.py). It writes the app's
OpenRPC document too (openrpc.json, see openrpc.py), also only on a change.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from .core import Bridge
from .dev_server import FRONTEND_DIR
from .openrpc import write_app_document
from .schema import schema_json

GENERATOR_SCRIPT = FRONTEND_DIR / "scripts" / "generate-protocol.mjs"


class TypesError(Exception):
    """protocol.ts could not be generated; the message says why."""


def write_protocol_types(bridge: Bridge, timeout: float = 120) -> None:
    """Regenerate frontend/src/bridge/protocol.ts from `bridge`'s models."""
    node = shutil.which("node")
    if node is None:
        raise TypesError(
            "generating protocol.ts needs Node.js 20.19+ or 22.12+ (`node` is not on PATH)"
        )
    if not (FRONTEND_DIR / "node_modules" / "json-schema-to-typescript").is_dir():
        raise TypesError(
            "the frontend's packages are not installed: run `python3 tasks.py build` first"
        )
    result = subprocess.run(
        [node, str(GENERATOR_SCRIPT)],
        input=schema_json(bridge),
        text=True,
        cwd=FRONTEND_DIR,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        raise TypesError(f"{GENERATOR_SCRIPT.name} exited with code {result.returncode}")


def main() -> int:
    from ..deskwire.served import served_settings

    bridge = served_settings().bridge
    write_app_document()  # the OpenRPC document first: it needs no Node.js
    try:
        write_protocol_types(bridge)
    except TypesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
