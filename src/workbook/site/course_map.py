"""The home page's course map: the book's parts in table-of-contents order, each chapter with its exercises,
generated practice templates, notebooks and figures, counted from the files at build time (never typed)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from workbook.paths import project_root


@dataclass(frozen=True)
class Row:
    """One chapter of the map."""

    page: str  # 'book/billing/reimbursement'
    title: str
    exercises: int
    templates: int
    notebooks: int
    figures: int


def _title(root: Path, page: str) -> str:
    for line in (root / f"{page}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return page.rsplit("/", 1)[-1]


def parts(root: Path | None = None) -> list[tuple[str, list[Row]]]:
    """(part caption, its chapters) for every part of the toc that holds a chapter with an exercise bank."""
    from workbook.course.catalog import chapters
    from workbook.exercises.templates import by_chapter as templates_by_chapter
    from workbook.site.figures import by_chapter as figures_by_chapter

    root = root or project_root()
    toc: dict[str, Any] = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    banks = {c.page: c for c in chapters(root)}
    templates = templates_by_chapter()
    figures = figures_by_chapter()
    out: list[tuple[str, list[Row]]] = []
    for part in toc.get("parts", []):
        rows = []
        for entry in part.get("chapters", []):
            page = entry.get("file", "")
            chapter = banks.get(page)
            if chapter is None:
                continue
            sections = [s.get("file", "") for s in entry.get("sections", [])]
            rows.append(Row(page, _title(root, page), chapter.exercises, len(templates.get(chapter.id, [])),
                            sum(s.startswith("notebooks/") for s in sections),
                            len(figures.get(page.removeprefix("book/"), []))))
        if rows:
            out.append((part.get("caption", ""), rows))
    return out


def markdown(root: Path | None = None, link_prefix: str = "") -> str:
    """The map as a MyST table, chapters linked with {doc} (paths relative to the page by `link_prefix`)."""
    lines = ["| Part | Chapter | Exercises | Generated question types | Notebooks | Figures |",
             "|---|---|---:|---:|---:|---:|"]
    total = [0, 0, 0, 0]
    for caption, rows in parts(root):
        for i, r in enumerate(rows):
            lines.append(f"| {caption if i == 0 else ''} | {{doc}}`{r.title} <{link_prefix}{r.page}>` | "
                         f"{r.exercises} | {r.templates} | {r.notebooks} | {r.figures} |")
            total = [t + n for t, n in zip(total, (r.exercises, r.templates, r.notebooks, r.figures), strict=True)]
    lines.append(f"| **All** | | **{total[0]}** | **{total[1]}** | **{total[2]}** | **{total[3]}** |")
    return "\n".join(lines)
