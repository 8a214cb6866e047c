"""What a deskwire project needs from this machine, and how to install what is missing.

`deskwire doctor` prints these checks, and `deskwire new` warns with them after
rendering, so that a missing Node, an old one, Qt's X libraries or a browser is
named before `tasks.py run` fails on it, together with the command that installs
it on Debian/Ubuntu, Fedora, macOS and Windows.

Each check looks the real thing up (the running Python, `node --version`,
shared libraries in the directories the dynamic loader searches, the browser
executables on PATH), never a package database: what counts is what the app
will find when it starts.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Status = Literal["ok", "missing", "warning"]

DEBIAN = "Debian/Ubuntu"
FEDORA = "Fedora"
MACOS = "macOS"
WINDOWS = "Windows"
SYSTEMS = (DEBIAN, FEDORA, MACOS, WINDOWS)

# What the generated pyproject.toml declares (requires-python).
PYTHON_MINIMUM = (3, 11)

# The Node versions every generated frontend runs on: Vite 8 needs
# ^20.19 || >=22.12 (it loads ES modules with require()), Angular 21
# ^20.19 || ^22.12 || >=24. Each range: (lowest, first version above it).
NODE_RANGES: tuple[tuple[tuple[int, int, int], tuple[int, int, int] | None], ...] = (
    ((20, 19, 0), (21, 0, 0)),
    ((22, 12, 0), (23, 0, 0)),
    ((24, 0, 0), None),
)
NODE_RANGE_TEXT = "^20.19 || ^22.12 || >=24"

# Set to directories (os.pathsep-separated) to look for the Qt window's
# libraries only there, instead of where the dynamic loader looks: to check a
# library folder you ship or a container image's.
LIBRARY_PATH_VARIABLE = "DESKWIRE_LIBRARY_PATH"

# The system libraries the native window (pywebview's Qt backend: PyQt6 and
# PyQt6-WebEngine) loads on Linux, with the packages that install them. They
# are the NEEDED entries of PyQt6's xcb platform plugin (libqxcb.so,
# libQt6XcbQpa), libQt6Gui and libQt6WebEngineCore, without the libraries
# every desktop Linux has (libc, libstdc++, zlib, glib, fontconfig, D-Bus...).
# The Debian names are those of .ci/apt-packages.txt, which CI installs.
QT_LIBRARIES: dict[str, tuple[str, str]] = {
    # soname: (Debian/Ubuntu package, Fedora package)
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-dri3.so.0": ("libxcb-dri3-0", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libXcomposite.so.1": ("libxcomposite1", "libXcomposite"),
    "libXdamage.so.1": ("libxdamage1", "libXdamage"),
    "libXext.so.6": ("libxext6", "libXext"),
    "libXfixes.so.3": ("libxfixes3", "libXfixes"),
    "libXrandr.so.2": ("libxrandr2", "libXrandr"),
    "libXtst.so.6": ("libxtst6", "libXtst"),
    "libxkbfile.so.1": ("libxkbfile1", "libxkbfile"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libgbm.so.1": ("libgbm1", "mesa-libgbm"),
    "libnspr4.so": ("libnspr4", "nspr"),
    "libnss3.so": ("libnss3", "nss"),
    "libnssutil3.so": ("libnss3", "nss-util"),
    "libsmime3.so": ("libnss3", "nss"),
}

# Browsers the generated app opens as an app-mode window (its own window, whose
# closing ends the app); the same names as the template's browser_window.py.
APP_MODE_BROWSERS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "msedge",
    "brave-browser",
)
# Browsers that can only show the page in a tab of their own.
TAB_BROWSERS = ("firefox",)
MACOS_BROWSER_APPS = ("Google Chrome", "Chromium", "Microsoft Edge", "Brave Browser", "Firefox")
WINDOWS_BROWSER_EXES = (
    r"Google\Chrome\Application\chrome.exe",
    r"Microsoft\Edge\Application\msedge.exe",
    r"BraveSoftware\Brave-Browser\Application\brave.exe",
    r"Mozilla Firefox\firefox.exe",
)

# Measured on a rendered webview project (Linux, 2026-11): .venv with the dev
# extras 708 MB (PyQt6 alone 526 MB), frontend/node_modules 90 MB (vanilla),
# 182 MB (React), 360 MB (Angular); `tasks.py package` writes ~1.2 GB more.
DISK_WARNING_BYTES = 2 * 1024**3
DISK_NEEDS_TEXT = (
    "a webview project takes up to 1.1 GB once set up (.venv with Qt ~0.7 GB, "
    "node_modules 0.1-0.36 GB), and `tasks.py package` ~1.2 GB more"
)


@dataclass(frozen=True)
class Check:
    """One thing a project needs: what was found, and how to install it when
    it is missing (a command per operating system, see SYSTEMS)."""

    name: str
    status: Status
    found: str
    fixes: dict[str, str] = field(default_factory=dict)

    @property
    def required_and_missing(self) -> bool:
        return self.status == "missing"


def checks(window: str, where: Path) -> list[Check]:
    """Every check for a project with this window ("webview", "browser" or
    "none") that is, or will be, in `where`."""
    found = [python_check(), venv_check(), node_check(), npm_check(), git_check()]
    linux = sys.platform.startswith("linux")
    if window == "webview" and linux:
        found.append(qt_libraries_check(library_dirs()))
    if window == "browser":
        found.append(browser_check())
    if window in ("webview", "browser") and linux:
        found.append(display_check(window))
    found.append(disk_check(where))
    return found


def current_system() -> str | None:
    """This machine as one of SYSTEMS, or None (another Linux, a BSD...)."""
    if sys.platform == "darwin":
        return MACOS
    if sys.platform == "win32":
        return WINDOWS
    if not sys.platform.startswith("linux"):
        return None
    try:
        release = platform.freedesktop_os_release()
    except OSError:
        return None
    family = {release.get("ID", ""), *release.get("ID_LIKE", "").split()}
    if family & {"debian", "ubuntu"}:
        return DEBIAN
    if family & {"fedora", "rhel", "centos"}:
        return FEDORA
    return None


# --- Python -----------------------------------------------------------------

PYTHON_FIXES = {
    DEBIAN: "sudo apt install python3 python3-venv",
    FEDORA: "sudo dnf install python3",
    MACOS: "brew install python@3.12",
    WINDOWS: "winget install Python.Python.3.12",
}


def python_check() -> Check:
    version = ".".join(str(part) for part in sys.version_info[:3])
    minimum = ".".join(str(part) for part in PYTHON_MINIMUM)
    if sys.version_info[:2] >= PYTHON_MINIMUM:
        return Check("Python", "ok", f"{version} ({sys.executable})")
    return Check(
        "Python",
        "missing",
        f"{version} found ({sys.executable}); projects need >= {minimum}",
        PYTHON_FIXES,
    )


def venv_check() -> Check:
    """tasks.py makes .venv with `venv.create(with_pip=True)`, which needs
    ensurepip: Debian and Ubuntu leave it out of python3 (python3-venv)."""
    if importlib.util.find_spec("ensurepip") is not None:
        return Check("Python venv with pip", "ok", "ensurepip present")
    minor = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return Check(
        "Python venv with pip",
        "missing",
        f"this Python ({sys.executable}) has no ensurepip: tasks.py cannot create .venv",
        {**PYTHON_FIXES, DEBIAN: f"sudo apt install python{minor}-venv"},
    )


# --- Node.js and npm ---------------------------------------------------------

NODE_FIXES = {
    # Debian 12 and Ubuntu 24.04 ship Node 18: NodeSource's current LTS (with npm).
    DEBIAN: "curl -fsSL https://deb.nodesource.com/setup_22.x | sudo -E bash - "
    "&& sudo apt-get install -y nodejs",
    FEDORA: "sudo dnf install nodejs22 nodejs22-npm",
    MACOS: "brew install node",
    WINDOWS: "winget install OpenJS.NodeJS.LTS",
}
# npm comes with Node.js from each of these (Debian's own npm package would
# pull in Debian's Node 18).
NPM_FIXES = NODE_FIXES


def parse_node_version(text: str) -> tuple[int, int, int] | None:
    """`v20.19.0` (what `node --version` prints) as (20, 19, 0)."""
    match = re.fullmatch(r"\s*v?(\d+)\.(\d+)\.(\d+)\S*\s*", text)
    if match is None:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def node_version_supported(version: tuple[int, int, int]) -> bool:
    return any(
        lowest <= version and (above is None or version < above) for lowest, above in NODE_RANGES
    )


def _version_output(executable: str) -> tuple[str | None, str]:
    """(stdout, "") of `executable --version`, or (None, why it failed)."""
    try:
        result = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"{executable} --version failed: {error}"
    if result.returncode != 0:
        return None, f"{executable} --version exited {result.returncode}"
    return result.stdout.strip(), ""


def node_check() -> Check:
    executable = shutil.which("node")
    if executable is None:
        return Check(
            "Node.js", "missing", f"node not on PATH; projects need {NODE_RANGE_TEXT}", NODE_FIXES
        )
    output, why = _version_output(executable)
    if output is None:
        return Check("Node.js", "missing", why, NODE_FIXES)
    version = parse_node_version(output)
    if version is None:
        return Check("Node.js", "missing", f"{executable} printed {output!r}", NODE_FIXES)
    text = ".".join(str(part) for part in version)
    if not node_version_supported(version):
        return Check(
            "Node.js",
            "missing",
            f"{text} found ({executable}); projects need {NODE_RANGE_TEXT} "
            "(Vite 8 and Angular 21 refuse others)",
            NODE_FIXES,
        )
    return Check("Node.js", "ok", f"{text} ({executable})")


def npm_check() -> Check:
    executable = shutil.which("npm")
    if executable is None:
        return Check("npm", "missing", "npm not on PATH", NPM_FIXES)
    output, why = _version_output(executable)
    if output is None:
        return Check("npm", "missing", why, NPM_FIXES)
    return Check("npm", "ok", f"{output} ({executable})")


# --- git ---------------------------------------------------------------------

GIT_FIXES = {
    DEBIAN: "sudo apt install git",
    FEDORA: "sudo dnf install git",
    MACOS: "xcode-select --install",
    WINDOWS: "winget install Git.Git",
}


def git_check() -> Check:
    """deskwire itself needs git: copier reads the template's history, so a
    project records its version and `deskwire update` can merge the next one."""
    executable = shutil.which("git")
    if executable is None:
        return Check(
            "git",
            "missing",
            "git not on PATH; deskwire new and update need it (the template's history)",
            GIT_FIXES,
        )
    output, why = _version_output(executable)
    if output is None:
        return Check("git", "missing", why, GIT_FIXES)
    return Check("git", "ok", f"{output.removeprefix('git version ')} ({executable})")


# --- The native window's libraries (Linux) ------------------------------------


def library_dirs() -> list[Path]:
    """Where the dynamic loader looks for a library: LD_LIBRARY_PATH, the
    directories of its cache (ldconfig), the default ones; or only those of
    DESKWIRE_LIBRARY_PATH when it is set."""
    override = os.environ.get(LIBRARY_PATH_VARIABLE)
    if override is not None:
        return [Path(entry) for entry in override.split(os.pathsep) if entry]
    dirs = [Path(entry) for entry in os.environ.get("LD_LIBRARY_PATH", "").split(":") if entry]
    dirs += _ldconfig_dirs()
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    for root in ("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib"):
        if multiarch:
            dirs.append(Path(root) / multiarch)
        dirs.append(Path(root))
    return list(dict.fromkeys(dirs))


def _ldconfig_dirs() -> list[Path]:
    """The directories of the loader's cache (`ldconfig -p`), in its order."""
    candidates = [shutil.which("ldconfig"), "/sbin/ldconfig", "/usr/sbin/ldconfig"]
    executable = next((c for c in candidates if c and os.access(c, os.X_OK)), None)
    if executable is None:
        return []
    try:
        listing = subprocess.run(
            [executable, "-p"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    found = re.findall(r"=>\s*(\S+)\s*$", listing, flags=re.MULTILINE)
    return list(dict.fromkeys(Path(path).parent for path in found))


def _elf_kind(path: Path) -> bytes | None:
    """Word size, byte order and machine of an ELF file; None if not one."""
    try:
        with path.open("rb") as file:
            header = file.read(20)
    except OSError:
        return None
    if len(header) < 20 or header[:4] != b"\x7fELF":
        return None
    return header[4:6] + header[18:20]


def find_library(soname: str, dirs: Iterable[Path]) -> Path | None:
    """The first `soname` in `dirs` that this Python could load: an ELF file
    built for the same machine (a 32-bit copy in another directory does not count)."""
    wanted = _elf_kind(Path(os.path.realpath(sys.executable)))
    for directory in dirs:
        candidate = directory / soname
        kind = _elf_kind(candidate)
        if kind is not None and (wanted is None or kind == wanted):
            return candidate
    return None


def qt_libraries_check(dirs: list[Path]) -> Check:
    missing = [soname for soname in QT_LIBRARIES if find_library(soname, dirs) is None]
    name = "Qt window libraries"
    if not missing:
        return Check(name, "ok", f"all {len(QT_LIBRARIES)} found")
    debian = sorted({QT_LIBRARIES[soname][0] for soname in missing})
    fedora = sorted({QT_LIBRARIES[soname][1] for soname in missing})
    where = (
        f" in {LIBRARY_PATH_VARIABLE}={os.environ[LIBRARY_PATH_VARIABLE]}"
        if LIBRARY_PATH_VARIABLE in os.environ
        else ""
    )
    return Check(
        name,
        "missing",
        f"{', '.join(missing)} not found{where}; the native window cannot open without them",
        {
            DEBIAN: "sudo apt install " + " ".join(debian),
            FEDORA: "sudo dnf install " + " ".join(fedora),
        },
    )


def display_check(window: str) -> Check:
    """A warning, not a failure: a webview app without a display runs headless."""
    for variable in ("WAYLAND_DISPLAY", "DISPLAY"):
        if os.environ.get(variable):
            return Check("display", "ok", f"{variable}={os.environ[variable]}")
    without = (
        "the app runs headless (it prints its URL)"
        if window == "webview"
        else "the browser cannot open its window (the app prints the page's URL)"
    )
    return Check(
        "display",
        "warning",
        f"neither DISPLAY nor WAYLAND_DISPLAY is set: {without}; "
        "start it in a desktop session to see a window",
        {DEBIAN: "sudo apt install xvfb && xvfb-run -a python3 tasks.py run   # a virtual one"},
    )


# --- A browser (window: browser) -----------------------------------------------

BROWSER_FIXES = {
    DEBIAN: "sudo apt install chromium",
    FEDORA: "sudo dnf install chromium",
    MACOS: "brew install --cask google-chrome",
    WINDOWS: "winget install Google.Chrome",
}


def _installed_browser_apps() -> list[str]:
    """Browsers installed where macOS and Windows put them (not on PATH)."""
    if sys.platform == "darwin":
        roots = [Path("/Applications"), Path.home() / "Applications"]
        return [
            str(root / f"{app}.app")
            for app in MACOS_BROWSER_APPS
            for root in roots
            if (root / f"{app}.app").is_dir()
        ]
    if sys.platform == "win32":
        roots = [
            os.environ.get(variable, "")
            for variable in ("ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA")
        ]
        return [
            str(Path(root) / exe)
            for exe in WINDOWS_BROWSER_EXES
            for root in roots
            if root and (Path(root) / exe).is_file()
        ]
    return []


def browser_check() -> Check:
    for name in APP_MODE_BROWSERS:
        path = shutil.which(name)
        if path:
            return Check("browser", "ok", f"{path} (the page opens in an app-mode window)")
    others = [path for name in TAB_BROWSERS if (path := shutil.which(name))]
    others += _installed_browser_apps()
    if others:
        return Check(
            "browser",
            "warning",
            f"{others[0]}: the page opens in a browser tab; an app-mode window "
            f"(closing it ends the app) needs one of {', '.join(APP_MODE_BROWSERS)} on PATH",
            BROWSER_FIXES,
        )
    return Check(
        "browser",
        "missing",
        f"no browser found (looked for {', '.join(APP_MODE_BROWSERS + TAB_BROWSERS)} on PATH)",
        BROWSER_FIXES,
    )


# --- Disk space -------------------------------------------------------------------


def disk_check(where: Path) -> Check:
    existing = where.resolve()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    free = shutil.disk_usage(existing).free
    text = f"{free / 1024**3:.1f} GiB free in {existing}"
    if free < DISK_WARNING_BYTES:
        return Check("disk space", "warning", f"only {text}: {DISK_NEEDS_TEXT}")
    return Check("disk space", "ok", text)


# --- Reporting --------------------------------------------------------------------


def _marks(encoding: str | None) -> dict[Status, str]:
    """✓ ✗ ! where the terminal can show them (a Windows code page may not)."""
    try:
        "✓✗".encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return {"ok": "ok", "missing": "MISSING", "warning": "warning"}
    return {"ok": "✓", "missing": "✗", "warning": "!"}


def _fix_lines(check: Check, system: str | None, indent: str, every_system: bool) -> list[str]:
    ordered = [system] if system in check.fixes else []
    if every_system or not ordered:
        ordered += [name for name in SYSTEMS if name in check.fixes and name != system]
    return [f"{indent}{name}: {check.fixes[name]}" for name in ordered]


def report(results: list[Check], system: str | None, encoding: str | None) -> list[str]:
    """`deskwire doctor`'s output: a line per check, then each missing piece
    with its install command, this system's first."""
    marks = _marks(encoding)
    lines = [f"{marks[check.status]} {check.name}: {check.found}" for check in results]
    for check in results:
        if check.status != "ok" and check.fixes:
            lines += ["", f"{check.name}:", *_fix_lines(check, system, "  ", every_system=True)]
    return lines


def missing_summary(results: list[Check], system: str | None, encoding: str | None) -> list[str]:
    """The short block `deskwire new` prints: only what is missing, with this
    system's install command (or every system's when this one is unknown)."""
    marks = _marks(encoding)
    lines: list[str] = []
    for check in results:
        if check.required_and_missing:
            lines.append(f"  {marks['missing']} {check.name}: {check.found}")
            lines += _fix_lines(check, system, "      ", every_system=False)
    return lines
