"""The career-paths chapter agrees with careers.credentials, careers.paths and careers.ceu.

Its numbers come from code through the {computed} role (workbook.site.book_values). Here: the worked examples are
recounted by hand from the bodies' published rules, the table sends readers to the body's page exactly where this
book could not confirm a format, the outlook chapter names its edition, and the chapter is registered, cited and sized
like every chapter.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site.figures import get

ROOT = chapter_checks.ROOT
PAGE = ROOT / "book" / "careers" / "career-paths.md"
OUTLOOK = ROOT / "book" / "careers" / "outlook.md"
BANK = ROOT / "exercises" / "banks" / "career-paths.yml"
KEY = ROOT / "solutions" / "keys" / "career-paths.yml"
NOTEBOOK = ROOT / "notebooks" / "career-path-explorer.ipynb"
NEW_KEYS = ("aapc-coc", "aapc-crc-exam", "aapc-cic-exam", "aapc-cpc-p", "aapc-cpma-exam", "ahima-ceu-table",
            "hfma-crcr-faq", "hfma-crcr-maintain")


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_worked_example_1_is_counted_by_hand():
    # AAPC: 36 CEUs for one credential, 40 for two, 44 for three; the CPMA's 16 on auditing.
    assert value("career.aapc-one") == 36
    assert value("career.ex1.cpma-ceus") == 40 and value("career.ex1.three-ceus") == 44
    assert value("career.ex1.audit-ceus") == 16
    assert value("career.ex1.one-move") == 5  # COC, CIC, CRC, CPC-P, CPMA
    page = chapter_checks.flat(chapter_checks.section(text(), "career-paths-example-1"))
    for code in ("COC", "CIC", "CRC", "CPC-P", "CPMA"):
        assert f"the {code} (" in page, code


def test_worked_example_2_is_counted_by_hand():
    # AHIMA: RHIT 20 and CCS 20 -> 20 + 10 = 30; with the CDIP (30 alone): 30 + 10 + 10 = 50, AHIMA's ceiling.
    assert value("career.ex2.now") == 20 + 10 == 30
    assert value("career.ex2.uncapped") == 30 + 10 + 10
    assert value("career.ex2.after") == min(50, 30 + 10 + 10) == value("career.ex2.max") == 50
    assert value("career.cdip.ceus") == 30 and value("career.ccs-p.ceus") == 20


def test_the_exam_figures_are_the_confirmed_ones():
    assert (value("career.crc.questions"), value("career.crc.hours")) == (100, 4)
    assert str(value("career.crc.minutes-each")) in ("2.4", "2.40")
    assert (value("career.cic.questions"), value("career.cic.cases"), value("career.cic.hours")) == (40, 7, 4)
    assert (value("career.cpma.questions"), value("career.cpma.hours")) == (100, 4)
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| \{term\}`([A-Z-]+)`.*$", text(), re.M)}
    assert set(rows) == {"COC", "CIC", "CRC", "CPC-P", "CPMA", "CCS-P", "CDIP", "CRCR"}
    assert (value("career.coc.questions"), value("career.coc.hours")) == (100, 4)
    for code in ("CPC-P", "CCS-P", "CDIP", "CRCR"):
        assert rows[code].count("see the body's page") == 1, code
    for code in ("COC", "CIC", "CRC", "CPMA"):
        assert "see the body's page" not in rows[code], code
    assert "$" not in text()  # no prices


def test_the_outlook_figures_name_their_edition():
    from datetime import date

    assert value("career.edition") == "2024\N{EN DASH}34"
    assert value("career.edition-published") == date(2025, 8, 28)
    assert value("outlook.edition") == value("career.edition")
    assert value("outlook.edition-published") == value("career.edition-published")
    for page, ch in ((text(), "career"), (OUTLOOK.read_text(encoding="utf-8"), "outlook")):
        assert f"{{computed}}`{ch}.edition` edition" in page
        assert f"{{computed}}`{ch}.edition-published`" in page
    assert "August 28, 2025" in chapter_checks.BIB.read_text(encoding="utf-8")  # the release the date rests on


def test_bank_answers_that_the_engine_computes():
    from careers import ceu, paths

    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    assert int(key["cpath-04"]) == ceu.required_ceus(["CPC", "CPMA"])["AAPC"] == 40
    assert int(key["cpath-05"]) == ceu.required_ceus(["RHIT", "CCS", "CDIP"])["AHIMA"] == 50
    assert int(key["cpath-03"]) == ceu.EXAM_FORMATS["CIC"].cases
    assert set(key["cpath-07"]) == {"CCS-P", "CPC-P", "CDIP"} == {"CCS-P", "CRC", "CPC-P", "CPMA", "CDIP", "CIC"} - set(
        ceu.EXAM_FORMATS)
    ends = {paths.ROLES[p.end][0] for p in paths.paths_from("CPC", steps=1)}
    assert set(key["cpath-13"]) == ends & {"Coding auditor", "CDI specialist", "Risk adjustment coder",
                                           "Outpatient facility coder", "Revenue-cycle representative"}
    bodies = {c: v.split(",")[0] for c, v in key["cpath-01"].items()}
    from careers.credentials import credential

    assert all(credential(c).body == b for c, b in bodies.items())


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"single", "multiple", "numeric", "ordering", "matching"},
                               "cpath-")


def test_terms_and_citations_resolve():
    chapter_checks.assert_citations(text(), NEW_KEYS, also=KEY.read_text(encoding="utf-8"), must_cite=True)
    chapter_checks.assert_key_terms(text(), "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(career-paths)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("careers-training", "careers-outlook", "institutional-billing", "prior-authorization",
                  "audits-program-integrity"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/career-paths`" in page
    assert "../../notebooks/career-path-explorer" in page
    assert 2000 <= chapter_checks.prose_words(page) <= 4500, chapter_checks.prose_words(page)


def test_the_chapter_is_registered_just_before_the_outlook():
    chapter_checks.assert_registered("careers/career-paths", "careers/training-certification",
                                     ["notebooks/career-path-explorer", "exercises/career-paths"],
                                     {"career-paths-map", "career-paths-exams"},
                                     before="careers/outlook")


def test_the_figures_draw_and_their_alt_text_states_the_facts():
    from careers import ceu

    exams = get("career-paths-exams")
    for code in ("CRC", "CPMA", "COC"):
        f = ceu.EXAM_FORMATS[code]
        assert f"{f.questions} questions in {f.hours} hours" in exams.alt
    assert "40 questions plus 7 coding cases" in exams.alt
    assert "CRCR" in get("career-paths-map").alt
    for fig in (exams, get("career-paths-map")):
        svg = fig.draw()
        assert svg.startswith("<svg") and "<title>" in svg


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_the_package(cell):
    assert "required_ceus" not in cell.source and "AHIMA_EXTRA" not in cell.source and "+ 10" not in cell.source
