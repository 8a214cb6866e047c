"""`python3 tasks.py demo` renders ./demo-app afresh and runs it; it never
overwrites a demo someone edited without a word (it refuses, naming the
files, unless told `--force`)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ProjectCache, pair_id
from support import REPO_ROOT, python_env, run


def repo_tasks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("repo_tasks", REPO_ROOT / "tasks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render_demo(dest: Path) -> None:
    deskwire = shutil.which("deskwire", path=os.path.dirname(sys.executable))
    assert deskwire is not None, "deskwire is not installed in this environment"
    subprocess.run([deskwire, "new", str(dest), "--defaults"], check=True, capture_output=True)


def test_an_untouched_demo_may_be_rendered_again(tmp_path: Path) -> None:
    tasks = repo_tasks()
    demo = tmp_path / "demo-app"
    render_demo(demo)
    # What running it leaves behind is not a change.
    (demo / "frontend" / "node_modules" / "x").mkdir(parents=True)
    (demo / "frontend" / "node_modules" / "x" / "index.js").write_text("//")
    (demo / "src" / "demo_app" / "static").mkdir()
    (demo / "src" / "demo_app" / "static" / "index.html").write_text("<p>")
    assert tasks.demo_changes(demo) == []
    assert tasks.overwrite_refusal(demo) is None
    assert tasks.overwrite_refusal(tmp_path / "never-made") is None


@pytest.mark.xdist_group(pair_id({}))
def test_what_the_demos_own_run_writes_is_not_an_edit(
    tmp_path: Path, projects: ProjectCache
) -> None:
    """The demo's run regenerates the page's types and writes openrpc.json from
    the models: the second `tasks.py demo` must not call that an edit."""
    tasks = repo_tasks()
    demo = tmp_path / "demo-app"
    render_demo(demo)
    built = projects.built({})  # the default variant: the same frontend packages
    shutil.copytree(
        built / "frontend" / "node_modules",
        demo / "frontend" / "node_modules",
        symlinks=True,
        copy_function=os.link,
    )
    # What `tasks.py run` does before it starts the app (its `types` step).
    run(sys.executable, "-m", "demo_app.bridge.protocol_types", cwd=demo, env=python_env(demo))
    assert (demo / "openrpc.json").is_file()
    assert tasks.demo_changes(demo) == []


def test_an_edited_demo_is_refused_with_the_files_named(tmp_path: Path) -> None:
    tasks = repo_tasks()
    demo = tmp_path / "demo-app"
    render_demo(demo)
    app = demo / "src" / "demo_app" / "app.py"
    app.write_text(app.read_text() + "\n# my handler\n")
    (demo / "notes.md").write_text("mine")
    (demo / "README.md").unlink()
    assert tasks.demo_changes(demo) == ["README.md", "notes.md", "src/demo_app/app.py"]
    refusal = tasks.overwrite_refusal(demo)
    assert refusal is not None
    assert "src/demo_app/app.py" in refusal and "--force" in refusal
    assert "# my handler" in app.read_text()  # nothing was touched
