"""Whose file is it: the user's, or the framework's.

A generated project's files are the framework's (kept current by `deskwire
update`, each opening with a header line that says so) except the user's,
listed here once: patterns relative to the project's root, `*` within one
folder, `**` across folders, `{{package_name}}` for the package's folder.
"""

from __future__ import annotations

import re
from functools import cache

USER_FILES: tuple[str, ...] = (
    "src/{{package_name}}/app.py",
    "src/{{package_name}}/protocol.py",
    "src/{{package_name}}/icon.png",
    "README.md",
    "tests/test_app.py",
    "tests/test_demo.py",
    "tests/test_greeting.py",
    # The page's own files; the bridge's client and each stack's adapter
    # (frontend/src/bridge/, bridge-react/, the Angular services) are the framework's.
    "frontend/public/**",
    "frontend/index.html",
    "frontend/src/index.html",
    "frontend/src/main.ts",
    "frontend/src/main.tsx",
    "frontend/src/style.css",
    "frontend/src/connection-status.ts",
    "frontend/src/ConnectionStatus.tsx",
    "frontend/src/App.tsx",
    "frontend/src/App.test.tsx",
    "frontend/src/app-info.ts",
    "frontend/src/demo/**",
    "frontend/src/app/app.ts",
    "frontend/src/app/app.html",
    "frontend/src/app/app.spec.ts",
    "frontend/src/app/app.config.ts",
    "frontend/src/app/app-info.ts",
)


def _regex(pattern: str) -> str:
    parts = re.split(r"(\*\*|\*|\{\{package_name\}\})", pattern)
    wild = {"**": ".*", "*": "[^/]*", "{{package_name}}": "[^/]+"}
    return "".join(wild.get(part, re.escape(part)) for part in parts)


@cache
def _user_files() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{_regex(pattern)})" for pattern in USER_FILES))


def is_user_file(relpath: str) -> bool:
    """Whether `relpath` (posix, relative to the project's root) is the user's."""
    return _user_files().fullmatch(relpath) is not None
