"""Optional extras: when code of this project imports a package that only an extra provides and it is not
installed, the error says which extra to install (``pip install 'medcode-workbook[plots]'``).

:func:`install` appends a finder to the end of ``sys.meta_path``: it is asked only after every real finder has
failed, that is, when the package is missing, and it answers only imports made by revcycle, workbook or careers
(anyone else probing with ``importlib.util.find_spec`` still gets the ordinary "not found").
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import FrameType, ModuleType

DISTRIBUTION = "medcode-workbook"

# Imports that only an optional extra provides (pyproject.toml [project.optional-dependencies]).
OPTIONAL_IMPORTS: dict[str, str] = {
    "matplotlib": "plots",
    "ipywidgets": "notebook",
    "IPython": "notebook",
    "ipykernel": "notebook",
    "sphinx": "book",
    "docutils": "book",
    "fontTools": "book",
    "selenium": "pdf",
    "pypdf": "pdf",
}
_OWN = ("revcycle", "workbook", "careers")


class _MissingExtra:
    """Last on ``sys.meta_path``: asked only when no other finder found the module, that is, when it is
    not installed. When the import comes from this project's own code, say which extra provides it;
    any other caller (e.g. a library probing with ``importlib.util.find_spec``) gets the usual "not found".
    """

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        extra = OPTIONAL_IMPORTS.get(fullname)
        if extra is None or not _imported_by_us():
            return None
        raise ModuleNotFoundError(
            f"No module named {fullname!r}. It comes with the optional {extra!r} extra: "
            f"pip install '{DISTRIBUTION}[{extra}]'",
            name=fullname,
        )


def _imported_by_us() -> bool:
    """Whether the innermost frame outside the import machinery belongs to revcycle, workbook or careers."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        module = str(frame.f_globals.get("__name__", ""))
        if not module.startswith(("importlib", "_frozen_importlib")):
            return module.split(".")[0] in _OWN
        frame = frame.f_back
    return False



def install() -> None:
    """Put the finder at the end of ``sys.meta_path`` (once)."""
    if not any(type(f).__name__ == _MissingExtra.__name__ for f in sys.meta_path):
        sys.meta_path.append(_MissingExtra())
