"""Rewrite the user's imports of framework modules that moved.

A project made before a framework module moved imports it by its old path (in
app.py, the user's tests, modules the user added). After `deskwire update`,
this rewrites each such import to the module's new path (generator/
moved_modules.py) and reports it, so the user's code keeps working and the
user sees what changed. Only the module path of an import statement changes;
the names it imports, its comments and its layout stay as written.

Relative imports are resolved from the file's place in the package first, and
stay relative when the new path is still below the same package.
"""

from __future__ import annotations

import ast
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.moved_modules import MOVED_MODULES
from generator.ownership import is_user_file


@dataclass(frozen=True)
class Rewrite:
    path: str  # relative to the project's root
    line: int
    old: str  # the module path as the import wrote it
    new: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.old} -> {self.new}"


def moved_to(module: str, moved: Mapping[str, str], package: str) -> str | None:
    """The new path of absolute `module`, or None when it did not move."""
    table = {
        old.replace("{package}", package): new.replace("{package}", package)
        for old, new in moved.items()
    }
    for old in sorted(table, key=len, reverse=True):
        if module == old or module.startswith(old + "."):
            return table[old] + module[len(old) :]
    return None


def _package_of(relpath: str, package: str) -> list[str] | None:
    """The package a file under src/ belongs to (["app", "sub"]), else None."""
    parts = relpath.split("/")
    if len(parts) < 3 or parts[0] != "src" or parts[1] != package:
        return None
    return parts[1:-1]


def _written(level: int, new: str, base: list[str]) -> str:
    """`new` as the statement should write it: relative as the old one was,
    when it stays below the same package."""
    if level and new.split(".")[: len(base)] == base:
        return "." * level + ".".join(new.split(".")[len(base) :])
    return new


def rewrite_source(
    source: str, relpath: str, package: str, moved: Mapping[str, str]
) -> tuple[str, list[Rewrite]]:
    """`source` with its imports of moved modules rewritten, and what changed."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source, []  # not ours to judge; the user's tools will say
    lines = source.splitlines(keepends=True)
    own_package = _package_of(relpath, package)
    rewrites: list[Rewrite] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        targets: list[tuple[str, str, list[str]]] = []  # (as written, absolute, base)
        if isinstance(node, ast.ImportFrom):
            written = "." * node.level + (node.module or "")
            if node.level == 0 and node.module:
                targets.append((written, node.module, []))
            elif node.level and node.module and own_package and node.level <= len(own_package):
                base = own_package[: len(own_package) - (node.level - 1)]
                targets.append((written, ".".join([*base, node.module]), base))
        elif isinstance(node, ast.Import):
            targets.extend((alias.name, alias.name, []) for alias in node.names)
        for written, absolute, base in targets:
            new = moved_to(absolute, moved, package)
            if new is None:
                continue
            level = node.level if isinstance(node, ast.ImportFrom) else 0
            new_written = _written(level, new, base)
            # Replace the path where the statement writes it: first on its line
            # (`from x import` and `import x` both name the path before anything else).
            pattern = re.compile(r"(?<![\w.])" + re.escape(written) + r"(?![\w])")
            for index in range(node.lineno - 1, (node.end_lineno or node.lineno)):
                replaced, count = pattern.subn(new_written, lines[index], count=1)
                if count:
                    lines[index] = replaced
                    rewrites.append(Rewrite(relpath, index + 1, written, new_written))
                    break
    return "".join(lines), rewrites


def rewrite_files(
    project: Path, relpaths: Iterable[str], package: str, moved: Mapping[str, str]
) -> list[Rewrite]:
    """Rewrite the moved imports of `relpaths` (Python files of `project`) in place."""
    rewrites: list[Rewrite] = []
    for relpath in sorted(relpaths):
        path = project / relpath
        source = path.read_text(encoding="utf-8")
        changed, done = rewrite_source(source, relpath, package, moved)
        if done:
            path.write_text(changed, encoding="utf-8")
            rewrites.extend(done)
    return rewrites


def users_python_files(project: Path, generated: Iterable[str]) -> list[str]:
    """The project's committed Python files that are the user's: declared so
    (generator/ownership.py), or made by the user (not by the template)."""
    listed = subprocess.run(
        ["git", "-C", str(project), "ls-tree", "-r", "--name-only", "-z", "HEAD", "--", "."],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    made = set(generated)
    return [
        name
        for name in listed.split("\0")
        if name.endswith(".py")
        and (project / name).is_file()
        and (is_user_file(name) or name not in made)
    ]


def rewrite_moved_imports(
    project: Path, generated: Iterable[str], moved: Mapping[str, str] = MOVED_MODULES
) -> list[Rewrite]:
    """After an update: rewrite the user's imports of modules in `moved`.
    `generated`: the files the project's old template version made."""
    if not moved:
        return []
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    package = str(answers["package_name"])
    return rewrite_files(project, users_python_files(project, generated), package, moved)
