"""The `deskwire` command line: flags, validation, destinations, output."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import REPO_ROOT, commit_generated, git
from typer.testing import CliRunner

from generator import __version__
from generator.cli import app
from generator.questions import load_questions, variant_id, variants

runner = CliRunner()


def deskwire(*args: str) -> Any:
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def answers_of(project: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((project / ".copier-answers.yml").read_text())
    return data


def test_version_names_the_template_version_it_renders() -> None:
    result = deskwire("--version")
    assert result.exit_code == 0
    described = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "describe", "--tags", "--always", "--abbrev=12"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    expected = rf"deskwire {re.escape(__version__)} \(template {re.escape(described)}(\+changes)?\)"
    assert re.fullmatch(expected, result.stdout.strip()), result.stdout


def test_help_reads_at_80_columns_with_every_flag_whole() -> None:
    result = runner.invoke(app, ["new", "--help"], terminal_width=80, env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80, result.stdout
    assert len(lines) < 80, f"{len(lines)} lines:\n{result.stdout}"
    assert "…" not in result.stdout
    # Metavars say what to give, not a Python type.
    assert "<str>" not in result.stdout and "<bool>" not in result.stdout, result.stdout
    sentences = [s.strip() for s in " ".join(result.stdout.split()).split(". ") if s.strip()]
    assert len(sentences) == len(set(sentences)), "a sentence is said twice"
    for flag in (
        "--name",
        "--package",
        "--description",
        "--author",
        "--transport",
        "--frontend",
        "--window",
        "--window-width",
        "--window-height",
        "--port",
        "--secure / --no-secure",
        "--single-instance / --no-single-instance",
        "--no-demo",
        "--defaults",
        "--force",
    ):
        assert flag in result.stdout, flag


def test_help_shows_each_choice_and_its_default() -> None:
    result = runner.invoke(app, ["new", "--help"], terminal_width=200, env={"COLUMNS": "200"})
    text = " ".join(result.stdout.replace("│", " ").split())
    assert "[websocket, sse; default: websocket]" in text
    assert "[vanilla, angular, react; default: vanilla]" in text
    assert "[webview, browser, none; default: webview]" in text
    for metavar in ("websocket|sse", "vanilla|angular|react", "webview|browser|none"):
        assert metavar in text, metavar
    for flag in ("--transport", "--frontend", "--window"):
        assert f"{flag} <str>" not in text, flag


def test_variants_prints_the_matrix() -> None:
    result = deskwire("variants")
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0].split() == ["transport", "frontend", "window", "id"]
    ids = [line.split()[-1] for line in lines[1:]]
    assert ids == [variant_id(v) for v in variants()]
    assert len(ids) == 2 * 3 * 3


def test_defaults_take_every_default(tmp_path: Path) -> None:
    dest = tmp_path / "app"
    result = deskwire("new", dest, "--defaults")
    assert result.exit_code == 0, result.output
    assert "Next: cd" in result.stdout
    answers = answers_of(dest)
    for name, question in load_questions().items():
        if name not in ("project_name", "package_name") and not question.computed:
            assert answers[name] == question.default, name
    # Named after the destination, as cargo new and create-tauri-app do.
    assert answers["project_name"] == "App"
    assert answers["package_name"] == "app"
    assert (dest / "src" / "app" / "__main__.py").is_file()


@pytest.mark.parametrize(
    ("folder", "name", "package"),
    [
        ("my-cool-app", "My Cool App", "my_cool_app"),
        ("photo_sorter 2", "Photo Sorter 2", "photo_sorter_2"),
        ("PhotoSorter", "PhotoSorter", "photosorter"),
        ("3d-viewer", "3d Viewer", "app_3d_viewer"),
    ],
)
def test_the_default_name_comes_from_the_destination(
    tmp_path: Path, folder: str, name: str, package: str
) -> None:
    dest = tmp_path / folder
    assert deskwire("new", dest, "--defaults", "--window", "none").exit_code == 0
    answers = answers_of(dest)
    assert (answers["project_name"], answers["package_name"]) == (name, package)


def test_a_folder_that_makes_no_valid_package_names_the_way_out(tmp_path: Path) -> None:
    result = deskwire("new", tmp_path / "class", "--defaults")
    assert result.exit_code == 2
    assert "folder name" in result.stderr and "--name" in result.stderr
    assert "--package" in result.stderr


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (
            ["--name", "Photo Sorter"],
            {"project_name": "Photo Sorter", "package_name": "photo_sorter"},
        ),
        (["--name", "3D Viewer"], {"package_name": "app_3d_viewer"}),
        (["--package", "sorter"], {"package_name": "sorter"}),
        (["--description", "Sorts photos."], {"description": "Sorts photos."}),
        (["--author", "Ada Lovelace"], {"author_name": "Ada Lovelace"}),
        (["--transport", "sse"], {"transport": "sse"}),
        (["--frontend", "vanilla"], {"frontend": "vanilla"}),
        (["--window", "browser"], {"window": "browser"}),
        (["--window", "none"], {"window": "none"}),
        (
            ["--window-width", "1280", "--window-height", "800"],
            {"window_width": 1280, "window_height": 800},
        ),
        (["--port", "8765"], {"port": 8765}),
        (["--port", "0"], {"port": 0}),
        (["--no-secure"], {"secure": False}),
        (["--secure"], {"secure": True}),
        (["--no-single-instance"], {"single_instance": False}),
        (["--single-instance"], {"single_instance": True}),
        (["--no-demo"], {"demo": False}),
        (["--demo"], {"demo": True}),
    ],
)
def test_each_flag_sets_its_answer(
    tmp_path: Path, flags: list[str], expected: dict[str, Any]
) -> None:
    dest = tmp_path / "app"
    result = deskwire("new", dest, *flags)
    assert result.exit_code == 0, result.output
    answers = answers_of(dest)
    for key, value in expected.items():
        assert answers[key] == value, key


def test_flags_reach_the_generated_code(tmp_path: Path) -> None:
    dest = tmp_path / "app"
    result = deskwire(
        "new",
        dest,
        "--name",
        "Photo Sorter",
        "--port",
        "8765",
        "--window",
        "browser",
        "--author",
        'Ada "Countess" Lovelace',
    )
    assert result.exit_code == 0, result.output
    assert "PORT = 8765" in (dest / "src" / "photo_sorter" / "app.py").read_text()
    choices = dest / "src" / "photo_sorter" / "deskwire" / "choices.py"
    assert "DEFAULT_PORT = 8765" in choices.read_text()
    assert (dest / "src" / "photo_sorter" / "bridge" / "browser_window.py").is_file()
    assert 'name = "Ada \\"Countess\\" Lovelace"' in (dest / "pyproject.toml").read_text()


def test_webview_only_questions_are_not_recorded_for_other_windows(tmp_path: Path) -> None:
    dest = tmp_path / "app"
    assert deskwire("new", dest, "--window", "none").exit_code == 0
    answers = answers_of(dest)
    assert "window_width" not in answers and "window_height" not in answers


@pytest.mark.parametrize(
    ("flags", "flag", "allowed"),
    [
        (["--transport", "carrier-pigeon"], "--transport", "websocket, sse"),
        (["--frontend", "cobol"], "--frontend", "vanilla"),
        (["--window", "fullscreen"], "--window", "webview, browser, none"),
        (["--port", "http"], "--port", "whole number"),
        (["--port", "80"], "--port", "1024 to 65535"),
        (["--port", "70000"], "--port", "1024 to 65535"),
        (["--port", "-1"], "--port", "whole number"),
        (["--window-width", "50"], "--window-width", "200 to 10000"),
        (["--window-height", "tall"], "--window-height", "whole number"),
        (["--window", "none", "--window-width", "800"], "--window-width", "--window webview"),
        (["--package", "9lives"], "--package", "Python identifier"),
        (["--package", "My-App"], "--package", "Python identifier"),
        (["--package", "class"], "--package", "reserved"),
        (["--package", "bridge"], "--package", "reserved"),
        (["--name", "   "], "--name", "must not be empty"),
        # The package is derived from the name: the flag the user gave is blamed.
        (["--name", "class"], "--name", "reserved"),
        (["--name", "bridge"], "--name", "give --package"),
    ],
)
def test_invalid_values_exit_2_with_one_line_and_write_nothing(
    tmp_path: Path, flags: list[str], flag: str, allowed: str
) -> None:
    dest = tmp_path / "app"
    result = deskwire("new", dest, *flags)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("deskwire: error: ")
    assert flag in lines[0] and allowed in lines[0], lines[0]
    assert not dest.exists()


def test_non_empty_destination_is_refused(tmp_path: Path) -> None:
    dest = tmp_path / "app"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    result = deskwire("new", dest, "--defaults")
    assert result.exit_code == 2
    assert "not empty" in result.stderr and "--force" in result.stderr
    assert sorted(p.name for p in dest.iterdir()) == ["notes.txt"]


def test_force_writes_into_a_non_empty_destination(tmp_path: Path) -> None:
    dest = tmp_path / "app"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    result = deskwire("new", dest, "--defaults", "--force")
    assert result.exit_code == 0, result.output
    assert (dest / "notes.txt").read_text() == "mine"
    assert (dest / ".copier-answers.yml").is_file()


def test_force_renders_again_over_a_project_with_other_answers(tmp_path: Path) -> None:
    """Files that differ are overwritten without a prompt (none without a terminal)."""
    dest = tmp_path / "app"
    assert deskwire("new", dest, "--defaults", "--window", "none").exit_code == 0
    # The user's files too (copier's _skip_if_exists would keep them).
    (dest / "README.md").write_text("an older README\n")
    result = deskwire(
        "new", dest, "--defaults", "--window", "none", "--frontend", "react", "--force"
    )
    assert result.exit_code == 0, result.output
    assert "react" in (dest / "frontend" / "package.json").read_text()
    readme = (dest / "README.md").read_text()
    assert "an older README" not in readme and "frontend/src/App.tsx" in readme, readme


def test_empty_existing_destination_is_fine(tmp_path: Path) -> None:
    dest = tmp_path / "app"
    dest.mkdir()
    assert deskwire("new", dest, "--defaults").exit_code == 0


def test_destination_that_is_a_file_is_refused(tmp_path: Path) -> None:
    dest = tmp_path / "app"
    dest.write_text("")
    result = deskwire("new", dest, "--defaults", "--force")
    assert result.exit_code == 2
    assert "not a directory" in result.stderr


def test_update_refuses_a_directory_without_answers(tmp_path: Path) -> None:
    result = deskwire("update", tmp_path)
    assert result.exit_code == 1
    assert ".copier-answers.yml" in result.stderr


def test_update_refuses_a_project_outside_git(tmp_path: Path) -> None:
    dest = tmp_path / "app"
    assert deskwire("new", dest, "--defaults").exit_code == 0
    result = deskwire("update", dest, "--defaults")
    assert result.exit_code == 1
    assert "git" in result.stderr.lower()


def committed_project(tmp_path: Path) -> Path:
    dest = tmp_path / "app"
    assert deskwire("new", dest, "--defaults", "--window", "none").exit_code == 0
    commit_generated(dest)
    return dest


def test_update_over_uncommitted_changes_says_to_commit_or_stash(tmp_path: Path) -> None:
    dest = committed_project(tmp_path)
    (dest / "README.md").write_text("changed, not committed\n")
    result = deskwire("update", dest, "--defaults")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "commit or stash your changes first" in result.stderr


def test_debug_shows_the_traceback_above_the_one_line(tmp_path: Path) -> None:
    dest = committed_project(tmp_path)
    (dest / "README.md").write_text("changed, not committed\n")
    result = runner.invoke(app, ["update", str(dest), "--defaults"], env={"DESKWIRE_DEBUG": "1"})
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "commit or stash your changes first" in result.stderr.strip().splitlines()[-1]


def test_update_with_an_unreadable_answers_file_says_how_to_restore_it(tmp_path: Path) -> None:
    dest = committed_project(tmp_path)
    (dest / ".copier-answers.yml").write_text("_commit: [unclosed\n")
    git("commit", "-q", "-am", "broken answers", cwd=dest)
    result = deskwire("update", dest, "--defaults")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "git checkout -- .copier-answers.yml" in result.stderr


def test_an_unforeseen_failure_is_one_line_that_names_the_debug_switch(tmp_path: Path) -> None:
    # A destination below a file: nothing checks for it, the render fails on it.
    (tmp_path / "a-file").write_text("")
    result = deskwire("new", tmp_path / "a-file" / "app", "--defaults")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("deskwire: error: deskwire new failed: NotADirectoryError")
    assert "DESKWIRE_DEBUG=1" in lines[0]
