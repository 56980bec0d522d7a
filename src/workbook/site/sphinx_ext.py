"""Sphinx glue: ship workbook.js with the site, load scripts only on the pages that need them, and put the
figures the library computes into the prose with the {computed} role."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

STATIC = Path(__file__).parent / "static"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_SCRIPTS = ("vendor/html-manager/",)
MATH = 'class="math notranslate'  # how Sphinx marks inline and display math


def _add_static(app: Any) -> None:
    app.config.html_static_path.append(str(STATIC))


def _write_lookup(app: Any, exception: Exception | None) -> None:
    """The code look-up's data, beside workbook.js (fetched only when a reader uses a look-up box)."""
    if exception is None and getattr(app.builder, "format", "") == "html":
        from workbook.site.lookup import write_lookup_data

        write_lookup_data(Path(app.outdir) / "_static")


def _lighten(app: Any, exception: Exception | None) -> None:
    """Drop the icon script and, off the search page, the search scripts; cut the icon fonts down to the icons
    used (workbook.site.lighten)."""
    if exception is None and getattr(app.builder, "format", "") == "html":
        from workbook.site.lighten import lighten_site

        stats = lighten_site(Path(app.outdir))
        logger = __import__("sphinx.util", fromlist=["logging"]).logging.getLogger(__name__)
        logger.info(f"lighter pages: {stats['pages']} pages rewritten, icon fonts cut to {stats['icons']} icons")


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
# empty-table-header: the blank corner cell of a table with row labels (Markdown's "| | A | B |", pandas' index
# header) is no header of anything; a plain cell says so.
EMPTY_HEADER = re.compile(r'<th(?: class="head")?>\s*(?:<p>\s*</p>)?\s*</th>')
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
    body = EMPTY_HEADER.sub("<td></td>", body)
    context["body"] = body
    if "generate_toctree_html" in context:
        context["generate_toctree_html"] = _named_toggles(context["generate_toctree_html"])
    if 'class="wb-exercise"' in body or 'class="wb-progress"' in body or 'class="wb-lookup"' in body:
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


# ------------------------------------------------------------------------------------------------ {computed}
# {computed}`reimbursement.allowed` renders the text of that key in workbook.site.book_values, computed at build time.
# The figure sits in <span class="computed">, so a test over the built site can find every use, in page order.
SOURCES = (Path(__file__).resolve().parents[2],)  # src/: revcycle, careers and workbook.site.book_values


def _computed_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                   options: dict[str, Any] | None = None, content: list[str] | None = None) -> tuple[list, list]:
    from docutils import nodes  # type: ignore[import-untyped]

    from workbook.site import book_values

    key = text.strip()
    env = inliner.document.settings.env
    page = env.doc2path(env.docname, base=False)
    try:
        value = book_values.text(key)
    except KeyError:
        message = (f"unknown computed figure {key!r} on page {page}: add it to the registry in "
                   f"src/workbook/book_values.py, or fix the key")
    except Exception as error:  # noqa: BLE001 (any library failure is reported against the page and key)
        message = f"computed figure {key!r} on page {page} failed: {type(error).__name__}: {error}"
    else:
        env.workbook_computed.setdefault(env.docname, []).append(key)
        return [nodes.inline(rawtext, value, classes=["computed"])], []
    msg = inliner.reporter.error(message, line=lineno)
    return [inliner.problematic(rawtext, rawtext, msg)], [msg]


def _fingerprint() -> str:
    """A hash of the library's source and data: when it changes, pages that quote computed figures are re-read."""
    digest = hashlib.sha256()
    for root in SOURCES:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".csv", ".gz", ".xml", ".json", ".ipynb"):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes() if path.suffix == ".py" else str(path.stat().st_size).encode())
    notebook = Path(__file__).resolve().parents[3] / "notebooks" / "claims-build-scrub-submit.ipynb"
    if notebook.exists():
        digest.update(notebook.read_bytes())
    return digest.hexdigest()


def _init_computed(app: Any, env: Any, docnames: list[str]) -> None:
    if not hasattr(env, "workbook_computed"):
        env.workbook_computed = {}


