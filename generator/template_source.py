"""Where the copier template lives.

Two layouts exist:

* a git checkout of deskwire (development, or `copier copy` users): the template
  root is the repository root, which holds `copier.yml` and `template/`;
* an installed wheel: the build copies `copier.yml` and `template/` into
  `generator/_template/`, so `deskwire new` works with no checkout and no network.

This module finds the files (the CLI reads copier.yml for its flags);
`template_history` finds the git history that copier renders and updates from.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED_TEMPLATE = PACKAGE_DIR / "_template"
CHECKOUT_ROOT = PACKAGE_DIR.parent

# Lets tests (and template authors) point the CLI at another template root,
# e.g. a tagged clone, without reinstalling.
TEMPLATE_ENV_VAR = "DESKWIRE_TEMPLATE"


def template_root() -> Path:
    """Return the directory that holds `copier.yml` for this installation."""
    override = os.environ.get(TEMPLATE_ENV_VAR)
    if override:
        root = Path(override).expanduser().resolve()
        if not (root / "copier.yml").is_file():
            raise FileNotFoundError(f"{TEMPLATE_ENV_VAR}={override} has no copier.yml")
        return root
    if (PACKAGED_TEMPLATE / "copier.yml").is_file():
        return PACKAGED_TEMPLATE
    if (CHECKOUT_ROOT / "copier.yml").is_file():
        return CHECKOUT_ROOT
    raise FileNotFoundError(
        "deskwire's template is missing: reinstall deskwire (the wheel ships it) "
        "or run from a checkout that has copier.yml"
    )


def copier_config() -> Path:
    return template_root() / "copier.yml"
