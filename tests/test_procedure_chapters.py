"""The CPT/E/M, HCPCS/modifier and ICD-10-PCS chapters quote what the data and the library compute.

The figures these chapters quote (E/M time thresholds, HCPCS codes by first letter, MUE counts by MAI and the MUE
values, the PCS character tables) come from code through the {computed} role, so the rendered pages cannot
disagree with the library: tests/test_chapter_figures.py and tests/test_site.py check those. What stays here is
engine checks of the values the prose relies on, and the few things the role cannot reach: codes written in
backticks (the worked examples' E/M codes, the PCS codes), which are scraped from the Markdown.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from revcycle.codes import hcpcs, ncci, pcs
from revcycle.coding import em
from revcycle.payment import fees
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
CODING = ROOT / "book" / "coding"


def chapter(name: str) -> str:
    return (CODING / f"{name}.md").read_text(encoding="utf-8")


def section(text: str, label: str) -> str:
    start = text.index(f"({label})=")
    end = text.find("\n## ", text.index("\n## ", start) + 1)
    return text[start:end if end != -1 else None]


# ---------------------------------------------------------------- CPT and E/M

@pytest.mark.parametrize(
    ("code", "days"),
    [("20610", "000"), ("12001", "000"), ("17110", "010"), ("10060", "010"), ("27447", "090"), ("47562", "090"),
     ("11103", "ZZZ"), ("99292", "ZZZ"), ("G2211", "ZZZ"), ("17999", "YYY"), ("64999", "YYY")],
)
def test_global_days_quoted_in_the_cpt_chapter(code, days):
    assert fees.rvu_record(code).global_days == days


def test_statuses_quoted_in_the_cpt_chapter():
    assert fees.rvu_record("17999").status == "C"
    assert fees.rvu_record("64999").status == "C"
    assert fees.rvu_record("99024").status == "B"
    assert fees.rvu_record("99417").status == "I"


def test_cpt_worked_examples_match_select_code():
    text = chapter("cpt-em")
    one = em.select_code("established", mdm=em.mdm_level(
        em.problems_level(["CHRONIC_WORSENING", "STABLE_CHRONIC"]),
        em.data_level(results_reviewed=2, tests_ordered=1), em.RISK_EXAMPLES["prescription drug management"]),
        minutes=27)
    assert (one.code, one.basis) == ("99214", "MDM")
    assert "reported as `99214`, chosen by MDM" in section(text, "cpt-em-example-1")
    two = em.select_code("new", mdm=em.mdm_level("low", "minimal", "low"), minutes=47)
    assert (two.code, two.basis) == ("99204", "time")
    assert "reported as `99204`, chosen by time" in section(text, "cpt-em-example-2")


# ---------------------------------------------------------------- HCPCS and modifiers

def test_mue_values_quoted_in_the_hcpcs_chapter():
    for code, value, mai in [("J1100", 120, 3), ("J0696", 16, 3), ("20610", 2, 3), ("11102", 1, 2), ("11103", 6, 3)]:
        limit = ncci.mue(code)
        assert (limit.value, limit.mai) == (value, mai), code


@pytest.mark.parametrize(
    ("code", "size", "dose", "units"),
    [("J1100", 1, 8, 8), ("J0696", 250, 1000, 4), ("J1885", 15, 30, 2), ("J2250", 1, 2.5, 3), ("J3420", 1000, 1000, 1),
     ("J1745", 10, 350, 35), ("J1745", 10, 50, 5)],
)
def test_drug_units_quoted_in_the_hcpcs_chapter(code, size, dose, units):
    assert f"{size} m" in hcpcs.describe(code).description
    assert math.ceil(dose / size) == units


def test_component_amounts_add_up_to_the_global_service():
    amounts = [fees.pfs_payment("71046", modifier=m).payment for m in (None, "26", "TC")]
    assert amounts[1] + amounts[2] == amounts[0]


# ---------------------------------------------------------------- ICD-10-PCS

PCS_IN_TEXT = re.compile(r"`([0-9A-HJ-NP-Z]{7})`")


def test_every_pcs_code_in_the_chapter_has_the_shape_and_is_a_teaching_code():
    codes = set(PCS_IN_TEXT.findall(chapter("icd10pcs-overview")))
    assert codes
    for code in codes - {"10D00Z1"}:
        assert pcs.is_valid_format(code)
        assert code in pcs.TEACHING_CODES, code
    assert pcs.section("10D00Z1") == "Obstetrics"


# ---------------------------------------------------------------- banks

@pytest.mark.parametrize("bank_name", ["cpt-em", "hcpcs-modifiers", "icd10pcs-overview"])
def test_banks_are_big_enough(bank_name):
    bank = load_bank(ROOT / "exercises" / "banks" / f"{bank_name}.yml")
    assert len(bank.exercises) >= 10
    assert sum(ex.case for ex in bank.exercises) >= 3
    assert len({ex.type for ex in bank.exercises}) >= 4
