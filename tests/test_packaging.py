"""`python3 tasks.py package` makes a program users run with no Python, no
Node and no source tree: each package is unpacked into a fresh directory and
started with a bare environment (`env -i PATH=/usr/bin:/bin`), as a user's
machine would. Headless, real Chromium uses the demo through it (a typed call,
events, files both ways, a cut connection); the native window shows the
connected page under Xvfb; the .deb installs, runs and leaves nothing behind.

Three variants, one per window mode, each with another transport or frontend
(packaging is slow: each is frozen once per test session and worker)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import demo_page
import httpx
import pytest
from browser import chromium
from chaos_proxy import chaos_proxy
from conftest import ProjectCache, pair_id
from display import VirtualDisplay
from playwright.sync_api import expect
from support import (
    REQUIRE_TOOLS,
    AppProcess,
    copy_sources,
    require_tool,
    run,
    start_program,
    trade_launch_code,
)
from window_checks import close_until_exit, wait_for_page

PACKAGE = "deskwire_demo"
PROGRAM = "deskwire-demo"
TITLE = "Deskwire Demo"
VERSION = "0.1.0"
BARE_PATH = "/usr/bin:/bin"
VARIANTS = {
    "webview": {"transport": "websocket", "frontend": "vanilla", "window": "webview"},
    "none": {"transport": "sse", "frontend": "angular", "window": "none"},
    "browser": {"transport": "websocket", "frontend": "react", "window": "browser"},
}
# The `none` variant is packaged with the generated README's own command.
THROUGH_TASKS = "none"


def each_variant(*names: str) -> list[object]:
    return [
        pytest.param(name, id=name, marks=pytest.mark.xdist_group(pair_id(VARIANTS[name])))
        for name in names or VARIANTS
    ]


@dataclass(frozen=True)
class Packages:
    project: Path
    tarball: Path
    deb: Path


_made: dict[str, Packages] = {}


def packages(projects: ProjectCache, name: str) -> Packages:
    """The variant's packages, made once per worker (fast compression: the
    formats are the same, the sizes are the benchmarks' business)."""
    if name not in _made:
        project = projects.built(VARIANTS[name])
        if name == THROUGH_TASKS:
            command = [sys.executable, "tasks.py", "package", "--compression", "fast"]
        else:
            command = [
                sys.executable,
                "packaging/package.py",
                "--package",
                PACKAGE,
                "--compression",
                "fast",
            ]
        run(*command, cwd=project, timeout=1200)
        dist = project / "dist"
        (tarball,) = dist.glob(f"{PROGRAM}-{VERSION}-linux-*.tar.gz")
        (deb,) = dist.glob(f"{PROGRAM}_{VERSION}_*.deb")
        _made[name] = Packages(project, tarball, deb)
    return _made[name]


def unpack(tarball: Path, into: Path) -> Path:
    """The tarball unpacked as a user would, far from the project; its folder."""
    with tarfile.open(tarball) as archive:
        archive.extractall(into, filter="tar")
    (folder,) = into.iterdir()
    return folder


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """What `env -i` leaves a program, plus a home of its own: no venv, no Node."""
    return {"PATH": BARE_PATH, "HOME": str(home), **extra}


def start_frozen(program: Path, home: Path, *args: str, **env: str) -> AppProcess:
    app = start_program([program, "--port", "0", *args], home, bare_env(home, **env))
    assert "#launch=" in app.url, app.url
    return app


def stop(app: AppProcess) -> None:
    app.process.send_signal(signal.SIGTERM)
    assert app.wait(30) == 0, app.stderr[-3000:]
    assert "Traceback" not in app.stderr, app.stderr[-3000:]


@pytest.mark.parametrize("name", each_variant())
def test_packages_hold_the_program_its_icon_and_desktop_entry_and_nothing_else(
    projects: ProjectCache, tmp_path: Path, name: str
) -> None:
    made = packages(projects, name)
    folder = unpack(made.tarball, tmp_path)
    assert folder.name == f"{PROGRAM}-{VERSION}-linux-{os.uname().machine}"
    assert os.access(folder / PROGRAM, os.X_OK)
    assert (folder / f"{PROGRAM}.png").is_file()
    entry = (folder / f"{PROGRAM}.desktop").read_text()
    assert f"Name={TITLE}\n" in entry and f"Exec={PROGRAM}\n" in entry
    internal = folder / "_internal"
    assert (internal / PACKAGE / "static" / "index.html").is_file()
    # No dev tools, and a toolkit only where a native window needs one.
    for absent in ("pytest", "_pytest", "hypothesis", "mypy", "PIL", "numpy", "PyInstaller"):
        assert not (internal / absent).exists(), absent
    assert (internal / "PyQt6").exists() == (VARIANTS[name]["window"] == "webview")
    dangling = [str(path) for path in folder.rglob("*") if path.is_symlink() and not path.exists()]
    assert not dangling, dangling
    fields = run("dpkg-deb", "--field", made.deb, "Package", "Version").stdout
    assert fields.split() == ["Package:", PROGRAM, "Version:", VERSION]


