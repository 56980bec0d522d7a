"""Checks every new chapter's tests share: its citations exist, its key terms are in the glossary."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "book" / "references.bib"


def value(key: str) -> object:
    """The value the book shows for a {computed} key."""
    from workbook.site import book_values

    return book_values.FIGURES[key].value()


def cents(x: Decimal) -> Decimal:
    """Money rounded to the cent, half up, as the book prints it."""
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def bib_keys() -> set[str]:
    """The keys of book/references.bib."""
    return set(re.findall(r"^@\w+\{([^,]+),", BIB.read_text(encoding="utf-8"), re.M))


def cited(text: str) -> set[str]:
    """The keys a page's {cite} roles name."""
    return {k.strip() for group in re.findall(r"\{cite\}`([^`]+)`", text) for k in group.split(",")}


def assert_citations(page: str, new: tuple[str, ...] = (), *, also: str = "", must_cite: bool = False) -> set[str]:
    """Every {cite} of the page (and of ``also``, such as its answer key) names a key of references.bib, and each
    of ``new`` stands there exactly once (and is cited, with ``must_cite``). Returns the keys cited."""
    bib = BIB.read_text(encoding="utf-8")
    known = bib_keys()
    keys = cited(page) | cited(also)
    assert keys and keys <= known, sorted(keys - known)
    for key in new:
        assert bib.count(f"{{{key},") == 1, key
        assert not must_cite or key in keys, key
    return keys


def assert_key_terms(page: str, heading: str, least: int = 10) -> None:
    """Every {term} of the page is a glossary term, and the key-terms section names at least `least` of them."""
    terms: set[str] = set()
    for glossary in (ROOT / "book" / "glossary").glob("*.md"):
        terms |= {line.lower() for line in glossary.read_text(encoding="utf-8").splitlines()
                  if line and not line.startswith((" ", "`", "#", "(", ":"))}
    used = set()
    for role in re.findall(r"\{term\}`([^`]+)`", page):
        target = re.search(r"<([^>]+)>$", role)
        used.add(" ".join((target.group(1) if target else role).split()).lower())
    assert used - terms == set()
    key_terms = page[page.index(heading):]
    assert len(re.findall(r"\{term\}", key_terms)) >= least


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces."""
    return " ".join(text.split())


def section(text: str, label: str) -> str:
    """From a MyST label to the next second-level heading."""
    start = text.index(f"({label})=")
    end = text.find("\n## ", text.index("\n## ", start) + 1)
    return text[start:end if end != -1 else None]


def prose_words(page: str) -> int:
    """Words of a chapter's prose: computed values count as one word, figure and admonition blocks not at all."""
    prose = re.sub(r"\{computed\}`[^`]*`", "X", page)
    prose = re.sub(r"```\{(diagram|admonition)\}.*?```", "", prose, flags=re.S)
    return len(re.findall(r"[A-Za-z][A-Za-z'-]*", prose))


def toc_chapters() -> list[dict]:
    """The chapter entries of _toc.yml, in book order."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [c for part in toc["parts"] for c in part["chapters"]]


def assert_registered(page: str, after: str, sections: list[str], figures: set[str], before: str | None = None) -> None:
    """The chapter (`page`, e.g. 'billing/reimbursement') comes right after `after` (and right before
    `before`, when given) in the toc, with these pages
    under it, and these figures registered for it, each drawn by a
    {diagram} directive in its text and referred to there by {numref}."""
    from workbook.site.figures import by_chapter

    chapters = toc_chapters()
    files = [c["file"] for c in chapters]
    assert files.index(f"book/{page}") == files.index(f"book/{after}") + 1
    assert before is None or files[files.index(f"book/{page}") + 1] == f"book/{before}"
    entry = chapters[files.index(f"book/{page}")]
    assert [s["file"] for s in entry["sections"]] == sections
    assert {f.id for f in by_chapter()[page]} == figures
    text = (ROOT / "book" / f"{page}.md").read_text(encoding="utf-8")
    for fig in figures:
        assert f"```{{diagram}} {fig}" in text and f"{{numref}}`fig-{fig}`" in text, fig


def assert_bank(bank: object, least: int, types: set[str], prefix: str) -> None:
    """A chapter's bank: at least `least` exercises, three case-based, these types among them, one id prefix."""
    exercises = bank.exercises  # type: ignore[attr-defined]
    assert len(exercises) >= least
    assert sum(ex.case for ex in exercises) >= 3
    assert types <= {ex.type for ex in exercises}
    assert all(ex.id.startswith(prefix) for ex in exercises)
