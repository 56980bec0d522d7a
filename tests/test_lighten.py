"""Lighter pages after the build (workbook.site.lighten): the icon script goes, search scripts stay only on the
search page, and the icon fonts are cut down to the icons the site names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pydata_sphinx_theme

from workbook.site import lighten

THEME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
HEAD = """<head>
  <script defer src="../_static/scripts/fontawesome.js?digest=abc"></script>
    <script src="../_static/searchtools.js"></script>
    <script src="../_static/language_data.js"></script>
    <script src="../searchindex.js"></script>
    <script src="../_static/doctools.js?v=1"></script>
</head><body><i class="fa-solid fa-bars"></i><a class="fa-brands fa-github"></a></body>"""


def test_scripts_are_dropped_except_search_on_the_search_page():
    light = lighten.strip_scripts(HEAD, "book/a.html")
    assert "fontawesome.js" not in light and "searchindex.js" not in light and "searchtools" not in light
    assert "doctools.js" in light and "fa-bars" in light
    search = lighten.strip_scripts(HEAD.replace("../", ""), "search.html")
    assert "searchindex.js" in search and "fontawesome.js" not in search


def test_icons_are_found_by_name_and_drawn_by_their_character():
    css = '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-github:before{content:"\\f09b"}' \
          '.fa-php:before{content:"\\f457"}'
    names = lighten.icons_named([HEAD])
    assert {"bars", "github", "solid", "brands"} <= names
    assert lighten.codepoints(css, names) == {0xF0C9, 0xF09B}
    assert lighten.codepoints(css, {"navicon"}) == {0xF0C9}  # an alias draws the same character


def test_fonts_are_cut_to_the_icons_used_and_the_stylesheet_follows(tmp_path):
    from fontTools.ttLib import TTFont

    source = THEME / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.ttf"
    target = tmp_path / "fa-solid-900.subset.woff"
    assert lighten.subset_font(source, target, {0xF0C9, 0xF002}) == 2
    font = TTFont(str(target))
    assert font.flavor == "woff" and set(font.getBestCmap()) == {0xF0C9, 0xF002}
    assert target.stat().st_size < source.stat().st_size / 20
    none = tmp_path / "none.woff"
    assert lighten.subset_font(source, none, {0x10FFFD}) == 0 and not none.exists()
    css = ('@font-face{font-family:x;src:url(../vendor/fontawesome/webfonts/fa-solid-900.woff2) format("woff2"),'
           'url(../vendor/fontawesome/webfonts/fa-solid-900.ttf) format("truetype")}')
    assert lighten.point_css_at_subsets(css, {"fa-solid-900"}) == (
        '@font-face{font-family:x;src:url(../vendor/fontawesome/webfonts/fa-solid-900.subset.woff) format("woff")}')


def test_a_whole_site_is_lightened_in_place(tmp_path):
    site = tmp_path / "html"
    (site / "book").mkdir(parents=True)
    (site / "book" / "a.html").write_text(HEAD, encoding="utf-8")
    (site / "search.html").write_text(HEAD.replace("../", ""), encoding="utf-8")
    styles = site / "_static" / "styles"
    styles.mkdir(parents=True)
    shutil.copytree(THEME / "vendor" / "fontawesome" / "webfonts", site / "_static" / "vendor" / "fontawesome" /
                    "webfonts")
    shutil.copy(THEME / "styles" / "pydata-sphinx-theme.css", styles / "pydata-sphinx-theme.css")
    stats = lighten.lighten_site(site)
    assert stats == {"pages": 2, "icons": 2, "fonts": 2}  # bars (solid) and github (brands); regular has neither
    css = (styles / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert "fa-solid-900.subset.woff" in css and "fa-brands-400.subset.woff" in css
    assert "fa-regular-400.woff2" in css  # a font with no icon used is left as it was
    assert "fontawesome.js" not in (site / "book" / "a.html").read_text(encoding="utf-8")
