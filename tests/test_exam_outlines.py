"""The exam-outline map: every content area of the CPC, CCA, CPB and CRCR has a chapter and ten exercises.

The counts come from the banks through workbook.course.outlines, so a chapter that loses exercises, or a word list
that stops matching, fails here. The instructor page shows the same tables, and the CLI prints them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tests.chapter_checks import bib_keys, toc_chapters
from workbook.cli import main
from workbook.course import outlines
from workbook.course.catalog import chapters
from workbook.errors import WorkbookError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "exam-outline-map.ipynb"
AREAS = [(exam, cov) for exam in outlines.OUTLINES for cov in outlines.coverage(exam)]


@pytest.mark.parametrize(("exam", "cov"), AREAS, ids=[f"{e}: {c.area[:40]}" for e, c in AREAS])
def test_every_area_has_a_chapter_and_ten_exercises(exam, cov):
    assert cov.chapters, f"{exam} {cov.area}: no chapter"
    assert len(cov.exercises) >= 10, f"{exam} {cov.area}: only {len(cov.exercises)} exercises"


def test_the_four_exams_and_their_sources_are_cited():
    assert set(outlines.OUTLINES) == {"CPC", "CCA", "CPB", "CRCR"}
    assert {o.source for o in outlines.OUTLINES.values()} <= bib_keys()
    assert len(outlines.outline("cpc").areas) == 17 and len(outlines.outline("CCA").areas) == 6


def test_an_exercise_counts_only_for_the_areas_its_words_reach():
    by_area = {c.area: set(c.exercises) for c in outlines.coverage("CPC")}
    anesthesia, radiology = by_area["Anesthesia"], by_area["Radiology"]
    bank = next(c for c in chapters() if c.id == "anesthesia-radiology").bank
    shared = {ex.id for ex in bank.exercises}
    assert anesthesia & shared and radiology & shared
    assert (anesthesia & shared) != shared and (radiology & shared) != shared   # the chapter is split, not copied


def test_every_coding_chapter_serves_the_cpc_or_cca():
    mapped = {s.chapter for exam in ("CPC", "CCA") for a in outlines.outline(exam).areas for s in a.sources}
    coding = {c["file"].split("/")[-1] for c in toc_chapters() if c["file"].startswith("book/coding/")}
    assert coding <= mapped, coding - mapped


def test_every_billing_and_regulation_chapter_serves_the_cpb_or_crcr():
    mapped = {s.chapter for exam in ("CPB", "CRCR") for a in outlines.outline(exam).areas for s in a.sources}
    pages = {c["file"].split("/")[-1] for c in toc_chapters()
             if c["file"].startswith(("book/billing/", "book/regulations/"))}
    assert pages <= mapped, pages - mapped


def test_an_unknown_exam_or_chapter_is_refused_by_name(monkeypatch):
    with pytest.raises(WorkbookError, match="CPC, CCA, CPB, CRCR"):
        outlines.outline("RHIA")
    bad = outlines.Outline("CPC", "AAPC", "aapc-cpc-exam", (outlines.Area("X", (outlines.Source("no-such"),)),))
    monkeypatch.setitem(outlines.OUTLINES, "CPC", bad)
    with pytest.raises(WorkbookError, match="no-such"):
        outlines.coverage("CPC")


def test_the_cli_prints_an_exam_and_refuses_an_unknown_one(capsys):
    assert main(["outlines", "CCA"]) == 0
    out = capsys.readouterr().out
    assert "Confidentiality and privacy" in out and "hipaa" in out
    assert main(["outlines", "nope"]) == 2
    assert "choose one of" in capsys.readouterr().err


def test_the_instructor_page_shows_every_exam_and_sits_under_the_guide():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert all(f'outlines.show("{exam}")' in code for exam in outlines.OUTLINES)
    shown = "\n".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.get("outputs", []))
    for exam in outlines.OUTLINES:
        assert outlines.markdown(exam) in shown
    guide = next(c for c in toc_chapters() if c["file"] == "book/instructors/guide")
    assert "notebooks/exam-outline-map" in [s["file"] for s in guide["sections"]]
