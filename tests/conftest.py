"""Session fixtures: rendered and built variants, shared by the test modules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_copie.plugin import Copie
from support import REPO_ROOT, require_tool, run

from generator.questions import variant_id, variants


def pytest_configure(config: pytest.Config) -> None:
    # pytest-copie reads the template path from --template (default: cwd).
    config.option.template = str(REPO_ROOT)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `variant` with every combination `deskwire variants` lists."""
    if "variant" in metafunc.fixturenames:
        matrix = variants()
        metafunc.parametrize("variant", matrix, ids=[variant_id(v) for v in matrix])


class ProjectCache:
    """Renders each variant once per test session and builds its frontend once."""

    def __init__(self, copie: Copie) -> None:
        self._copie = copie
        self._rendered: dict[str, Path] = {}
        self._built: set[str] = set()

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
        key = str(project)
        if key not in self._built:
            npm = require_tool("npm", "to install and build the generated frontend")
            frontend = project / "frontend"
            # One npm cache (npm's default) serves every variant; --prefer-offline
            # skips registry round trips for packages already in it.
            run(npm, "ci", "--prefer-offline", "--no-audit", "--no-fund", cwd=frontend)
            run(npm, "run", "build", cwd=frontend)
            self._built.add(key)
        return project


@pytest.fixture(scope="session")
def projects(copie_session: Copie) -> ProjectCache:
    return ProjectCache(copie_session)
