"""The printable edition: the student website's pages, in table-of-contents order, printed by Chromium into one
PDF with a cover, a numbered table of contents, the figures, and page numbers in the footer.

Offline and from the built site (make book first): the pages' article text is gathered into one HTML file
whose <base> is the site, so images and styles load from it; Chromium prints that file twice, the second time
with the table of contents numbered from where pypdf found each page's title in the first print.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urljoin

from workbook.errors import WorkbookError

# Pages that only work live in a browser (generated practice, the look-up, the timed exam, saved progress).
INTERACTIVE = ("exercises/practice", "exercises/code-lookup", "exercises/practice-exam", "exercises/my-progress")
_ARTICLE = re.compile(r'<article class="bd-article">(.*?)</article>', re.S)
_TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_URL_ATTR = re.compile(r'\b(src|href)="([^"#][^"]*)"')
_DROP = (
    re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S),
    re.compile(r"<script\b.*?</script>", re.S),
)
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555;">'
          '<span class="pageNumber"></span></div>')


@dataclass(frozen=True)
class Section:
    """One page of the book as printed: its path, title and article HTML (links resolved against the site)."""

    page: str
    title: str
    html: str

    @property
    def anchor(self) -> str:
        return "page-" + re.sub(r"[^a-z0-9]+", "-", self.page.lower()).strip("-")


def pages(root: Path) -> list[str]:
    """The pages to print, in reading order: every table-of-contents page but the interactive ones."""
    from workbook.course.catalog import toc_files

    return [p for p in toc_files(root) if p not in INTERACTIVE]


def _text(html: str) -> str:
    return " ".join(_TAG.sub(" ", html).split())


def section(site: Path, page: str) -> Section:
    """A built page's article, its relative links made relative to the site's root."""
    path = site / f"{page}.html"
    if not path.is_file():
        raise WorkbookError(f"{path} is missing: build the website first (make book).")
    found = _ARTICLE.search(path.read_text(encoding="utf-8"))
    if found is None:
        raise WorkbookError(f"{path} has no article: is it a page of this book's website?")
    body = found.group(1)
    for pattern in _DROP:
        body = pattern.sub("", body)

    def rebase(m: re.Match[str]) -> str:
        url = m.group(2)
        if re.match(r"^[a-z]+:", url):
            return m.group(0)
        return f'{m.group(1)}="{urljoin("/" + page, url).lstrip("/")}"'

    body = _URL_ATTR.sub(rebase, body)
    title = _TITLE.search(body)
    return Section(page, _text(title.group(1)) if title else page, body)


def document(site: Path, sections: list[Section], numbers: dict[str, int] | None = None, title: str = "") -> str:
    """The whole book as one HTML document: cover, table of contents (numbered when `numbers` is given), pages."""
    styles = sorted(p.relative_to(site).as_posix() for p in (site / "_static").rglob("*.css")
                    if "vendor" not in p.parts and "html-manager" not in p.as_posix())
    links = "".join(f'<link rel="stylesheet" href="{escape(s)}">' for s in styles)
    toc = "".join(
        f'<li><a href="#{s.anchor}">{escape(s.title)}</a>'
        f'<span class="wb-print-page-number">{numbers.get(s.page, "") if numbers else ""}</span></li>'
        for s in sections)
    body = "".join(f'<section class="wb-print-section" id="{s.anchor}">{s.html}</section>' for s in sections)
    cover = (f'<section class="wb-print-cover"><img src="_static/logo.svg" alt="" class="wb-print-logo">'
             f"<h1>{escape(title or 'Medical Coding & Billing')}</h1>"
             "<p>An open interactive textbook and workbook. Printed from the student website; the exercises "
             "check themselves on the website and in the notebooks.</p></section>")
    return ("<!DOCTYPE html><html lang=\"en\" data-theme=\"light\"><head><meta charset=\"utf-8\">"
            f'<base href="{site.resolve().as_uri()}/">{links}<title>{escape(title)}</title></head>'
            f'<body class="wb-print">{cover}<nav class="wb-print-toc"><h2>Contents</h2><ol>{toc}</ol></nav>'
            f"{body}</body></html>")


def _print(driver: object, html_file: Path) -> bytes:
    driver.get(html_file.resolve().as_uri())  # type: ignore[attr-defined]
    result = driver.execute_cdp_cmd("Page.printToPDF", {  # type: ignore[attr-defined]
        "printBackground": True, "displayHeaderFooter": True, "headerTemplate": "<div></div>",
        "footerTemplate": FOOTER, "marginTop": 0.6, "marginBottom": 0.7, "marginLeft": 0.6, "marginRight": 0.6,
        "paperWidth": 8.5, "paperHeight": 11, "generateDocumentOutline": True, "generateTaggedPDF": True})
    return base64.b64decode(result["data"])


def _plain(text: str) -> str:
    """Text as compared: ligatures (fi, fl) and other compatibility forms folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def where_titles_start(pdf: bytes, sections: list[Section]) -> dict[str, int]:
    """The 1-based page on which each section starts, from the PDF's outline: Chromium makes one top-level entry
    per <h1>, in order (the cover's first, then one per section), each pointing at its page. The entry's title
    must match the section's, so a page without its own heading cannot shift the numbers."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    tops = [item for item in reader.outline if not isinstance(item, list)][1:]
    out: dict[str, int] = {}
    titles = iter(tops)
    for s in sections:
        key = _plain(s.title)[:40].replace(" ", "")
        for item in titles:
            page = reader.get_destination_page_number(item)
            if page is not None and _plain(str(item.title)).replace(" ", "").find(key) >= 0:
                out[s.page] = page + 1
                break
    return out


def build_pdf(site: Path, root: Path, out: Path, title: str = "Medical Coding & Billing") -> tuple[int, int]:
    """Print the book to `out`; returns (pages in the PDF, sections numbered in the contents)."""
    import io

    from pypdf import PdfReader

    from workbook.site.browser import chromium  # the same offline headless Chromium the site tests use

    sections = [section(site, p) for p in pages(root)]
    work = out.parent / "pdf-work"
    work.mkdir(parents=True, exist_ok=True)
    html_file = work / "book.html"
    html_file.write_text(document(site, sections, None, title), encoding="utf-8")
    with chromium() as driver:
        first = _print(driver, html_file)
        numbers = where_titles_start(first, sections)
        html_file.write_text(document(site, sections, numbers, title), encoding="utf-8")
        final = _print(driver, html_file)
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(final)
    tmp.replace(out)
    return len(PdfReader(io.BytesIO(final)).pages), len(numbers)
