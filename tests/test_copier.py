"""Plain copier works as well as the CLI, and `deskwire update` keeps user edits."""

from __future__ import annotations

import os
import shutil
import sys
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


def bin_path(name: str) -> str:
    path = shutil.which(name, path=os.path.dirname(sys.executable))
    assert path is not None, f"{name} is not installed next to {sys.executable}"
    return path


def test_copier_copy_matches_deskwire_new(tmp_path: Path) -> None:
    if not (REPO_ROOT / ".git").exists():
        pytest.fail("this test needs deskwire's git checkout (copier copies from git)")
    by_copier, by_deskwire = tmp_path / "copier", tmp_path / "deskwire"
    run(
        bin_path("copier"),
        "copy",
        "--vcs-ref",
        "HEAD",
        "--defaults",
        "--quiet",
        "--data",
        "project_name=Same App",
        "--data",
        "transport=sse",
        "--data",
        "window=browser",
        "--data",
        "port=9000",
        REPO_ROOT,
        by_copier,
        env=tool_env(),
    )
    run(
        bin_path("deskwire"),
        "new",
        by_deskwire,
        "--defaults",
        "--name",
        "Same App",
        "--transport",
        "sse",
        "--window",
        "browser",
        "--port",
        "9000",
        env=tool_env(),
    )
    copier_files, deskwire_files = tree_contents(by_copier), tree_contents(by_deskwire)
    assert sorted(copier_files) == sorted(deskwire_files)
    different = [name for name in copier_files if copier_files[name] != deskwire_files[name]]
    assert set(different) <= {".copier-answers.yml"}, different
    copier_answers = yaml.safe_load(copier_files[".copier-answers.yml"])
    deskwire_answers = yaml.safe_load(deskwire_files[".copier-answers.yml"])
    if git("status", "--porcelain", cwd=REPO_ROOT):
        # Uncommitted template changes get a fresh temporary commit each time.
        copier_answers.pop("_commit")
        deskwire_answers.pop("_commit")
    # Copier records where it copied from; deskwire a name any deskwire resolves.
    assert copier_answers.pop("_src_path") == str(REPO_ROOT)
    assert deskwire_answers.pop("_src_path") == "deskwire"
    assert copier_answers == deskwire_answers


def test_update_to_a_newer_tag_keeps_user_edits(tmp_path: Path) -> None:
    template = make_template_repo(tmp_path / "template")
    project = tmp_path / "project"
    env = tool_env(DESKWIRE_TEMPLATE=str(template))
    run(
        bin_path("deskwire"),
        "new",
        project,
        "--defaults",
        "--name",
        "Kept App",
        "--window",
        "none",
        env=env,
    )
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.0.0"
    commit_generated(project)

    edit_as_the_user(project, "kept_app")
    advance_template(template, "Added in template v1.1.0.")
    git("tag", "v1.1.0", cwd=template)

    result = run(bin_path("deskwire"), "update", project, "--defaults", env=env)
    assert "Updated" in result.stdout
    assert_update_kept_the_user_edits(project, "kept_app", "Added in template v1.1.0.")
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.1.0"
    assert answers["_src_path"] == "deskwire"
    assert answers["project_name"] == "Kept App"
    assert "No git tags found" not in result.stderr


def test_an_update_that_conflicts_fails_and_names_the_files(tmp_path: Path) -> None:
    template = make_template_repo(tmp_path / "template")
    project = tmp_path / "project"
    env = tool_env(DESKWIRE_TEMPLATE=str(template))
    run(bin_path("deskwire"), "new", project, "--defaults", "--window", "none", env=env)
    commit_generated(project)

    # The user and the template change the same line of the same module.
    limits = project / "src" / "project" / "bridge" / "limits.py"
    original = limits.read_text()
    first_line = original.splitlines()[0]
    limits.write_text(original.replace(first_line, first_line + "  # the user's", 1))
    git("commit", "-q", "-am", "user edit", cwd=project)
    in_template = template / "template" / "src" / "{{package_name}}" / "bridge" / "limits.py"
    in_template.write_text(original.replace(first_line, first_line + "  # the template's", 1))
    git("commit", "-q", "-am", "template v1.1", cwd=template)
    git("tag", "v1.1.0", cwd=template)

    result = run(bin_path("deskwire"), "update", project, "--defaults", env=env, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Updated" not in result.stdout
    assert "conflict" in result.stderr and "src/project/bridge/limits.py" in result.stderr
    # The conflict stays for the user to resolve, marked in the file.
    assert "<<<<<<<" in limits.read_text()


def test_a_project_from_a_template_without_history_cannot_update_and_says_why(
    tmp_path: Path,
) -> None:
    # As from a wheel built while the template had uncommitted changes.
    template = tmp_path / "template"
    template.mkdir()
    shutil.copy2(REPO_ROOT / "copier.yml", template / "copier.yml")
    shutil.copytree(REPO_ROOT / "template", template / "template")
    env = tool_env(DESKWIRE_TEMPLATE=str(template))
    project = tmp_path / "project"
    run(bin_path("deskwire"), "new", project, "--defaults", "--window", "none", env=env)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_src_path"] == "deskwire" and "_commit" not in answers
    commit_generated(project)
    result = run(bin_path("deskwire"), "update", project, "--defaults", env=env, check=False)
    assert result.returncode == 1
    assert "records no template commit (_commit)" in result.stderr, result.stderr


def test_a_commit_this_deskwire_does_not_have_is_named(tmp_path: Path) -> None:
    template = make_template_repo(tmp_path / "template")
    env = tool_env(DESKWIRE_TEMPLATE=str(template))
    project = tmp_path / "project"
    run(bin_path("deskwire"), "new", project, "--defaults", "--window", "none", env=env)
    answers_file = project / ".copier-answers.yml"
    # As if a newer deskwire had made it.
    answers_file.write_text(answers_file.read_text().replace("_commit: v1.0.0", "_commit: v9.0.0"))
    commit_generated(project)
    result = run(bin_path("deskwire"), "update", project, "--defaults", env=env, check=False)
    assert result.returncode == 1
    assert "records template commit v9.0.0" in result.stderr, result.stderr
    assert "newer deskwire" in result.stderr


def test_update_moves_to_the_version_asked_for(tmp_path: Path) -> None:
    template = make_template_repo(tmp_path / "template")
    env = tool_env(DESKWIRE_TEMPLATE=str(template))
    project = tmp_path / "project"
    run(bin_path("deskwire"), "new", project, "--defaults", "--window", "none", env=env)
    commit_generated(project)
    advance_template(template, "Added in template v1.1.0.")
    git("tag", "v1.1.0", cwd=template)
    advance_template(template, "Added in template v1.2.0.")
    git("tag", "v1.2.0", cwd=template)

    unknown = run(bin_path("deskwire"), "update", project, "--to", "v9", env=env, check=False)
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == (
        "deskwire: error: this deskwire's template history has no version 'v9': give a tag "
        "or commit it has (`git tag` in a checkout lists them)"
    )
    run(bin_path("deskwire"), "update", project, "--defaults", "--to", "v1.1.0", env=env)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.1.0"
    server = (project / "src" / "project" / "bridge" / "server.py").read_text()
    assert "v1.1.0" in server and "v1.2.0" not in server
