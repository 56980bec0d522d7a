"""The book's figures, drawn from source when the book is built: a registry of functions, each returning an
SVG diagram or chart (or, for a form, HTML), with the alt text a reader without the picture needs.

A chapter shows one with the {diagram} directive (workbook.site.sphinx_ext):

    ```{diagram} revenue-cycle
    :name: fig-revenue-cycle

    The caption, in the chapter's words.
    ```

and cross-references it with {numref}`fig-revenue-cycle`. Figures live in one module per part of the book.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

KINDS = ("svg", "html")
MODULES = ("foundations", "coding", "billing", "regulations", "careers", "anesthesia_radiology",
           "risk_adjustment", "icd10pcs_in_depth")


@dataclass(frozen=True)
class Figure:
    """One figure: its id, the chapter that shows it, alt text, and the function that draws it."""

    id: str
    chapter: str
    alt: str
    draw: Callable[[], str]
    kind: str = "svg"


_REGISTRY: dict[str, Figure] = {}


def figure(id: str, chapter: str, alt: str, kind: str = "svg") -> Callable[[Callable[[], str]], Callable[[], str]]:
    """Register a drawing function as the figure `id` of `chapter` (a page path such as 'billing/reimbursement')."""
    if kind not in KINDS:
        raise ValueError(f"figure {id!r}: kind must be one of {KINDS}, not {kind!r}")
    if len(alt.split()) < 8:
        raise ValueError(f"figure {id!r}: write alt text that says what the figure shows (8 words or more)")

    def register(draw: Callable[[], str]) -> Callable[[], str]:
        if id in _REGISTRY:
            raise ValueError(f"figure {id!r} is registered twice")
        _REGISTRY[id] = Figure(id, chapter, alt, draw, kind)
        return draw

    return register


def figures() -> dict[str, Figure]:
    """Every figure, by id (the part modules are imported on first use)."""
    for name in MODULES:
        import_module(f"{__name__}.{name}")
    return dict(_REGISTRY)


def get(id: str) -> Figure:
    """The figure `id`, or a KeyError that lists the ids there are."""
    found = figures()
    if id not in found:
        raise KeyError(f"no figure {id!r}; figures are: {', '.join(sorted(found))}")
    return found[id]


def by_chapter() -> dict[str, list[Figure]]:
    """Figures grouped by the chapter that shows them."""
    out: dict[str, list[Figure]] = {}
    for fig in figures().values():
        out.setdefault(fig.chapter, []).append(fig)
    return out
