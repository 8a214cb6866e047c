"""The built wheel carries the template: `deskwire new` works from a fresh venv
with no checkout around."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from support import REPO_ROOT, run, tree_contents


@pytest.mark.slow
def test_wheel_in_a_fresh_venv_renders_without_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, REPO_ROOT)
    (wheel,) = dist.glob("deskwire-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/_template/copier.yml" in names
    assert any(n.startswith("generator/_template/template/src/") for n in names)

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", wheel, timeout=900)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DESKWIRE_TEMPLATE"}}
    result = run(
        venv / "bin" / "deskwire",
        "new",
        "from-wheel",
        "--defaults",
        "--name",
        "Wheel App",
        "--window",
        "none",
        cwd=outside,
        env=env,
    )
    assert "Created" in result.stdout
    project = outside / "from-wheel"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert str(venv) in answers["_src_path"]

    # Same files as a render from the checkout, apart from where they came from.
    checkout_render = tmp_path / "from-checkout"
    run(
        Path(sys.executable).parent / "deskwire",
        "new",
        checkout_render,
        "--defaults",
        "--name",
        "Wheel App",
        "--window",
        "none",
    )
    wheel_files = tree_contents(project)
    checkout_files = tree_contents(checkout_render)
    assert sorted(wheel_files) == sorted(checkout_files)
    different = [n for n in wheel_files if wheel_files[n] != checkout_files[n]]
    assert different == [".copier-answers.yml"]
