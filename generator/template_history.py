"""The template's git history, and the one name a project records for it.

Copier writes the template's location into `.copier-answers.yml` (`_src_path`)
and clones it again at the recorded `_commit` to update. A location is a path
on the machine that made the project (a site-packages folder, a checkout), so
it means nothing on another machine or after a reinstall. deskwire records the
name `deskwire` instead, and resolves it to the history of the deskwire that
runs: a checkout (HEAD, uncommitted changes included, as `copier copy --vcs-ref
HEAD` renders), or the git bundle the wheel carries (`hatch_build.py`), at the
commit the wheel was built from.

The name is a relative path on purpose: copier reads a local template path
relative to the working directory, so copier runs in a scratch directory where
`deskwire` is a link to that history. Copier then records `_src_path: deskwire`
itself, and `copier update` finds both the old and the new commit through it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.template_source import PACKAGED_TEMPLATE, template_root

SOURCE_NAME = "deskwire"
HISTORY_BUNDLE = PACKAGED_TEMPLATE / "history.bundle"


@dataclass(frozen=True)
class TemplateHistory:
    location: Path  # a git work tree, a git bundle, or a plain folder (no history)
    ref: str | None  # the commit `deskwire new` renders; None: a folder with no history


def _git_out(*args: str) -> str | None:
    result = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def installed_history() -> TemplateHistory:
    """The history of the template this deskwire renders."""
    root = template_root()
    if root == PACKAGED_TEMPLATE:
        if not HISTORY_BUNDLE.is_file():
            return TemplateHistory(PACKAGED_TEMPLATE, None)
        heads = _git_out("bundle", "list-heads", str(HISTORY_BUNDLE), "HEAD") or ""
        commit = heads.split()[0] if heads else None
        return TemplateHistory(HISTORY_BUNDLE if commit else PACKAGED_TEMPLATE, commit)
    top = _git_out("-C", str(root), "rev-parse", "--show-toplevel")
    if top is not None and Path(top).resolve() == root:
        return TemplateHistory(root, "HEAD")
    return TemplateHistory(root, None)


def template_version() -> str:
    """The template version this deskwire renders, as `git describe` names it
    (the nearest tag, commits since, the commit); "+changes" when a checkout's
    template has uncommitted changes; "no history" for a template without one."""
    history = installed_history()
    if history.ref is None:
        return "no history"
    if history.location == HISTORY_BUNDLE:
        heads = _git_out("bundle", "list-heads", str(HISTORY_BUNDLE)) or ""
        tags = [
            ref.removeprefix("refs/tags/")
            for commit, ref in (line.split(maxsplit=1) for line in heads.splitlines())
            if commit == history.ref and ref.startswith("refs/tags/")
        ]
        return " ".join([*tags, history.ref[:12]])
    described = _git_out(
        "-C", str(history.location), "describe", "--tags", "--always", "--abbrev=12"
    )
    dirty = _git_out(
        "-C", str(history.location), "status", "--porcelain", "--", "copier.yml", "template"
    )
    return (described or "unknown") + ("+changes" if dirty else "")


def _link(target: Path, name: Path) -> None:
    try:
        os.symlink(target, name, target_is_directory=target.is_dir())
    except OSError:  # Windows without symlink rights (developer mode off)
        if target.is_file():
            shutil.copyfile(target, name)  # the wheel's bundle: a copy serves as well
        elif not (target / ".git").exists():
            shutil.copytree(target, name)  # a template folder with no history: small
        else:
            raise  # a checkout: copying it (and its .git) is no answer


@contextmanager
def named_source(history: TemplateHistory) -> Iterator[str]:
    """Run copier where the relative path `deskwire` is `history`; yield that name.

    Paths given to copier inside must be absolute: the working directory moves.
    """
    previous = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="deskwire-source.") as scratch:
        _link(history.location, Path(scratch) / SOURCE_NAME)
        os.chdir(scratch)
        try:
            yield SOURCE_NAME
        finally:
            os.chdir(previous)
