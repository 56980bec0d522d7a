"""Sphinx glue: ship workbook.js with the site and load scripts only on the pages that need them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

STATIC = Path(__file__).parent / "static"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_SCRIPTS = ("vendor/html-manager/",)
MATH = 'class="math notranslate'  # how Sphinx marks inline and display math


def _add_static(app: Any) -> None:
    app.config.html_static_path.append(str(STATIC))


def _script_name(script: Any) -> str:
    return str(getattr(script, "filename", script) or "")


def _script_body(script: Any) -> str:
    return str(getattr(script, "attributes", {}).get("body", ""))


def _unneeded(script: Any, body: str) -> bool:
    """Scripts a page can do without: the widget manager with no widget view, MathJax with no math."""
    name = _script_name(script)
    if WIDGET_VIEW not in body:
        kind = str(getattr(script, "attributes", {}).get("type", ""))
        if any(part in name for part in WIDGET_SCRIPTS) or "widget-state+json" in kind:
            return True
    if MATH not in body:
        return "mathjax" in name or "window.MathJax" in _script_body(script)
    return False


# Accessibility repairs of markup that Sphinx, docutils and the theme generate (axe-core rules named).
BODY_FIXES = (
    # aria-required-children / aria-deprecated-role: a role="list" must hold role="listitem" children.
    ('role="doc-biblioentry"', 'role="listitem"'),
)
TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
NAMED_TOGGLE = TOGGLE.replace("<summary>", '<summary aria-label="Show or hide the pages of this section">')


def _named_toggles(make_html: Any) -> Any:
    """summary-name: the sidebar's expand/collapse toggles hold only an icon; give them a name."""

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return str(make_html(*args, **kwargs)).replace(TOGGLE, NAMED_TOGGLE)

    return wrapped


def _page_scripts(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    body = context.get("body", "")
    for old, new in BODY_FIXES:
        body = body.replace(old, new)
    context["body"] = body
    if "generate_toctree_html" in context:
        context["generate_toctree_html"] = _named_toggles(context["generate_toctree_html"])
    if 'class="wb-exercise"' in body:
        app.add_js_file("workbook.js")
    if "script_files" not in context:
        return
    # myst-nb adds the 1.9 MB widget manager and MathJax to every page; sphinx-thebe's settings script is
    # added twice, which redeclares a const and logs an error. Keep each script once, and only where needed.
    seen: set[tuple[str, str]] = set()
    kept = []
    for script in context["script_files"]:
        ident = (_script_name(script), _script_body(script))
        if ident in seen or _unneeded(script, body):
            continue
        seen.add(ident)
        kept.append(script)
    context["script_files"] = kept


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _page_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
