"""Parametrized exercise templates: each draws its case facts from a seed and computes its key with ``revcycle``.

One module per chapter (named for the chapter's bank, dashes as underscores) registers its templates with
:func:`template`. Practice draws them with fresh seeds; graded packets draw each student's own variant from
the instructor's secret (:mod:`workbook.exercises.seeded`).
"""

from __future__ import annotations

import importlib
import pkgutil
import re

from workbook.errors import WorkbookError
from workbook.exercises.templates.base import Maker, Template

ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,40}$")
_REGISTRY: dict[str, Template] = {}
_LOADED: list[bool] = []


def template(id: str, chapter: str, skill: str):  # noqa: A002 - "id" is the template's id
    """Register ``make(rng, exercise_id)`` as a template of ``chapter``."""

    def register(make: Maker) -> Maker:
        if not ID.match(id) or id in _REGISTRY:
            raise WorkbookError(f"Template id {id!r} is malformed or registered twice.")
        _REGISTRY[id] = Template(id, chapter, skill, make)
        return make

    return register


def templates() -> dict[str, Template]:
    """Every template, by id, in registration order (chapter modules are imported on first use)."""
    if not _LOADED:
        for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "base"):
            importlib.import_module(f"{__name__}.{module}")
        _LOADED.append(True)
    return _REGISTRY


def by_chapter() -> dict[str, list[Template]]:
    out: dict[str, list[Template]] = {}
    for t in templates().values():
        out.setdefault(t.chapter, []).append(t)
    return out


def resolve(names: list[str]) -> list[str]:
    """Template ids from ids and chapter ids (a chapter id stands for all its templates), in order, no repeats."""
    chapters = by_chapter()
    out: list[str] = []
    unknown = []
    for name in names:
        if name in templates():
            out.append(name)
        elif name in chapters:
            out += [t.id for t in chapters[name]]
        else:
            unknown.append(name)
    if unknown:
        raise WorkbookError(f"No template or chapter named {', '.join(map(repr, unknown))}; "
                            "list them with: python -m workbook templates")
    return list(dict.fromkeys(out))


__all__ = ["Template", "by_chapter", "resolve", "template", "templates"]
