"""The built wheel carries the template and its history: `deskwire new` works
from a fresh venv with no checkout around, and the next wheel updates what it made."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from support import (
    REPO_ROOT,
    advance_template,
    assert_update_kept_the_user_edits,
    commit_generated,
    edit_as_the_user,
    git,
    make_template_repo,
    run,
    tool_env,
    tree_contents,
)


def build_wheel(source: Path, dist: Path, *, via_sdist: bool = False) -> Path:
    """`via_sdist`: as plain `python -m build` does, the wheel from the sdist."""
    targets = ["--sdist", "--wheel"] if via_sdist else ["--wheel"]
    run(sys.executable, "-m", "build", *targets, "--no-isolation", "--outdir", dist, source)
    (wheel,) = dist.glob("deskwire-*.whl")
    return wheel


def deskwire_of(venv: Path, *args: str | Path, cwd: Path) -> str:
    """Run the venv's `deskwire` away from the checkout; return its stderr."""
    env = tool_env()
    env.pop("PYTHONPATH", None)
    return run(venv / "bin" / "deskwire", *args, cwd=cwd, env=env).stderr


def assert_no_machine_path(answers_file: Path, *machine_paths: Path) -> None:
    text = answers_file.read_text()
    for path in (*machine_paths, Path.home()):
        assert str(path) not in text, text
    assert "site-packages" not in text, text
    assert yaml.safe_load(text)["_src_path"] == "deskwire"


@pytest.mark.slow
def test_a_wheel_renders_without_the_checkout_and_the_next_wheel_updates(
    tmp_path: Path,
) -> None:
    # A clean, tag-less copy of this checkout (as deskwire is today): copier's
    # own default ref would print "No git tags found" on update.
    template = make_template_repo(tmp_path / "deskwire")
    git("tag", "-d", "v1.0.0", cwd=template)
    wheel = build_wheel(template, tmp_path / "dist1")
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/_template/copier.yml" in names
    assert "generator/_template/history.bundle" in names
    assert any(n.startswith("generator/_template/template/src/") for n in names)

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, timeout=900)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    new_flags = ["--defaults", "--name", "Wheel App", "--window", "none"]
    assert deskwire_of(venv, "new", "from-wheel", *new_flags, cwd=outside) == ""
    project = outside / "from-wheel"
    answers_file = project / ".copier-answers.yml"
    assert_no_machine_path(answers_file, tmp_path)
    made_at = yaml.safe_load(answers_file.read_text())["_commit"]
    assert made_at == git("rev-parse", "--short", "HEAD", cwd=template)
    # --version names the commit the wheel's template history ends at.
    env = {key: value for key, value in tool_env().items() if key != "PYTHONPATH"}
    version = run(venv / "bin" / "deskwire", "--version", cwd=outside, env=env).stdout
    head = git("rev-parse", "HEAD", cwd=template)
    assert version.strip().endswith(f"(template {head[:12]})"), version

    # Same files as a render from the checkout, apart from the commit recorded.
    checkout_render = tmp_path / "from-checkout"
    run(Path(sys.executable).parent / "deskwire", "new", checkout_render, *new_flags)
    wheel_files, checkout_files = tree_contents(project), tree_contents(checkout_render)
    assert sorted(wheel_files) == sorted(checkout_files)
    different = [n for n in wheel_files if wheel_files[n] != checkout_files[n]]
    assert set(different) <= {".copier-answers.yml"}
    wheel_answers = yaml.safe_load(wheel_files[".copier-answers.yml"])
    checkout_answers = yaml.safe_load(checkout_files[".copier-answers.yml"])
    wheel_answers.pop("_commit")
    checkout_answers.pop("_commit")
    assert wheel_answers == checkout_answers

    # The user commits the project and edits their own module and README.
    commit_generated(project)
    edit_as_the_user(project, "wheel_app")

    # deskwire moves on; its next wheel (built from its sdist this time, which
    # carries the history too) replaces the first in the same venv.
    advance_template(template, "Added in the next deskwire.")
    next_wheel = build_wheel(template, tmp_path / "dist2", via_sdist=True)
    pip = [venv / "bin" / "python", "-m", "pip", "install", "--quiet"]
    run(*pip, "--force-reinstall", "--no-deps", next_wheel, timeout=900)

    stderr = deskwire_of(venv, "update", project, "--defaults", cwd=outside)
    assert stderr == ""  # copier's "No git tags found" (once per copy) was here
    assert_update_kept_the_user_edits(project, "wheel_app", "Added in the next deskwire.")
    assert_no_machine_path(answers_file, tmp_path)
    answers = yaml.safe_load(answers_file.read_text())
    assert answers["_commit"] == git("rev-parse", "--short", "HEAD", cwd=template)
    assert answers["project_name"] == "Wheel App"


def test_only_a_committed_template_gives_the_wheel_a_history(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("hatch_build", REPO_ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    template = make_template_repo(tmp_path / "deskwire")
    assert hook.why_no_history(template) is None
    (template / "README.md").write_text("edited outside the template\n")
    assert hook.why_no_history(template) is None
    (template / "copier.yml").write_text((template / "copier.yml").read_text() + "\n# draft\n")
    assert "uncommitted changes" in hook.why_no_history(template)
    assert "not a git checkout" in hook.why_no_history(tmp_path)
