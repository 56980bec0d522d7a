"""Where the project's banks, keys and progress live, so notebooks work from any folder."""

from __future__ import annotations

import os
from pathlib import Path

from workbook.errors import WorkbookError

ROOT_ENV = "WORKBOOK_ROOT"


def project_root(start: Path | None = None) -> Path:
    """The folder holding ``exercises/banks``: $WORKBOOK_ROOT, else the nearest one above ``start``."""
    env = os.environ.get(ROOT_ENV)
    if env:
        root = Path(env).expanduser()
        if not (root / "exercises" / "banks").is_dir():
            raise WorkbookError(f"{ROOT_ENV}={env} has no exercises/banks folder. Point it at the book's folder.")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "exercises" / "banks").is_dir():
            return folder
    raise WorkbookError(
        f"No exercises/banks folder was found in {here} or above it. Open the notebook from inside the "
        f"book's folder, or set {ROOT_ENV} to that folder."
    )


def banks_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "exercises" / "banks"


def keys_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "solutions" / "keys"
