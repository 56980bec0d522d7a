"""The case review engine gathers the project's existing checks for one coded case and explains them: each kind of
mistake planted in a clean case is found by the check that owns it, and every key of the case lab passes clean."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.coding import case_review as cr
from revcycle.core.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
KEY = ROOT / "solutions" / "keys" / "coding-case-lab.yml"
FACTS = {"date": "2026-11-02", "payer": "medicare", "sex": "F", "birth": "1958-04-11"}
CLEAN = {"21A": "M17.11", "24D.1": "99213", "24D.1m": "25", "24D.2": "20610", "24D.2m": "RT", "24D.3": "J3301",
         "24D.3m": "NONE", "24G.3": "4"}


def case(items=None, **facts):
    return cr.CodedCase.from_items("t", items or CLEAN, {**FACTS, "doses": {3: "40 mg"}, **facts})


def checks(review, severity="error"):
    return {(f.where, f.check) for f in review.findings if f.severity == severity}


def test_a_clean_case_has_no_error_or_warning_and_explains_its_codes():
    review = cr.review(case())
    assert review.clean, review.table()
    assert [r["code"] for r in review.codes()] == ["M17.11", "99213-25 x 1", "20610-RT x 1", "J3301 x 4"]
    assert "right knee" in review.codes()[0]["meaning"]


def test_items_become_lines_in_order_with_modifiers_in_letter_order():
    c = case({**CLEAN, "24D.2n": "XS", "24D.2m": "59"})
    assert c.lines[1].modifiers == ("59", "XS") and c.lines[0].modifiers == ("25",) and c.lines[2].modifiers == ()
    assert c.lines[2].units == Decimal(4) and c.date_of_service == date(2026, 11, 2)


@pytest.mark.parametrize(("change", "expected"), [
    ({"21A": "M17"}, ("dx", "scrubber DX-HEADER")),  # a heading, not a billable code
    ({"21A": "S52.501"}, ("dx", "scrubber DX-7TH")),  # a fracture without its 7th character
    ({"24D.1m": "NONE"}, ("line 1", "scrubber NCCI-PTP")),  # the visit bundles into the injection without 25
    ({"24D.3m": "25"}, ("line 3", "scrubber MOD-25")),  # 25 on a drug line
    ({"24D.2": "2061O"}, ("line 2", "scrubber PROC-UNKNOWN")),  # a letter O typed for a zero
    ({"24D.2n": "50"}, ("line 2", "modifiers")),  # 50 with RT
    ({"24D.2m": "Y9"}, ("line 2", "modifiers")),  # no such modifier
    ({"24G.3": "2"}, ("line 3", "drug units")),  # 40 mg at 10 mg a unit is 4 units
    ({"24D.2": "20611", "24G.2": "3"}, ("line 2", "scrubber MUE")),  # one knee a day
])
def test_each_planted_mistake_is_found_by_its_check(change, expected):
    assert expected in checks(cr.review(case({**CLEAN, **change})))


def test_tabular_notes_come_from_dx_review():
    # a manifestation code listed first, its underlying disease after it
    found = checks(cr.review(case({**CLEAN, "21A": "H36.89", "21B": "E11.9", "24D.1m": "NONE", "24D.2": "92250",
                                   "24D.2m": "NONE", "24D.3": "99211", "24D.3m": "NONE"}, doses={})))
    assert ("dx 1", "tabular notes") in found


def test_the_mue_applies_to_medicare_only_and_the_pregnancy_edit_to_sex():
    double = {**CLEAN, "24D.2": "20611", "24G.2": "3"}
    assert ("line 2", "scrubber MUE") not in checks(cr.review(case(double, payer="group")))
    preg = {"21A": "Z34.82", "21B": "Z3A.24", "24D.1": "99213"}
    assert ("dx", "scrubber DX-SEX") in checks(cr.review(cr.CodedCase.from_items("p", preg, {**FACTS, "sex": "M"})))
    assert cr.review(cr.CodedCase.from_items("p", preg, FACTS)).clean


def test_a_code_is_judged_on_its_date_of_service():
    # E11.9 is billable in both fiscal years the book spans; a date long before ICD-10 is refused by the scrubber
    assert cr.review(case(date="2025-10-01")).clean and cr.review(case(date="2026-10-01")).clean


def test_line_kinds():
    assert [cr.line_kind(c) for c in ("99214", "00790", "45380", "71046", "80053", "J1100", "G0008")] == [
        "em", "anesthesia", "procedure", "test", "lab", "drug", None]


def test_bad_input_gets_a_clear_error():
    with pytest.raises(InputError, match="payer type"):
        case(payer="acme")
    with pytest.raises(InputError, match="not a diagnosis"):
        case({**CLEAN, "24X.1": "1"})
    with pytest.raises(InputError, match="without gaps"):
        case({"21A": "M17.11", "24D.2": "99213"})
    with pytest.raises(InputError, match="names no amount"):
        cr.review(case({**CLEAN, "24D.3": "96372"}))
    with pytest.raises(InputError, match="as a list"):
        cr.CodedCase("x", "E11.9", (), "2026-11-02")  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.text(max_size=6), st.text(max_size=8), max_size=5))
def test_any_items_either_build_a_case_or_raise_input_error(items):
    try:
        c = cr.CodedCase.from_items("h", items, FACTS)
    except InputError:
        return
    assert isinstance(c, cr.CodedCase)


def key_cases():
    data = yaml.safe_load(KEY.read_text(encoding="utf-8"))
    return cr.cases_from_key(data["answers"])


def test_every_case_lab_key_reviews_with_zero_errors():
    cases = key_cases()
    assert len(cases) >= 30
    bad = {c.case_id: [f.message for f in cr.review(c).errors + cr.review(c).warnings] for c in cases}
    assert not {k: v for k, v in bad.items() if v}, bad
