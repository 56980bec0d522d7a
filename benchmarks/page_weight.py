"""Benchmark: what a first visit to each chapter page downloads (gzip, as a server sends it), measured from the
built site, against the same page as the theme ships it (its icon script, its full icon fonts and the search
index on every page), measured in the same run from the same files.

    make book && .venv/bin/python benchmarks/page_weight.py
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from tests.test_figures import chapters  # noqa: E402
from tests.test_site_quality import SITE, gzip_size, page_resources  # noqa: E402
from workbook.site.lighten import FONTS, SUBSET_SUFFIX  # noqa: E402

THEME_EXTRAS = ("_static/scripts/fontawesome.js", "_static/searchtools.js", "_static/language_data.js",
                "searchindex.js")


def weights(page: str) -> tuple[int, int]:
    """(this site's first visit, the theme's first visit) in gzip bytes."""
    found, _missing = page_resources(SITE, SITE / page)
    ours = gzip_size(SITE / page) + sum(gzip_size(f) for f in found)
    theirs = ours + sum(gzip_size(SITE / extra) for extra in THEME_EXTRAS if (SITE / extra) not in found)
    fonts = SITE / "_static" / "vendor" / "fontawesome" / "webfonts"
    for name in FONTS:
        subset = fonts / f"{name}{SUBSET_SUFFIX}"
        if subset in found:
            theirs += gzip_size(fonts / f"{name}.woff2") - gzip_size(subset)
    return ours, theirs


def main() -> None:
    if not (SITE / "index.html").exists():
        sys.exit("Build the site first: make book")
    pages = ["index.html", *(f"{p}.html" for p in chapters())]
    rows = [(p, *weights(p)) for p in pages]
    print(f"first visit to a page, gzip KB: this site vs the theme as shipped ({len(rows)} pages)")
    for page, ours, theirs in rows:
        print(f"  {page:52} {ours / 1000:7.0f}  {theirs / 1000:7.0f}   {theirs / ours:4.1f}x lighter")
    ours_all = [o for _p, o, _t in rows]
    theirs_all = [t for _p, _o, t in rows]
    print(f"median {statistics.median(ours_all) / 1000:.0f} KB vs {statistics.median(theirs_all) / 1000:.0f} KB "
          f"({statistics.median(theirs_all) / statistics.median(ours_all):.1f}x); heaviest "
          f"{max(ours_all) / 1000:.0f} KB (target < 500 KB)")


if __name__ == "__main__":
    main()
