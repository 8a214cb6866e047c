# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""A wheel without the built page would install an app that cannot start, so
building one refuses until the page is built (hatchling runs this hook).

The page is built from frontend/ into src/<package>/static/, which git
ignores; the sdist and the wheel both carry it (pyproject.toml's `artifacts`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class BuiltPageRequired(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return  # a development install serves the page from the source tree
        if not list(Path(self.root).glob("src/*/static/index.html")):
            raise RuntimeError(
                "the page is not built (src/<package>/static/index.html is missing): "
                "run `python3 tasks.py build` first, then build the wheel"
            )
