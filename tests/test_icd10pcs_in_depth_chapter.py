"""The ICD-10-PCS in depth chapter agrees with the shipped CMS tables and the guidelines it cites.

Every PCS code the chapter, bank, key and notebook name is valid in the shipped FY2026 tables; the worked examples'
codes are the builder's ({computed}) and each is checked here against labels read from the CMS rows by hand; the
bank's keys agree with the builder; and the chapter is registered, cited and sized like every chapter.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from revcycle.codes import pcs_tables
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "icd10pcs-in-depth.md"
BANK = ROOT / "exercises" / "banks" / "icd10pcs-in-depth.yml"
KEY = ROOT / "solutions" / "keys" / "icd10pcs-in-depth.yml"
NOTEBOOK = ROOT / "notebooks" / "building-pcs-codes.ipynb"
PCS = re.compile(r"\b([0-9B-DFGHX][0-9A-HJ-NP-Z]{6})\b")


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def key_answers() -> dict:
    return {k: v.answer for k, v in keys.load_key(KEY, load_bank(BANK)).items()}


def pcs_codes(source: str) -> set[str]:
    """Seven-character PCS-shaped tokens with at least one letter and one digit (not words or numbers)."""
    return {c for c in PCS.findall(source) if re.search(r"[A-Z]", c) and re.search(r"[0-9]", c)}


def test_every_pcs_code_named_is_valid_in_the_shipped_tables():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    named = set()
    for source in (text(), KEY.read_text(encoding="utf-8"), "\n".join(c.source for c in nb.cells)):
        named |= pcs_codes(source)
    assert {"0FT44ZZ", "0HBT0ZX", "0HBT0ZZ", "0WJC0ZZ", "0D160ZA", "02100Z9", "0SG00A0", "02713EZ", "0W9G30Z",
            "3E02340", "5A1955Z", "10E0XZZ"} <= named
    invalid_on_purpose = {"0QSGX4Z", "0FT44JZ", "0DTJ4ZX", "10D07Z1"}  # the notebook's refused codes
    for code in named - invalid_on_purpose:
        assert pcs_tables.is_valid(code), code
    for code in invalid_on_purpose:
        assert not pcs_tables.is_valid(code), code


def test_the_bank_s_code_answers_are_valid_and_its_distractors_say_what_the_key_says():
    key = key_answers()
    for ex_id in ("pcsd-01", "pcsd-03", "pcsd-04", "pcsd-10"):
        assert pcs_tables.is_valid(key[ex_id]), ex_id
    assert set(key["pcsd-02"]) == {"0FJ44ZZ", "0FT40ZZ"}
    assert key["pcsd-16"] == len(pcs_tables.next_values("10D00Z"))


@pytest.mark.parametrize(("name", "code", "labels"), [
    ("ex1", "0FT44ZZ", ("Resection", "Gallbladder", "Percutaneous Endoscopic", "No Device", "No Qualifier")),
    ("ex2", "10D00Z1", ("Extraction", "Products of Conception", "Open", "No Device", "Low")),
    ("ex3", "0QSG04Z", ("Reposition", "Tibia, Right", "Open", "Internal Fixation Device", "No Qualifier")),
])
def test_worked_examples_are_the_builder_s_and_mean_what_the_notes_say(name, code, labels):
    assert value(f"icd10pcs-in-depth.{name}.code") == code
    assert f"{{computed}}`icd10pcs-in-depth.{name}.code`" in text()
    assert pcs_tables.decode(code).labels[2:] == labels


def test_the_counts_the_prose_shows_come_from_the_tables():
    assert value("icd10pcs-in-depth.tables") == 29
    assert value("icd10pcs-in-depth.ex1.devices") == 1 and value("icd10pcs-in-depth.ex2.qualifiers") == 3
    assert value("icd10pcs-in-depth.ex3.devices") == 7  # internal, intramedullary, four external fixators, none
    assert value("icd10pcs-in-depth.ex1.inspection") == "0FJ44ZZ" and value("icd10pcs-in-depth.ex1.open") == "0FT40ZZ"
    assert pcs_tables.next_values("0QSGX") == {"Z": "No Device"}  # the closed row the prose says has no device


def test_the_guideline_numbers_cited_are_the_ones_the_chapter_teaches():
    page = chapter_checks.flat(text())
    for rule in ("B3.1a", "B3.1b", "B3.2d", "B3.3", "B3.4a", "B3.4b", "B3.5", "B3.6b", "B3.6c", "B3.7", "B3.8",
                 "B3.9", "B3.10a", "B3.10c", "B3.15", "B4.1a", "B4.2", "B4.3", "B4.4", "B4.6", "B5.2a", "B5.2b",
                 "B5.3b", "B5.4", "B6.1a", "B6.1b", "B6.2", "C1", "C2"):
        assert f"({rule}" in page or f" {rule}" in page, rule


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"single", "multiple", "matching", "ordering", "numeric"}, "pcsd-")


def test_terms_and_citations_resolve():
    cited = chapter_checks.assert_citations(text(), ("cms-icd10pcs-tables-2026",),
                                            also=KEY.read_text(encoding="utf-8"), must_cite=True)
    assert {"cms-icd10pcs-guidelines-2026", "cms-icd10pcs-2026"} <= cited
    chapter_checks.assert_key_terms(text(), "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(icd10pcs-in-depth)=\n# ")
    assert "```{admonition} Learning objectives" in page
    assert "{ref}`icd10pcs-overview`" in page
    assert "{doc}`../../exercises/icd10pcs-in-depth`" in page
    assert "../../notebooks/building-pcs-codes" in page
    assert 2000 <= chapter_checks.prose_words(page) <= 4500


def test_the_chapter_is_placed_and_has_its_figures():
    chapter_checks.assert_registered("coding/icd10pcs-in-depth", "coding/icd10pcs-overview",
                                     ["notebooks/building-pcs-codes", "exercises/icd10pcs-in-depth"],
                                     {"pcs-depth-narrowing", "pcs-depth-how-many-codes"})


def test_the_narrowing_figure_counts_from_the_table():
    from workbook.site.figures import icd10pcs_in_depth

    counts = [n for _, n in icd10pcs_in_depth.narrowing("0QSG04Z")]
    codes = list(pcs_tables.codes(["0QS"]))
    assert counts[0] == len(codes) == value("icd10pcs-in-depth.ex3.table-codes")
    assert counts == sorted(counts, reverse=True) and counts[-1] == 1


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "def " not in cell.source and "ElementTree" not in cell.source