def _outdated_computed(app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Pages that quote computed figures are re-read when the code that computes them has changed."""
    fingerprint = _fingerprint()
    stale = getattr(env, "workbook_computed_fingerprint", None) != fingerprint
    env.workbook_computed_fingerprint = fingerprint
    if not hasattr(env, "workbook_computed"):
        env.workbook_computed = {}
    return sorted(set(env.workbook_computed) - changed - removed) if stale else []


def _purge_computed(app: Any, env: Any, docname: str) -> None:
    getattr(env, "workbook_computed", {}).pop(docname, None)


def _merge_computed(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    env.workbook_computed = getattr(env, "workbook_computed", {})
    for docname in docnames:
        if docname in getattr(other, "workbook_computed", {}):
            env.workbook_computed[docname] = other.workbook_computed[docname]


# ------------------------------------------------------------------------------------------------ {diagram}
# ```{diagram} <id>``` draws the figure <id> of workbook.site.figures at build time into _generated/figures/ and
# shows it as a numbered figure: the body is the caption, :name: the label for {numref}.
GENERATED = "_generated/figures"


def _diagram_directive() -> Any:
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives  # type: ignore[import-untyped]

    class DiagramDirective(Directive):  # type: ignore[misc]
        required_arguments = 1
        has_content = True
        option_spec = {"name": directives.unchanged, "width": directives.unchanged}

        def run(self) -> list[Any]:
            from workbook.site import figures

            env = self.state.document.settings.env
            key = self.arguments[0].strip()
            try:
                fig = figures.get(key)
                drawing = fig.draw()
            except Exception as error:  # noqa: BLE001 (any drawing failure is reported against the page)
                page = env.doc2path(env.docname, base=False)
                return [self.state.document.reporter.error(f"figure {key!r} on page {page}: {error}",
                                                           line=self.lineno)]
            node = nodes.figure(classes=["wb-figure", f"wb-figure-{fig.kind}"])
            if fig.kind == "svg":
                folder = Path(env.srcdir) / GENERATED
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / f"{key}.svg"
                if not target.exists() or target.read_text(encoding="utf-8") != drawing:
                    target.write_text(drawing, encoding="utf-8")
                image = nodes.image(uri=f"/{GENERATED}/{key}.svg", alt=fig.alt, classes=["wb-diagram"])
                if "width" in self.options:
                    image["width"] = self.options["width"]
                node += image
            else:
                node += nodes.raw("", f'<div role="group" aria-label="{fig.alt}">{drawing}</div>', format="html")
            if self.content:
                caption_text = "\n".join(self.content)
                parsed = nodes.Element()
                self.state.nested_parse(self.content, self.content_offset, parsed)
                first = parsed[0] if len(parsed) else None
                if isinstance(first, nodes.paragraph):
                    node += nodes.caption(caption_text, "", *first.children)
                    node += nodes.legend("", *parsed[1:]) if len(parsed) > 1 else []
            name = self.options.get("name", f"fig-{key}")
            node["names"].append(nodes.fully_normalize_name(name))
            self.state.document.note_explicit_target(node, node)
            return [node]

    return DiagramDirective


def _course_map_directive() -> Any:
    from docutils import nodes
    from docutils.parsers.rst import Directive  # type: ignore[import-untyped]
    from docutils.statemachine import StringList  # type: ignore[import-untyped]

    class CourseMapDirective(Directive):  # type: ignore[misc]
        """```{course-map}```: the parts and chapters with their counts (workbook.site.course_map)."""

        def run(self) -> list[Any]:
            from workbook.site.course_map import markdown

            env = self.state.document.settings.env
            try:
                text = markdown(Path(env.srcdir), link_prefix="/")
            except Exception as error:  # noqa: BLE001 (any failure is reported against the page)
                return [self.state.document.reporter.error(f"course map: {error}", line=self.lineno)]
            holder = nodes.container(classes=["wb-course-map"])
            self.state.nested_parse(StringList(text.splitlines()), self.content_offset, holder)
            return [holder]

    return CourseMapDirective


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("course-map", _course_map_directive())
    app.add_directive("diagram", _diagram_directive())
    app.add_role("computed", _computed_role)
    app.connect("env-before-read-docs", _init_computed)
    app.connect("env-get-outdated", _outdated_computed)
    app.connect("env-purge-doc", _purge_computed)
    app.connect("env-merge-info", _merge_computed)
    app.connect("builder-inited", _add_static)
    app.connect("build-finished", _write_lookup)
    app.connect("build-finished", _lighten)
    app.connect("html-page-context", _page_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
