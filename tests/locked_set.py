"""Which versions a project's lock pins for this machine, and which its .venv holds.

The tests compare the two after a fresh install: exactly the locked set, no
more, no less, every version equal.
"""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

# What `venv` itself puts in a new environment (ensurepip): not the project's.
VENV_BOOTSTRAP = {"pip", "setuptools"}


def locked_versions(requirements: Path) -> dict[str, str]:
    """Name -> version of each requirement in a hash-pinned requirements file
    (`uv export`) whose environment marker holds here. The markers are
    evaluated for this interpreter, which is the one tasks.py makes .venv with."""
    logical_lines = requirements.read_text(encoding="utf-8").replace("\\\n", " ").splitlines()
    pinned = {}
    for line in logical_lines:
        text = line.split("#", 1)[0].split(" --hash=", 1)[0].strip()
        if not text:
            continue
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{requirements.name}: {text} is not pinned"
        pinned[canonicalize_name(requirement.name)] = specifier.version
    return pinned


def installed_versions(venv_python: Path) -> dict[str, str]:
    """Name -> version of every distribution installed in `venv_python`'s environment."""
    script = (
        "import importlib.metadata as m, json; "
        "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"
    )
    output = subprocess.run(
        [str(venv_python), "-c", script], capture_output=True, text=True, check=True
    ).stdout
    installed: dict[str, str] = json.loads(output)
    return {canonicalize_name(name): version for name, version in installed.items()}


def unlocked_differences(project: Path, requirements: Path, venv_python: Path) -> list[str]:
    """How `venv_python`'s packages differ from `requirements` (the project
    itself and the venv's own pip aside): one line per package; none when equal."""
    locked = locked_versions(requirements)
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    # ...unless the lock pins one of them (pyinstaller needs setuptools).
    ignored = (VENV_BOOTSTRAP - set(locked)) | {canonicalize_name(pyproject["project"]["name"])}
    installed = {
        name: version
        for name, version in installed_versions(venv_python).items()
        if name not in ignored
    }
    differences = []
    for name in sorted(set(locked) | set(installed)):
        if locked.get(name) != installed.get(name):
            differences.append(
                f"{name}: locked {locked.get(name, '(not locked)')}, "
                f"installed {installed.get(name, '(not installed)')}"
            )
    return differences
