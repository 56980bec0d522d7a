"""Lighter pages, after the build: what the theme loads on every page and few pages need.

- The theme's fontawesome.js (1.5 MB) redraws every icon as SVG; the theme's stylesheet already draws the same
  icons from the Font Awesome web fonts, so the script is dropped.
- Those fonts hold some 2,000 icons; the site uses a few dozen. Each font is cut down to the icons the pages
  and scripts name (fontTools' subsetter) and the stylesheet pointed at the subsets.
- Sphinx's search index and tools are loaded on every page for the theme's search-as-you-type, which this
  book turns off: only the search page keeps them (the search box everywhere opens that page).
"""

from __future__ import annotations

import re
from pathlib import Path

FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")
SUBSET_SUFFIX = ".subset.woff"
_ICON = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+:before,?)+)\{content:\"\\([0-9a-f]+)\"\}")
_FONTAWESOME_JS = re.compile(r"[ \t]*<script[^>]*src=\"[^\"]*_static/scripts/fontawesome\.js[^\"]*\"[^>]*></script>\n?")
_SEARCH_JS = re.compile(
    r"[ \t]*<script[^>]*src=\"[^\"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"
    r"[^\"]*\"[^>]*></script>\n?")


def strip_scripts(html: str, page: str) -> str:
    """A page without the icon script, and without the search scripts unless it is the search page."""
    html = _FONTAWESOME_JS.sub("", html)
    if page != "search.html":
        html = _SEARCH_JS.sub("", html)
    return html


def icons_named(texts: list[str]) -> set[str]:
    """The Font Awesome names ('bars', 'github') the texts use as fa-<name> classes."""
    return {m for text in texts for m in _ICON.findall(text)}


def codepoints(css: str, names: set[str]) -> set[int]:
    """The characters the stylesheet draws for those icon names (an icon and its aliases share one)."""
    out = set()
    for selectors, code in _RULE.findall(css):
        if any(sel[len(".fa-"):-len(":before")] in names for sel in selectors.split(",") if sel):
            out.add(int(code, 16))
    return out


def subset_font(source: Path, target: Path, chars: set[int]) -> int:
    """Write `source` cut down to `chars` as WOFF; returns the glyphs kept (0 writes nothing)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source))
    keep = chars & set(font.getBestCmap())
    if not keep:
        return 0
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(keep))
    subsetter.subset(font)
    tmp = target.with_suffix(".tmp")
    font.flavor = "woff"
    font.save(str(tmp))
    tmp.replace(target)
    return len(keep)


def point_css_at_subsets(css: str, kept: set[str]) -> str:
    """Each @font-face of a subset font loads the subset (WOFF) instead of the full WOFF2 and TTF."""
    for name in kept:
        pattern = (rf"src:url\((?P<dir>[^)]*?){name}\.woff2\) format\(\"woff2\"\),url\([^)]*?{name}\.ttf\) "
                   r"format\(\"truetype\"\)")
        css = re.sub(pattern, rf'src:url(\g<dir>{name}{SUBSET_SUFFIX}) format("woff")', css)
    return css


def lighten_site(outdir: Path) -> dict[str, int]:
    """Apply all of the above to a built site; returns what it did (for the build log and tests)."""
    pages = sorted(outdir.rglob("*.html"))
    texts = [p.read_text(encoding="utf-8") for p in pages]
    # The theme's and the book's own scripts may add icons at run time; vendored libraries draw none.
    own = [*(outdir / "_static").glob("*.js"), *(outdir / "_static" / "scripts").glob("*.js")]
    scripts = [p.read_text(encoding="utf-8", errors="replace") for p in own if p.name != "fontawesome.js"]
    stats = {"pages": 0, "icons": 0, "fonts": 0}
    for page, text in zip(pages, texts, strict=True):
        light = strip_scripts(text, page.relative_to(outdir).as_posix())
        if light != text:
            page.write_text(light, encoding="utf-8")
            stats["pages"] += 1
    css_path = outdir / "_static" / "styles" / "pydata-sphinx-theme.css"
    fonts = outdir / "_static" / "vendor" / "fontawesome" / "webfonts"
    if not css_path.is_file() or not fonts.is_dir():
        return stats
    css = css_path.read_text(encoding="utf-8")
    chars = codepoints(css, icons_named(texts + scripts))
    stats["icons"] = len(chars)
    kept = set()
    for name in FONTS:
        source = fonts / f"{name}.ttf"
        if source.is_file() and subset_font(source, fonts / f"{name}{SUBSET_SUFFIX}", chars):
            kept.add(name)
    stats["fonts"] = len(kept)
    new_css = point_css_at_subsets(css, kept)
    if new_css != css:
        css_path.write_text(new_css, encoding="utf-8")
    return stats
