"""Projects made by earlier template versions update to this one (issue 23, item 8).

Each case renders the project at an earlier template commit, makes the edits a
real user makes (a handler and its models, a changed title, a README
paragraph, a line of page code, a deleted demo test), commits, and runs
`deskwire update` through the CLI: it exits 0, leaves no conflict marker,
keeps every user edit byte for byte and the deleted test deleted, and the
updated project's own `python3 tasks.py test` passes.

The cases are slow (the project's suite installs its packages, builds its page,
lints, type-checks and runs its tests), so each has an xdist_group of its own:
`-n 2` runs two at a time. Packages come from uv's and npm's shared caches.
"""

from __future__ import annotations

import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import copier
import pytest
from support import REPO_ROOT, git, run, text_files, tool_env

from generator.template_history import installed_history, named_source

# Earlier template versions, oldest first.
EARLIER_VERSIONS = {
    "d2b79b9": "2026-11-26: before single_instance, demo and the desktop capabilities",
    "5dc1997": "2026-12-01: the demo question, single instance, the desktop capabilities",
    "613ffc0": "2026-12-05: the last commit before issue 23",
}
TRANSPORTS = ("websocket", "sse")

PACKAGE = "kept_app"

NEW_MODELS = """

class ShoutParams(BaseModel):
    text: str


class Shouted(BaseModel):
    text: str
"""
NEW_HANDLER = '''

from .protocol import Shouted, ShoutParams  # noqa: E402


@bridge.method
async def shout(params: ShoutParams) -> Shouted:
    """Added by the user."""
    return Shouted(text=params.text.upper() + "!")
'''
README_PARAGRAPH = "\n## Our notes\n\nWritten by the user, kept by every update.\n"
PAGE_LINE = 'console.info("page code added by the user");\n'
NEW_TITLE = '"Kept App, retitled by the user"'


@dataclass(frozen=True)
class Case:
    commit: str
    transport: str

    @property
    def id(self) -> str:
        return f"{self.commit}-{self.transport}"


def cases() -> list[object]:
    return [
        pytest.param(
            Case(commit, transport),
            id=f"{commit}-{transport}",
            marks=[pytest.mark.slow, pytest.mark.xdist_group(f"update-{commit}-{transport}")],
        )
        for commit in EARLIER_VERSIONS
        for transport in TRANSPORTS
    ]


def render_at(commit: str, dest: Path, answers: dict[str, object]) -> None:
    """Render the template as it was at `commit`, recorded as deskwire records it
    (`_src_path: deskwire`), as that version's `deskwire new` did."""
    known = run("git", "cat-file", "-t", commit, cwd=REPO_ROOT, check=False)
    if known.stdout.strip() != "commit":
        pytest.fail(
            f"template commit {commit} is not in this checkout's history (a shallow clone?)"
        )
    with warnings.catch_warnings(), named_source(installed_history()) as source:
        warnings.simplefilter("ignore")
        copier.run_copy(
            source, dest.absolute(), vcs_ref=commit, data=answers, defaults=True, quiet=True
        )


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) >= 1, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def edit_as_a_user(project: Path) -> tuple[dict[str, bytes], str]:
    """A user's edits, committed; the edited files' bytes and the deleted test."""
    package = project / "src" / PACKAGE
    (package / "protocol.py").write_text((package / "protocol.py").read_text() + NEW_MODELS)
    app = package / "app.py"
    replace_once(app, 'TITLE = "Kept App"', f"TITLE = {NEW_TITLE}")
    app.write_text(app.read_text() + NEW_HANDLER)
    readme = project / "README.md"
    readme.write_text(readme.read_text() + README_PARAGRAPH)
    page = project / "frontend" / "src" / "main.ts"
    page.write_text(page.read_text() + PAGE_LINE)
    # The demo's test, or at versions before test_demo.py the demo's app test.
    deleted = next(
        name for name in ("tests/test_demo.py", "tests/test_app.py") if (project / name).exists()
    )
    git("rm", "-q", deleted, cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "the user's edits", cwd=project)
    edited = [app, package / "protocol.py", readme, page]
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in edited}, deleted


def without_framework_imports(source: bytes) -> bytes:
    """`source` without its `from .bridge/.desktop/.deskwire... import` statements."""
    kept: list[bytes] = []
    inside = False
    for line in source.splitlines(keepends=True):
        if re.match(rb"from \.(bridge|desktop|deskwire)\b[\w.]* import", line):
            inside = line.rstrip().endswith(b"(")
        elif inside:
            inside = not line.startswith(b")")
        else:
            kept.append(line)
    return b"".join(kept)


def conflict_markers(project: Path) -> list[str]:
    found = [p.relative_to(project).as_posix() for p in project.rglob("*.rej")]
    for path in text_files(project):
        lines = path.read_text(errors="replace").splitlines()
        if any(line.startswith(("<<<<<<< ", ">>>>>>> ")) for line in lines):
            found.append(path.relative_to(project).as_posix())
    return found


def project_env() -> dict[str, str]:
    """The tests' environment, with this venv's tools (uv) on PATH: the project
    installs its packages with uv from uv's shared cache."""
    env = tool_env()
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    return env


@pytest.mark.parametrize("case", cases())
def test_a_project_from_an_earlier_version_updates_and_keeps_the_users_work(
    case: Case, tmp_path: Path
) -> None:
    project = tmp_path / "kept-app"
    render_at(
        case.commit,
        project,
        {"project_name": "Kept App", "transport": case.transport, "window": "none"},
    )
    git("init", "-q", "-b", "main", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", f"made by deskwire at {case.commit}", cwd=project)
    edited, deleted = edit_as_a_user(project)

    deskwire = Path(sys.executable).parent / "deskwire"
    result = run(deskwire, "update", project, "--defaults", env=project_env(), check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Updated" in result.stdout
    assert not conflict_markers(project)
    for name, content in edited.items():
        now = (project / name).read_bytes()
        if name.endswith("app.py"):  # its framework imports are rewritten, nothing else
            now, content = without_framework_imports(now), without_framework_imports(content)
        assert now == content, f"the update changed {name}"
    assert not (project / deleted).exists(), f"the update brought back {deleted}"
    if deleted != "tests/test_demo.py":  # made before the demo had tests of its own
        # They test the demo as the new version writes it, not the user's app.py.
        assert not (project / "tests" / "test_demo.py").exists()
        assert "Not added, as they test this version's demo" in result.stdout, result.stdout
    answers = (project / ".copier-answers.yml").read_text()
    assert f"_commit: {case.commit}" not in answers
    assert "single_instance: true" in answers and "demo: true" in answers
    # app.py from before the public API imported the framework's inner modules:
    # pointed at .deskwire now, and said so.
    app = (project / "src" / PACKAGE / "app.py").read_text()
    assert "from .deskwire import" in app
    assert not re.search(r"^from \.(bridge|desktop)\b", app, re.MULTILINE), app
    assert "Rewrote an import to the public API" in result.stdout, result.stdout

    env = project_env()
    # What the update asks the user to do: regenerate the page's types from the models.
    run(sys.executable, "tasks.py", "types", cwd=project, env=env, timeout=900)
    own_test = run(
        sys.executable, "tasks.py", "test", cwd=project, env=env, timeout=1500, check=False
    )
    assert own_test.returncode == 0, (own_test.stdout + own_test.stderr)[-6000:]
