"""The printable edition (workbook.site.pdf, make pdf): the built site's pages gathered in reading order and
printed by Chromium into one PDF with a cover, a numbered table of contents, the figures and page numbers."""

from __future__ import annotations

import re

import pytest

from tests.browser import ROOT, SITE
from workbook.errors import WorkbookError
from workbook.site import pdf

PAGE = """<html><body><main><article class="bd-article"><section><h1>A chapter<a class="headerlink" href="#a">#</a>
</h1><p>See <a href="../other.html#x">this</a> and <img src="../_images/fig.svg" alt="a figure">,
<a href="https://example.org/">outside</a>.</p><script>alert(1)</script></section></article></main></body></html>"""


def test_a_page_keeps_its_article_with_links_resolved_against_the_site(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.html").write_text(PAGE, encoding="utf-8")
    s = pdf.section(tmp_path, "book/a")
    assert s.title == "A chapter" and s.anchor == "page-book-a"
    assert 'src="_images/fig.svg"' in s.html and 'href="other.html#x"' in s.html
    assert 'href="https://example.org/"' in s.html and "<script" not in s.html and "headerlink" not in s.html
    doc = pdf.document(tmp_path, [s], {"book/a": 7}, "Title")
    assert doc.index('class="wb-print-toc"') < doc.index('id="page-book-a"')
    assert '<a href="#page-book-a">A chapter</a><span class="wb-print-page-number">7</span>' in doc
    assert f'<base href="{tmp_path.resolve().as_uri()}/">' in doc


def test_a_missing_or_foreign_page_says_what_to_do(tmp_path):
    with pytest.raises(WorkbookError, match="make book"):
        pdf.section(tmp_path, "book/nowhere")
    (tmp_path / "x.html").write_text("<html><body>no article</body></html>", encoding="utf-8")
    with pytest.raises(WorkbookError, match="no article"):
        pdf.section(tmp_path, "x")


def test_the_interactive_practice_pages_are_not_printed():
    printed = pdf.pages(ROOT)
    assert printed[0] == "index" and "book/revenue-cycle" in printed and "book/references" in printed
    assert not set(pdf.INTERACTIVE) & set(printed)


@pytest.mark.site
def test_the_whole_book_prints_with_contents_figures_and_page_numbers(tmp_path):
    from pypdf import PdfReader

    if not (SITE / "index.html").exists():
        pytest.fail("The website is not built: run `make book`.")
    out = tmp_path / "book.pdf"
    pages, numbered = pdf.build_pdf(SITE, ROOT, out)
    sections = pdf.pages(ROOT)
    assert numbered == len(sections) and pages > 200
    reader = PdfReader(str(out))
    texts = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    contents = next(i for i, t in enumerate(texts) if t.startswith("Contents"))
    first = int(re.search(r"Coding, billing and the revenue cycle (\d+)", " ".join(texts[contents:contents + 3]))
                .group(1))
    assert texts[first - 1].startswith("Coding, billing and the revenue cycle")  # the number is the page
    assert any("The revenue cycle as this book cuts it" in t for t in texts)  # a figure's caption
    assert all(t.endswith(str(n)) for n, t in enumerate(texts, start=1) if t)  # the footer's page number
