"""`deskwire doctor` and the warnings of `deskwire new`: the real CLI in a
process, with a missing tool made by a PATH without it and a missing library
by a library folder without it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO_ROOT, REQUIRE_TOOLS, require_tool

from generator import doctor

SYSTEM = doctor.current_system()


def cli_env(path: str | None = None, **extra: str) -> dict[str, str]:
    """This environment, running the worktree's deskwire, with no display and
    no library override unless given; `path` replaces PATH."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", doctor.LIBRARY_PATH_VARIABLE)
    }
    env["PYTHONPATH"] = str(REPO_ROOT)
    if path is not None:
        env["PATH"] = path
    env.update(extra)
    return env


def deskwire(*args: str | Path, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *(str(arg) for arg in args)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def bin_dir(tmp_path: Path, scripts: dict[str, str] | None = None) -> Path:
    """A PATH folder holding only `scripts` (name -> shell script body)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, body in (scripts or {}).items():
        script = folder / name
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(0o755)
    return folder


def line_of(output: str, check: str) -> str:
    """The report line of one check (any mark)."""
    lines = [line for line in output.splitlines() if line[2:].startswith(f"{check}:")]
    assert len(lines) == 1, f"no single {check!r} line in:\n{output}"
    return lines[0]


def fixes_of(output: str, check: str) -> list[str]:
    """The install commands printed under `check:`, in order."""
    lines = output.splitlines()
    start = lines.index(f"{check}:")
    fixes = []
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        fixes.append(line.strip())
    return fixes


def real_qt_libraries() -> dict[str, Path]:
    """Where this machine has each library of the native window."""
    found = {
        soname: doctor.find_library(soname, doctor.library_dirs()) for soname in doctor.QT_LIBRARIES
    }
    missing = [soname for soname, path in found.items() if path is None]
    if missing:
        message = f"Qt's X libraries missing here ({', '.join(missing)}): .ci/apt-packages.txt"
        if REQUIRE_TOOLS:
            pytest.fail(f"{message} (DESKWIRE_REQUIRE_TOOLS=1)")
        pytest.skip(message)
    return {soname: path for soname, path in found.items() if path is not None}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X libraries: Linux")
def test_all_present_passes_and_a_missing_display_only_warns(tmp_path: Path) -> None:
    node = require_tool("node", "for the Node.js check")
    require_tool("npm", "for the npm check")
    real_qt_libraries()
    result = deskwire("doctor", tmp_path, env=cli_env(), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert out.splitlines()[0].startswith("Checking for a webview project")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
    assert line_of(out, "Node.js").startswith(f"✓ Node.js: {version.strip().lstrip('v')} ")
    for check in ("Python", "Python venv with pip", "npm", "Qt window libraries", "disk space"):
        assert line_of(out, check).startswith("✓"), check
    assert f"all {len(doctor.QT_LIBRARIES)} found" in out
    assert line_of(out, "display").startswith("! display: neither DISPLAY nor WAYLAND_DISPLAY")

    with_display = deskwire("doctor", tmp_path, env=cli_env(DISPLAY=":42"), cwd=tmp_path)
    assert with_display.returncode == 0
    assert line_of(with_display.stdout, "display") == "✓ display: DISPLAY=:42"


def test_without_node_fails_and_says_how_to_install_it(tmp_path: Path) -> None:
    empty = bin_dir(tmp_path)
    result = deskwire("doctor", "--window", "none", env=cli_env(str(empty)), cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert line_of(result.stdout, "Node.js").startswith("✗ Node.js: node not on PATH")
    assert line_of(result.stdout, "npm").startswith("✗ npm: npm not on PATH")
    fixes = fixes_of(result.stdout, "Node.js")
    systems = [fix.split(":")[0] for fix in fixes]
    assert sorted(systems) == sorted(doctor.SYSTEMS)
    if SYSTEM is not None:
        assert systems[0] == SYSTEM  # this machine's command first
    assert f"Debian/Ubuntu: {doctor.NODE_FIXES[doctor.DEBIAN]}" in fixes
    assert "Windows: winget install OpenJS.NodeJS.LTS" in fixes


def test_an_old_node_fails_naming_its_version_and_the_minimum(tmp_path: Path) -> None:
    folder = bin_dir(tmp_path, {"node": "echo v20.18.0"})
    result = deskwire("doctor", "--window", "none", env=cli_env(str(folder)), cwd=tmp_path)
    assert result.returncode == 1
    line = line_of(result.stdout, "Node.js")
    assert line.startswith(f"✗ Node.js: 20.18.0 found ({folder / 'node'})"), line
    assert "^20.19" in line


def test_a_supported_node_passes(tmp_path: Path) -> None:
    folder = bin_dir(tmp_path, {"node": "echo v22.12.0"})
    result = deskwire("doctor", "--window", "none", env=cli_env(str(folder)), cwd=tmp_path)
    assert line_of(result.stdout, "Node.js") == f"✓ Node.js: 22.12.0 ({folder / 'node'})"


@pytest.mark.parametrize(
    ("text", "supported"),
    [
        ("v20.18.0", False),
        ("v20.18.9", False),
        ("v20.19.0", True),
        ("v20.20.2", True),
        ("v21.7.3", False),
        # Vite 8 loads ES modules with require(), which Node 22 has from 22.12.
        ("v22.0.0", False),
        ("v22.11.0", False),
        ("v22.12.0", True),
        ("v23.5.0", False),
        ("v24.0.0", True),
        ("v25.1.0", True),
    ],
)
def test_node_version_boundaries(text: str, supported: bool) -> None:
    version = doctor.parse_node_version(text)
    assert version is not None
    assert doctor.node_version_supported(version) is supported


def test_node_output_that_is_no_version_is_refused() -> None:
    assert doctor.parse_node_version("node: command not found") is None
    assert doctor.parse_node_version("v20") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X libraries: Linux")
def test_a_missing_qt_library_fails_naming_it_and_its_package(tmp_path: Path) -> None:
    libraries = tmp_path / "lib"
    libraries.mkdir()
    for soname, path in real_qt_libraries().items():
        if soname != "libxcb-cursor.so.0":
            (libraries / soname).symlink_to(path)
    # A file of that name that is no library does not count.
    (libraries / "libxcb-cursor.so.0").write_text("not a library")
    env = cli_env(**{doctor.LIBRARY_PATH_VARIABLE: str(libraries)})
    result = deskwire("doctor", env=env, cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    line = line_of(result.stdout, "Qt window libraries")
    assert line.startswith("✗ Qt window libraries: libxcb-cursor.so.0 not found in "), line
    fixes = fixes_of(result.stdout, "Qt window libraries")
    assert "Debian/Ubuntu: sudo apt install libxcb-cursor0" in fixes
    assert "Fedora: sudo dnf install xcb-util-cursor" in fixes

    (libraries / "libxcb-cursor.so.0").unlink()
    (libraries / "libxcb-cursor.so.0").symlink_to(real_qt_libraries()["libxcb-cursor.so.0"])
    result = deskwire("doctor", env=env, cwd=tmp_path)
    assert line_of(result.stdout, "Qt window libraries").startswith("✓")


def test_a_browser_window_without_a_browser_fails(tmp_path: Path) -> None:
    empty = bin_dir(tmp_path)
    result = deskwire("doctor", "--window", "browser", env=cli_env(str(empty)), cwd=tmp_path)
    assert result.returncode == 1
    assert line_of(result.stdout, "browser").startswith("✗ browser: no browser found")
    fixes = fixes_of(result.stdout, "browser")
    assert "Debian/Ubuntu: sudo apt install chromium" in fixes
    assert "macOS: brew install --cask google-chrome" in fixes
    assert "Windows: winget install Google.Chrome" in fixes


def test_firefox_alone_only_warns_and_chromium_passes(tmp_path: Path) -> None:
    folder = bin_dir(tmp_path, {"firefox": "exit 0", "chromium": "exit 0"})
    (folder / "chromium").rename(tmp_path / "chromium")
    result = deskwire("doctor", "--window", "browser", env=cli_env(str(folder)), cwd=tmp_path)
    assert line_of(result.stdout, "browser").startswith(f"! browser: {folder / 'firefox'}: ")
    assert "opens in a browser tab" in result.stdout

    (tmp_path / "chromium").rename(folder / "chromium")
    result = deskwire("doctor", "--window", "browser", env=cli_env(str(folder)), cwd=tmp_path)
    assert line_of(result.stdout, "browser").startswith(f"✓ browser: {folder / 'chromium'} ")


def test_new_without_git_fails_at_once_naming_it(tmp_path: Path) -> None:
    empty = bin_dir(tmp_path)
    dest = tmp_path / "my-app"
    result = deskwire("new", dest, "--defaults", env=cli_env(str(empty)), cwd=tmp_path)
    assert result.returncode != 0
    assert "git not on PATH" in result.stderr and "Traceback" not in result.stderr
    if SYSTEM is not None:
        assert doctor.GIT_FIXES[SYSTEM] in result.stderr
    assert not dest.exists()
    doctor_run = deskwire("doctor", env=cli_env(str(empty)), cwd=tmp_path)
    assert line_of(doctor_run.stdout, "git").startswith("✗ git: git not on PATH")


def test_new_warns_about_what_is_missing_and_still_succeeds(tmp_path: Path) -> None:
    # A machine with its basic tools and git (deskwire itself needs it, the
    # previous test), but no Node.js and no browser.
    empty = bin_dir(tmp_path)
    lacking = {"node", "npm", "npx", *doctor.APP_MODE_BROWSERS, *doctor.TAB_BROWSERS}
    for folder in (Path("/usr/bin"), Path("/bin")):
        for tool in folder.iterdir():
            link = empty / tool.name
            if tool.name not in lacking and not link.exists() and os.access(tool, os.X_OK):
                link.symlink_to(tool)
    dest = tmp_path / "my-app"
    result = deskwire(
        "new", dest, "--defaults", "--window", "browser", env=cli_env(str(empty)), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert (dest / "pyproject.toml").is_file() and (dest / "src" / "my_app").is_dir()
    assert "Next: cd" in result.stdout
    warning = result.stderr[result.stderr.index("lacks what the project needs") :]
    assert "✗ Node.js: node not on PATH" in warning
    assert "✗ browser: no browser found" in warning
    assert "deskwire doctor" in warning
    if SYSTEM is not None:  # this machine's command only
        assert f"{SYSTEM}: {doctor.BROWSER_FIXES[SYSTEM]}" in warning
        others = [name for name in doctor.SYSTEMS if name != SYSTEM]
        assert not any(f"{name}: " in warning for name in others), warning

    # The doctor reads the project's window from its answers.
    again = deskwire("doctor", dest, env=cli_env(str(empty)), cwd=tmp_path)
    assert again.stdout.splitlines()[0].startswith("Checking for a browser project")
    assert again.returncode == 1


def test_new_says_nothing_more_when_nothing_is_missing(tmp_path: Path) -> None:
    require_tool("node", "for the Node.js check")
    require_tool("npm", "for the npm check")
    dest = tmp_path / "app"
    result = deskwire("new", dest, "--defaults", "--window", "none", env=cli_env(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "lacks" not in result.stderr, result.stderr


def test_bad_window_is_one_line_naming_the_flag(tmp_path: Path) -> None:
    result = deskwire("doctor", "--window", "qt", env=cli_env(), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "deskwire: error: --window must be one of: webview, browser, none (got 'qt')"
    ]


def test_disk_space_is_checked_where_the_project_will_go(tmp_path: Path) -> None:
    check = doctor.disk_check(tmp_path / "not" / "yet")
    free = shutil.disk_usage(tmp_path).free
    assert check.found.endswith(f"free in {tmp_path.resolve()}")
    assert check.status == ("ok" if free >= doctor.DISK_WARNING_BYTES else "warning")


def test_a_project_with_an_unknown_window_is_one_line_naming_its_answers(tmp_path: Path) -> None:
    answers = tmp_path / ".copier-answers.yml"
    answers.write_text("window: qt\n")
    result = deskwire("doctor", tmp_path, env=cli_env(), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"deskwire: error: {answers}: window must be one of: webview, browser, none (got 'qt')"
    ]
