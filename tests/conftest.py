"""Session fixtures: rendered and built variants, shared by the test modules."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from display import VirtualDisplay, start_xvfb
from pytest_copie.plugin import Copie
from support import REPO_ROOT, require_tool, run, tree_contents

from generator.questions import load_questions, variant_id, variants

# The answers that decide what the frontend directory contains (and so its build).
FRONTEND_AXES = ("transport", "frontend")


def pytest_configure(config: pytest.Config) -> None:
    # pytest-copie reads the template path from --template (default: cwd).
    config.option.template = str(REPO_ROOT)


def frontend_pair(answers: dict[str, Any]) -> dict[str, str]:
    """The transport and frontend of `answers` (defaults filled in)."""
    questions = load_questions()
    return {axis: str(answers.get(axis, questions[axis].default)) for axis in FRONTEND_AXES}


def pair_id(answers: dict[str, Any]) -> str:
    return "-".join(frontend_pair(answers).values())


def _grouped(value: dict[str, str], test_id: str) -> Any:
    # With `-n N --dist loadgroup`, every test of one transport x frontend pair
    # runs in the same worker, so each frontend is installed and built once.
    return pytest.param(value, id=test_id, marks=pytest.mark.xdist_group(pair_id(value)))


def each_frontend() -> list[Any]:
    """`frontend` values for tests of the default (WebSocket) transport, grouped
    with their pair's other tests."""
    return [
        pytest.param(name, id=name, marks=pytest.mark.xdist_group(pair_id({"frontend": name})))
        for name in load_questions()["frontend"].choices
    ]


def frontend_pairs() -> list[dict[str, str]]:
    """Every transport x frontend combination (the window does not change the page)."""
    seen: dict[str, dict[str, str]] = {}
    for variant in variants():
        pair = frontend_pair(variant)
        seen.setdefault(pair_id(pair), pair)
    return list(seen.values())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `variant` with every combination `deskwire variants` lists, and
    `pair` with every transport x frontend combination."""
    if "variant" in metafunc.fixturenames:
        metafunc.parametrize("variant", [_grouped(v, variant_id(v)) for v in variants()])
    if "pair" in metafunc.fixturenames:
        metafunc.parametrize("pair", [_grouped(p, pair_id(p)) for p in frontend_pairs()])


def _frontend_sources(project: Path) -> dict[str, bytes]:
    return tree_contents(project / "frontend")


def _package_files(project: Path) -> dict[str, bytes]:
    """What decides a frontend's node_modules: its package.json and lock file."""
    frontend = project / "frontend"
    return {name: (frontend / name).read_bytes() for name in ("package.json", "package-lock.json")}


class ProjectCache:
    """Renders each variant once per test session and builds each distinct
    frontend once: a project whose frontend/ matches one already built gets
    that build's packages (hard links) and page instead of a new build; one
    whose packages match (another page, as without the demo) gets the
    packages and builds its page."""

    def __init__(self, copie: Copie) -> None:
        self._copie = copie
        self._rendered: dict[str, Path] = {}
        self._built: list[Path] = []

    def rendered(self, answers: dict[str, Any]) -> Path:
        key = repr(sorted(answers.items()))
        if key not in self._rendered:
            result = self._copie.copy(extra_answers=answers)
            assert result.exception is None, result.exception
            assert result.project_dir is not None
            self._rendered[key] = result.project_dir
        return self._rendered[key]

    def built(self, answers: dict[str, Any]) -> Path:
        project = self.rendered(answers)
        if project in self._built:
            return project
        sources = _frontend_sources(project)
        twin = next((p for p in self._built if _frontend_sources(p) == sources), None)
        if twin is not None:
            _reuse_build(twin, project)
        else:
            npm = require_tool("npm", "to install and build the generated frontend")
            frontend = project / "frontend"
            packages = _package_files(project)
            same_packages = next((p for p in self._built if _package_files(p) == packages), None)
            if same_packages is not None:
                _link_packages(same_packages, project)
            else:
                # One npm cache (npm's default) serves every variant; --prefer-offline
                # skips registry round trips for packages already in it.
                run(npm, "ci", "--prefer-offline", "--no-audit", "--no-fund", cwd=frontend)
            run(npm, "run", "build", cwd=frontend)
        self._built.append(project)
        return project


def _static_dir(project: Path) -> Path:
    (static,) = (project / "src").glob("*/static")
    return static


def _link_packages(twin: Path, project: Path) -> None:
    """Give `project` the installed packages of `twin` (hard links)."""
    shutil.copytree(
        twin / "frontend" / "node_modules",
        project / "frontend" / "node_modules",
        symlinks=True,
        copy_function=os.link,
    )


def _reuse_build(twin: Path, project: Path) -> None:
    """Give `project` the packages and built page of `twin` (same frontend sources)."""
    _link_packages(twin, project)
    target = project / "src" / _static_dir(twin).parent.name / "static"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(_static_dir(twin), target)


@pytest.fixture(scope="session")
def projects(copie_session: Copie) -> ProjectCache:
    return ProjectCache(copie_session)


@pytest.fixture
def xdisplay() -> Iterator[VirtualDisplay]:
    """A virtual X display (Xvfb) of its own for the test."""
    xvfb = require_tool("Xvfb", "for the window tests (apt: xvfb)")
    yield from start_xvfb(xvfb)


@pytest.fixture(scope="session", autouse=True)
def user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Apps the tests start keep their settings and window state in folders of
    the test session (platformdirs reads these on Linux), never in the user's."""
    home = tmp_path_factory.mktemp("user")
    saved = {name: os.environ.get(name) for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME")}
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["XDG_STATE_HOME"] = str(home / "state")
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
