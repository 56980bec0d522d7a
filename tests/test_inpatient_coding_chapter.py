"""The inpatient-coding chapter agrees with the code set, the CMS rows it ships and revcycle.coding.inpatient.

Its MS-DRGs, weights and dollar figures come from code through the {computed} role (workbook.site.book_values).
Here: every ICD-10-CM code in the chapter, bank, key and notebook is billable in FY 2026 and the chapter's words for
the codes it explains match their titles; the worked examples are the grouper's and their payments check by plain
arithmetic on Table 5 and Table 1B; the bank's keys agree with the engine; and the chapter is registered, cited and
sized like every chapter.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from revcycle import icd10cm
from revcycle.coding import inpatient
from revcycle.coding.inpatient import query
from tests import chapter_checks
from tests.chapter_checks import cents, value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "inpatient-coding.md"
BANK = ROOT / "exercises" / "banks" / "inpatient-coding.yml"
KEY = ROOT / "solutions" / "keys" / "inpatient-coding.yml"
NOTEBOOK = ROOT / "notebooks" / "grouping-an-inpatient-stay.ipynb"
CODE = re.compile(r"`([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)`")
RATE = Decimal("4186.62") + Decimal("2565.99")  # Table 1B as printed (wage index 1.0000)


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_every_icd10cm_code_is_billable_in_fy2026():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    sources = [text(), BANK.read_text(encoding="utf-8"), KEY.read_text(encoding="utf-8"),
               "\n".join(c.source for c in nb.cells)]
    found = set()
    for s in sources:
        found |= set(CODE.findall(s)) | set(re.findall(r"\"([A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4})\"", s))
    found -= {"K35.80"}  # the notebook's example of a code outside the subset: valid, just not grouped
    assert {"J18.9", "J96.01", "I50.23", "L89.153", "A41.9", "R65.20", "I11.0", "I26.99"} <= found
    for code in found | {"K35.80"}:
        assert icd10cm.is_billable(code, on="2025-10-01") and icd10cm.is_billable(code, on="2026-09-30"), code


@pytest.mark.parametrize(("code", "words"), [
    ("J18.9", "pneumonia, unspecified organism"), ("J96.01", "acute respiratory failure with hypoxia"),
    ("E87.1", "hyponatremia"), ("N17.9", "acute kidney failure, unspecified"), ("I10", "essential"),
    ("E11.9", "type 2 diabetes mellitus without complications"), ("I50.22", "chronic systolic"),
    ("I50.23", "acute on chronic systolic"), ("R65.20", "severe sepsis without septic shock"),
    ("I50.21", "acute systolic"), ("I11.0", "hypertensive heart disease with heart failure"),
    ("R09.02", "hypoxemia"), ("E78.5", "hyperlipidemia"), ("L89.153", "sacral region, stage 3"),
    ("I26.99", "pulmonary embolism without acute cor pulmonale"),
])
def test_the_codes_mean_what_the_chapter_says(code, words):
    assert words in icd10cm.title(code).lower()
    assert f"`{code}`" in text()


def test_the_levels_the_chapter_states_are_cms_s():
    assert inpatient.severity_of("J96.01") == "MCC" and inpatient.severity_of("L89.153") == "MCC"
    assert inpatient.severity_of("E87.1") == "CC" and inpatient.severity_of("N17.9") == "CC"
    assert inpatient.severity_of("I10") == "non-CC" and inpatient.severity_of("E11.9") == "non-CC"
    assert inpatient.group("I50.23", ["I50.22"]).severity == "non-CC"        # excluded with a HF principal
    assert inpatient.group("A41.9", ["R65.20"]).severity == "non-CC"         # excluded with the sepsis itself
    assert inpatient.group("I11.0", ["I50.21"]).severity == "MCC"            # not excluded with I11.0


def test_the_worked_examples_are_the_grouper_s_and_add_up():
    assert (value("inpatient.ex1-before.drg"), value("inpatient.ex1-after.drg")) == ("195", "193")
    assert (value("inpatient.ex2-poa-y.drg"), value("inpatient.ex2-poa-n.drg")) == ("291", "293")
    weights = {"ex1-before": "0.6285", "ex1-after": "1.3144", "ex2-poa-y": "1.2838", "ex2-poa-n": "0.5660"}
    for name, weight in weights.items():
        assert value(f"inpatient.{name}.weight") == Decimal(weight)
        assert value(f"inpatient.{name}.payment") == cents(RATE * Decimal(weight)), name
    assert value("inpatient.ex1.difference") == cents(RATE * Decimal("1.3144")) - cents(RATE * Decimal("0.6285"))
    assert value("inpatient.ex2.difference") == Decimal("4847.02")
    page = text()
    for key in ("inpatient.ex1-before.drg", "inpatient.ex1-after.payment", "inpatient.ex1.difference",
                "inpatient.ex2-poa-y.payment", "inpatient.ex2-poa-n.drg", "inpatient.ex2.difference",
                "inpatient.pdx-count", "inpatient.sdx-count"):
        assert f"{{computed}}`{key}`" in page, key
    # the stays of the chapter's prose are the stays book_values groups
    stays = book_values.INPATIENT_STAYS
    assert stays["ex1-after"][1][0] == ("J96.01", "Y") and stays["ex2-poa-n"][1][-1] == ("L89.153", "N")


def test_bank_answers_agree_with_the_engine():
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    assert icd10cm.title(key["inp-01"]).lower().startswith("other pulmonary embolism without acute cor pulmonale")
    assert set(key["inp-05"]) == {k for k, v in inpatient.INDICATORS.items() if v.hac_credit}
    levels = {"MCC": "MCC", "CC": "CC", "non-CC": "Neither a CC nor an MCC"}
    for left, level in key["inp-06"].items():
        assert levels[inpatient.severity_of(left.split()[0])] == level
    assert str(key["inp-07"]).split()[0] == inpatient.group("J18.9", ["E87.1", "I10"]).ms_drg
    assert str(key["inp-08"]).split()[0] == inpatient.group("A41.9", ["R65.20", "I10"]).ms_drg
    assert Decimal(str(key["inp-09"])) == inpatient.group("J18.9", ["J96.01"]).payment("1.0000").payment \
        == cents(RATE * Decimal("1.3144"))
    y = inpatient.group("I50.23", [("L89.153", "Y")]).payment("1.0000").payment
    n = inpatient.group("I50.23", [("L89.153", "N")]).payment("1.0000").payment
    assert Decimal(str(key["inp-10"])) == y - n
    options = next(e for e in bank.exercises if e.id == "inp-11").options
    indicators = ("Sodium 126 and 129 mmol/L", "fluid restriction ordered")
    compliant = set()
    for option in options:
        body = option.split("ordered. ", 1)[-1]
        choices = tuple(c.strip() for c in body.split(":", 1)[1].split("/")) if "/" in body else ()
        q = query.Query(indicators if option.startswith("Sodium") else (), body,
                        "multiple_choice" if choices else "open", choices)
        if query.check(q).compliant:
            compliant.add(option)
    assert compliant == set(key["inp-11"])


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"code", "single", "multiple", "numeric", "ordering",
                                                     "matching"}, "inp-")


def test_terms_and_citations_resolve():
    page = text()
    new = ("cms-msdrg-v43-manual", "cms-ipps-fy2026-tables-6", "cms-hac-poa", "uscode-42-1395ww")
    cited = chapter_checks.assert_citations(page, new, also=KEY.read_text(encoding="utf-8"), must_cite=True)
    for primary in ("icd10cm-guidelines-2026", "ahima-acdis-query-2022", "cms-ipps-fy2026-table5", "ecfr-42-412-60"):
        assert primary in cited, primary
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(inpatient-coding)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("icd10cm-guidelines", "icd10pcs-overview", "institutional-billing", "fraud-abuse-compliance"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/inpatient-coding`" in page
    assert "../../notebooks/grouping-an-inpatient-stay" in page
    flat = chapter_checks.flat(page)
    assert "outside the teaching grouper's subset" in flat  # the grouper's limits are said plainly
    assert "never guesses" in flat
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words


def test_the_chapter_is_registered_after_icd10pcs_in_depth():
    chapter_checks.assert_registered(
        "coding/inpatient-coding", "coding/icd10pcs-in-depth",
        ["notebooks/grouping-an-inpatient-stay", "exercises/inpatient-coding"],
        {"inpatient-grouping-steps", "inpatient-drg-weights"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "Decimal(" not in cell.source and "4186.62" not in cell.source and "excluded_with" not in cell.source
