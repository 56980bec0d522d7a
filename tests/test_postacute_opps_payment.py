"""revcycle.payment.postacute (SNF PDPM day, HH period) and revcycle.payment.opps (OPPS lines): the shipped 2026
figures, the worked numbers by plain arithmetic on the CSV, the rules, and clear errors."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.core.errors import DataError, InputError, RevcycleError, RuleError
from revcycle.payment import opps, postacute
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "src" / "revcycle" / "data" / "postacute_opps_2026.csv"
ONES = dict.fromkeys(postacute.SNF_COMPONENTS, "1.00")


def shipped() -> dict[tuple[str, str], str]:
    with CSV.open(encoding="utf-8") as f:
        return {(r["setting"], r["item"]): r["value"] for r in csv.DictReader(f)}


def test_the_shipped_figures_are_the_rules_and_each_has_a_cited_source():
    rows = shipped()
    assert {k: rows[("snf", k)] for k in ("pt", "ot", "slp", "nursing", "nta", "non_case_mix")} == {
        "pt": "75.73", "ot": "70.49", "slp": "28.28", "nursing": "132.00", "nta": "99.59", "non_case_mix": "118.21"}
    assert rows[("hh", "standardized_30_day")] == "2038.22"
    assert rows[("opps", "conversion_factor")] == "91.415" and rows[("opps", "labor_share")] == "0.60"
    assert rows[("part_a", "inpatient_deductible")] == "1736"
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    with CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            assert f"{{{row['source']}," in bib, row
    assert "postacute_opps_2026.csv" in (ROOT / "src" / "revcycle" / "data" / "PROVENANCE.md").read_text()


def test_the_variable_per_diem_schedule():
    assert [postacute.therapy_factor(d) for d in (1, 20, 21, 27, 28, 34, 35, 97, 98, 100)] == [
        Decimal(x) for x in ("1", "1", "0.98", "0.98", "0.96", "0.96", "0.94", "0.78", "0.76", "0.76")]
    assert [postacute.nta_factor(d) for d in (1, 3, 4, 100)] == [Decimal(3), Decimal(3), Decimal(1), Decimal(1)]


def test_the_chapter_snf_days_by_hand():
    r = {k: Decimal(v) for (s, k), v in shipped().items() if s == "snf"}
    day2 = r["pt"] + r["ot"] + r["slp"] + r["nursing"] + 3 * r["nta"] + r["non_case_mix"]
    day30 = Decimal("0.96") * (r["pt"] + r["ot"]) + r["slp"] + r["nursing"] + r["nta"] + r["non_case_mix"]
    assert postacute.snf_per_diem(2, ONES).per_diem == day2.quantize(Decimal("0.01")) == Decimal("723.48")
    assert postacute.snf_per_diem(30, ONES).per_diem == Decimal("518.45")
    assert abs(day30 - Decimal("518.45")) < Decimal("0.005")
    assert book_values.FIGURES["institutional.snf.early"].value() == Decimal("723.48")
    assert book_values.FIGURES["institutional.snf.late"].value() == Decimal("518.45")
    assert book_values.FIGURES["institutional.snf.late-factor"].value() == 96
    # a CMI scales its own component only
    more = postacute.snf_per_diem(2, {**ONES, "nursing": "2.00"})
    assert more.per_diem - postacute.snf_per_diem(2, ONES).per_diem == r["nursing"]


def test_hh_period_and_opps_figures():
    assert postacute.hh_period_payment("1") == Decimal("2038.22")
    assert postacute.hh_period_payment("1.5000") == Decimal("3057.33")  # 2,038.22 x 1.5
    assert book_values.FIGURES["institutional.hh.base"].value() == Decimal("2038.22")
    assert book_values.FIGURES["institutional.opps.cf"]() == "$91.4150"
    assert book_values.FIGURES["institutional.opps.copay-cap"]() == "$1,736"


def test_opps_status_indicators_reduction_and_copay():
    lines = [opps.OppsLine.of("P1", "T", "1000.00", "200.00"), opps.OppsLine.of("P2", "T", "600.00", "120.00"),
             opps.OppsLine.of("D1", "N"), opps.OppsLine.of("V1", "V", "100.00", "20.00")]
    paid = opps.price_lines(lines, "1.1000")
    # by hand: rate x (0.6 x 1.1 + 0.4) = rate x 1.06; the second T line at half
    assert [p.allowed for p in paid] == [Decimal("1060.00"), Decimal("318.00"), Decimal("0.00"), Decimal("106.00")]
    assert [p.copay for p in paid] == [Decimal("212.00"), Decimal("63.60"), Decimal("0.00"), Decimal("21.20")]
    assert [p.paid for p in paid] == [True, True, False, True]
    assert all(p.medicare == p.allowed - p.copay for p in paid)


def test_opps_comprehensive_apc_packages_the_rest_and_the_copay_cap():
    lines = [opps.OppsLine.of("C1", "J1", "9000.00", "3000.00"), opps.OppsLine.of("T1", "T", "500.00", "100.00")]
    paid = opps.price_lines(lines)
    assert paid[0].allowed == Decimal("9000.00") and paid[0].copay == Decimal("1736")  # capped
    assert paid[1].allowed == 0 and "comprehensive" in paid[1].reason


@pytest.mark.parametrize("call", [
    lambda: postacute.snf_per_diem(0, ONES), lambda: postacute.snf_per_diem(101, ONES),
    lambda: postacute.snf_per_diem(5, {"pt": "1"}), lambda: postacute.snf_per_diem(5, {**ONES, "pt": 1.2}),
    lambda: postacute.snf_per_diem(5, {**ONES, "nta": "0"}), lambda: postacute.hh_period_payment("abc"),
    lambda: postacute.therapy_factor(True), lambda: opps.OppsLine.of("X", "Q1", "10"),
    lambda: opps.OppsLine.of("X", "T", "10", "20"), lambda: opps.price_lines([]),
    lambda: opps.addendum_b("99213"), lambda: opps.addendum_b(99284), lambda: opps.OppsLine.shipped(""),
    lambda: opps.price_lines([opps.OppsLine.of("X", "S", "10")], "3"),
])
def test_bad_input_is_refused_with_a_revcycle_error(call):
    with pytest.raises(InputError):
        call()


def test_an_unshipped_figure_is_a_data_error():
    with pytest.raises(DataError, match="not in the book"):
        postacute.rate("asc", "conversion_factor_non_reporting")
    assert issubclass(DataError, RevcycleError)


@given(st.integers(1, 100), st.lists(st.decimals("0.1", "5", places=2), min_size=5, max_size=5))
def test_property_snf_day_is_the_sum_of_its_parts(day, cmis):
    result = postacute.snf_per_diem(day, dict(zip(postacute.SNF_COMPONENTS, cmis, strict=True)))
    total = sum((line[4] for line in result.lines), result.non_case_mix)
    assert abs(result.per_diem - total) <= Decimal("0.005")
    assert postacute.therapy_factor(day) >= postacute.therapy_factor(min(day + 7, 100))


@given(st.decimals("0.5", "2", places=4), st.decimals("0", "5000", places=2))
def test_property_opps_paid_line_never_below_its_copay(wage_index, rate):
    copay = (rate / 5).quantize(Decimal("0.01"))
    (line,) = opps.price_lines([opps.OppsLine.of("X", "S", rate, copay)], wage_index)
    assert Decimal(0) <= line.copay <= min(line.allowed, Decimal(1736))
    assert line.medicare == line.allowed - line.copay


ADDENDUM = ROOT / "src" / "revcycle" / "data" / "opps_addendum_b_2026_teaching.csv"


def test_every_shipped_addendum_b_rate_is_its_weight_times_the_conversion_factor():
    cf = Decimal(shipped()[("opps", "conversion_factor")])
    with ADDENDUM.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 11
    for r in rows:
        assert r["status"] in opps.PAID | opps.PACKAGED | opps.LAB, r
        if r["status"] == "Q4":
            assert not r["payment_rate"] and not r["apc"], r  # the lab fee schedule pays it, not an APC
            continue
        weight, rate_ = Decimal(r["relative_weight"]), Decimal(r["payment_rate"])
        assert (weight * cf).quantize(Decimal("0.01")) == rate_, r
        assert opps.addendum_b(r["hcpcs"].lower()).rate == rate_
    assert "opps_addendum_b_2026_teaching.csv" in (ROOT / "src" / "revcycle" / "data" / "PROVENANCE.md").read_text()


def test_the_chapter_emergency_visit_by_hand():
    paid = opps.price_lines([opps.OppsLine.shipped(c) for c in ("99284", "74177", "36415")])
    assert [p.allowed for p in paid] == [Decimal("426.30"), Decimal("356.43"), Decimal("0.00")]
    assert [p.paid for p in paid] == [True, True, False] and "Q4" in paid[2].reason
    assert book_values.FIGURES["institutional.opps.ex.total"]() == "$782.73"  # 426.30 + 356.43
    assert book_values.FIGURES["institutional.opps.ex.visit-weight"]() == "4.6634"
    assert book_values.FIGURES["institutional.asc.cf"]() == "$56.3220"
    page = (ROOT / "book" / "billing" / "institutional-billing.md").read_text(encoding="utf-8")
    for key in ("opps.ex.visit", "opps.ex.ct", "opps.ex.total", "asc.cf"):
        assert f"{{computed}}`institutional.{key}`" in page, key
    # at a wage index of 1.1 each paid line is its rate x 1.06
    wage = opps.price_lines([opps.OppsLine.shipped(c) for c in ("99284", "74177", "36415")], "1.1")
    assert [p.allowed for p in wage] == [Decimal("451.88"), Decimal("377.82"), Decimal("0.00")]


def test_a_lab_test_alone_is_not_an_opps_payment_and_unmodelled_claims_are_refused():
    (alone,) = opps.price_lines([opps.OppsLine.shipped("36415")])
    assert alone.allowed == 0 and "laboratory fee schedule" in alone.reason
    with pytest.raises(RuleError, match="observation"):
        opps.price_lines([opps.OppsLine.shipped("99285"), opps.OppsLine.of("G0378", "N")])
    with pytest.raises(RuleError, match="composite"):
        opps.price_lines([opps.OppsLine.shipped("74177"), opps.OppsLine.of("70450", "Q3", "200.00")])
    # a comprehensive J1 procedure still packages a J2 visit on the same claim
    paid = opps.price_lines([opps.OppsLine.shipped("29881"), opps.OppsLine.shipped("G0463")])
    assert [p.allowed for p in paid] == [Decimal("3342.87"), Decimal("0.00")]
