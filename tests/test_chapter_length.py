"""Every chapter holds 2,000 to 4,000 words of prose, as ../shared/CHAPTERS.md asks (counted by chapter_checks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chapter_checks import prose_words, toc_chapters

ROOT = Path(__file__).resolve().parents[1]
PAGES = [c["file"] for c in toc_chapters()
         if c["file"].startswith("book/") and c["file"].split("/")[1] not in {"glossary", "references", "instructors"}]


def test_the_book_has_its_chapters():
    assert len(PAGES) >= 40


@pytest.mark.parametrize("page", PAGES)
def test_each_chapter_is_two_to_four_thousand_words(page):
    words = prose_words((ROOT / f"{page}.md").read_text(encoding="utf-8"))
    assert 2000 <= words <= 4000, f"{page}: {words} words"
