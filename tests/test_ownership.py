"""Every file of a project is the user's or the framework's, and the update
treats the user's as theirs (issue 23, item 4).

The user's files are copier.yml's `_skip_if_exists` (generator/ownership.py):
an update keeps an edited one byte for byte, even where the template changed
the same file, and a deleted one deleted; a user file the template adds later
still arrives.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from support import commit_generated, git, make_template_repo, run, tool_env

from generator.ownership import (
    FRAMEWORK_FILES,
    USER_FILES,
    is_framework_file,
    is_generated_file,
    is_user_file,
)

# The default variant and the others whose page code differs, with and without
# the demo: between them every pattern of USER_FILES names a rendered file.
RENDERS = {
    "default": [],
    "sse-angular-browser": ["--transport", "sse", "--frontend", "angular", "--window", "browser"],
    "react": ["--frontend", "react", "--window", "none"],
    "react-no-demo": ["--frontend", "react", "--window", "none", "--no-demo"],
    "vanilla-no-demo": ["--window", "none", "--no-demo"],
}


def deskwire_bin() -> str:
    path = shutil.which("deskwire", path=os.path.dirname(sys.executable))
    assert path is not None, f"deskwire is not installed next to {sys.executable}"
    return path


def rendered_files(project: Path) -> list[str]:
    return sorted(
        path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file()
    )


@pytest.fixture(scope="module")
def renders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    root = tmp_path_factory.mktemp("ownership")
    files = {}
    for name, flags in RENDERS.items():
        project = root / name
        run(deskwire_bin(), "new", project, "--defaults", "--name", "Owned", *flags, env=tool_env())
        files[name] = rendered_files(project)
    return files


def test_every_rendered_file_is_declared_once(renders: dict[str, list[str]]) -> None:
    undeclared, twice = [], []
    for name, files in renders.items():
        for relpath in files:
            owners = [is_user_file(relpath), is_framework_file(relpath), is_generated_file(relpath)]
            if not any(owners):
                undeclared.append(f"{name}: {relpath}")
            if sum(owners) > 1:
                twice.append(f"{name}: {relpath}")
    assert not undeclared, "files nobody owns (declare them in generator/ownership.py):\n" + (
        "\n".join(undeclared)
    )
    assert not twice, "files with two owners:\n" + "\n".join(twice)


def test_the_users_files_are_what_the_layout_says(renders: dict[str, list[str]]) -> None:
    default = [relpath for relpath in renders["default"] if is_user_file(relpath)]
    for expected in (
        "README.md",
        "src/owned/app.py",
        "src/owned/protocol.py",
        "src/owned/icon.png",
        "tests/test_app.py",
        "tests/test_demo.py",
        "frontend/src/main.ts",
    ):
        assert expected in default
    for relpath in default:
        assert not relpath.startswith(("src/owned/bridge/", "frontend/src/bridge/"))
    assert not is_user_file("tests/openrpc_meta/README.md")
    assert not is_user_file("src/owned/__main__.py")


def test_no_ownership_pattern_is_dead(renders: dict[str, list[str]]) -> None:
    """Each pattern names a file some variant renders: a renamed file fails here
    instead of silently becoming the framework's."""
    from pathspec import PathSpec

    every = {relpath for files in renders.values() for relpath in files}
    for pattern in (*USER_FILES, *FRAMEWORK_FILES):
        if pattern in {"docs/**", "src/{{package_name}}/deskwire/**"}:
            continue  # the layout change's folders, declared ahead of it
        spec = PathSpec.from_lines("gitignore", [pattern.replace("{{package_name}}", "*")])
        assert any(spec.match_file(relpath) for relpath in every), pattern


def test_an_update_keeps_the_users_files_as_the_user_left_them(tmp_path: Path) -> None:
    template = make_template_repo(tmp_path / "template")
    env = tool_env(DESKWIRE_TEMPLATE=str(template))
    project = tmp_path / "project"
    run(deskwire_bin(), "new", project, "--defaults", "--name", "Kept", "--window", "none", env=env)
    commit_generated(project)

    # The user edits their files (one a little, one entirely) and deletes two.
    app = project / "src" / "kept" / "app.py"
    app.write_text(app.read_text().replace('TITLE = "Kept"', 'TITLE = "Kept, by the user"'))
    (project / "frontend" / "src" / "style.css").write_text("body { color: teal; }\n")
    git("rm", "-q", "tests/test_demo.py", "frontend/public/favicon.svg", cwd=project)
    git("commit", "-q", "-am", "the user's edits", cwd=project)
    kept = {
        name: (project / name).read_bytes()
        for name in ("src/kept/app.py", "frontend/src/style.css", "README.md")
    }

    # The template changes the same files, a framework file, and adds a user file.
    source = template / "template"
    app_template = source / "src" / "{{package_name}}" / "app.py.jinja"
    app_template.write_text(app_template.read_text() + "\n# The template's v1.1 line.\n")
    (source / "README.md.jinja").write_text(
        (source / "README.md.jinja").read_text() + "\nThe template's v1.1 paragraph.\n"
    )
    style = source / "frontend" / "src" / "style.css"
    style.write_text(style.read_text() + "\n/* the template's v1.1 rule */\n")
    demo_test = source / "tests" / "test_demo.py"
    demo_test.write_text(demo_test.read_text() + "\n# The template's v1.1 line.\n")
    server = source / "src" / "{{package_name}}" / "bridge" / "server.py"
    server.write_text(server.read_text() + "\n# The template's v1.1 line.\n")
    (source / "frontend" / "public" / "robots.txt").write_text("User-agent: *\n")
    git("add", "-A", cwd=template)
    git("commit", "-q", "-m", "template v1.1", cwd=template)
    git("tag", "v1.1.0", cwd=template)

    result = run(deskwire_bin(), "update", project, "--defaults", env=env)
    assert "Updated" in result.stdout
    for name, content in kept.items():
        assert (project / name).read_bytes() == content, f"the update changed {name}"
    assert not (project / "tests" / "test_demo.py").exists()
    assert not (project / "frontend" / "public" / "favicon.svg").exists()
    # The framework's file and the template's new user file arrived.
    assert "v1.1" in (project / "src" / "kept" / "bridge" / "server.py").read_text()
    assert (project / "frontend" / "public" / "robots.txt").is_file()
