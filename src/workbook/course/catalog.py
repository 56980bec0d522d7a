"""What an instructor can assign: the book's chapters in table-of-contents order, with their exercise banks.

A chapter is assignable when it has a bank, ``exercises/banks/<chapter-id>.yml``; the chapter id is the
bank's name (and the chapter file's name). Chapters are numbered 1, 2, 3... in the order ``_toc.yml`` lists
the assignable ones, so "chapters 3 and 5" can be typed as numbers, but the ids are what an assignment keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from workbook.errors import BankError, WorkbookError
from workbook.exercises.spec import Bank, load_bank
from workbook.paths import banks_dir, project_root

DEFAULT_SITE = "https://medcode-workbook.github.io/medical-coding-billing/"


@dataclass(frozen=True)
class Chapter:
    """One assignable chapter: its bank, where it sits in the book and on the website."""

    number: int
    id: str
    title: str
    page: str  # the chapter's path in the book without suffix, e.g. "book/revenue-cycle" ("" if not in the toc)
    bank: Bank

    @property
    def exercises(self) -> int:
        return len(self.bank.exercises)

    @property
    def points(self) -> float:
        return sum(ex.points for ex in self.bank.exercises)

    def url(self, site: str) -> str:
        return site.rstrip("/") + "/" + (self.page or f"exercises/{self.id}") + ".html"

    def exercises_url(self, site: str) -> str:
        return site.rstrip("/") + f"/exercises/{self.id}.html"


def toc_files(root: Path | None = None) -> list[str]:
    """Every ``file`` entry of ``_toc.yml`` (root, parts, chapters, sections), in reading order."""
    root = root or project_root()
    path = root / "_toc.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WorkbookError(f"{path}: cannot be read ({exc}).") from None
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                out.append(node["file"])
            for key in ("root",):
                if isinstance(node.get(key), str):
                    out.append(node[key])
            for key in ("parts", "chapters", "sections"):
                for child in node.get(key) or []:
                    walk(child)

    walk(data)
    return [re.sub(r"\.(md|ipynb)$", "", f) for f in out]


def _page_for(bank_id: str, files: list[str]) -> str:
    """The chapter page that owns a bank: the book page its exercise page sits under in the toc, else the
    book page named like the bank (book/**/<id>)."""
    exercise_page = f"exercises/{bank_id}"
    if exercise_page in files:
        for f in reversed(files[: files.index(exercise_page)]):
            if f.startswith("book/"):
                return f
    for f in files:
        if f.startswith("book/") and f.rsplit("/", 1)[-1] == bank_id:
            return f
    return ""


def chapters(root: Path | None = None, problems: dict[str, str] | None = None) -> list[Chapter]:
    """Every assignable chapter, numbered in table-of-contents order (banks not in the toc come last).

    A bank that cannot be loaded (one being edited, say) is left out; its error goes into ``problems``.
    """
    root = root or project_root()
    try:
        files = toc_files(root)
    except WorkbookError:
        files = []
    banks = {}
    for path in sorted(banks_dir(root).glob("*.yml")):
        try:
            banks[path.stem] = load_bank(path)
        except BankError as exc:
            if problems is not None:
                problems[path.stem] = str(exc)
    position = {f: i for i, f in enumerate(files)}

    def order(bank_id: str) -> tuple[int, str]:
        page = _page_for(bank_id, files)
        return (position.get(page, position.get(f"exercises/{bank_id}", len(files))), bank_id)

    out = []
    for number, bank_id in enumerate(sorted(banks, key=order), start=1):
        bank = banks[bank_id]
        out.append(Chapter(number, bank_id, bank.title, _page_for(bank_id, files), bank))
    return out


def resolve(specs: list[str], root: Path | None = None) -> list[Chapter]:
    """Chapters named by id or by number (as ``python -m workbook chapters`` lists them), in the order given."""
    problems: dict[str, str] = {}
    known = chapters(root, problems)
    if not known and not problems:
        raise WorkbookError("There are no exercise banks to assign (exercises/banks/*.yml).")
    by_id = {c.id: c for c in known}
    by_number = {str(c.number): c for c in known}
    picked: list[Chapter] = []
    for spec in specs:
        spec = spec.strip()
        if not spec:
            continue
        chapter = by_id.get(spec) or by_number.get(spec)
        if chapter is None and spec in problems:
            raise WorkbookError(f"Chapter {spec!r} cannot be assigned: its bank does not load ({problems[spec]}).")
        if chapter is None:
            listing = ", ".join(f"{c.number}={c.id}" for c in known)
            raise WorkbookError(f"Unknown chapter {spec[:60]!r}. Chapters you can assign: {listing}.")
        if chapter not in picked:
            picked.append(chapter)
    if not picked:
        raise WorkbookError("Name at least one chapter, e.g. --chapters revenue-cycle "
                            "(see: python -m workbook chapters).")
    return picked


def site_url(root: Path | None = None) -> str:
    """Where the book's website lives: ``html.baseurl`` in _config.yml, else the repository's GitHub Pages."""
    root = root or project_root()
    try:
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return DEFAULT_SITE
    base = ((config.get("html") or {}).get("baseurl") or "").strip()
    if base:
        return base.rstrip("/") + "/"
    repo = ((config.get("repository") or {}).get("url") or "").strip()
    m = re.match(r"^https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?$", repo)
    if m:
        return f"https://{m.group(1).lower()}.github.io/{m.group(2)}/"
    return DEFAULT_SITE


def repository_url(root: Path | None = None) -> str:
    root = root or project_root()
    try:
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return ""
    return str((config.get("repository") or {}).get("url") or "")