@pytest.mark.parametrize("name", each_variant())
def test_the_unpacked_program_serves_the_demo_to_a_browser(
    projects: ProjectCache, tmp_path: Path, name: str
) -> None:
    made = packages(projects, name)
    program = unpack(made.tarball, tmp_path / "unpacked") / PROGRAM
    home = tmp_path / "home"
    home.mkdir()
    headless = () if VARIANTS[name]["window"] == "none" else ("--headless",)
    app = start_frozen(program, home, *headless)
    port = urlsplit(app.url).port
    try:
        with chaos_proxy(port or 0) as proxy:
            # The page asks for localhost:<port>; Chromium reaches it through
            # the proxy, which cuts every connection when told to.
            route = f"--host-resolver-rules=MAP localhost:{port} 127.0.0.1:{proxy.port}"
            with chromium(route) as browser:
                page = browser.new_page(accept_downloads=True)
                page.goto(app.url.replace("127.0.0.1", "localhost", 1))
                status = page.locator("#connection-status")
                expect(status).to_have_attribute("data-state", "open")
                demo_page.typed_call_answers(page)
                demo_page.events_arrive_in_order(page, 200)
                demo_page.files_move_both_ways_intact(page, tmp_path, 2 * 2**20, 3 * 2**20)
                assert proxy.cut_all() >= 1
                expect(status).to_have_attribute("data-state", "open", timeout=30_000)
                demo_page.events_arrive_in_order(page, 100, already=200)
        stop(app)
    finally:
        app.kill()


@pytest.mark.parametrize("name", each_variant("webview"))
def test_the_unpacked_program_shows_its_window(
    projects: ProjectCache, xdisplay: VirtualDisplay, tmp_path: Path, name: str
) -> None:
    made = packages(projects, name)
    program = unpack(made.tarball, tmp_path / "unpacked") / PROGRAM
    home = tmp_path / "home"
    home.mkdir()
    # Only the display (and, as root, Qt WebEngine's sandbox off) on top of a bare environment.
    display = {
        name: value
        for name, value in xdisplay.env().items()
        if name in ("DISPLAY", "QT_QPA_PLATFORM", "QTWEBENGINE_CHROMIUM_FLAGS")
    }
    for close in ("window", "SIGTERM"):
        app = start_frozen(program, home, **display)
        try:
            wait_for_page(xdisplay, tmp_path / f"frozen-{close}.png", TITLE)
            assert trade_launch_code(app.url) == 403  # the window got in
            if close == "window":
                assert close_until_exit(xdisplay, app, TITLE) == 0, app.stderr[-3000:]
            else:
                stop(app)
            assert "Traceback" not in app.stderr
        finally:
            app.kill()


@pytest.mark.parametrize("name", each_variant(THROUGH_TASKS))
def test_the_deb_installs_runs_and_removes_cleanly(
    projects: ProjectCache, tmp_path: Path, name: str
) -> None:
    if os.geteuid() != 0:
        message = "installing a .deb needs root (CI runs as root)"
        if REQUIRE_TOOLS:
            pytest.fail(f"{message}; DESKWIRE_REQUIRE_TOOLS=1 allows no skip")
        pytest.skip(message)
    validate = require_tool("desktop-file-validate", "(apt: desktop-file-utils)")
    made = packages(projects, name)
    run("dpkg", "--install", made.deb)
    try:
        installed = run("dpkg", "--listfiles", PROGRAM).stdout.split()
        files = [Path(path) for path in installed if Path(path).is_file()]
        assert Path(f"/opt/{PROGRAM}/{PROGRAM}") in files
        entry = Path(f"/usr/share/applications/{PROGRAM}.desktop")
        assert entry in files
        run(validate, entry)
        assert Path(f"/usr/share/icons/hicolor/256x256/apps/{PROGRAM}.png") in files
        # Installed-Size: what the installed files take, each symlink as a link.
        claimed = run("dpkg-deb", "--field", made.deb, "Installed-Size").stdout.strip()
        on_disk = [Path(p) for p in installed if Path(p).is_symlink() or Path(p).is_file()]
        assert int(claimed) == sum(-(-p.lstat().st_size // 1024) for p in on_disk)
        # The command on PATH, from a bare environment.
        home = tmp_path / "home"
        home.mkdir()
        app = start_program([PROGRAM, "--port", "0"], home, bare_env(home))
        try:
            assert httpx.get(app.url.split("#")[0]).status_code == 200
            assert trade_launch_code(app.url) == 200
            stop(app)
        finally:
            app.kill()
    finally:
        run("dpkg", "--remove", PROGRAM)
    left = [path for path in files if path.exists() or path.is_symlink()]
    assert not left, left
    assert not Path(f"/opt/{PROGRAM}").exists()
    assert subprocess.run(["which", PROGRAM], capture_output=True).returncode != 0


@pytest.mark.parametrize("name", each_variant(THROUGH_TASKS))
def test_python_m_build_makes_a_wheel_that_serves_the_page(
    projects: ProjectCache, tmp_path: Path, name: str
) -> None:
    project = projects.built(VARIANTS[name])
    out = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--outdir", out, cwd=project, timeout=600)
    (wheel,) = out.glob("*.whl")
    fresh = tmp_path / "fresh"
    run(sys.executable, "-m", "venv", fresh)
    run(fresh / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, timeout=600)
    home = tmp_path / "home"
    home.mkdir()
    app = start_program([fresh / "bin" / PROGRAM, "--port", "0"], home, bare_env(home))
    try:
        assert httpx.get(app.url.split("#")[0]).status_code == 200
        stop(app)
    finally:
        app.kill()


def test_a_wheel_without_the_built_page_is_refused_by_name(
    projects: ProjectCache, tmp_path: Path
) -> None:
    project = copy_sources(projects.rendered({"window": "none"}), tmp_path / "project")
    result = run(sys.executable, "-m", "build", "--wheel", cwd=project, check=False, timeout=600)
    assert result.returncode != 0
    assert "run `python3 tasks.py build` first" in result.stdout + result.stderr
