"""After an update, the user's imports of framework internals point at the
public API (generator/facade_imports.py): merged into one statement that the
project's own ruff accepts, and only where the facade exports every name."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from support import commit_generated, run, tool_env

from generator.facade_imports import facade_names, rewrite_to_facade, to_facade

PACKAGE = "facade_app"
EXPORTED = frozenset(
    {"Bridge", "WithBytes", "Desktop", "NotChosen", "EDIT_MENU", "QUIT", "MenuItem", "Separator",
     "Submenu", "SettingsStore", "settings_file", "run", "Limits"}
)  # fmt: skip
# app.py as projects made before the facade wrote it.
OLD_APP = (
    '"""Mine."""\n\n'
    "from __future__ import annotations\n\n"
    "import asyncio\n"
    "from pathlib import Path\n\n"
    "from .bridge.core import Bridge\n"
    "from .bridge.rpc import WithBytes\n"
    "from .desktop import Desktop, NotChosen\n"
    "from .desktop.menu import EDIT_MENU, QUIT, MenuItem, Separator, Submenu  # the menu\n"
    "from .desktop.settings import SettingsStore, settings_file\n"
    "from .protocol import Settings\n\n"
    "USED = (asyncio, Path, Bridge, WithBytes, Desktop, NotChosen, EDIT_MENU, QUIT, MenuItem)\n"
    "MORE = (Separator, Submenu, SettingsStore, settings_file, Settings)\n"
)
NEW_IMPORTS = (
    "from .deskwire import (\n"
    "    EDIT_MENU,\n    QUIT,\n    Bridge,\n    Desktop,\n    MenuItem,\n    NotChosen,\n"
    "    Separator,\n    SettingsStore,\n    Submenu,\n    WithBytes,\n    settings_file,\n"
    ")\n"
)


def test_neighbouring_imports_become_one_import_of_the_facade() -> None:
    rewritten, rewrites = to_facade(OLD_APP, f"src/{PACKAGE}/app.py", PACKAGE, EXPORTED)
    assert NEW_IMPORTS + "from .protocol import Settings\n" in rewritten
    assert ".bridge" not in rewritten and ".desktop" not in rewritten
    assert [(r.line, r.old, r.new) for r in rewrites] == [
        (8, ".bridge.core", ".deskwire"),
        (9, ".bridge.rpc", ".deskwire"),
        (10, ".desktop", ".deskwire"),
        (11, ".desktop.menu", ".deskwire"),
        (12, ".desktop.settings", ".deskwire"),
    ]
    assert to_facade(rewritten, f"src/{PACKAGE}/app.py", PACKAGE, EXPORTED)[1] == []


def test_an_import_of_a_name_the_facade_lacks_is_left_alone() -> None:
    source = "from .bridge.core import Bridge\nfrom .bridge.framing import FrameTooLarge\n"
    rewritten, rewrites = to_facade(source, f"src/{PACKAGE}/mine.py", PACKAGE, EXPORTED)
    assert rewritten == "from .deskwire import Bridge\nfrom .bridge.framing import FrameTooLarge\n"
    assert [r.old for r in rewrites] == [".bridge.core"]


def test_absolute_and_deeper_relative_imports_keep_their_style() -> None:
    test_source = f"from {PACKAGE}.bridge.core import Bridge\nfrom {PACKAGE}.deskwire import run\n"
    rewritten, _ = to_facade(test_source, "tests/test_mine.py", PACKAGE, EXPORTED)
    assert rewritten == f"from {PACKAGE}.deskwire import Bridge, run\n"
    deeper = "from ..desktop.menu import QUIT as LEAVE\n"
    rewritten, _ = to_facade(deeper, f"src/{PACKAGE}/sub/menus.py", PACKAGE, EXPORTED)
    assert rewritten == "from ..deskwire import QUIT as LEAVE\n"


def test_what_is_not_the_framework_or_not_top_level_stays() -> None:
    source = (
        "from .protocol import Settings\n"
        "from .bridge_helpers import Bridge\n"
        "try:\n    from .bridge.core import Bridge\nexcept ImportError:\n    pass\n"
    )
    assert to_facade(source, f"src/{PACKAGE}/mine.py", PACKAGE, EXPORTED) == (source, [])
    assert to_facade("from .bridge import (\n", f"src/{PACKAGE}/x.py", PACKAGE, EXPORTED)[1] == []


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("facade") / "facade-app"
    deskwire = shutil.which("deskwire", path=os.path.dirname(sys.executable))
    assert deskwire is not None
    run(
        deskwire,
        "new",
        root,
        "--defaults",
        "--window",
        "none",
        "--package",
        PACKAGE,
        env=tool_env(),
    )
    return root


def test_a_rendered_projects_old_style_module_is_rewritten_and_lint_clean(
    project: Path, tmp_path: Path
) -> None:
    work = tmp_path / "facade-app"
    shutil.copytree(project, work)
    made_by_the_template = {p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()}
    assert {"Bridge", "Desktop", "run", "settings_file"} <= facade_names(work, PACKAGE)
    mine = work / "src" / PACKAGE / "mine.py"
    mine.write_text(
        OLD_APP.replace(
            "from .protocol import Settings\n", "from .protocol import Tally as Settings\n"
        )
    )
    commit_generated(work)
    framework = work / "src" / PACKAGE / "deskwire" / "run.py"
    framework_before = framework.read_bytes()

    rewrites = rewrite_to_facade(work, made_by_the_template)

    assert {r.path for r in rewrites} == {f"src/{PACKAGE}/mine.py"}
    assert framework.read_bytes() == framework_before
    ruff = Path(sys.executable).parent / "ruff"
    for check in (["check", "--select", "I,F"], ["format", "--check"]):
        result = run(ruff, *check, mine, cwd=work, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    imported = run(
        sys.executable,
        "-c",
        f"import {PACKAGE}.mine as m, {PACKAGE}.deskwire as d; assert m.Bridge is d.Bridge",
        env={**os.environ, "PYTHONPATH": str(work / "src")},
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
