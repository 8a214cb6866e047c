"""Copier calls behind `deskwire new` and `deskwire update`.

Copier raises plain `ValueError`s for bad answers and `UserMessageError`s for
refused updates; both become a `RenderError` that the CLI prints in one line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import copier
import yaml
from copier.errors import CopierError

from generator import doctor
from generator.ownership import is_user_file, is_user_test
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
        kept = _existing_user_files(dest) if overwrite else []
        worker = copier.run_copy(
            source,
            dest,
            data=answers,
            vcs_ref=history.ref,
            defaults=not interactive,
            overwrite=overwrite,
            quiet=True,
        )
        final = dict(worker.answers.combined)
        if kept:
            _overwrite_user_files(source, dest, history.ref, final, kept)
    return final


def _existing_user_files(dest: Path) -> list[str]:
    if not dest.is_dir():
        return []
    files = (p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    return [relpath for relpath in files if is_user_file(relpath)]


def _overwrite_user_files(
    source: str, dest: Path, ref: str | None, answers: dict[str, Any], present: list[str]
) -> None:
    """`new --force` overwrites every file it renders, the user's too: copier
    skips existing `_skip_if_exists` files even on a copy, so the user's files
    the render skipped are rendered aside and copied over."""
    data = {key: value for key, value in answers.items() if not key.startswith("_")}
    with tempfile.TemporaryDirectory(prefix="deskwire-force.") as scratch:
        aside = Path(scratch) / dest.name
        copier.run_copy(source, aside, data=data, vcs_ref=ref, defaults=True, quiet=True)
        for relpath in present:
            if (aside / relpath).is_file():
                shutil.copyfile(aside / relpath, dest / relpath)


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
    try:
        recorded = yaml.safe_load(answers_file.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problem = " ".join(str(error).split())
        raise RenderError(
            f"{answers_file} cannot be read ({problem}): restore it from git "
            "(git checkout -- .copier-answers.yml), deskwire update reads it"
        ) from error
    if not isinstance(recorded, dict):
        raise RenderError(
            f"{answers_file} holds no answers (a YAML mapping): restore it from git "
            "(git checkout -- .copier-answers.yml), deskwire update reads it"
        )
    if not recorded.get("_commit"):
        raise RenderError(
            f"{answers_file} records no template commit (_commit): DEST was made from a "
            "template without git history (a deskwire wheel built from uncommitted template "
            "changes, or an older wheel, which recorded none), so there is no old version "
            "to merge with"
        )
    return recorded


@dataclass(frozen=True)
class UpdatePlan:
    """What copier's update needs beyond the recorded answers."""

    # The new template's default for each question the old version never asked:
    # copier renders the new template's `_exclude` with the old answers while it
    # remakes the old version (copier issue #2482), so without them a question
    # added since (single_instance) ends the update in an UndefinedError.
    new_defaults: dict[str, Any]
    # The user's files the project was made with that the user has deleted:
    # copier's `exclude` keeps them out of all three renders, so they stay deleted
    # (copier recreates a deleted `_skip_if_exists` file otherwise).
    deleted_user_files: list[str]
    # The user's tests this version makes that the project's did not: they test
    # the demo as this version writes it in app.py and the page, which an
    # update leaves as the user has them, so they are not added.
    new_user_tests: list[str]
    # Every file the old version made (to tell the user's own files apart).
    generated: frozenset[str]


def _escaped(relpath: str) -> str:
    """`relpath` as a gitignore pattern that matches that one path."""
    return "/" + re.sub(r"([\\*?\[\]])", r"\\\1", relpath)


def _files_under(root: Path) -> frozenset[str]:
    return frozenset(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def plan_update(source: str, dest: Path, recorded: dict[str, Any], ref: str) -> UpdatePlan:
    """Remake the project as the old version made it (a throwaway render), and
    ask the new version for its defaults (a dry run): the questions the old one
    asked, the files it made, and the defaults of what it never asked."""
    answers = {key: value for key, value in recorded.items() if not key.startswith("_")}
    with tempfile.TemporaryDirectory(prefix="deskwire-update.") as scratch:
        old = copier.run_copy(
            source,
            Path(scratch) / "old",
            data=answers,
            vcs_ref=str(recorded["_commit"]),
            defaults=True,
            quiet=True,
            skip_tasks=True,
        )
        generated = _files_under(Path(scratch) / "old")
        new = copier.run_copy(
            source,
            Path(scratch) / "new",
            user_defaults=answers,
            vcs_ref=ref,
            defaults=True,
            quiet=True,
            skip_tasks=True,
        )
        made_now = _files_under(Path(scratch) / "new")
    combined = new.answers.combined
    never_asked = set(new.template.questions_data) - set(old.template.questions_data)
    new_defaults = {name: combined[name] for name in sorted(never_asked) if name in combined}
    deleted = sorted(
        path for path in generated if is_user_file(path) and not (dest / path).exists()
    )
    new_tests = sorted(
        path for path in made_now - generated if is_user_test(path) and not (dest / path).exists()
    )
    return UpdatePlan(new_defaults, deleted, new_tests, generated)


def require_clean_tree(dest: Path) -> None:
    """Refuse an update over uncommitted changes (copier would too, in its own words)."""
    status = subprocess.run(
        ["git", "-C", str(dest), "status", "--porcelain", "--", "."],
        capture_output=True,
        text=True,
        check=False,
    )
    if status.stdout.strip():
        raise RenderError(
            f"{dest} has uncommitted changes: commit or stash your changes first "
            "(git commit -am ..., or git stash), so the update is a diff you can review"
        )


def update_project(dest: Path, *, vcs_ref: str | None, interactive: bool) -> UpdatePlan:
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
    require_clean_tree(dest)
    # Always a ref, never copier's default (the newest tag): by default an
    # update brings what `deskwire new` renders now, and copier's default would
    # print "No git tags found" for each copy it makes from a tag-less template.
    # A project that records an older path or URL gets that source's newest commit.
    ref = vcs_ref or (history.ref if named else None) or "HEAD"
    try:
        with copier_errors(), named_source(history) as name:
            # `_src_path: deskwire` resolves inside named_source (the old commit
            # and the new one); any other recorded path or URL is copier's.
            source = name if named else str(recorded["_src_path"])
            plan = plan_update(source, dest, recorded, ref)
            copier.run_update(
                dest,
                vcs_ref=ref,
                defaults=not interactive,
                user_defaults=plan.new_defaults,
                exclude=[
                    _escaped(path) for path in (*plan.deleted_user_files, *plan.new_user_tests)
                ],
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
        if named and error.message == f"Unknown revision: {ref!r}":
            raise RenderError(
                f"this deskwire's template history has no version {ref!r}: give a tag or "
                "commit it has (`git tag` in a checkout lists them)"
            ) from error
        raise
    conflicted = _conflicted_files(dest)
    if conflicted:
        raise RenderError(
            f"the update left {len(conflicted)} file(s) in conflict with your changes: "
            f"{', '.join(conflicted)}; resolve the <<<<<<< markers, then `git add` them "
            "(`git -C DEST diff` shows both sides)"
        )
    return plan


def _conflicted_files(dest: Path) -> list[str]:
    """Files the update could not merge with the user's changes (git's unmerged paths)."""
    result = subprocess.run(
        ["git", "-C", str(dest), "diff", "--name-only", "--diff-filter=U"],
        capture_output=True,
        text=True,
        check=False,
    )
    return sorted(set(result.stdout.split()))
