"""The anesthesia and radiology chapter agrees with the CY2026 files and revcycle.payment.anesthesia / .radiology.

Its dollar figures come from code through the {computed} role (workbook.site.book_values). Here: every code the
chapter, bank, key and notebook name is in the CY2026 RVU file; the worked examples' amounts check by plain arithmetic
on the shipped RVU and GPCI files and the final rule's factor; the bank's keys agree with the engines; and the chapter
is registered right after the modifiers chapter, cited, and sized like every chapter.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import nbformat
import pytest

from revcycle.coding import modifiers
from revcycle.payment import anesthesia, fees, radiology
from tests import chapter_checks
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "anesthesia-radiology.md"
BANK = ROOT / "exercises" / "banks" / "anesthesia-radiology.yml"
KEY = ROOT / "solutions" / "keys" / "anesthesia-radiology.yml"
NOTEBOOK = ROOT / "notebooks" / "anesthesia-and-radiology-payment.ipynb"
D = Decimal
CF = D("20.4976")  # CY2026 national anesthesia conversion factor, FR Doc 2025-19787, written out independently


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def value(key: str):
    return book_values.FIGURES[f"anesthesia-radiology.{key}"].value()


def cents(x: Decimal) -> Decimal:
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def answer_key() -> dict:
    return {k: v.answer for k, v in keys.load_key(KEY, load_bank(BANK)).items()}


def test_every_code_in_the_chapter_bank_key_and_notebook_is_in_the_rvu_file():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    sources = [text(), BANK.read_text(encoding="utf-8"), KEY.read_text(encoding="utf-8"),
               "\n".join(c.source for c in nb.cells)]
    listed = fees.listed_codes()
    found = set()
    for s in sources:
        for a, b in re.findall(r"`([0-9]{5})`|\"([0-9]{5})\"", s):
            found.add(a or b)
    assert {"00790", "01402", "74177", "71260", "70470", "36005", "75820"} <= found
    for code in found:
        assert code in listed, code
    for m in ("AA", "QY", "QK", "AD", "QX", "QZ", "QS", "G8", "G9", "P1", "P6"):
        assert modifiers.exists(m), m
    assert not re.findall(r"`[A-Z][0-9]{2}\.[0-9A-Z]{1,4}`", text())  # no diagnosis codes in this chapter


def test_the_anesthesia_codes_and_add_ons_have_the_statuses_the_chapter_states():
    for code in ("00790", "01402", "01996"):
        assert fees.rvu_record(code).status == "J", code
    for code in ("99100", "99116", "99135", "99140"):
        assert fees.rvu_record(code).status == "B", code


def test_worked_example_1_by_hand():
    e = book_values.ANES_EX1
    h1, m1 = map(int, e["start"].split(":"))
    h2, m2 = map(int, e["end"].split(":"))
    minutes = (h2 * 60 + m2) - (h1 * 60 + m1)
    assert value("ex1.minutes") == minutes == 67
    assert value("ex1.time-units") == D("4.5")  # 67 / 15 = 4.4667
    units = e["base_units"] + D("4.5")
    assert value("ex1.total-units") == units
    assert value("ex1.full") == cents(units * CF) == D("235.72")
    assert value("ex1.qk") == value("ex1.qx") == cents(units * CF / 2)
    assert value("ex1.qk-line") == "00790-QK-P3" and value("ex1.qx-line") == "00790-QX-P3"
    assert value("ex1.asa") == cents((units + 1) * CF)
    assert value("cf") == CF and value("cf-qp") == D("20.5998") and value("cf-2025") == D("20.3178")


def _by_hand(code: str, modifier: str) -> Decimal:
    rec = fees.rvu_record(code, modifier or None)
    g = fees.get_locality(book_values.SURGERY_LOCALITY).gpcis
    return cents((rec.work * g.work + rec.nonfacility_pe * g.pe + rec.mp * g.mp) * D("33.4009"))


def test_worked_example_2_by_hand():
    for code in ("74177", "71260", "71046"):
        assert value(f"{code}.global") == _by_hand(code, "")
        assert value(f"{code}.pc") == _by_hand(code, "26")
    for code in ("74177", "71260"):
        assert value(f"{code}.tc") == _by_hand(code, "TC")
    assert _by_hand("74177", "TC") > _by_hand("71260", "TC") and _by_hand("74177", "26") > _by_hand("71260", "26")
    assert value("ex2.first") == _by_hand("74177", "")
    second = cents(_by_hand("71260", "TC") * D("0.5") + _by_hand("71260", "26") * D("0.95"))
    assert value("ex2.second") == second
    assert value("ex2.total") == _by_hand("74177", "") + second
    assert value("ex2.reduction") == _by_hand("71260", "") - second
    assert value("ex2.read-second") == cents(_by_hand("71260", "26") * D("0.95"))
    page = text()
    for key in ("ex1.full", "ex1.qk", "ex1.asa", "ex2.second", "ex2.total", "ex2.read-total", "cf", "74177.pc"):
        assert f"{{computed}}`anesthesia-radiology.{key}`" in page, key
    assert not re.search(r"\$\d", page)  # every dollar figure in the prose is computed


def test_bank_answers_agree_with_the_engines():
    key = answer_key()
    assert D(str(key["anr-01"])) == anesthesia.time_units(52)
    assert D(str(key["anr-02"])) == anesthesia.price_anesthesia("01402", 7, 95).allowed
    assert key["anr-03"] == modifiers.decide(kind="anesthesia", anesthesia_role="direct_concurrent").modifiers[0]
    assert key["anr-04"].startswith(modifiers.decide(kind="anesthesia", anesthesia_role="crna_alone").modifiers[0])
    assert D(str(key["anr-05"])) == anesthesia.directed_case("00790", 7, 100, concurrent=3)[1].allowed
    assert "status B" in key["anr-06"] and anesthesia.qualifying_status("99140") == "B"
    assert D(str(key["anr-07"])) == anesthesia.price_anesthesia("00790", 7, 100, modifier="AD",
                                                                present_at_induction=True).allowed
    assert key["anr-10"] == radiology.contrast_code("CT head", "both")
    session = radiology.price_imaging(["74177", "70450"])
    assert D(str(key["anr-11"])) == session.lines[1].allowed
    for code, amount in (("74177", "300.27"), ("70450", "106.55")):  # the prompt's amounts are the file's
        assert fees.pfs_payment(code).payment == D(amount)
    assert key["anr-14"] == "Direct supervision" and fees.pfs_indicators("70460", "TC").supervision == "02"
    assert set(key["anr-15"]) == {"36005", "75820"}


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"single", "multiple", "numeric", "ordering", "matching"}, "anr-")


def test_terms_and_citations_resolve():
    page = text()
    new = ("ecfr-42-414-46", "ecfr-42-410-32", "cms-anesthesia-center", "ecfr-42-415-110", "ecfr-42-415-178",
           "asa-rvg")
    cited = chapter_checks.assert_citations(page, new, also=KEY.read_text(encoding="utf-8"), must_cite=True)
    for primary in ("cms-mcpm-ch12", "cms-pfs-2026-final", "cms-pfs-rvu-2026", "ecfr-42-414-46"):
        assert primary in cited, primary
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(anesthesia-radiology)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("surgical-payment-rules", "modifiers", "reimbursement", "institutional-billing"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`the exercise notebook <../../exercises/anesthesia-radiology>`" in page
    assert "../../notebooks/anesthesia-and-radiology-payment" in page
    assert "illustrative" in page  # the commercial unit schedule is said to be illustrative
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words


def test_the_chapter_is_registered_right_after_the_surgery_chapters():
    chapter_checks.assert_registered(
        "coding/anesthesia-radiology", "coding/surgery-organ-systems",
        ["notebooks/anesthesia-and-radiology-payment", "exercises/anesthesia-radiology"],
        {"anesthesia-payment-formula", "imaging-component-split"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "Decimal(" not in cell.source and "/ 15" not in cell.source and "0.95" not in cell.source
    assert "20.49" not in cell.source
