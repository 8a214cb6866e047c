"""Whose file is it, said in the file: every framework file of a generated
project opens with the framework's header line, and no file of the user's has
it (the user's files: generator/ownership.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ProjectCache

from generator.ownership import is_user_file

HEADER = "deskwire framework file, kept current by `deskwire update`;"
# Files that cannot carry a comment (JSON, images) or are written by tools
# (locks, the generated protocol.ts, copier's answers); third-party data.
NO_COMMENT_SUFFIXES = frozenset({".json", ".png", ".svg", ".ico", ".lock", ".txt", ".md"})
WRITTEN_BY_TOOLS = frozenset(
    {".copier-answers.yml", "frontend/src/bridge/protocol.ts", "src/{package}/py.typed"}
)
THIRD_PARTY = ("tests/openrpc_meta/",)
# Folders a build or an install makes; not the template's.
MADE = frozenset(
    {"node_modules", ".venv", "dist", "static", "__pycache__", ".angular", "build"}
    | {".mypy_cache", ".ruff_cache", ".pytest_cache"}
)
ANSWERS = [
    {"transport": "websocket", "frontend": "vanilla", "window": "webview"},
    {"transport": "sse", "frontend": "react", "window": "browser", "demo": False},
    {"transport": "websocket", "frontend": "angular", "window": "none"},
]


def project_files(project: Path) -> list[str]:
    return sorted(
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if path.is_file() and not MADE.intersection(path.relative_to(project).parts)
    )


def carries_no_header(relpath: str, package: str) -> bool:
    """A file of the framework that cannot say so in a comment."""
    return (
        Path(relpath).suffix in NO_COMMENT_SUFFIXES
        or relpath.startswith(THIRD_PARTY)
        or relpath in {name.format(package=package) for name in WRITTEN_BY_TOOLS}
    )


def has_header(path: Path) -> bool:
    lines = path.read_text(encoding="utf-8").splitlines()[:2]
    if lines and lines[0].startswith("#!"):
        lines = lines[1:]
    return bool(lines) and HEADER in lines[0]


@pytest.mark.parametrize("answers", ANSWERS, ids=lambda a: "-".join(str(v) for v in a.values()))
def test_every_framework_file_says_so_and_no_user_file_does(
    projects: ProjectCache, answers: dict[str, object]
) -> None:
    # A render of its own: other tests build and package the shared ones.
    project = projects.rendered({**answers, "project_name": "Header Check"})
    package = next(p.name for p in (project / "src").iterdir() if p.is_dir())
    unmarked, marked_user_files = [], []
    for relpath in project_files(project):
        path = project / relpath
        if is_user_file(relpath):
            if path.suffix not in NO_COMMENT_SUFFIXES and HEADER in path.read_text("utf-8"):
                marked_user_files.append(relpath)
        elif not carries_no_header(relpath, package) and not has_header(path):
            unmarked.append(relpath)
    assert unmarked == []
    assert marked_user_files == []
    # The user's own files are there to be found (the patterns match real paths).
    assert (project / "src" / package / "app.py").is_file()
    assert is_user_file(f"src/{package}/app.py")


def test_user_file_patterns() -> None:
    assert is_user_file("src/my_app/app.py")
    assert is_user_file("frontend/src/demo/parts/Chart.tsx")
    assert not is_user_file("src/my_app/deskwire/run.py")
    assert not is_user_file("tests/openrpc_meta/README.md")
    assert not is_user_file("frontend/src/bridge/client.ts")
