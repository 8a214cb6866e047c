"""Whose file is it: the user's, or the framework's.

The user's files are listed once, in copier.yml's `_skip_if_exists`: copier
then never merges over one of them on update, and `deskwire update` keeps one
the user deleted deleted (`rendering.update_project`). This module reads that
list, so the CLI, the update and the tests agree with copier by construction.

Every other file of a project is the framework's (kept current by the update);
`FRAMEWORK_FILES` names them by pattern too, so a file the template adds
without saying whose it is fails the ownership test instead of becoming the
framework's by accident.

Patterns are copier's: gitignore-style, relative to the project's root, with
`{{package_name}}` standing for the package's folder (any name matches here).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml
from pathspec import PathSpec

from generator.template_source import copier_config

# Files in `_skip_if_exists` that are made from the user's code, not written by
# the user: not merged on update (two generations conflict), made again by the
# project's `python3 tasks.py types`.
GENERATED_FILES: tuple[str, ...] = ("frontend/src/bridge/protocol.ts",)

# What a pattern's Jinja expression becomes when a rendered path is matched: one
# path segment, whatever the answer was.
_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}")

# The framework's files (everything that is not the user's); see the module's
# docstring for why they are listed at all.
FRAMEWORK_FILES: tuple[str, ...] = (
    ".copier-answers.yml",
    ".gitignore",
    ".github/**",
    "docs/**",
    "packaging/**",
    "pyproject.toml",
    "uv.lock",
    "requirements-*.txt",
    "tasks.py",
    "hatch_build.py",
    "src/{{package_name}}/__init__.py",
    "src/{{package_name}}/__main__.py",
    "src/{{package_name}}/py.typed",
    "src/{{package_name}}/bridge/**",
    "src/{{package_name}}/desktop/**",
    "src/{{package_name}}/deskwire/**",
    "tests/**",
    "frontend/*.json",
    "frontend/*.mjs",
    "frontend/*.js",
    "frontend/*.ts",
    "frontend/scripts/**",
    "frontend/src/bridge/**",
    "frontend/src/bridge-react/**",
    "frontend/src/testing/**",
    "frontend/src/app/*.service.ts",
    "frontend/src/app/*.service.spec.ts",
    "frontend/src/app/transport.ts",
)


def _user_patterns() -> tuple[str, ...]:
    config: dict[str, Any] = yaml.safe_load(copier_config().read_text(encoding="utf-8"))
    return tuple(str(pattern) for pattern in config.get("_skip_if_exists") or ())


# The user's files, as copier.yml's `_skip_if_exists` lists them.
USER_FILES: tuple[str, ...] = _user_patterns()


def _spec(patterns: tuple[str, ...]) -> PathSpec[Any]:
    return PathSpec.from_lines("gitignore", (_JINJA_EXPRESSION.sub("*", p) for p in patterns))


@cache
def _user_spec() -> PathSpec[Any]:
    return _spec(USER_FILES)


@cache
def _framework_spec() -> PathSpec[Any]:
    return _spec(FRAMEWORK_FILES)


def is_generated_file(relpath: str) -> bool:
    """Whether `relpath` is made from the user's code by the project's tools."""
    return relpath in GENERATED_FILES


def is_user_file(relpath: str) -> bool:
    """Whether `relpath` (posix, relative to the project's root) is the user's."""
    return _user_spec().match_file(relpath) and not is_generated_file(relpath)


def is_framework_file(relpath: str) -> bool:
    """Whether `relpath` matches a framework pattern (and is not the user's)."""
    return not _user_spec().match_file(relpath) and _framework_spec().match_file(relpath)


_TEST_NAME = re.compile(r"(^|/)test_[^/]*\.py$|\.(spec|test)\.tsx?$")


def is_user_test(relpath: str) -> bool:
    """Whether `relpath` is one of the user's tests: it tests code in the user's
    files (the demo's, as this version writes it), which an update never changes."""
    return is_user_file(relpath) and bool(_TEST_NAME.search(relpath))
