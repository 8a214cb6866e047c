"""Every variant `deskwire variants` lists renders clean, passes its static
checks, builds its frontend and passes its own test suite."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import ProjectCache, each_frontend, pair_id
from locked_set import unlocked_differences
from support import NEW_METHOD_SOURCE, python_env, run, text_files, tree_contents

from generator.questions import variant_id, variants

# Jinja that survived rendering: an expression, a statement tag or a comment.
# (A bare "}}" is just nested braces in Python or TypeScript.)
JINJA_LEFTOVER = re.compile(r"\{\{-?\s*[A-Za-z_][\w.]*\s*(\|[^}]*)?-?\}\}|\{%-?\s*[a-z]+|\{#")
# A GitHub Actions expression, ${{ ... }}: the workflow's own syntax, not Jinja.
GITHUB_EXPRESSION = re.compile(r"\$\{\{[^}]*\}\}")
PACKAGE = "deskwire_demo"  # derived from the default project name

# Files that exist only for one window mode.
WINDOW_FILES = {
    "webview": (
        f"src/{PACKAGE}/bridge/native_window.py",
        f"src/{PACKAGE}/bridge/process_end.py",
        "tests/test_process_end.py",
        f"src/{PACKAGE}/bridge/window_state.py",
        "tests/test_window_state.py",
        "packaging/qt_trim.py",
        f"src/{PACKAGE}/desktop/pywebview_host.py",
        f"src/{PACKAGE}/desktop/qt_page.py",
    ),
    "browser": (f"src/{PACKAGE}/bridge/browser_window.py",),
}


def test_leftover_pattern_catches_jinja() -> None:
    for leftover in (
        "{{ package_name }}",
        "{{x|lower}}",
        "{%- if secure %}",
        "{% endif %}",
        "{# c #}",
    ):
        assert JINJA_LEFTOVER.search(leftover), leftover
    for code in ('{"a": {"b": 1}}', "const o = {x: {y: 1}};", "if (a) { b(); }"):
        assert not JINJA_LEFTOVER.search(code), code
    # A GitHub workflow's expressions are its own; Jinja around them is not.
    workflow = "runs-on: ${{ matrix.os }} {{ package_name }}"
    assert JINJA_LEFTOVER.search(GITHUB_EXPRESSION.sub("", workflow))
    assert not JINJA_LEFTOVER.search(GITHUB_EXPRESSION.sub("", "runs-on: ${{ matrix.os }}"))


def is_angular_template(project: Path, path: Path) -> bool:
    """An Angular component template (frontend/src/app/**.html); not index.html, a Jinja file."""
    relative = path.relative_to(project)
    return relative.parts[:3] == ("frontend", "src", "app") and path.suffix == ".html"


def test_renders_without_leftover_jinja(projects: ProjectCache, variant: dict[str, str]) -> None:
    project = projects.rendered(variant)
    leftovers = []
    for path in text_files(project):
        if path.suffix == ".jinja":
            leftovers.append(f"{path}: .jinja suffix left")
        if is_angular_template(project, path):
            continue  # copied as-is (no .jinja): its {{ }} are Angular's bindings
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            if JINJA_LEFTOVER.search(GITHUB_EXPRESSION.sub("", line)):
                leftovers.append(f"{path.relative_to(project)}:{number}: {line.strip()}")
    assert not leftovers, "\n".join(leftovers)


def test_data_files_parse(projects: ProjectCache, variant: dict[str, str]) -> None:
    project = projects.rendered(variant)
    parsed = 0
    for path in text_files(project):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            json.loads(text)
        elif path.suffix == ".toml":
            tomllib.loads(text)
        elif path.suffix in {".yml", ".yaml"}:
            yaml.safe_load(text)
        else:
            continue
        parsed += 1
    assert parsed >= 5  # answers, pyproject, package.json, lock, tsconfig


def test_answers_record_the_variant(projects: ProjectCache, variant: dict[str, str]) -> None:
    project = projects.rendered(variant)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    for axis, value in variant.items():
        assert answers[axis] == value
    assert "_src_path" in answers and "_commit" in answers


# The generated README is the user's, and short; the framework's manual is
# docs/deskwire.md, which `deskwire update` keeps current.
README_MAX_LINES = 150
OWNERS = {"yours", "framework", "generated"}
LAYOUT_HEADER = "| path | owner | what it is |"


def readme_owners(project: Path) -> dict[str, str]:
    """Each path the README's layout table names (`a`, `b` in one cell name two;
    a bare name is beside the cell's first path), with its owner."""
    lines = (project / "README.md").read_text(encoding="utf-8").splitlines()
    assert LAYOUT_HEADER in lines, "the README's layout table has no owner column"
    owners: dict[str, str] = {}
    for row in lines[lines.index(LAYOUT_HEADER) + 2 :]:
        if not row.startswith("|"):
            break
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 3 and cells[1] in OWNERS, row
        paths = re.findall(r"`([^`]+)`", cells[0])
        for path in paths or [cells[0]]:
            if "/" not in path.rstrip("/") and "/" in paths[0].rstrip("/"):
                path = paths[0].rstrip("/").rsplit("/", 1)[0] + "/" + path
            owners[path] = cells[1]
    return owners


def assert_readme_is_the_users(project: Path, answers: dict[str, object]) -> None:
    """The README stays short and says whose each file is; every file it gives
    the user exists in this variant (so no other variant's page files), and
    the manual it points to opens by saying whose it is."""
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < README_MAX_LINES
    owners = readme_owners(project)
    package = f"src/{PACKAGE}"
    demo_tests = "tests/test_demo.py" if answers.get("demo", True) else "tests/test_greeting.py"
    for path in (f"{package}/app.py", f"{package}/protocol.py", f"{package}/icon.png"):
        assert owners.get(path) == "yours", path
    for path in ("tests/test_app.py", demo_tests, "README.md"):
        assert owners.get(path) == "yours", path
    assert owners.get(f"{package}/__main__.py") == "framework"
    assert owners.get("frontend/src/bridge/") == "framework"
    assert owners.get("docs/deskwire.md") == "framework"
    assert owners.get("frontend/src/bridge/protocol.ts") == "generated"
    page = [path for path, owner in owners.items() if owner == "yours" and "frontend/" in path]
    assert page, "the README names none of the page's files as the user's"
    missing = [path for path, owner in owners.items() if owner == "yours"]
    assert [path for path in missing if not (project / path).exists()] == []
    manual = (project / "docs" / "deskwire.md").read_text(encoding="utf-8")
    assert "kept current by `deskwire update`" in manual.splitlines()[0]
    assert "## Security" in manual and "### From a script or another tool" in manual


def test_the_readme_is_short_and_says_whose_each_file_is(
    projects: ProjectCache, variant: dict[str, str]
) -> None:
    assert_readme_is_the_users(projects.rendered(variant), variant)


def test_only_the_chosen_window_code_is_generated(
    projects: ProjectCache, variant: dict[str, str]
) -> None:
    project = projects.rendered(variant)
    bridge = project / "src" / PACKAGE / "bridge"
    pyproject = (project / "pyproject.toml").read_text()
    for mode, paths in WINDOW_FILES.items():
        for path in paths:
            assert (project / path).exists() == (variant["window"] == mode), path
    assert ("pywebview" in pyproject) == (variant["window"] == "webview")
    sources = "\n".join(p.read_text() for p in bridge.parent.rglob("*.py"))
    assert ("import webview" in sources) == (variant["window"] == "webview")
    # A window or browser to leave closed: the command line offers --headless.
    usage = run(sys.executable, "-m", PACKAGE, "--help", cwd=project, env=python_env(project))
    assert ("--headless" in usage.stdout) == (variant["window"] != "none")


TRANSPORT_MODULES = {"websocket": "websocket_transport.py", "sse": "sse_transport.py"}


def test_only_the_chosen_transport_code_is_generated(
    projects: ProjectCache, variant: dict[str, str]
) -> None:
    project = projects.rendered(variant)
    bridge = project / "src" / PACKAGE / "bridge"
    for transport, module in TRANSPORT_MODULES.items():
        assert (bridge / module).exists() == (variant["transport"] == transport), module
    pyproject = (project / "pyproject.toml").read_text()
    assert ("sse-starlette" in pyproject) == (variant["transport"] == "sse")
    sources = "\n".join(p.read_text() for p in (project / "src").rglob("*.py"))
    assert ("sse_starlette" in sources) == (variant["transport"] == "sse")
    # The WebSocket session accepts its connections itself (a direct route).
    assert ('"websocket.accept"' in sources) == (variant["transport"] == "websocket")


def assert_python_clean(project: Path) -> None:
    """ruff (lint and format) and mypy --strict pass on the generated project."""
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["tool"]["mypy"]["strict"] is True
    run(sys.executable, "-m", "ruff", "check", "--no-cache", ".", cwd=project)
    run(sys.executable, "-m", "ruff", "format", "--check", "--no-cache", ".", cwd=project)
    run(sys.executable, "-m", "mypy", "--strict", "--cache-dir", "/dev/null", cwd=project)


def run_own_pytest(
    project: Path, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run the generated project's pytest (this interpreter, its src/ on the path)."""
    return run(
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *args,
        cwd=project,
        env=python_env(project),
        check=check,
    )


def assert_own_suite_passes(project: Path) -> None:
    """The generated project's whole pytest suite passes."""
    result = run_own_pytest(project)
    summary = result.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and "failed" not in summary, result.stdout


def test_python_is_ruff_and_mypy_strict_clean(
    projects: ProjectCache, variant: dict[str, str]
) -> None:
    assert_python_clean(projects.rendered(variant))


def test_frontend_builds_under_strict_typescript(
    projects: ProjectCache, pair: dict[str, str]
) -> None:
    project = projects.built({**pair, "window": "none"})
    tsconfig = json.loads((project / "frontend" / "tsconfig.json").read_text())
    assert tsconfig["compilerOptions"]["strict"] is True
    page = project / "src" / PACKAGE / "static" / "index.html"
    assert page.is_file()
    assert list(page.parent.rglob("*.js"))


def test_frontend_unit_tests_and_lint_pass(projects: ProjectCache, pair: dict[str, str]) -> None:
    """The framework's own test runner (vitest, or ng test) and its linter,
    where it has one (eslint with the rules of hooks, angular-eslint)."""
    frontend = projects.built({**pair, "window": "none"}) / "frontend"
    scripts = json.loads((frontend / "package.json").read_text())["scripts"]
    result = run("npm", "test", cwd=frontend)
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)  # no colours
    passed = re.search(r"Tests\s+(\d+) passed", output)
    assert passed and int(passed.group(1)) >= 20, output[-3000:]  # the shared client's and more
    assert ("lint" in scripts) == (pair["frontend"] != "vanilla")
    if "lint" in scripts:
        run("npm", "run", "lint", cwd=frontend)


def test_only_the_chosen_frontend_code_is_generated(
    projects: ProjectCache, variant: dict[str, str]
) -> None:
    frontend = projects.rendered(variant) / "frontend"
    package = json.loads((frontend / "package.json").read_text())
    packages = {*package.get("dependencies", {}), *package.get("devDependencies", {})}
    assert ("@angular/core" in packages) == (variant["frontend"] == "angular")
    assert ("react" in packages) == (variant["frontend"] == "react")
    assert (frontend / "angular.json").exists() == (variant["frontend"] == "angular")
    assert (frontend / "vite.config.ts").exists() == (variant["frontend"] != "angular")
    assert bool(list(frontend.rglob("*.tsx"))) == (variant["frontend"] == "react")
    # The shared bridge client is in every one, and the lock file that pins it.
    assert (frontend / "src" / "bridge" / "client.ts").is_file()
    assert (frontend / "package-lock.json").is_file()


def test_the_window_does_not_change_the_frontend(
    projects: ProjectCache, variant: dict[str, str]
) -> None:
    """So one build per transport x frontend pair stands for every window mode."""
    frontend = tree_contents(projects.rendered(variant) / "frontend")
    headless = tree_contents(projects.rendered({**variant, "window": "none"}) / "frontend")
    assert frontend == headless


WRONG_CALLS = """
import { Bridge } from "./bridge/client";
const bridge = new Bridge();
void bridge.call("add", { a: 1, c: 2 });          // a param the method does not have
void bridge.call("add", { a: 1 });                // a missing param
void bridge.call("add", { a: "1", b: 2 });        // a param of the wrong type
void bridge.call("no_such_method", {});           // a method that does not exist
bridge.on("progress", (p) => p.no_such_field);    // an event field that does not exist
const sum: string = await bridge.call("add", { a: 1, b: 2 }).then((r) => r.sum);
void bridge.call("hash_file", { name: "x" });      // a method that takes bytes, called without
void bridge.upload("add", { a: 1, b: 2 }, new Blob()); // bytes to a method that takes none
void bridge.upload("hash_file", { name: "x" });    // an upload without its bytes
void bridge.download("make_file", { seed: 1 });    // a missing param of a download
const text: string = (await bridge.download("make_file", { size: 1 })).data;
"""


@pytest.mark.parametrize("frontend", each_frontend())
def test_typed_client_rejects_wrong_calls_at_compile_time(
    projects: ProjectCache, frontend: str
) -> None:
    project = projects.built({"frontend": frontend, "window": "none"})
    frontend = project / "frontend"
    wrong = frontend / "src" / "wrong-calls.ts"
    wrong.write_text(WRONG_CALLS.lstrip() + "export {};\n")
    try:
        result = run("npm", "run", "typecheck", cwd=frontend, check=False)
    finally:
        wrong.unlink()
    output = result.stdout + result.stderr
    assert result.returncode != 0
    flagged = sorted({int(n) for n in re.findall(r"wrong-calls\.ts\((\d+),", output)})
    assert flagged == list(range(3, 14)), output
    # The same calls written correctly compile.
    right = frontend / "src" / "right-calls.ts"
    right.write_text(
        'import { Bridge } from "./bridge/client";\n'
        "const bridge = new Bridge();\n"
        'const sum: number = await bridge.call("add", { a: 1, b: 2 }).then((r) => r.sum);\n'
        'bridge.on("progress", (p) => p.current + p.total + sum);\n'
        'const digest = await bridge.upload("hash_file", { name: "x" }, new Uint8Array(3));\n'
        'const file = await bridge.download("make_file", { size: 1 });\n'
        "const size: number = digest.size + file.result.size + file.data.byteLength;\n"
        "void size;\n"
        "export {};\n"
    )
    try:
        run("npm", "run", "typecheck", cwd=frontend)
    finally:
        right.unlink()


def test_stale_generated_types_fail_the_projects_own_test(projects: ProjectCache) -> None:
    project = projects.built({"window": "none"})
    protocol = project / "src" / PACKAGE / "protocol.py"
    original = protocol.read_text()
    protocol.write_text(
        original.replace(
            "class AddResult(BaseModel):\n    sum: float",
            "class AddResult(BaseModel):\n    sum: float\n    carry: int",
        )
    )
    try:
        stale = run_own_pytest(project, "tests/test_protocol_types.py", check=False)
    finally:
        protocol.write_text(original)
    assert stale.returncode != 0
    assert "protocol.ts is stale" in stale.stdout


@pytest.mark.parametrize("frontend", each_frontend())
def test_strict_typescript_rejects_a_type_error(projects: ProjectCache, frontend: str) -> None:
    """The build's type check is live: a deliberate type error must fail it."""
    project = projects.built({"frontend": frontend, "window": "none"})
    bad = project / "frontend" / "src" / "deliberate-error.ts"
    bad.write_text('export const port: number = "not a number";\n')
    try:
        result = run("npm", "run", "typecheck", cwd=project / "frontend", check=False)
    finally:
        bad.unlink()
    assert result.returncode != 0
    assert "deliberate-error.ts" in result.stdout + result.stderr


# The generated Python suite depends on the transport and the window; the
# frontend only changes the page it serves. So it runs for every transport x
# window with the plain page, and for every transport with each framework's page.
OWN_SUITE_VARIANTS = [v for v in variants() if v["frontend"] == "vanilla" or v["window"] == "none"]


@pytest.mark.parametrize(
    "suite_variant",
    [
        pytest.param(v, id=variant_id(v), marks=pytest.mark.xdist_group(pair_id(v)))
        for v in OWN_SUITE_VARIANTS
    ],
)
def test_generated_test_suite_passes(projects: ProjectCache, suite_variant: dict[str, str]) -> None:
    assert_own_suite_passes(projects.built(suite_variant))


@pytest.mark.slow
def test_generated_readme_test_command_on_a_fresh_venv(projects: ProjectCache) -> None:
    """`python3 tasks.py test` (the generated README's second command) from scratch:
    creates .venv, installs the locked dependencies and the project, npm ci,
    builds, lints, type-checks, tests. The install is exactly the lock's set for
    this machine (by pip from requirements-dev.txt, or by uv from uv.lock when
    uv is on PATH; CI has no uv on PATH)."""
    project = projects.rendered({"project_name": "Fresh Start"})
    result = run(sys.executable, "tasks.py", "test", "-q", cwd=project, timeout=900)
    assert (project / ".venv").is_dir()
    assert re.search(r"\d+ passed", result.stdout), result.stdout[-3000:]
    by_uv = shutil.which("uv") is not None
    installer = "uv sync --locked" if by_uv else "pip install --quiet --require-hashes"
    assert installer in result.stdout, result.stdout[:3000]
    venv_python = project / ".venv" / "bin" / "python"
    differences = unlocked_differences(project, project / "requirements-dev.txt", venv_python)
    assert not differences, "\n".join(differences)

    assert_a_new_method_reaches_the_page_types(project, "fresh_start")

    # A pin moved in pyproject.toml without relocking: tasks.py says so and stops.
    pyproject = project / "pyproject.toml"
    pinned = pyproject.read_text(encoding="utf-8")
    assert '"starlette==1.9.0"' not in pinned
    pyproject.write_text(re.sub(r'"starlette==[^"]+"', '"starlette==1.9.0"', pinned))
    assert pyproject.read_text(encoding="utf-8") != pinned
    refused = run(
        sys.executable, "-c", "import tasks; tasks.ensure_venv()", cwd=project, check=False
    )
    assert refused.returncode != 0
    expected = "needs to be updated" if by_uv else "requirements-dev.txt does not satisfy"
    assert expected in refused.stderr, refused.stderr[-3000:]


# A page module calling the method NEW_METHOD_SOURCE adds: it compiles only
# once protocol.ts knows the method.
SHOUT_CALL_TS = """import type { Bridge } from "./bridge/client";

export async function shout(bridge: Bridge): Promise<string> {
  return (await bridge.call("shout", { text: "hi" })).text;
}
"""


def assert_a_new_method_reaches_the_page_types(project: Path, package: str) -> None:
    """After adding a method in app.py and a call to it in the page, `tasks.py
    build` regenerates protocol.ts before compiling, so the call type-checks."""
    app_py = project / "src" / package / "app.py"
    app_py.write_text(app_py.read_text() + NEW_METHOD_SOURCE)
    (project / "frontend" / "src" / "shout.ts").write_text(SHOUT_CALL_TS)
    run(sys.executable, "tasks.py", "build", cwd=project, timeout=600)
    protocol = (project / "frontend" / "src" / "bridge" / "protocol.ts").read_text()
    assert "ShoutParams" in protocol


# Answers full of characters that break naive templating in Python, TOML,
# JSON, HTML and YAML.
HOSTILE_ANSWERS = {
    "project_name": 'Ünïcode & <Tags> "Quoted" \\ App',
    "description": "Says \"hi\" & <b>bye</b>; C:\\path\\ 'single'",
    "author_name": 'O\'Brien "The Dev"',
    "port": 45678,
    "secure": False,
}


def test_hostile_answers_still_make_a_working_project(projects: ProjectCache) -> None:
    project = projects.built(HOSTILE_ANSWERS)
    package = "n_code_tags_quoted_app"
    assert (project / "src" / package).is_dir()
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["description"] == HOSTILE_ANSWERS["description"]
    assert pyproject["project"]["authors"] == [{"name": HOSTILE_ANSWERS["author_name"]}]
    assert_python_clean(project)
    assert_own_suite_passes(project)
