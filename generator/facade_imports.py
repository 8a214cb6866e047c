"""Point the user's imports of framework internals at the public API.

Projects made before the framework had a facade (`<package>/deskwire/`, its
`__all__`) import what they use from inner modules (`.bridge.core`,
`.desktop.menu`, ...). Those paths are the framework's to move, and the
project's own `test_public_api` fails on them. After `deskwire update` this
rewrites each such import whose names the facade exports to import from the
facade instead, merges neighbouring ones into one statement (as ruff's isort
would write it) and reports each, so the user's code keeps working and stays
lint-clean. An import that names anything the facade does not export is left
as it is: the user's test names it, and the user decides.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import yaml

from generator.imports import Rewrite, users_python_files

# The framework's packages inside the user's package; the facade is `deskwire`.
FRAMEWORK_PACKAGES = ("bridge", "desktop", "deskwire")
FACADE = "deskwire"
LINE_LENGTH = 100  # the generated pyproject.toml's ruff line-length


def facade_names(project: Path, package: str) -> frozenset[str]:
    """The names in the project's facade `__all__` (empty when it has none)."""
    facade = project / "src" / package / FACADE / "__init__.py"
    if not facade.is_file():
        return frozenset()
    for node in ast.parse(facade.read_text(encoding="utf-8")).body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            return frozenset(
                e.value
                for e in node.value.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            )
    return frozenset()


def _isort_key(name: str) -> tuple[int, str]:
    """ruff's isort order within one statement: CONSTANTS, Classes, functions."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def _statement(module: str, aliases: Iterable[tuple[str, str | None]]) -> str:
    names = sorted(
        {f"{n} as {a}" if a else n for n, a in aliases},
        key=lambda text: _isort_key(text.split(" as ")[0]),
    )
    one_line = f"from {module} import {', '.join(names)}\n"
    if len(one_line) - 1 <= LINE_LENGTH:
        return one_line
    return f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")\n"


def _framework_module(node: ast.ImportFrom, own_package: list[str] | None, package: str) -> bool:
    """Whether `node` imports from one of the framework's modules (the facade too)."""
    if node.level == 0:
        absolute = node.module or ""
    elif own_package and node.level <= len(own_package):
        base = own_package[: len(own_package) - (node.level - 1)]
        absolute = ".".join([*base, node.module] if node.module else base)
    else:
        return False
    parts = absolute.split(".")
    return len(parts) >= 2 and parts[0] == package and parts[1] in FRAMEWORK_PACKAGES


def _is_facade(node: ast.ImportFrom, own_package: list[str] | None, package: str) -> bool:
    return _facade_path(node, own_package, package) == "." * node.level + (node.module or "")


def _facade_path(node: ast.ImportFrom, own_package: list[str] | None, package: str) -> str:
    """The facade's module path, written as `node` wrote its own (relative or not)."""
    if node.level == 0 or not own_package:
        return f"{package}.{FACADE}"
    depth = len(own_package)  # a file in src/pkg/ is one level below the package root
    return "." * depth + FACADE


def to_facade(
    source: str, relpath: str, package: str, exported: frozenset[str]
) -> tuple[str, list[Rewrite]]:
    """`source` with its facade-covered framework imports rewritten, and what changed."""
    if not exported:
        return source, []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source, []
    parts = relpath.split("/")
    own_package = (
        parts[1:-1] if len(parts) >= 3 and parts[0] == "src" and parts[1] == package else None
    )
    lines = source.splitlines(keepends=True)
    # Top-level statements only, in runs of neighbours: each run becomes one import.
    runs: list[list[ast.ImportFrom]] = []
    previous_end = -1
    for node in tree.body:
        covered = (
            isinstance(node, ast.ImportFrom)
            and _framework_module(node, own_package, package)
            and all(alias.name in exported for alias in node.names)
            and node.col_offset == 0
            and not _shares_a_line(node, tree.body)
        )
        if not covered:
            continue
        assert isinstance(node, ast.ImportFrom)
        if runs and node.lineno == previous_end + 1 and _same_path(runs[-1][0], node):
            runs[-1].append(node)
        else:
            runs.append([node])
        previous_end = node.end_lineno or node.lineno
    rewrites: list[Rewrite] = []
    for run in reversed(runs):
        if all(_is_facade(n, own_package, package) for n in run):
            continue  # already the public API
        module = _facade_path(run[0], own_package, package)
        merged = _statement(module, ((a.name, a.asname) for n in run for a in n.names))
        first, last = run[0].lineno - 1, (run[-1].end_lineno or run[-1].lineno)
        lines[first:last] = [merged]
        rewrites[:0] = [
            Rewrite(relpath, n.lineno, "." * n.level + (n.module or ""), module)
            for n in run
            if not _is_facade(n, own_package, package)
        ]
    return "".join(lines), rewrites


def _same_path(a: ast.ImportFrom, b: ast.ImportFrom) -> bool:
    """Both relative or both absolute: they become the same facade statement."""
    return (a.level == 0) == (b.level == 0)


def _shares_a_line(node: ast.stmt, body: list[ast.stmt]) -> bool:
    """Another statement on one of `node`'s lines (`a; b`): left alone."""
    end = node.end_lineno or node.lineno
    return any(
        other is not node
        and (other.lineno <= end and (other.end_lineno or other.lineno) >= node.lineno)
        for other in body
    )


def rewrite_to_facade(project: Path, generated: Iterable[str]) -> list[Rewrite]:
    """After an update: point the user's Python files' framework imports at the
    facade, in place. `generated`: the files the old template version made."""
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    package = str(answers["package_name"])
    exported = facade_names(project, package)
    rewrites: list[Rewrite] = []
    for relpath in sorted(users_python_files(project, generated)):
        path = project / relpath
        changed, done = to_facade(path.read_text(encoding="utf-8"), relpath, package, exported)
        if done:
            path.write_text(changed, encoding="utf-8")
            rewrites.extend(done)
    return rewrites
