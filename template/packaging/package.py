# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""`python3 tasks.py package`: the app as a program users install, needing no
Python, Node or source tree on their machine.

PyInstaller freezes it into one folder (app.spec), which is then wrapped for
the OS this runs on (PyInstaller cannot build for another OS; the workflow in
.github/workflows/package.yml builds on all three):

- Linux: dist/<app>-<version>-linux-<arch>.tar.gz (the folder, its icon and a
  desktop entry) and dist/<app>_<version>_<arch>.deb (installs under
  /opt/<app>, with the command on PATH, the desktop entry and the icon);
- Windows: dist/<app>-<version>-windows-<arch>.zip (the folder, <app>.exe in it);
- macOS: dist/<app>-<version>-macos-<arch>.zip (the <Title>.app bundle).

Run it through tasks.py, which builds the page and installs PyInstaller first.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "app.spec"
WORK = ROOT / "build" / "package"
DIST = ROOT / "dist"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@dataclass(frozen=True)
class App:
    """What the packages say about the app."""

    package: str  # the Python package
    program: str  # the command, and the name of the frozen folder
    title: str  # what users see
    version: str
    description: str
    maintainer: str

    @staticmethod
    def of(package: str) -> App:
        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        sys.path.insert(0, str(ROOT / "src"))
        title = str(importlib.import_module(f"{package}.app").TITLE)
        authors = project.get("authors") or [{"name": "unknown"}]
        return App(
            package=package,
            program=project["name"],
            title=title,
            version=project["version"],
            description=project.get("description") or title,
            maintainer=authors[0].get("name") or "unknown",
        )

    @property
    def icon(self) -> Path:
        return ROOT / "src" / self.package / "icon.png"


def freeze(app: App) -> Path:
    """The one-folder program (PyInstaller, from app.spec)."""
    icons = WORK / "icons"
    icons.mkdir(parents=True, exist_ok=True)
    master = Image.open(app.icon)
    master.save(icons / "app.ico", sizes=[(size, size) for size in ICON_SIZES if size <= 256])
    master.save(icons / "app.icns")
    env = {
        **os.environ,
        "APP_ICON_ICO": str(icons / "app.ico"),
        "APP_ICON_ICNS": str(icons / "app.icns"),
    }
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(WORK / "dist"),
        "--workpath",
        str(WORK / "work"),
        str(SPEC),
    ]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return WORK / "dist" / app.program


def desktop_entry(app: App, command: str) -> str:
    """A freedesktop.org desktop entry (menus and launchers on Linux)."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={app.title}\n"
        f"Comment={app.description}\n"
        f"Exec={command}\n"
        f"Icon={app.program}\n"
        f"Terminal={'true' if _is_headless(app) else 'false'}\n"
        "Categories=Utility;\n"
        f"StartupWMClass={app.program}\n"
    )


def _is_headless(app: App) -> bool:
    """An app without a window of its own runs in a terminal (its URL is printed there)."""
    bridge = ROOT / "src" / app.package / "bridge"
    return not any(
        (bridge / module).exists() for module in ("native_window.py", "browser_window.py")
    )


@dataclass(frozen=True)
class Compression:
    """How hard the archives are squeezed: `best` for what you ship, `fast`
    while you try things out (about 20 times faster, a seventh bigger)."""

    gzip_level: int
    deb: tuple[str, ...]  # dpkg-deb's options


COMPRESSION = {
    "best": Compression(gzip_level=9, deb=("-Zxz", "-z6")),
    "fast": Compression(gzip_level=1, deb=("-Zgzip", "-z1")),
}


def linux_tarball(app: App, folder: Path, arch: str, compression: Compression) -> Path:
    name = f"{app.program}-{app.version}-linux-{arch}"
    stage = WORK / name
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(folder, stage, symlinks=True)
    shutil.copy(app.icon, stage / f"{app.program}.png")
    # Exec names the command: put the folder on PATH, or edit it to the full path.
    (stage / f"{app.program}.desktop").write_text(desktop_entry(app, app.program), encoding="utf-8")
    tarball = DIST / f"{name}.tar.gz"
    with tarfile.open(tarball, "w:gz", compresslevel=compression.gzip_level) as archive:
        archive.add(stage, arcname=name)
    return tarball


def linux_deb(app: App, folder: Path, deb_arch: str, compression: Compression) -> Path:
    root = WORK / "deb"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(folder, root / "opt" / app.program, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / app.program).symlink_to(f"/opt/{app.program}/{app.program}")
    applications = root / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / f"{app.program}.desktop").write_text(
        desktop_entry(app, f"/opt/{app.program}/{app.program}"), encoding="utf-8"
    )
    master = Image.open(app.icon)
    for size in ICON_SIZES:
        icons = root / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        icons.mkdir(parents=True)
        master.resize((size, size), Image.Resampling.LANCZOS).save(icons / f"{app.program}.png")
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(
        f"Package: {app.program}\n"
        f"Version: {app.version}\n"
        f"Architecture: {deb_arch}\n"
        f"Maintainer: {app.maintainer}\n"
        f"Installed-Size: {installed_kib(root)}\n"
        "Section: utils\n"
        "Priority: optional\n"
        f"Description: {app.title}\n"
        f" {app.description}\n",
        encoding="utf-8",
    )
    deb = DIST / f"{app.program}_{app.version}_{deb_arch}.deb"
    run("dpkg-deb", *compression.deb, "--build", "--root-owner-group", str(root), str(deb))
    return deb


def installed_kib(root: Path) -> int:
    """Installed-Size as dpkg wants it: KiB on disk, each file and symlink
    once (a library reached through a symlink is not counted again), each
    rounded up to a whole KiB."""
    return sum(
        -(-path.lstat().st_size // 1024)
        for path in root.rglob("*")
        if path.is_symlink() or not path.is_dir()
    )


def zipped(app: App, shipped: Path, os_name: str) -> Path:
    """The folder (Windows) or the .app bundle (macOS) in a zip."""
    name = f"{app.program}-{app.version}-{os_name}-{platform.machine().lower()}"
    return Path(shutil.make_archive(str(DIST / name), "zip", shipped.parent, shipped.name))


def run(*command: str) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", required=True, help="the app's Python package")
    parser.add_argument(
        "--compression",
        choices=list(COMPRESSION),
        default="best",
        help="best (default: what you ship) or fast (while you try things out)",
    )
    options = parser.parse_args()
    app = App.of(options.package)
    compression = COMPRESSION[options.compression]
    DIST.mkdir(exist_ok=True)
    folder = freeze(app)
    if sys.platform.startswith("linux"):
        made = [linux_tarball(app, folder, platform.machine(), compression)]
        if shutil.which("dpkg-deb") is None:
            print("dpkg-deb not found: no .deb (Debian and Ubuntu have it)", file=sys.stderr)
        else:
            deb_arch = subprocess.run(
                ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
            ).stdout.strip()
            made.append(linux_deb(app, folder, deb_arch, compression))
    elif sys.platform == "win32":
        made = [zipped(app, folder, "windows")]
    elif sys.platform == "darwin":
        made = [zipped(app, folder.parent / f"{app.title}.app", "macos")]
    else:
        made = []
    for path in made:
        print(f"made {path.relative_to(ROOT)} ({path.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
