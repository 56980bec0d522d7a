"""Learning objectives, read from the chapters themselves, for the instructor guide.

Every chapter opens with a ``Learning objectives`` admonition (book/AUTHORING.md). This module finds it in
every Markdown page of ``_toc.yml`` and returns its numbered items, so the guide's table of objectives is
generated from the chapters and never drifts from them (notebooks/instructor-objectives.ipynb shows it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from workbook.course.catalog import chapters as assignable
from workbook.course.catalog import toc_files
from workbook.paths import project_root

FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\s*\{admonition\}\s*(?P<title>.*?)\s*$")
LABEL = re.compile(r"^\((?P<label>[A-Za-z0-9_.:-]+)\)=\s*$")
HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*$")
ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+(?P<text>.*)$")


@dataclass(frozen=True)
class ChapterObjectives:
    """A chapter page, its label and title, and the objectives its admonition lists."""

    page: str
    label: str
    title: str
    objectives: tuple[str, ...]


def admonition_body(text: str, title: str = "Learning objectives") -> list[str] | None:
    """The lines inside the first ``{admonition} <title>`` block (backtick or colon fence), or None."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = FENCE_OPEN.match(line.strip())
        if not m or m.group("title").strip().lower() != title.lower():
            continue
        fence = m.group("fence")
        body: list[str] = []
        for inner in lines[i + 1:]:
            stripped = inner.strip()
            if stripped.startswith(fence[0] * 3) and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                return body
            body.append(inner)
        return body  # an unclosed fence: take the rest of the page
    return None


def extract(text: str) -> list[str]:
    """The objectives of a chapter: the list items of its Learning objectives admonition, one string each."""
    body = admonition_body(text)
    if body is None:
        return []
    items: list[str] = []
    current: list[str] | None = None
    for line in body:
        if line.strip().startswith(":") and current is None:
            continue  # directive options such as :class: important
        m = ITEM.match(line)
        if m:
            current = [m.group("text").strip()]
            items.append("")
        elif current is not None and line.strip() and line[:1].isspace():
            current.append(line.strip())  # a continuation line of the item
        elif not line.strip():
            pass
        else:
            current = None  # prose after the list ends the item
        if current is not None and items:
            items[-1] = " ".join(current)
    return [item for item in items if item]


def _title_and_label(text: str, fallback: str) -> tuple[str, str]:
    label, title = "", fallback
    for line in text.splitlines():
        if not label and (m := LABEL.match(line.strip())):
            label = m.group("label")
        if m := HEADING.match(line):
            title = m.group("title")
            break
    return title, label


def chapter_objectives(root: Path | None = None) -> list[ChapterObjectives]:
    """Objectives of every Markdown page in ``_toc.yml`` that has a Learning objectives admonition."""
    root = root or project_root()
    out = []
    for page in toc_files(root):
        path = root / f"{page}.md"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        found = extract(text)
        if found:
            title, label = _title_and_label(text, page)
            out.append(ChapterObjectives(page, label, title, tuple(found)))
    return out


def markdown_table(root: Path | None = None) -> str:
    """The per-chapter objectives as Markdown: a heading per chapter, its objectives and how to assign it."""
    root = root or project_root()
    banks = {c.page: c for c in assignable(root) if c.page}
    parts = []
    for n, ch in enumerate(chapter_objectives(root), start=1):
        lines = [f"## {n}. {ch.title}", ""]
        chapter = banks.get(ch.page)
        if chapter is not None:
            lines += [f"Assign with `--chapters {chapter.id}`: {chapter.exercises} exercises, "
                      f"{chapter.points:g} points.", ""]
        lines += [f"{i}. {objective}" for i, objective in enumerate(ch.objectives, start=1)]
        parts.append("\n".join(lines))
    if not parts:
        return "No chapter in `_toc.yml` has a *Learning objectives* admonition yet."
    return "\n\n".join(parts)


def load_table(root: Path | None = None):  # noqa: ANN201 - pandas is imported lazily
    """Exercise load per assignable chapter: exercises, points, case-based exercises and exercise types."""
    import pandas as pd

    rows = []
    for c in assignable(root):
        kinds = sorted({ex.type for ex in c.bank.exercises})
        rows.append({"chapter": c.number, "id": c.id, "title": c.title, "exercises": c.exercises,
                     "case-based": sum(ex.case for ex in c.bank.exercises), "points": c.points,
                     "types": ", ".join(kinds)})
    columns = ["chapter", "id", "title", "exercises", "case-based", "points", "types"]
    return pd.DataFrame(rows, columns=columns).set_index("chapter")


def show(root: Path | None = None) -> None:
    """Display the objectives (as Markdown) in a notebook."""
    from IPython.display import Markdown, display

    display(Markdown(markdown_table(root)))
