"""The surgical payment rules chapter agrees with the fee schedule file and with revcycle.payment.surgery.

Its dollar figures and dates come from code through the {computed} role (workbook.site.book_values, checked by
tests/test_chapter_figures.py). Here: every code it names is in the CY2026 RVU file, the indicators its words state
are the file's, the global-period dates are global_period()'s, the worked examples add up, the bank's computed
answers are the engine's, and the chapter is registered where every chapter is.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from revcycle import icd10cm
from revcycle.core.money import to_cents
from revcycle.payment import fees, surgery
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "billing" / "surgical-payment-rules.md"
BANK = ROOT / "exercises" / "banks" / "surgical-payment-rules.yml"
KEY = ROOT / "solutions" / "keys" / "surgical-payment-rules.yml"
NOTEBOOK = ROOT / "notebooks" / "pricing-a-surgical-claim.ipynb"
CPT_IN_TEXT = re.compile(r"`([0-9]{5})`|`([0-9]{5})-")
D = Decimal


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def flat(s: str) -> str:
    return " ".join(s.split())


def day(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def cpt_numbers(s: str) -> set[str]:
    return {a or b for a, b in CPT_IN_TEXT.findall(s)}


def test_every_code_named_in_the_chapter_bank_key_and_notebook_is_in_the_rvu_file():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    sources = {
        "chapter": text(),
        "bank": BANK.read_text(encoding="utf-8"),
        "key": KEY.read_text(encoding="utf-8"),
        "notebook": "\n".join(c.source for c in nb.cells),
    }
    listed = fees.listed_codes()
    for where, s in sources.items():
        codes = cpt_numbers(s)
        assert codes, where
        assert codes <= listed, f"{where} names codes the CY2026 RVU file does not list: {sorted(codes - listed)}"


def test_the_diagnoses_of_the_worked_examples_are_billable():
    found = set(re.findall(r"`([A-Z][0-9]{2}\.[0-9A-Z]{1,4})`", text()))
    assert found == {"M23.221", "G56.02", "D12.5", "M17.0"}
    for code in found:
        assert icd10cm.is_billable(code, on="2026-09-30") and icd10cm.is_billable(code, on="2026-10-01"), code


def test_the_indicators_the_chapter_states_are_the_file_s():
    knee_scope, wrist = fees.pfs_indicators("29881"), fees.pfs_indicators("64721")
    assert (knee_scope.mult_proc, knee_scope.endo_base, wrist.mult_proc) == ("3", "29870", "2")
    assert fees.rvu_record("29881").global_days == fees.rvu_record("64721").global_days == "090"
    for code in ("45380", "45385"):
        ind = fees.pfs_indicators(code)
        assert (ind.mult_proc, ind.endo_base) == ("3", "45378")
        assert fees.rvu_record(code).global_days == "000"
    knee = fees.pfs_indicators("27447")
    assert (knee.bilat_surg, knee.asst_surg, knee.co_surg) == ("1", "2", "1")
    assert fees.rvu_record("27447").global_days == "090"
    for code in book_values.SIX_CODES:
        assert fees.pfs_indicators(code).mult_proc == "2", code
    assert [fees.rvu_record(c).global_days for c in book_values.GLOBAL_CODES] == ["000", "010", "090"]


def test_the_global_period_dates_are_global_period_s():
    when = book_values.SURGERY_DATE
    knee = surgery.global_period("29881", when)
    assert value("surgical.global-090.start") == knee.start == date(2026, 4, 13)
    assert value("surgical.global-090.end") == knee.end == date(2026, 7, 13)
    assert surgery.global_period("64721", when).end == knee.end  # both packages of worked example 1
    assert value("surgical.global-010.end") == surgery.global_period("10060", when).end
    minor = surgery.global_period("45380", when)
    assert minor.start == minor.end == when
    assert "{computed}`surgical.global-090.start`" in text() and "{computed}`surgical.global-090.end`" in text()


def test_the_worked_examples_add_up():
    ex1 = book_values.surgical_claim("ex1")
    assert value("surgical.ex1.total") == value("surgical.ex1.29881.fee") + value("surgical.ex1.64721.allowed")
    assert value("surgical.ex1.64721.allowed") == to_cents(value("surgical.ex1.64721.fee") * D("0.5"))
    assert [p.rank for p in ex1.lines] == [1, 2]
    assert value("surgical.ex2.45380.allowed") == value("surgical.ex2.45380.fee") - value("surgical.ex2.base")
    assert value("surgical.ex2.total") == value("surgical.ex2.45385.fee") + value("surgical.ex2.45380.allowed")
    assert value("surgical.ex3.bilateral") == to_cents(value("surgical.ex3.fee") * D("1.5"))
    assert value("surgical.ex3.assistant") == to_cents(value("surgical.ex3.bilateral") * D("0.16"))
    assert value("surgical.ex3.pa-assistant") == to_cents(value("surgical.ex3.bilateral") * D("0.136"))
    assert value("surgical.ex3.total") == value("surgical.ex3.bilateral") + value("surgical.ex3.assistant")
    assert value("surgical.co-surgeon") == to_cents(value("surgical.ex3.fee") * D("0.625"))
    assert value("surgical.npp.allowed") == to_cents(value("surgical.npp.fee") * D("0.85"))
    split = value("surgical.split.54") + value("surgical.split.55")  # 54 includes the preoperative share
    assert abs(split - value("surgical.split.fee")) <= D("0.02")
    assert value("surgical.split.pre-share") + value("surgical.split.intra-share") + \
        value("surgical.split.post-share") == 100


def test_the_six_procedure_table_is_ranked_as_printed():
    six = book_values.surgical_claim("six")
    ranked = [p.line.code for p in sorted(six.lines, key=lambda p: p.rank)]
    assert ranked == list(book_values.SIX_CODES)
    rows = re.findall(r"^\| ([1-6]) \| `([0-9]{5})` \|", text(), re.M)
    assert [code for _rank, code in rows] == list(book_values.SIX_CODES)
    last = next(p for p in six.lines if p.rank == 6)
    assert last.status == "by report" and last.allowed is None


def test_the_site_of_service_figures_show_a_lower_facility_rate():
    for code in ("10060", "11042"):
        assert value(f"surgical.site.{code}.facility") < value(f"surgical.site.{code}.office")
    assert value("surgical.site.11042.office") > 2 * value("surgical.site.11042.facility")  # "more than double"


def test_bank_answers_that_the_engine_computes():
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}

    def allowed(*lines: str, **kw: str) -> Decimal:
        return surgery.price_surgery(list(lines), **{"setting": "facility", **kw}).total  # type: ignore[arg-type]

    assert key["spr-01"] == day(surgery.global_period("47562", "2026-05-04").end)
    assert D(str(key["spr-03"])) == allowed("49505-RT", "47562-51")
    fam = surgery.price_surgery(["45380", "45385"], setting="facility")
    assert D(str(key["spr-05"])) == next(p.allowed for p in fam.lines if p.line.code == "45380")
    assert D(str(key["spr-07"])) == allowed("64721-50")
    assert D(str(key["spr-09"])) == allowed("47562-80")
    assert D(str(key["spr-10"])) == allowed("47562-AS")
    assert D(str(key["spr-11"])) == allowed("22633-62")
    assert D(str(key["spr-13"])) == allowed("10060", setting="non-facility", locality="10112-00", provider="npp")
    assert D(str(key["spr-15"])) == allowed("27447-55")
    prompts = {ex.id: ex.prompt for ex in bank.exercises}
    for ex_id, code, setting, locality in [("spr-03", "49505", "facility", None), ("spr-03", "47562", "facility", None),
                                           ("spr-05", "45378", "facility", None), ("spr-07", "64721", "facility", None),
                                           ("spr-09", "47562", "facility", None), ("spr-11", "22633", "facility", None),
                                           ("spr-13", "10060", "non-facility", "10112-00"),
                                           ("spr-15", "27447", "facility", None)]:
        amount = fees.pfs_payment(code, setting=setting, locality=locality).payment  # type: ignore[arg-type]
        assert f"\\${amount:,}" in prompts[ex_id], (ex_id, code, amount)
    ind = fees.pfs_indicators("27447")
    assert f"PRE OP {ind.pre_op}, INTRA OP {ind.intra_op}, POST OP {ind.post_op}" in prompts["spr-15"]


def test_the_bank_is_big_and_varied_enough():
    bank = load_bank(BANK)
    chapter_checks.assert_bank(bank, 12, {"single", "multiple", "numeric", "ordering", "matching"}, "spr-")


def test_terms_and_citations_resolve():
    page = text()
    chapter_checks.assert_citations(page, ("ecfr-42-414-52", "ecfr-42-414-56", "ecfr-42-410-26", "ecfr-42-415-140",
                                           "cms-mbpm-ch15"))
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(surgical-payment-rules)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("reimbursement", "hcpcs-modifiers", "claims-submission"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/surgical-payment-rules`" in page
    assert "../../notebooks/pricing-a-surgical-claim" in page
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words


def test_the_chapter_is_registered_after_reimbursement():
    chapter_checks.assert_registered(
        "billing/surgical-payment-rules", "billing/reimbursement",
        ["notebooks/pricing-a-surgical-claim", "exercises/surgical-payment-rules"],
        {"global-periods", "multiple-procedure-rule"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "Decimal(" not in cell.source and "* 0.5" not in cell.source and "0.16" not in cell.source
