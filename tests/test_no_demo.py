"""`deskwire new --no-demo`: the project starts with one small method
(`greet`), one event (`greeted`) and a page that uses them, in each frontend;
nothing of the demo is generated, and every check and test still passes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import chromium, page_at
from conftest import ProjectCache, each_frontend
from playwright.sync_api import expect
from support import python_env, run, start_app
from test_variants import (
    PACKAGE,
    assert_own_suite_passes,
    assert_python_clean,
    assert_readme_is_the_users,
    run_own_pytest,
)

# What only the demo has: its handlers' tests, its React components, its handlers.
DEMO_ONLY = ("tests/test_demo.py", "frontend/src/demo")
DEMO_HANDLERS = ("add", "divide", "increment", "count_to", "hash_file", "make_file")


def no_demo(frontend: str) -> dict[str, object]:
    return {"frontend": frontend, "window": "none", "demo": False}


def test_without_the_demo_none_of_it_is_generated(projects: ProjectCache) -> None:
    project = projects.rendered(no_demo("react"))
    assert [path for path in DEMO_ONLY if (project / path).exists()] == []
    app = (project / "src" / PACKAGE / "app.py").read_text()
    assert "async def greet(" in app
    assert [name for name in DEMO_HANDLERS if f"def {name}(" in app] == []
    protocol_ts = (project / "frontend" / "src" / "bridge" / "protocol.ts").read_text()
    assert "  greet: {" in protocol_ts and "greeted: Greeted;" in protocol_ts
    assert "  add: {" not in protocol_ts and "progress" not in protocol_ts
    # The plumbing's tests stay, serving their own app.
    assert (project / "tests" / "plumbing_app.py").is_file()
    assert (project / "tests" / "test_greeting.py").is_file()


@pytest.mark.parametrize("frontend", each_frontend())
def test_without_the_demo_the_readme_names_the_greeting(
    projects: ProjectCache, frontend: str
) -> None:
    """The user's README, short and with its owner column, names this page's
    files and the greeting's tests, not the demo's."""
    project = projects.rendered(no_demo(frontend))
    assert_readme_is_the_users(project, no_demo(frontend))
    readme = (project / "README.md").read_text()
    assert "test_demo.py" not in readme and "frontend/src/demo" not in readme


@pytest.mark.parametrize("frontend", each_frontend())
def test_without_the_demo_the_page_builds_and_every_test_passes(
    projects: ProjectCache, frontend: str
) -> None:
    project = projects.built(no_demo(frontend))
    front = project / "frontend"
    scripts = json.loads((front / "package.json").read_text())["scripts"]
    if "typecheck" in scripts:  # the specs too (the build checks only the page)
        run("npm", "run", "typecheck", cwd=front)
    result = run("npm", "test", cwd=front)
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    assert re.search(r"Tests\s+\d+ passed", output), output[-3000:]
    if "lint" in scripts:
        run("npm", "run", "lint", cwd=front)
    if frontend == "vanilla":
        # The Python side is the same for every page: check and run it all once.
        assert_python_clean(project)
        assert_own_suite_passes(project)
    else:
        # The page this frontend built, served by the app, and its types.
        suite = ("tests/test_app.py", "tests/test_greeting.py", "tests/test_protocol_types.py")
        summary = run_own_pytest(project, *suite).stdout.strip().splitlines()[-1]
        assert "passed" in summary and "failed" not in summary, summary


@pytest.mark.parametrize("frontend", each_frontend())
def test_without_the_demo_the_page_greets_in_a_browser(
    projects: ProjectCache, frontend: str, tmp_path: Path
) -> None:
    """The page in real headless Chromium against the real app: its button
    calls `greet`, and the `greeted` event Python pushes shows. The app keeps
    its settings in a folder of its own: the session's other apps of the same
    name may have changed the greeting in theirs."""
    project = projects.built(no_demo(frontend))
    env = {**python_env(project), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    app = start_app(project, PACKAGE, "--port", "0", env=env)
    try:
        with chromium() as browser, page_at(browser, app.url) as page:
            expect(page.locator("#app-name")).to_have_text("Deskwire Demo")
            expect(page.locator("#connection-status")).to_have_attribute("data-state", "open")
            page.fill("#name", "Ada")
            page.click("#greet")
            expect(page.locator("#greeting")).to_have_text("Hello, Ada!")
            expect(page.locator("#greeted")).to_have_text("Ada (1 so far)")
    finally:
        app.kill()
