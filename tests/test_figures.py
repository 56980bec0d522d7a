"""The book's figures: every chapter shows at least two, each drawn from source by a registered function, with
alt text, a caption, a label and a cross-reference; each drawing is well-formed and the same on every build.
The built pages are checked in Chromium by tests/test_site.py (each figure loads and carries its alt text)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from workbook.site import figures

ROOT = Path(__file__).resolve().parents[1]
NOT_CHAPTERS = {"book/instructors/guide", "book/glossary", "book/references"}
DIRECTIVE = re.compile(r"^```\{diagram\}\s+(?P<id>\S+)\s*\n(?P<options>(?::[^\n]*\n)*)(?P<body>.*?)^```",
                       re.M | re.S)


def chapters() -> list[str]:
    """The chapter pages of the table of contents, as paths without .md ('book/billing/reimbursement')."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [f for f in found if f.startswith("book/") and f not in NOT_CHAPTERS]


def diagrams(page: str) -> list[re.Match[str]]:
    return list(DIRECTIVE.finditer((ROOT / f"{page}.md").read_text(encoding="utf-8")))


ALL = figures.figures()


def test_every_chapter_shows_at_least_two_figures():
    pages = chapters()
    assert len(pages) >= 16
    for page in pages:
        assert len(diagrams(page)) >= 2, f"{page} shows {len(diagrams(page))} figures; every chapter needs 2+"


def test_every_figure_is_shown_once_on_the_chapter_it_belongs_to():
    shown = [(page, m["id"]) for page in chapters() for m in diagrams(page)]
    ids = [fid for _page, fid in shown]
    assert sorted(ids) == sorted(ALL), "a registered figure no page shows, or a page showing an unknown id"
    assert len(ids) == len(set(ids)), "a figure is shown twice"
    for page, fid in shown:
        assert f"book/{ALL[fid].chapter}" == page, (fid, page)


@pytest.mark.parametrize("page", chapters())
def test_each_figure_has_a_label_a_caption_and_a_cross_reference(page):
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    for m in diagrams(page):
        assert f":name: fig-{m['id']}" in m["options"], (page, m["id"])
        assert len(m["body"].split()) >= 8, f"{m['id']}: write a caption that says what to notice"
        assert f"{{numref}}`fig-{m['id']}`" in text, f"{m['id']}: refer to the figure in the prose with {{numref}}"
        assert text.index(f"{{numref}}`fig-{m['id']}`") < m.start() + 2000, f"{m['id']}: refer to it near it"


@pytest.mark.parametrize("fid", sorted(ALL))
def test_each_figure_draws_the_same_well_formed_picture_every_time(fid):
    fig = ALL[fid]
    first, second = fig.draw(), fig.draw()
    assert first == second, f"{fid} is not deterministic"
    assert len(fig.alt.split()) >= 8
    if fig.kind == "svg":
        root = ET.fromstring(first)
        assert root.tag.endswith("svg") and root.get("viewBox")
        title = root.find("{http://www.w3.org/2000/svg}title")
        assert title is not None and (title.text or "").strip(), f"{fid}: the SVG needs a <title>"
        texts = [t for t in root.iter() if t.tag.endswith("text")]
        assert texts, f"{fid}: a figure's words are SVG text, not paths"
        assert len(first) < 400_000, f"{fid} is {len(first)} bytes"
    else:
        assert "<" in first and "</" in first


def test_the_registry_refuses_bad_figures():
    with pytest.raises(ValueError, match="alt text"):
        figures.figure("x-short-alt", "revenue-cycle", "too short")
    with pytest.raises(ValueError, match="kind"):
        figures.figure("x-kind", "revenue-cycle", "a long enough alt text for the figure here", kind="png")
    with pytest.raises(ValueError, match="twice"):
        figures.figure("revenue-cycle", "revenue-cycle", "a long enough alt text for the figure here")(lambda: "")
    with pytest.raises(KeyError, match="figures are"):
        figures.get("no-such-figure")


def test_an_unknown_figure_or_a_failing_drawing_fails_the_strict_build(tmp_path):
    """The directive reports the page and the figure id (a strict build turns it into a failure)."""
    import subprocess
    import sys
    import textwrap

    (tmp_path / "conf.py").write_text("extensions = ['workbook.site.sphinx_ext']\n", encoding="utf-8")
    (tmp_path / "index.rst").write_text(textwrap.dedent("""\
        Test
        ====

        .. diagram:: no-such-figure

           A caption.
        """), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(tmp_path),
                           str(tmp_path / "_out")], capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "no-such-figure" in proc.stderr and "index" in proc.stderr
