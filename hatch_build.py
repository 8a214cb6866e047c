"""Wheel build hook: the wheel carries its template's git history.

`deskwire update` merges "what the template made then" with "what it makes
now", so it needs the template at the commit a project was made from, not only
the copy of today's files that the wheel has in `generator/_template`. This hook
writes a git bundle of the checkout's history (HEAD and every tag) into the
wheel as `generator/_template/history.bundle`; its HEAD is the commit the wheel
was built from. The next wheel's bundle holds this one's commit too, so a
project made by any released wheel can be updated by a later one, offline.

The sdist carries the same bundle (`history.bundle` at its root), so a wheel
built from the sdist, as `python -m build` does, has the history too.

A tree whose template (copier.yml, template/) has uncommitted changes gets no
bundle: its files belong to no commit, so no later version could be merged
with them. Such a wheel still renders projects; they cannot be updated, and
the build and `deskwire update` both say so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE_IN_WHEEL = "generator/_template/history.bundle"
BUNDLE_IN_SDIST = "history.bundle"
TEMPLATE_PATHS = ("copier.yml", "template")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )


def why_no_history(root: Path) -> str | None:
    """Why `root` cannot give the wheel a history, or None when it can."""
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        return f"{root} is not a git checkout with a commit"
    changed = _git(root, "status", "--porcelain", "--", *TEMPLATE_PATHS).stdout.strip()
    if changed:
        return "the template (copier.yml, template/) has uncommitted changes"
    return None


def write_history_bundle(root: Path, bundle: Path) -> None:
    """Bundle HEAD (the commit the wheel is built from) and every tag."""
    result = _git(root, "bundle", "create", str(bundle), "HEAD", "--tags")
    if result.returncode != 0:
        raise RuntimeError(f"git bundle create failed: {result.stderr.strip()}")


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return  # an editable install runs from the checkout, which has the history
        root = Path(self.root)
        target = {"wheel": BUNDLE_IN_WHEEL, "sdist": BUNDLE_IN_SDIST}[self.target_name]
        from_sdist = root / BUNDLE_IN_SDIST
        if self.target_name == "wheel" and from_sdist.is_file() and not (root / ".git").exists():
            build_data["force_include"][str(from_sdist)] = target
            return
        reason = why_no_history(root)
        if reason:
            print(
                f"deskwire build: {reason}; this {self.target_name} carries no template "
                "history, so projects made from it cannot be updated by `deskwire update`",
                file=sys.stderr,
            )
            return
        self._scratch = Path(tempfile.mkdtemp(prefix="deskwire-history."))
        bundle = self._scratch / "history.bundle"
        write_history_bundle(root, bundle)
        build_data["force_include"][str(bundle)] = target

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
