"""Where the repository, the example config, the test tools and the shared Atom schema live."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIG = REPO_ROOT / "mkdocs.yml"
NODE_MODULES = REPO_ROOT / "tests" / "node" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
# The one file we take from outside the repository: RFC 4287's RELAX NG schema, beside the checkout.
ATOM_RNC = REPO_ROOT.parent / "shared" / "schemas" / "atom.rnc"
CHROMIUM = Path(os.environ.get("STATUSPRESS_CHROMIUM", "/usr/bin/chromium"))
INSTALL_HINT = "run `make test-tools` (tests/tools/install.sh) to install it"


def copy_example(root: Path, folders: tuple[str, ...] = ("incidents", "overrides", "pages")) -> Path:
    """A copy of the example site in `root` (made here): its mkdocs.yml and `folders`; an empty incidents
    folder when they leave the incidents out."""
    root.mkdir()
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in folders:
        shutil.copytree(REPO_ROOT / folder, root / folder)
    (root / "incidents").mkdir(exist_ok=True)
    return root
