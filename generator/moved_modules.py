"""Framework modules that moved between template versions: old dotted path -> new.

After an update, `deskwire update` rewrites the user's imports of an old path
to the new one and names each rewrite (generator/imports.py). `{package}`
stands for the project's package; a key also covers the modules below it
(`{package}.bridge` moves `{package}.bridge.core` too), and the longest key
that matches wins. A top-level module (a test helper such as `app_process`)
is named without `{package}`.

Empty today: no framework module has moved yet. A change that moves one adds
its line here in the same commit.
"""

from __future__ import annotations

MOVED_MODULES: dict[str, str] = {}
