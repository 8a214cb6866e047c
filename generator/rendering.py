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
from copier.errors import CopierError

from generator.template_source import PACKAGED_TEMPLATE, template_root

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


def _vcs_ref(root: Path) -> str | None:
    # A checkout renders what is checked out (HEAD, dirty changes included),
    # exactly like `copier copy --vcs-ref HEAD`; copier's own default would be
    # the newest tag. The packaged template has no git history to pick from.
    return None if root == PACKAGED_TEMPLATE else "HEAD"


def render_project(
    dest: Path, answers: dict[str, Any], *, interactive: bool, overwrite: bool
) -> dict[str, Any]:
    """Render the template into `dest`; return the final answers."""
    root = template_root()
    ref = _vcs_ref(root)
    with copier_errors():
        # Dry run first: copier validates every answer without writing a file,
        # so a bad value never leaves a half-made project behind.
        copier.run_copy(
            str(root),
            dest,
            data=answers,
            vcs_ref=ref,
            defaults=True,
            overwrite=overwrite,  # else a changed file would ask, and fail without a terminal
            pretend=True,
            quiet=True,
        )
        worker = copier.run_copy(
            str(root),
            dest,
            data=answers,
            vcs_ref=ref,
            defaults=not interactive,
            overwrite=overwrite,
            quiet=True,
        )
    return dict(worker.answers.combined)


def update_project(dest: Path, *, vcs_ref: str | None, interactive: bool) -> None:
    if not (dest / ".copier-answers.yml").is_file():
        raise RenderError(f"{dest} has no .copier-answers.yml: it was not made by deskwire/copier")
    with copier_errors():
        copier.run_update(
            dest,
            vcs_ref=vcs_ref,
            defaults=not interactive,
            skip_answered=True,
            overwrite=True,
            quiet=True,
        )
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
