"""The generated projects' Python locks (template/locks/, `python3 tasks.py lock`):
current with template/pyproject.toml.jinja for every transport x window, caught
when a pin moves without relocking, and installed exactly by tasks.py with uv."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import ProjectCache
from locked_set import unlocked_differences
from support import copy_sources, require_tool, run

from generator.questions import load_questions
from generator.template_locks import LOCKED_FILES, LOCKS, lock_pairs, relock


def uv_binary() -> str:
    """The uv of the test environment (deskwire's `test` extra pins it), else one on PATH."""
    return shutil.which("uv", path=os.path.dirname(sys.executable)) or require_tool(
        "uv", "to check the generated projects' locks (pip install uv)"
    )


def uv_env() -> dict[str, str]:
    """This environment with uv first on PATH."""
    uv_dir = os.path.dirname(uv_binary())
    return {**os.environ, "PATH": f"{uv_dir}{os.pathsep}{os.environ['PATH']}"}


def check_locks(project: Path) -> tuple[int, str]:
    """`python3 tasks.py lock --check` in `project`, offline: uv compares
    uv.lock with pyproject.toml, and the requirements files with uv.lock."""
    env = {**uv_env(), "UV_OFFLINE": "1"}
    result = run(sys.executable, "tasks.py", "lock", "--check", cwd=project, env=env, check=False)
    return result.returncode, result.stdout + result.stderr


def rendered_pair(projects: ProjectCache, transport: str, window: str) -> Path:
    # The default frontend: the same render as that variant's other tests.
    frontend = load_questions()["frontend"].default
    return projects.rendered({"transport": transport, "frontend": frontend, "window": window})


@pytest.mark.parametrize(
    ("transport", "window"), lock_pairs(), ids=[f"{t}-{w}" for t, w in lock_pairs()]
)
def test_lock_is_current(projects: ProjectCache, transport: str, window: str) -> None:
    returncode, output = check_locks(rendered_pair(projects, transport, window))
    assert returncode == 0, (
        f"template/locks/{transport}-{window} is out of date with template/pyproject.toml.jinja: "
        f"run `python3 tasks.py lock`\n{output[-3000:]}"
    )


def test_lock_check_catches_a_pin_moved_without_relocking(
    projects: ProjectCache, tmp_path: Path
) -> None:
    rendered = rendered_pair(projects, "websocket", "webview")
    project = copy_sources(rendered, tmp_path / "project")
    assert check_locks(project)[0] == 0

    pyproject = project / "pyproject.toml"
    pinned = pyproject.read_text(encoding="utf-8")
    bumped = re.sub(r'"starlette==[^"]+"', '"starlette==1.9.0"', pinned)
    assert bumped != pinned and '"starlette==1.9.0"' not in pinned
    pyproject.write_text(bumped, encoding="utf-8")
    returncode, output = check_locks(project)
    assert returncode != 0
    assert "uv.lock does not match pyproject.toml" in output, output[-3000:]

    # The lock is current again, but the export for pip is older than it.
    pyproject.write_text(pinned, encoding="utf-8")
    requirements = project / "requirements-dev.txt"
    exported = requirements.read_text(encoding="utf-8")
    edited = re.sub(r"^starlette==\S+", "starlette==1.9.0", exported, flags=re.MULTILINE)
    assert edited != exported
    requirements.write_text(edited, encoding="utf-8")
    returncode, output = check_locks(project)
    assert returncode != 0
    assert "requirements-dev.txt differ from uv.lock" in output, output[-3000:]


def test_relocking_a_current_pair_reproduces_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python3 tasks.py lock` (generator/template_locks.py) on a pair whose lock
    is current, offline: the same three files as committed."""
    monkeypatch.setenv("UV_OFFLINE", "1")
    folder = relock("websocket", "none", [], Path(uv_binary()), locks=tmp_path)
    for name in LOCKED_FILES:
        committed = LOCKS / folder.name / name
        assert (folder / name).read_bytes() == committed.read_bytes(), name


@pytest.mark.slow
def test_tasks_py_installs_exactly_the_lock_with_uv(projects: ProjectCache) -> None:
    """With uv on PATH, tasks.py installs uv.lock's set with `uv sync` (the pip
    path is the fresh-venv test's in test_variants.py). No window: no Qt."""
    project = projects.rendered({"project_name": "Synced By Uv", "window": "none"})
    script = "import tasks; tasks.ensure_venv()"
    result = run(sys.executable, "-c", script, cwd=project, env=uv_env(), timeout=600)
    assert "uv sync --locked --inexact --extra dev" in result.stdout, result.stdout
    venv_python = project / ".venv" / "bin" / "python"
    differences = unlocked_differences(project, project / "requirements-dev.txt", venv_python)
    assert not differences, "\n".join(differences)
