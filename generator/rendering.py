"""Copier calls behind `deskwire new` and `deskwire update`.

Copier raises plain `ValueError`s for bad answers and `UserMessageError`s for
refused updates; both become a `RenderError` that the CLI prints in one line.
"""

from __future__ import annotations

import re
import subprocess
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import copier
import yaml
from copier.errors import CopierError

from generator import doctor
from generator.template_history import SOURCE_NAME, installed_history, named_source

_QUESTION_ERROR = re.compile(r"^Validation error for question '(?P<question>\w+)': (?P<msg>.*)$")


class RenderError(Exception):
    def __init__(self, message: str, question: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.question = question


@contextmanager
def copier_errors() -> Iterator[None]:
    """Translate copier's exceptions into `RenderError`; keep its warnings quiet."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            yield
        except (ValueError, CopierError) as error:
            text = " ".join(str(error).split())
            match = _QUESTION_ERROR.match(text)
            if match:
                raise RenderError(match["msg"], match["question"]) from error
            raise RenderError(text) from error


def require_git() -> None:
    """Refuse at once, with the command that installs it, when git is missing:
    copier would fail deep inside on the template's history."""
    check = doctor.git_check()
    if check.required_and_missing:
        system = doctor.current_system()
        fix = check.fixes.get(system) if system is not None else None
        raise RenderError(check.found + (f"; install it: {fix}" if fix else ""))


def render_project(
    dest: Path, answers: dict[str, Any], *, interactive: bool, overwrite: bool
) -> dict[str, Any]:
    """Render the template into `dest`; return the final answers."""
    require_git()
    history = installed_history()
    dest = dest.absolute()
    with copier_errors(), named_source(history) as source:
        # Dry run first: copier validates every answer without writing a file,
        # so a bad value never leaves a half-made project behind.
        copier.run_copy(
            source,
            dest,
            data=answers,
            vcs_ref=history.ref,
            defaults=True,
            overwrite=overwrite,  # else a changed file would ask, and fail without a terminal
            pretend=True,
            quiet=True,
        )
        worker = copier.run_copy(
            source,
            dest,
            data=answers,
            vcs_ref=history.ref,
            defaults=not interactive,
            overwrite=overwrite,
            quiet=True,
        )
    return dict(worker.answers.combined)


def _updatable_answers(dest: Path) -> dict[str, Any]:
    """The answers `dest` records, once it is a project copier can update."""
    answers_file = dest / ".copier-answers.yml"
    if not answers_file.is_file():
        raise RenderError(f"{dest} has no .copier-answers.yml: it was not made by deskwire/copier")
    inside_git = subprocess.run(
        ["git", "-C", str(dest), "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        check=False,
    )
    if inside_git.returncode != 0:
        raise RenderError(
            f"{dest} is not in a git repository: commit the project first "
            "(git init && git add -A && git commit), so the update is a diff you can review"
        )
    recorded: dict[str, Any] = yaml.safe_load(answers_file.read_text(encoding="utf-8")) or {}
    if not recorded.get("_commit"):
        raise RenderError(
            f"{answers_file} records no template commit (_commit): DEST was made from a "
            "template without git history (a deskwire wheel built from uncommitted template "
            "changes, or an older wheel, which recorded none), so there is no old version "
            "to merge with"
        )
    return recorded


def update_project(dest: Path, *, vcs_ref: str | None, interactive: bool) -> None:
    """Update `dest` to `vcs_ref`, by default to the template this deskwire renders."""
    require_git()
    recorded = _updatable_answers(dest)
    history = installed_history()
    named = recorded.get("_src_path") == SOURCE_NAME
    if named and history.ref is None:
        raise RenderError(
            f"this deskwire's template ({history.location}) has no git history to update "
            "from: install a deskwire wheel built from a commit, or run from a checkout"
        )
    dest = dest.absolute()
    # Always a ref, never copier's default (the newest tag): by default an
    # update brings what `deskwire new` renders now, and copier's default would
    # print "No git tags found" for each copy it makes from a tag-less template.
    # A project that records an older path or URL gets that source's newest commit.
    ref = vcs_ref or (history.ref if named else "HEAD")
    try:
        with copier_errors(), named_source(history):
            # `_src_path: deskwire` resolves inside named_source (the old commit
            # and the new one); any other recorded path or URL is copier's.
            copier.run_update(
                dest,
                vcs_ref=ref,
                defaults=not interactive,
                skip_answered=True,
                overwrite=True,
                quiet=True,
            )
    except RenderError as error:
        made_at = str(recorded["_commit"])
        if named and error.message == f"Unknown revision: {made_at!r}":
            raise RenderError(
                f"{dest}/.copier-answers.yml records template commit {made_at}, which this "
                "deskwire's template history does not have: DEST was made by a newer deskwire, "
                "or from uncommitted template changes"
            ) from error
        raise
    conflicted = _conflicted_files(dest)
    if conflicted:
        raise RenderError(
            f"the update left {len(conflicted)} file(s) in conflict with your changes: "
            f"{', '.join(conflicted)}; resolve the <<<<<<< markers, then `git add` them "
            "(`git -C DEST diff` shows both sides)"
        )


def _conflicted_files(dest: Path) -> list[str]:
    """Files the update could not merge with the user's changes (git's unmerged paths)."""
    result = subprocess.run(
        ["git", "-C", str(dest), "diff", "--name-only", "--diff-filter=U"],
        capture_output=True,
        text=True,
        check=False,
    )
    return sorted(set(result.stdout.split()))
