"""After an update, the user's imports of framework modules that moved are
rewritten to the new paths (generator/imports.py), and only the user's.

The table of moves is empty today (generator/moved_modules.py), so these tests
give one of their own and move the modules in a real rendered project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import commit_generated, run, tool_env

from generator.imports import moved_to, rewrite_moved_imports, rewrite_source
from generator.moved_modules import MOVED_MODULES

PACKAGE = "moved_app"
MOVES = {
    "{package}.bridge.core": "{package}.relocated.core",
    "{package}.desktop.menu": "{package}.relocated.menu",
}
# A module at a new path that is the old one (as a move leaves the code alone).
SHIM = "import sys\n\nfrom ..{old} import {name} as _moved\n\nsys.modules[__name__] = _moved\n"
USER_MODULE = "from .bridge.core import Bridge\n\nEXTRA = Bridge\n"
USER_TEST = (
    "from moved_app.bridge.core import Bridge  # the user's own test\n\n\n"
    "def test_it() -> None:\n    assert Bridge\n"
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("moved") / "moved-app"
    deskwire = shutil.which("deskwire", path=os.path.dirname(sys.executable))
    assert deskwire is not None
    run(deskwire, "new", root, "--defaults", "--window", "none", env=tool_env())
    return root


def test_the_table_is_empty_until_a_module_moves() -> None:
    assert MOVED_MODULES == {}


def test_the_longest_moved_prefix_wins() -> None:
    moves = {"{package}.bridge": "{package}.fw.bridge", "{package}.bridge.core": "{package}.rpc"}
    assert moved_to("app.bridge.core", moves, "app") == "app.rpc"
    assert moved_to("app.bridge.core.inner", moves, "app") == "app.rpc.inner"
    assert moved_to("app.bridge.server", moves, "app") == "app.fw.bridge.server"
    assert moved_to("app.bridgework", moves, "app") is None
    assert moved_to("app_process", {"app_process": "kit.app_process"}, "app") == "kit.app_process"


# A user module written against the inner paths, as app.py was before the facade.
OLD_STYLE_MODULE = (
    '"""Mine."""\n\n'
    "from .bridge.core import Bridge\n"
    "from .desktop.menu import EDIT_MENU, QUIT, MenuItem, Separator, Submenu  # menus\n"
    "from .protocol import Settings\n\n"
    "EXTRA = (Bridge, EDIT_MENU, QUIT, MenuItem, Separator, Submenu, Settings)\n"
)


def test_a_users_module_is_rewritten_in_its_import_lines_only() -> None:
    relpath = f"src/{PACKAGE}/mine.py"
    rewritten, rewrites = rewrite_source(OLD_STYLE_MODULE, relpath, PACKAGE, MOVES)
    assert [(r.old, r.new) for r in rewrites] == [
        (".bridge.core", ".relocated.core"),
        (".desktop.menu", ".relocated.menu"),
    ]
    changed = [
        (old, new)
        for old, new in zip(OLD_STYLE_MODULE.splitlines(), rewritten.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [
        ("from .bridge.core import Bridge", "from .relocated.core import Bridge"),
        (
            "from .desktop.menu import EDIT_MENU, QUIT, MenuItem, Separator, Submenu  # menus",
            "from .relocated.menu import EDIT_MENU, QUIT, MenuItem, Separator, Submenu  # menus",
        ),
    ]
    assert rewrite_source(rewritten, relpath, PACKAGE, MOVES)[1] == []  # nothing left to do


def test_the_users_code_imports_from_the_new_paths_after_a_move(
    project: Path, tmp_path: Path
) -> None:
    work = tmp_path / "moved-app"
    shutil.copytree(project, work)
    package = work / "src" / PACKAGE
    made_by_the_template = {p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()}
    (package / "handlers.py").write_text(USER_MODULE)
    (work / "tests" / "test_mine.py").write_text(USER_TEST)
    commit_generated(work)
    # The framework moves the two modules (the new paths alias the old code).
    (package / "relocated").mkdir()
    (package / "relocated" / "__init__.py").write_text("")
    (package / "relocated" / "core.py").write_text(SHIM.format(old="bridge", name="core"))
    (package / "relocated" / "menu.py").write_text(SHIM.format(old="desktop", name="menu"))
    framework_before = (package / "bridge" / "server.py").read_bytes()

    rewrites = rewrite_moved_imports(work, made_by_the_template, MOVES)

    # app.py imports the public API only: nothing of it moved.
    assert sorted({r.path for r in rewrites}) == [
        f"src/{PACKAGE}/handlers.py",
        "tests/test_mine.py",
    ]
    assert str(rewrites[0]).startswith(f"src/{PACKAGE}/handlers.py:")
    assert (package / "handlers.py").read_text().startswith("from .relocated.core import Bridge")
    assert (
        (work / "tests" / "test_mine.py")
        .read_text()
        .startswith(f"from {PACKAGE}.relocated.core import Bridge  # the user's own test")
    )
    # The framework's own files are not the user's: left as the template made them.
    assert (package / "bridge" / "server.py").read_bytes() == framework_before
    # The rewritten modules import, from the new paths.
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import {PACKAGE}.app, {PACKAGE}.handlers, sys; "
            f"assert '{PACKAGE}.relocated.core' in sys.modules; "
            f"assert {PACKAGE}.handlers.EXTRA is {PACKAGE}.app.bridge.__class__",
        ],
        env={**os.environ, "PYTHONPATH": str(work / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
